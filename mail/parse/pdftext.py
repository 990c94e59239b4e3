"""Text layer of a PDF (pypdf), laid out so that columns stay apart."""
from __future__ import annotations

import io
import re

MAX_PAGES = 30
# In layout mode a justified line has at most two or three spaces between words; a wider run is the gap
# between two columns ('Name            Post, contacts').
_COLUMN_GAP = re.compile(r"(?<=\S) {5,}(?=\S)")


def pdf_to_text(data: bytes) -> str:
    """Return the text of the first pages of a PDF; empty for a scanned one."""
    import pypdf  # imported here: only the sandboxed worker pays for it

    reader = pypdf.PdfReader(io.BytesIO(data))
    pages = []
    for page in reader.pages[:MAX_PAGES]:
        try:
            text = _columns_marked(page.extract_text(extraction_mode="layout") or "")
        except Exception:  # layout mode is younger than the plain one; fall back rather than lose the page
            text = page.extract_text() or ""
        pages.append(text)
    return "\n".join(pages)


def _columns_marked(text: str) -> str:
    """Drop the page's common left margin and mark column gaps: ' | ' between two columns, tabs for a table."""
    lines = [line.rstrip() for line in text.split("\n")]
    margin = min((len(line) - len(line.lstrip()) for line in lines if line.strip()), default=0)
    lines = [line[margin:] for line in lines]
    table = sum(1 for line in lines if len(_COLUMN_GAP.findall(line.strip())) >= 2) >= 2
    gap = "\t" if table else " | "
    return "\n".join(_COLUMN_GAP.sub(gap, line) if line.strip() else "" for line in lines)
