"""Text helpers: escaping, lists in prose, splitting long answers, HTML to plain text."""
from __future__ import annotations

import html
import re

MAX_TEXT = 4096
TAG = re.compile(r"<[^>]+>")


def esc(value: object) -> str:
    """Return a store value escaped for Telegram's HTML parse mode ('' for None)."""
    return html.escape("" if value is None else str(value), quote=False)


def join_and(items: list[str], word: str = "and") -> str:
    """Return items as prose: 'A', 'A and B', 'A, B and C'."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {word} {items[-1]}"


def plural(n: int, one: str, many: str | None = None) -> str:
    """Return '1 photo' / '3 photos'."""
    return f"{n} {one if n == 1 else (many or one + 's')}"


def to_plain(text: str) -> str:
    """Return an HTML answer as plain text (tags dropped, entities decoded)."""
    return html.unescape(TAG.sub("", text))


def split_text(text: str, limit: int = MAX_TEXT) -> list[str]:
    """Split an HTML answer into messages below limit, on line boundaries (lines hold balanced tags)."""
    chunks: list[str] = []
    current = ""
    for line in text.split("\n"):
        for piece in _fit_line(line, limit):
            candidate = f"{current}\n{piece}" if current else piece
            if len(candidate) <= limit:
                current = candidate
                continue
            if current:
                chunks.append(current)
            current = piece
    if current or not chunks:
        chunks.append(current)
    return chunks


def _fit_line(line: str, limit: int) -> list[str]:
    """Return a line as is, or, if it alone is too long, as plain escaped pieces below limit."""
    if len(line) <= limit:
        return [line]
    plain = to_plain(line)
    pieces, current = [], ""
    for char in plain:
        escaped = esc(char)
        if len(current) + len(escaped) > limit:
            pieces.append(current)
            current = ""
        current += escaped
    return pieces + ([current] if current else [])
