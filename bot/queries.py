"""Query commands: /status, /country, /find, /missing, /nophoto, /photo."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path

from bot.desk import Desk
from bot.replies import Button, Reply, Turn, say
from bot.texts import esc, join_and, plural
from store.delegations import find_delegation, get_participant, list_participants
from store.entities import Entity, all_entities, entity_by_code, search_entities
from store.messages import get_message
from store.meetings import meeting_date
from store.overview import delegation_states, find_participants, meeting_counts
from store.participants import without_photo
from store.records import Meeting, Participant
from store.db import NotFound

MAX_CHOICES = 8
PHOTO_STATES = {"received": "photo received", "missing": "no photo yet"}


def invited_entities(meeting: Meeting) -> list[Entity]:
    """Return the entities a meeting invited: "member_states", a list of kinds, or a list of entity codes."""
    invited = meeting.get("invited", "member_states")
    wanted = [invited] if isinstance(invited, str) else list(invited)
    kinds = {"member_states": "member_state", "observer_states": "observer_state"}
    found = []
    for entity in all_entities():
        for want in wanted:
            if entity.code == want or entity.kind == kinds.get(want, want) or (
                    want == "member_states" and entity.kind in ("member_state", "state")):
                found.append(entity)
                break
    return found


def days_phrase(target: dt.date, today: dt.date) -> str:
    """Return how far a date is: 'today', 'tomorrow', 'in 3 days', 'yesterday', '3 days ago'."""
    days = (target - today).days
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    if days == -1:
        return "yesterday"
    return f"in {days} days" if days > 0 else f"{-days} days ago"


def long_date(day: dt.date) -> str:
    """Return a date as a UN document writes it: 15 January 2010."""
    return f"{day.day} {day:%B %Y}"


def status(desk: Desk, turn: Turn) -> list[Reply]:
    """Answer /status: registrations, participants, heads, photos, reviews, failed mail, days left."""
    meeting = desk.meeting()
    counts = meeting_counts(desk.store, meeting.code)
    states = counts["delegations_by_state"]
    invited = len(invited_entities(meeting))
    today = desk.today()
    deadline, opening = meeting_date(meeting, "deadline"), meeting_date(meeting, "start")
    lines = [
        f"<b>{esc(meeting.get('short_title') or meeting.title)}</b>",
        f"Registered: <b>{states['confirmed']}</b> of {invited} invited"
        + (f" ({states['declined']} declined)" if states["declined"] else ""),
        f"Participants: <b>{counts['participants']}</b> · heads of delegation known: {counts['heads']}",
        f"Photos received: <b>{counts['photos']}</b> of {counts['participants']}",
        f"Review queue: <b>{counts['review']}</b> open",
        f"Outbox: {counts['outbox']['failed']} failed, {counts['outbox']['queued']} queued",
        f"Deadline: {long_date(deadline)} ({days_phrase(deadline, today)})",
        f"Opening: {long_date(opening)}, {esc(meeting.get('opening_time', ''))} ({days_phrase(opening, today)})",
    ]
    turn.note(meeting=meeting.code)
    return say("\n".join(lines))


def country(desk: Desk, turn: Turn) -> list[Reply]:
    """Answer /country NAME: the entity's delegation, or buttons when the name is ambiguous."""
    name = turn.args.strip()
    if not name:
        return say("Which State or organization? For example: <code>/country Austria</code>")
    matches = search_entities(name)
    if not matches:
        return say(f"No State or organization is called “{esc(name)}”.")
    exact = [e for e in matches if _names_of(e) & {name.casefold()}]
    if len(exact) == 1 or len(matches) == 1:
        return entity_answer(desk, turn, (exact or matches)[0])
    buttons = [[Button(e.name, f"cty:{e.code}")] for e in matches[:MAX_CHOICES]]
    return say(f"“{esc(name)}” could mean several. Which one?", buttons)


def country_button(desk: Desk, turn: Turn) -> list[Reply]:
    """Answer the button that picks one entity of an ambiguous /country."""
    entity = entity_by_code(turn.args)
    if entity is None:
        return say("That State or organization is no longer known.")
    return entity_answer(desk, turn, entity)


def _names_of(entity: Entity) -> set[str]:
    names = [entity.name, entity.iso3 or "", entity.iso2 or "", entity.code]
    names += list(getattr(entity, "aliases", None) or [])
    extra = getattr(entity, "names", None) or {}
    names += list(extra.values()) if isinstance(extra, dict) else list(extra)
    return {n.casefold() for n in names if isinstance(n, str) and n}


def entity_answer(desk: Desk, turn: Turn, entity: Entity) -> list[Reply]:
    """Return an entity's delegation: each participant's function, e-mail, photo state and source message."""
    meeting = desk.meeting()
    delegation = find_delegation(desk.store, meeting.code, entity.code)
    turn.note(entity=entity.code)
    if delegation is None:
        return say(f"<b>{esc(entity.name)}</b> has not answered yet.")
    turn.note(delegation=delegation.id)
    people = list_participants(desk.store, delegation.id)
    head = f"<b>{esc(entity.name)}</b> — delegation {esc(delegation.state)}, {plural(len(people), 'participant')}"
    if delegation.state == "declined":
        head = f"<b>{esc(entity.name)}</b> said it will not attend."
    lines = [head]
    sources: dict[int, str] = {}
    for i, person in enumerate(people, 1):
        lines += _person_lines(desk, i, person, sources)
    turn.note(participants=[p.id for p in people])
    return say("\n".join(lines))


