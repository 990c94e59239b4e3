"""The meeting's agenda and organization of work (/agenda) and the report's attendance draft (/attendance)."""
from __future__ import annotations

import datetime as dt
import unicodedata
from collections import defaultdict
from itertools import groupby

from bot.categories import ORDER, category_of
from bot.desk import Desk
from bot.queries import long_date
from bot.replies import Reply, Turn, say
from bot.texts import esc, join_and
from store.delegations import list_delegations
from store.entities import entity_by_code

# (category) -> (sentence for one, sentence for several); {} is the list.
SENTENCES = {
    "state": ("The following State was represented: {}.", "The following States were represented: {}."),
    "observer_state": ("The following State was also represented by an observer: {}.",
                       "The following States were also represented by observers: {}."),
    "un_entity": ("The following United Nations entity was represented by an observer: {}.",
                  "The following United Nations entities were represented by observers: {}."),
    "specialized_agency": ("The following specialized agency was represented by an observer: {}.",
                           "The following specialized agencies were represented by observers: {}."),
    "igo": ("The following intergovernmental organization was represented by an observer: {}.",
            "The following intergovernmental organizations were represented by observers: {}."),
    "other": ("The following organization was also represented by an observer: {}.",
              "The following organizations were also represented by observers: {}."),
}


def sort_key(name: str) -> str:
    """Return a name as alphabetical order sees it (accents and case ignored)."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _day(value: str) -> dt.date:
    return dt.date.fromisoformat(str(value)[:10])


def agenda(desk: Desk, turn: Turn) -> list[Reply]:
    """Answer /agenda: the agenda and the organization of work, today's sessions first during the meeting."""
    meeting = desk.meeting()
    lines = [f"<b>Agenda</b> — {esc(meeting.get('symbol', meeting.title))}"]
    for item in meeting.get("agenda", []):
        sub = item.get("items", [])
        lines.append(f"{esc(item['number'])}. {esc(item['title'])}{':' if sub else ''}")
        lines += [f"    {esc(s['number'])} {esc(s['title'])};" for s in sub]
    sessions = meeting.get("sessions", [])
    today = desk.today()
    todays = [s for s in sessions if _day(s["date"]) == today]
    if todays:
        lines.append(f"\n<b>Today, {long_date(today)}</b>")
        lines += [_session_line(s) for s in todays]
    if sessions:
        lines.append("\n<b>Organization of work</b>")
    for day, group in groupby(sessions, key=lambda s: _day(s["date"])):
        lines.append(f"<i>{day:%A}, {long_date(day)}</i>")
        lines += [_session_line(s) for s in group]
    turn.note(meeting=meeting.code)
    return say("\n".join(lines))


def _session_line(session: dict) -> str:
    items = ", ".join(session.get("items", []))
    return f"• {esc(session.get('time', ''))} — item{'s' if len(session.get('items', [])) > 1 else ''} " \
           f"{esc(items)}: {esc(session.get('subject', ''))}"


def attendance_paragraphs(desk: Desk) -> list[str]:
    """Return the attendance section's sentences, from confirmed delegations, grouped as a report groups them."""
    groups: dict[str, list[str]] = defaultdict(list)
    for delegation in list_delegations(desk.store, desk.meeting().code, ("confirmed",)):
        entity = entity_by_code(delegation.entity_code)
        groups[category_of(entity.kind if entity else None)].append(delegation.entity_name)
    paragraphs = []
    for category in sorted(groups, key=lambda c: ORDER.get(c, 99)):
        names = sorted(groups[category], key=sort_key)
        one, many = SENTENCES.get(category, SENTENCES["other"])
        paragraphs.append((one if len(names) == 1 else many).format(join_and(names)))
    return paragraphs


def attendance(desk: Desk, turn: Turn) -> list[Reply]:
    """Answer /attendance: a draft of the report's attendance section."""
    paragraphs = attendance_paragraphs(desk)
    turn.note(meeting=desk.options.meeting_code)
    if not paragraphs:
        return say("No delegation is confirmed yet, so there is no attendance to draft.")
    return say("<b>Attendance (draft)</b>\n\n" + "\n\n".join(esc(p) for p in paragraphs))
