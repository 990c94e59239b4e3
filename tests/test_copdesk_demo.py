"""`copdesk demo --no-input` runs the whole tour offline and exits 0."""
import subprocess
import sys


def test_demo_tour(tmp_path):
    result = subprocess.run([sys.executable, "-m", "copdesk.cli", "demo", "--no-input", "--workspace",
                             str(tmp_path / "demo")], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.splitlines()[0].startswith("copdesk demo: the bundled meeting took place in 2010")
    assert "deadline falls ten days from today" in out.splitlines()[0]
    assert "/photo/" in out and "(HTTP 200)" in out
    for asked in ("/status", "/country Nigeria", "/missing", "/digest"):
        assert f"> {asked}" in out
    assert "Nigeria — delegation confirmed" in out
    sent = list((tmp_path / "demo" / "sent-mail").glob("*.eml"))
    assert len(sent) >= 10
