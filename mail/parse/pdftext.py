"""Text layer of a PDF (pypdf)."""
from __future__ import annotations

import io

MAX_PAGES = 30


def pdf_to_text(data: bytes) -> str:
    """Return the text of the first pages of a PDF; empty for a scanned one."""
    import pypdf  # imported here: only the sandboxed worker pays for it

    reader = pypdf.PdfReader(io.BytesIO(data))
    pages = []
    for page in reader.pages[:MAX_PAGES]:
        pages.append(page.extract_text() or "")
    return "\n".join(pages)
