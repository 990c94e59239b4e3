"""Text helpers: escaping, prose lists, splitting long answers."""
from __future__ import annotations

import pytest

from bot.texts import esc, join_and, split_text, to_plain


def test_esc_escapes_markup() -> None:
    assert esc("<b>Bob</b> & Co") == "&lt;b&gt;Bob&lt;/b&gt; &amp; Co"
    assert esc(None) == ""


@pytest.mark.parametrize(("items", "expected"), [
    ([], ""), (["A"], "A"), (["A", "B"], "A and B"), (["A", "B", "C"], "A, B and C")])
def test_join_and(items: list[str], expected: str) -> None:
    assert join_and(items) == expected


def test_split_text_keeps_lines_whole_and_below_limit() -> None:
    lines = [f"<b>line {i}</b> " + "x" * 50 for i in range(300)]
    parts = split_text("\n".join(lines))
    assert len(parts) > 1
    assert all(len(p) <= 4096 for p in parts)
    assert "\n".join(parts) == "\n".join(lines)
    assert all(p.count("<b>") == p.count("</b>") for p in parts)


def test_split_text_cuts_an_overlong_line_as_plain_text() -> None:
    parts = split_text("<i>" + "&amp;" * 5000 + "</i>", limit=1000)
    assert all(len(p) <= 1000 for p in parts)
    assert "".join(to_plain(p) for p in parts) == "&" * 5000
    assert not any("<i>" in p for p in parts)
