"""HTML mail bodies to plain text lines; table rows become tab-separated lines."""
from __future__ import annotations

import re
from html.parser import HTMLParser

QUOTE_START = "\x00quote-start"
QUOTE_END = "\x00quote-end"
_SKIP = {"style", "script", "head", "title", "xml"}
_BLOCK = {"p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "pre",
          "section", "article", "header", "footer", "address", "dd", "dt", "table", "center"}
_SPACE = re.compile(r"[ \t\r\n\f\v\u200b]+")
_CELL_SPACE = re.compile(r"[\s\x01\xa0\u200b]+")
SOFT = "\x01"   # a block boundary: collapses with its neighbours, unlike <br>


class _TextBuilder(HTMLParser):
    """Collects text; keeps line breaks of block elements and the cells of table rows."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skip = 0
        self.stack: list[tuple] = []
        self.row: list[tuple[str, int, int]] | None = None
        self.cell: list[str] | None = None
        self.span = (1, 1)
        self.carry: dict[int, int] = {}  # column -> rows still covered by a rowspan cell above
        self.href: str | None = None
        self.link_text: list[str] = []
        self.lists = 0  # depth of open <ul>/<ol>

    def sink(self) -> list[str]:
        """Return the buffer text currently goes to."""
        return self.cell if self.cell is not None else self.out

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skip += 1
        elif tag == "br":
            self.sink().append("\n")
        elif tag == "table":
            self.stack.append((self.row, self.cell, self.carry))
            self.row, self.cell, self.carry = None, None, {}
            self.sink().append(SOFT)
        elif tag == "tr":
            self.row = []
        elif tag in ("td", "th"):
            self.cell = []
            values = dict(attrs)
            self.span = (_span(values.get("colspan")), _span(values.get("rowspan")))
        elif tag == "blockquote":
            self.sink().append(f"{SOFT}{QUOTE_START}{SOFT}")
        elif tag == "a":
            self.href = dict(attrs).get("href") or ""
            self.link_text = []
        elif tag in ("ul", "ol"):
            self.lists += 1
            self.sink().append(SOFT)
        elif tag in _BLOCK:
            self.sink().append(SOFT)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in ("td", "th"):
            self.end_cell()
        elif tag == "tr":
            self.end_row()
        elif tag == "table":
            self.end_cell()
            self.end_row()
            self.row, self.cell, self.carry = self.stack.pop() if self.stack else (None, None, {})
            self.sink().append(SOFT)
        elif tag == "blockquote":
            self.sink().append(f"{SOFT}{QUOTE_END}{SOFT}")
        elif tag == "a":
            self.end_link()
        elif tag in ("ul", "ol"):
            self.lists = max(0, self.lists - 1)  # the end of a whole list ends its last item's paragraph too
            self.sink().append(SOFT if self.lists or self.cell is not None else f"{SOFT}\n\n{SOFT}")
        elif tag in _BLOCK:
            self.sink().append(SOFT)

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        text = _SPACE.sub(" ", data)
        if not text.strip(" "):
            text = "\xa0" if "\xa0" in text else " "
        self.sink().append(text)
        if self.href is not None:
            self.link_text.append(text)

    def end_link(self) -> None:
        """Add the address of a mailto link whose text does not show it."""
        href, self.href = self.href or "", None
        if href.lower().startswith("mailto:") and "@" not in "".join(self.link_text):
            self.sink().append(" " + href[7:].split("?")[0])

    def end_cell(self) -> None:
        """Close the open cell and add it to the row."""
        if self.cell is None:
            return
        text = "".join(self.cell)
        self.cell = None
        if self.row is None:
            self.row = []
        self.row.append((text, *self.span))
        self.span = (1, 1)

    def place(self, row: list[tuple[str, int, int]]) -> list[str]:
        """Return a row's cells by column: a cell spanning columns or rows leaves empty cells in its place."""
        cells: list[str] = []
        pending = list(row)
        while pending or any(col >= len(cells) for col in self.carry):
            col = len(cells)
            if self.carry.get(col):
                self.carry[col] -= 1
                if not self.carry[col]:
                    del self.carry[col]
                cells.append("")
                continue
            if not pending:
                self.carry = {c: n for c, n in self.carry.items() if c > col}
                cells.append("")
                continue
            text, colspan, rowspan = pending.pop(0)
            for offset in range(colspan):
                cells.append(text if offset == 0 else "")
                if rowspan > 1:
                    self.carry[col + offset] = rowspan - 1
        return cells

    def end_row(self) -> None:
        """Write the open row: one tab-separated line, or plain text if it has one cell."""
        self.end_cell()
        if self.row is None:
            return
        cells = self.place(self.row)
        self.row = None
        filled = [c for c in cells if c.strip()]
        if len(filled) <= 1:
            self.sink().append(SOFT + "".join(filled) + SOFT)
            return
        flat = [" ".join(_CELL_SPACE.sub(" ", c).split()) for c in cells]
        self.sink().append(SOFT + "\t".join(flat) + SOFT)


def _span(value: str | None) -> int:
    """Return a colspan/rowspan attribute as a small positive int (1 when absent or odd)."""
    try:
        return min(max(int(str(value).strip()), 1), 20)
    except ValueError:
        return 1


def html_to_text(html: str) -> str:
    """Return the text of an HTML document, table rows as tab-separated lines."""
    builder = _TextBuilder()
    try:
        builder.feed(html)
        builder.close()
    except Exception:  # html.parser is lenient, but never let markup break a message
        pass
    builder.end_row()
    return _mark_quotes(_tidy("".join(builder.out)))


def _mark_quotes(text: str) -> str:
    """Prefix lines inside <blockquote> with '> ' like a plain-text reply."""
    depth, lines = 0, []
    for line in text.split("\n"):
        if line.strip() == QUOTE_START:
            depth += 1
        elif line.strip() == QUOTE_END:
            depth = max(0, depth - 1)
        else:
            lines.append("> " * depth + line)
    return "\n".join(lines)


def _tidy(text: str) -> str:
    """Turn block boundaries into line breaks; a paragraph of only &nbsp; is a blank line."""
    lines: list[str] = []
    for piece in text.split(SOFT):
        if not piece.strip(" \n"):
            if "\xa0" in piece or (piece.count("\n") > 1):
                lines.append("")
            continue
        lines.extend(line.replace("\xa0", " ").strip(" ") for line in piece.split("\n"))
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip("\n")
