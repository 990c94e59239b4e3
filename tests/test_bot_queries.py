"""Query commands over a seeded store: /status, /country, /find, /missing, /nophoto, /photo."""
from __future__ import annotations

import pytest

from bot.desk import Desk
from bot.queries import country, days_phrase, find, missing, nophoto, photo, status
from bot.replies import Asker, Turn
from tests.bot_fixtures import USER, Seeded

import datetime as dt


def turn(args: str = "") -> Turn:
    """Return a turn by an allowed user."""
    return Turn(Asker(USER, USER), args)


def test_status_counts_and_days(desk: Desk, seeded: Seeded) -> None:
    (reply,) = status(desk, turn())
    assert "Registered: <b>2</b> of 193 invited" in reply.text
    assert "Photos received: <b>1</b>" in reply.text
    assert "Review queue: <b>1</b> open" in reply.text
    assert "Deadline: 15 January 2010 (in 3 days)" in reply.text
    assert "Opening: 27 January 2010, 10:00 (in 15 days)" in reply.text


@pytest.mark.parametrize("name", ["Nigeria", "nigeria", "Nigéria", "NGA"])
def test_country_by_any_name(desk: Desk, seeded: Seeded, name: str) -> None:
    (reply,) = country(desk, turn(name))
    assert reply.text.startswith("<b>Nigeria</b> — delegation confirmed, 2 participants")
    assert "H.E. Mr. Ade Bello</b> (head of delegation) — Ambassador" in reply.text
    assert "ade@nigeria.gov.ng · no photo yet" in reply.text
    assert "from: 2010-01-11 “Delegation of Nigeria”" in reply.text


@pytest.mark.parametrize(("name", "expected"), [
    ("UK", "United Kingdom of Great Britain and Northern Ireland"),
    ("Royaume-Uni", "United Kingdom of Great Britain and Northern Ireland"),
    ("Irán", "Iran (Islamic Republic of)")])
def test_country_aliases_in_other_languages(desk: Desk, seeded: Seeded, name: str, expected: str) -> None:
    (reply,) = country(desk, turn(name))
    assert reply.text == f"<b>{expected}</b> has not answered yet."


def test_ambiguous_country_offers_buttons(desk: Desk, seeded: Seeded) -> None:
    (reply,) = country(desk, turn("united"))
    data = [b.data for row in reply.buttons for b in row]
    assert "cty:USA" in data and "cty:GBR" in data
    assert all(len(d.encode()) <= 64 for d in data)


def test_unknown_country_says_so(desk: Desk, seeded: Seeded) -> None:
    (reply,) = country(desk, turn("<Atlantis>"))
    assert "&lt;Atlantis&gt;" in reply.text and not reply.buttons


def test_find_escapes_names(desk: Desk, seeded: Seeded) -> None:
    (reply,) = find(desk, turn("bob"))
    assert "&lt;b&gt;Bob&lt;/b&gt; &amp; Co" in reply.text and "<b>Bob</b>" not in reply.text


def test_missing_groups_by_region(desk: Desk, seeded: Seeded) -> None:
    (reply,) = missing(desk, turn())
    assert "Not answered: 191 of 193 invited" in reply.text
    assert "<b>Western European and other States</b> (28):" in reply.text
    assert "Nigeria" not in reply.text and "Austria" not in reply.text


def test_nophoto_lists_confirmed_people_without_photo(desk: Desk, seeded: Seeded) -> None:
    (reply,) = nophoto(desk, turn())
    assert "2 photos missing" in reply.text
    assert "Amina" not in reply.text and "Eva" not in reply.text


def test_photo_found_and_missing(desk: Desk, seeded: Seeded) -> None:
    (sent,) = photo(desk, turn("Amina"))
    assert sent.photo is not None and sent.photo.read_bytes().startswith(b"\x89PNG")
    (none,) = photo(desk, turn("Ade"))
    assert none.photo is None and "No photo has been received" in none.text


@pytest.mark.parametrize(("days", "phrase"), [(0, "today"), (1, "tomorrow"), (-1, "yesterday"), (5, "in 5 days"),
                                              (-3, "3 days ago")])
def test_days_phrase(days: int, phrase: str) -> None:
    today = dt.date(2010, 1, 12)
    assert days_phrase(today + dt.timedelta(days=days), today) == phrase
