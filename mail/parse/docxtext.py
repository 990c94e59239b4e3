"""Text of a .docx in document order; table rows become tab-separated lines."""
from __future__ import annotations

import io

MAX_BLOCKS = 5_000


def docx_to_text(data: bytes) -> str:
    """Return the paragraphs and table rows of a Word document, in order."""
    import docx  # imported here: only the sandboxed worker pays for it

    document = docx.Document(io.BytesIO(data))
    lines: list[str] = []
    for block in document.iter_inner_content():
        if len(lines) > MAX_BLOCKS:
            break
        if hasattr(block, "rows"):
            lines.extend(_table_lines(block))
            lines.append("")
        else:
            lines.append(block.text)
    return "\n".join(lines)


def _table_lines(table) -> list[str]:  # noqa: ANN001 - python-docx Table
    """Return one tab-separated line per row; a cell merged across columns is written once, then left empty."""
    lines = []
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            if id(cell._tc) in seen:
                cells.append("")  # keeps the columns of a two-row header in line with the data rows
                continue
            seen.add(id(cell._tc))
            cells.append(" ".join(cell.text.split()))
        lines.append("\t".join(cells) if sum(1 for c in cells if c) > 1 else "".join(cells))
    return lines
