"""Agenda with today's sessions first, and the attendance draft in the style of a UN report."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from bot.agenda import agenda, attendance
from bot.desk import Desk
from bot.replies import Asker, Turn
from store.delegations import record_list
from store.records import PersonIn
from tests.bot_fixtures import USER, Seeded


def turn() -> Turn:
    """Return a turn by an allowed user."""
    return Turn(Asker(USER, USER))


def test_agenda_lists_items_and_sessions(desk: Desk, seeded: Seeded) -> None:
    (reply,) = agenda(desk, turn())
    assert "1. Organizational matters:" in reply.text and "(b) Adoption of the agenda" in reply.text
    assert "<i>Wednesday, 27 January 2010</i>" in reply.text
    assert "Today" not in reply.text


def test_agenda_puts_today_first_during_the_meeting(desk: Desk, seeded: Seeded) -> None:
    desk.clock = lambda: dt.datetime(2010, 1, 28, 9, 0, tzinfo=ZoneInfo("Europe/Vienna"))
    (reply,) = agenda(desk, turn())
    today = reply.text.index("<b>Today, 28 January 2010</b>")
    assert today < reply.text.index("<b>Organization of work</b>")
    assert reply.text.index("discouraging the demand", today) < reply.text.index("Organization of work")


def test_attendance_groups_like_the_report(desk: Desk, seeded: Seeded) -> None:
    for code in ("CHL", "AUT", "VAT", "IRN"):
        record_list(desk.store, "wg-tip-2010", code, [PersonIn(f"Delegate {code}")], message=None, state="confirmed")
    (reply,) = attendance(desk, turn())
    paragraphs = reply.text.split("\n\n")[1:]
    assert paragraphs == [
        "The following States were represented: Austria, Chile, Iran (Islamic Republic of) and Nigeria.",
        "The following State was also represented by an observer: Holy See.",
        "The following intergovernmental organization was represented by an observer: African Union.",
    ]
