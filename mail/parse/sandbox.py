"""Attachment text extraction in a child process bounded in time, memory and output.

A .docx is a zip bomb waiting to happen and PDF readers have had CPU and memory blow-ups,
so they never run in the parser's process: the child gets RLIMIT_AS, RLIMIT_CPU, no file
writes, and a wall-clock timeout; whatever goes wrong becomes AttachmentUnreadable.
"""
from __future__ import annotations

import resource
import subprocess
import sys
from pathlib import Path

MAX_ATTACHMENT_BYTES = 10_000_000
MAX_OUTPUT_CHARS = 1_000_000
MEMORY_BYTES = 768 * 1024 * 1024
CPU_SECONDS = 20
WALL_SECONDS = 30
KINDS = ("docx", "pdf")
# The child must run this very checkout's extractor, not whatever copy an installed package points at.
_ROOT = str(Path(__file__).resolve().parents[2])


class AttachmentUnreadable(Exception):
    """The attachment could not be turned into text (too big, broken, timed out, no text)."""


def _limit_child() -> None:
    """Set the child's resource limits (runs between fork and exec)."""
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS + 1))
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))


def extract_text(kind: str, data: bytes) -> str:
    """Return the text of a docx/pdf attachment. Raises AttachmentUnreadable if it can't."""
    if kind not in KINDS:
        raise AttachmentUnreadable(f"unsupported type {kind}")
    if len(data) > MAX_ATTACHMENT_BYTES:
        raise AttachmentUnreadable(f"too big ({len(data)} bytes)")
    command = [sys.executable, "-I", "-c", f"import sys; sys.path.insert(0, {_ROOT!r}); "
               "from mail.parse.sandbox import main; main()", kind]
    try:
        done = subprocess.run(command, input=data, capture_output=True, timeout=WALL_SECONDS,
                              preexec_fn=_limit_child, cwd="/")
    except subprocess.TimeoutExpired:
        raise AttachmentUnreadable("timed out") from None
    except OSError as error:
        raise AttachmentUnreadable(f"could not start the extractor: {error}") from None
    if done.returncode != 0:
        raise AttachmentUnreadable(f"extractor failed ({done.returncode})")
    text = done.stdout.decode("utf-8", "replace")
    if not text.strip():
        raise AttachmentUnreadable("no text layer")
    return text


def main() -> None:
    """Child entry point: read the attachment on stdin, write its text on stdout."""
    kind = sys.argv[1]
    data = sys.stdin.buffer.read(MAX_ATTACHMENT_BYTES + 1)
    if kind == "docx":
        from mail.parse.docxtext import docx_to_text as convert
    else:
        from mail.parse.pdftext import pdf_to_text as convert
    text = convert(data)[:MAX_OUTPUT_CHARS]
    sys.stdout.buffer.write(text.encode("utf-8", "replace"))
