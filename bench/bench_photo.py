"""Benchmark: process a 12-megapixel phone JPEG as an upload is processed; print median time and peak memory.

Run: python bench/bench_photo.py [--runs N]. Targets: median <= 500 ms, peak <= 150 MB.
Peak memory is the RSS high-water mark minus the RSS before processing (Linux /proc), measured in a fresh
process (the worst of three), so Pillow's C allocations count, which tracemalloc would miss.
"""
from __future__ import annotations

import argparse
import io
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PIL import Image  # noqa: E402

from tests.images import noisy_jpeg  # noqa: E402
from web.photos import process_photo  # noqa: E402

TARGET_MS = 500
TARGET_MB = 150


def status_mb(field: str) -> float:
    """Return one memory line of /proc/self/status (VmRSS, VmHWM) in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    raise KeyError(field)


def measure_memory(data: bytes) -> float:
    """Return how far RSS rises above its level before one processing (peak reset through clear_refs)."""
    Path("/proc/self/clear_refs").write_text("5")  # resets VmHWM to the current RSS (Linux >= 4.0)
    before = status_mb("VmRSS")
    process_photo(data)
    return status_mb("VmHWM") - before


def smooth_png(width: int, height: int) -> bytes:
    """Return a PNG screenshot-like image (gradients: it stays under 10 MB at 12 MP)."""
    gradient = Image.linear_gradient("L").resize((width, height))
    out = io.BytesIO()
    Image.merge("RGB", (gradient, gradient.transpose(Image.Transpose.ROTATE_180), gradient)).save(out, "PNG")
    return out.getvalue()


def bench(label: str, data: bytes, runs: int, targets: bool) -> None:
    """Time and measure one sample, print its figures (against the targets if asked)."""
    print(f"{label}: {len(data) / 1e6:.2f} MB")
    process_photo(data)  # warm up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        photo = process_photo(data)
        times.append((time.perf_counter() - start) * 1000)
    median = statistics.median(times)
    with tempfile.TemporaryDirectory() as folder:  # a fresh process: no freed memory to reuse
        sample = Path(folder) / "sample"
        sample.write_bytes(data)
        peak = max(float(subprocess.run([sys.executable, __file__, "--memory-of", str(sample)], check=True,
                                        capture_output=True, text=True).stdout) for _ in range(3))
    time_verdict = f"  (target <= {TARGET_MS} ms: {'ok' if median <= TARGET_MS else 'MISSED'})" if targets else ""
    peak_verdict = f"  (target <= {TARGET_MB} MB: {'ok' if peak <= TARGET_MB else 'MISSED'})" if targets else ""
    print(f"  output: {photo.width} x {photo.height} JPEG, {len(photo.jpeg) / 1e3:.0f} kB")
    print(f"  time over {runs} runs: median {median:.0f} ms, min {min(times):.0f} ms, max {max(times):.0f} ms"
          + time_verdict)
    print(f"  peak memory (RSS growth while processing, worst of 3 fresh processes): {peak:.0f} MB" + peak_verdict)


def main() -> None:
    """Generate the samples, time the processing, measure peak memory, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--memory-of", metavar="FILE", help="(internal) measure one processing of FILE and exit")
    args = parser.parse_args()
    if args.memory_of:
        print(f"{measure_memory(Path(args.memory_of).read_bytes()):.1f}")
        return
    bench("12 MP phone photo, 4000 x 3000 JPEG with noise", noisy_jpeg(4000, 3000), args.runs, targets=True)
    bench("for comparison, 12 MP PNG, 4000 x 3000 (no decode-time scaling for PNG)", smooth_png(4000, 3000),
          max(3, args.runs // 3), targets=False)


if __name__ == "__main__":
    main()