def _person_lines(desk: Desk, number: int, person: Participant, sources: dict[int, str]) -> list[str]:
    head = " (head of delegation)" if person.head else ""
    function = f" — {esc(person.function)}" if person.function else ""
    email = esc(person.email) if person.email else "no e-mail"
    if person.email_state in ("failing", "invalid"):
        email += f" ({esc(person.email_state)})"
    lines = [f"{number}. <b>{esc(person.display_name)}</b>{head}{function}",
             f"    {email} · {PHOTO_STATES.get(person.photo_state, esc(person.photo_state))}"]
    if person.message:
        if person.message not in sources:
            sources[person.message] = _source_of(desk, person.message)
        lines.append(f"    from: {sources[person.message]}")
    return lines


def _source_of(desk: Desk, message_id: int) -> str:
    try:
        message = get_message(desk.store, message_id)
    except NotFound:
        return "a message no longer kept"
    when = (message.date or message.received_at or "")[:10]
    return f"{esc(when)} “{esc(message.subject or '(no subject)')}”"


def find(desk: Desk, turn: Turn) -> list[Reply]:
    """Answer /find TEXT: participants whose name, e-mail or function matches."""
    text = turn.args.strip()
    if not text:
        return say("What should I look for? For example: <code>/find smith</code>")
    meeting = desk.meeting()
    found = find_participants(desk.store, meeting.code, text)
    turn.note(participants=[p.id for p in found])
    if not found:
        return say(f"Nobody matches “{esc(text)}”.")
    lines = [f"<b>{plural(len(found), 'match', 'matches')}</b> for “{esc(text)}”:"]
    for p in found:
        function = f", {esc(p.function)}" if p.function else ""
        lines.append(f"• <b>{esc(p.display_name)}</b>{function} — {esc(p.entity_name)}"
                     f" · {esc(p.email or 'no e-mail')} · {PHOTO_STATES.get(p.photo_state, esc(p.photo_state))}")
    return say("\n".join(lines))


def missing_entities(desk: Desk, meeting: Meeting) -> list[Entity]:
    """Return the invited entities that have not answered at all, by name."""
    answered = delegation_states(desk.store, meeting.code)
    return sorted((e for e in invited_entities(meeting) if e.code not in answered), key=lambda e: e.name)


def missing(desk: Desk, turn: Turn) -> list[Reply]:
    """Answer /missing: invited entities that have not answered, grouped by region."""
    meeting = desk.meeting()
    waiting = missing_entities(desk, meeting)
    invited = len(invited_entities(meeting))
    turn.note(entities=len(waiting))
    if not waiting:
        return say(f"Every one of the {invited} invited has answered.")
    by_region = missing_by_region(waiting)
    lines = [f"<b>Not answered: {len(waiting)} of {invited} invited</b>"]
    for region in sorted(by_region):
        names = by_region[region]
        lines.append(f"\n<b>{esc(region)}</b> ({len(names)}): {', '.join(names)}")
    return say("\n".join(lines))


def missing_by_region(waiting: list[Entity]) -> dict[str, list[str]]:
    """Return the names of silent entities grouped by region (escaped)."""
    by_region: dict[str, list[str]] = defaultdict(list)
    for entity in waiting:
        by_region[entity.region or "Other"].append(esc(entity.name))
    return dict(sorted(by_region.items()))


def nophoto(desk: Desk, turn: Turn) -> list[Reply]:
    """Answer /nophoto: confirmed participants whose photo has not arrived, by delegation."""
    meeting = desk.meeting()
    people = without_photo(desk.store, meeting.code)
    turn.note(participants=[p.id for p in people])
    if not people:
        return say("Every registered participant has sent a photo.")
    by_entity: dict[str, list[str]] = defaultdict(list)
    for p in people:
        note = "" if p.email and p.email_state not in ("failing", "invalid") else " (no usable e-mail)"
        by_entity[p.entity_name].append(f"{esc(p.display_name)}{note}")
    lines = [f"<b>{plural(len(people), 'photo')} missing</b>"]
    for name in sorted(by_entity):
        lines.append(f"<b>{esc(name)}</b>: {join_and(by_entity[name])}")
    return say("\n".join(lines))


def photo(desk: Desk, turn: Turn) -> list[Reply]:
    """Answer /photo NAME: send the participant's photo, or offer a choice."""
    text = turn.args.strip()
    if not text:
        return say("Whose photo? For example: <code>/photo smith</code>")
    found = find_participants(desk.store, desk.meeting().code, text)
    if not found:
        return say(f"Nobody matches “{esc(text)}”.")
    if len(found) == 1:
        return photo_answer(desk, turn, found[0])
    buttons = [[Button(f"{p.display_name} ({p.entity_name})"[:60], f"ph:{p.id}")] for p in found[:MAX_CHOICES]]
    return say(f"Several people match “{esc(text)}”. Whose photo?", buttons)


def photo_button(desk: Desk, turn: Turn) -> list[Reply]:
    """Answer the button that picks whose photo to send."""
    try:
        person = get_participant(desk.store, int(turn.args))
    except (NotFound, ValueError):
        return say("That participant is no longer registered.")
    return photo_answer(desk, turn, person)


def photo_answer(desk: Desk, turn: Turn, person: Participant) -> list[Reply]:
    """Return a participant's photo, or say why there is none."""
    turn.note(participant=person.id)
    name = f"<b>{esc(person.display_name)}</b> ({esc(person.entity_name)})"
    if person.photo_state != "received" or not person.photo_path:
        return say(f"No photo has been received yet from {name}.")
    path = Path(person.photo_path)
    if not path.is_absolute():
        path = Path(desk.options.photos_dir) / path
    if not path.is_file():
        return say(f"The photo of {name} is recorded but its file is missing.")
    return [Reply(text=name, photo=path)]
