"""Plain questions in English, French and Spanish map to commands."""
from __future__ import annotations

import pytest

from bot.intents import match_intent


@pytest.mark.parametrize(("text", "expected"), [
    ("who is coming from Austria?", ("country", "Austria")),
    ("Qui vient du Royaume-Uni ?", ("country", "United Kingdom of Great Britain and Northern Ireland")),
    ("¿Quién viene de Chile?", ("country", "Chile")),
    ("how many photos are missing", ("nophoto", "")),
    ("combien de photos manquent ?", ("nophoto", "")),
    ("¿cuántas fotos faltan?", ("nophoto", "")),
    ("who hasn't answered yet?", ("missing", "")),
    ("qui n'a pas répondu ?", ("missing", "")),
    ("¿quién no ha respondido?", ("missing", "")),
    ("how many registered so far?", ("status", "")),
    ("état", ("status", "")),
    ("agenda", ("agenda", "")),
    ("ordre du jour", ("agenda", "")),
    ("find smith", ("find", "smith")),
    ("busca García", ("find", "García")),
    ("anything to review?", ("review", "")),
])
def test_match_intent(text: str, expected: tuple[str, str]) -> None:
    assert match_intent(text) == expected


def test_unrelated_text_is_not_understood() -> None:
    assert match_intent("lunch at noon, anyone") is None
