"""Delegations and their participants: recording lists from messages without duplicating people."""
from __future__ import annotations

import re
import unicodedata

from store.db import NotFound, Store, utcnow
from store.records import Change, Delegation, DelegationUpdate, Participant, PersonIn, from_row

STATES = ("received", "needs_review", "confirmed", "declined")
FIELDS = ("name", "honorific", "function", "email", "phone", "head", "email_as_written")
DELEGATION_COLUMNS = "d.*, e.name AS entity_name"
PARTICIPANT_COLUMNS = ("p.*, d.entity_code AS entity_code, e.name AS entity_name, "
                       "d.meeting_code AS meeting_code")
PARTICIPANT_FROM = ("participants p JOIN delegations d ON d.id = p.delegation "
                    "JOIN entities e ON e.code = d.entity_code")


def name_key(name: str) -> str:
    """Return a person's name as an order-, case- and punctuation-free key."""
    text = unicodedata.normalize("NFKC", name).casefold()
    tokens = re.findall(r"[\w'-]+", text)
    return " ".join(sorted(t.strip("-'") for t in tokens if t.strip("-'")))


def get_delegation(store: Store, delegation_id: int) -> Delegation:
    """Return one delegation. Raises NotFound if there is none."""
    row = store.row(f"SELECT {DELEGATION_COLUMNS} FROM delegations d JOIN entities e ON e.code = d.entity_code "
                    "WHERE d.id = ?", [delegation_id])
    if row is None:
        raise NotFound(f"no delegation {delegation_id}")
    return from_row(Delegation, row)


def find_delegation(store: Store, meeting_code: str, entity_code: str) -> Delegation | None:
    """Return the delegation of an entity to a meeting, or None."""
    row = store.row(f"SELECT {DELEGATION_COLUMNS} FROM delegations d JOIN entities e ON e.code = d.entity_code "
                    "WHERE d.meeting_code = ? AND d.entity_code = ?", [meeting_code, entity_code])
    return from_row(Delegation, row) if row else None


def list_delegations(store: Store, meeting_code: str, states: tuple[str, ...] = STATES) -> list[Delegation]:
    """Return a meeting's delegations in the given states, by entity name."""
    marks = ",".join("?" * len(states))
    rows = store.rows(f"SELECT {DELEGATION_COLUMNS} FROM delegations d JOIN entities e ON e.code = d.entity_code "
                      f"WHERE d.meeting_code = ? AND d.state IN ({marks}) ORDER BY e.name", [meeting_code, *states])
    return [from_row(Delegation, r) for r in rows]


def _ensure_delegation(store: Store, meeting_code: str, entity_code: str, state: str,
                       message: int | None, language: str) -> Delegation:
    now = utcnow()
    store.execute(
        "INSERT INTO delegations (meeting_code, entity_code, state, message, language, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(meeting_code, entity_code) DO UPDATE SET "
        "state = excluded.state, message = coalesce(excluded.message, delegations.message), "
        "language = excluded.language, updated_at = excluded.updated_at",
        [meeting_code, entity_code, state, message, language, now, now])
    return find_delegation(store, meeting_code, entity_code)


def _match(existing: list[Participant], person: PersonIn) -> Participant | None:
    email = (person.email or "").casefold()
    key = name_key(person.name)
    for p in existing:
        if email and (p.email or "").casefold() == email:
            return p
    for p in existing:
        if key and name_key(p.name) == key:
            return p
    return None


def _log(store: Store, delegation: int, participant: int | None, message: int | None, action: str,
         field: str | None = None, old: object = None, new: object = None) -> None:
    store.insert("changes", {"delegation": delegation, "participant": participant, "message": message,
                             "action": action, "field": field, "old": None if old is None else str(old),
                             "new": None if new is None else str(new), "at": utcnow()})


def _add(store: Store, delegation: Delegation, person: PersonIn, message: int | None) -> Participant:
    now = utcnow()
    new_id = store.insert("participants", {
        "delegation": delegation.id, "name": person.name, "name_key": name_key(person.name),
        "honorific": person.honorific, "function": person.function, "email": person.email,
        "email_as_written": person.email_as_written, "email_state": _email_state(person),
        "phone": person.phone, "head": int(person.head), "language": person.language or delegation.language,
        "message": message, "created_at": now, "updated_at": now})
    _log(store, delegation.id, new_id, message, "added", "name", None, person.name)
    return get_participant(store, new_id)


def _email_state(person: PersonIn) -> str | None:
    if person.email:
        return "ok"
    return "invalid" if person.email_as_written else None


def _update(store: Store, current: Participant, person: PersonIn, message: int | None) -> bool:
    changed = {}
    for field in FIELDS:
        new = getattr(person, field)
        old = getattr(current, field)
        if field == "head":
            new, old = bool(new), bool(old)
            if new == old or not new:
                continue
        elif new in (None, "") or new == old:
            continue
        elif field == "name" and name_key(new) == name_key(old):
            continue  # the same name written another way (order, case, commas) is not a change
        changed[field] = new
        _log(store, current.delegation, current.id, message, "updated", field, old, new)
    if not changed:
        return False
    if "name" in changed:
        changed["name_key"] = name_key(changed["name"])
    if "email" in changed:
        changed["email_state"] = "ok"
    changed["updated_at"] = utcnow()
    changed["message"] = message
    if "head" in changed:
        changed["head"] = int(changed["head"])
    with store.tx() as db:
        db["participants"].update(current.id, changed)
    return True


def record_list(store: Store, meeting_code: str, entity_code: str, people: list[PersonIn], *,
                message: int | None, state: str, language: str = "en") -> DelegationUpdate:
    """Record a delegation list from a message: add new people, update known ones, keep history.

    A person is the same when the normalized e-mail or the name (any order, any case) matches.
    A new head of delegation takes the mark from the previous one.
    """
    with store.tx():
        delegation = _ensure_delegation(store, meeting_code, entity_code, state, message, language)
        existing = list_participants(store, delegation.id)
        added, updated, unchanged = [], [], []
        for person in people:
            current = _match(existing, person)
            if current is None:
                new = _add(store, delegation, person, message)
                existing.append(new)
                added.append(new)
            elif _update(store, current, person, message):
                updated.append(get_participant(store, current.id))
            else:
                unchanged.append(current)
        if any(p.head for p in people):
            _single_head(store, delegation.id, [p for p in added + updated + unchanged if p.head], message)
        return DelegationUpdate(get_delegation(store, delegation.id), added, updated, unchanged)


def _single_head(store: Store, delegation: int, heads: list[Participant], message: int | None) -> None:
    keep = {p.id for p in heads[-1:]}
    for old in store.rows("SELECT id FROM participants WHERE delegation = ? AND head = 1", [delegation]):
        if old["id"] not in keep:
            store.execute("UPDATE participants SET head = 0, updated_at = ? WHERE id = ?", [utcnow(), old["id"]])
            _log(store, delegation, old["id"], message, "updated", "head", True, False)


def set_state(store: Store, delegation_id: int, state: str, message: int | None = None) -> None:
    """Change a delegation's state (received, needs_review, confirmed, declined)."""
    if state not in STATES:
        raise ValueError(f"unknown delegation state {state!r}")
    old = get_delegation(store, delegation_id)
    with store.tx():
        store.execute("UPDATE delegations SET state = ?, updated_at = ? WHERE id = ?",
                      [state, utcnow(), delegation_id])
        _log(store, delegation_id, None, message, "state", "state", old.state, state)


def record_declined(store: Store, meeting_code: str, entity_code: str, message: int | None,
                    language: str = "en") -> Delegation:
    """Record that an entity will not attend (keeping anyone it registered before)."""
    with store.tx():
        delegation = _ensure_delegation(store, meeting_code, entity_code, "declined", message, language)
        _log(store, delegation.id, None, message, "declined")
    return delegation


def get_participant(store: Store, participant_id: int) -> Participant:
    """Return one participant. Raises NotFound if there is none."""
    row = store.row(f"SELECT {PARTICIPANT_COLUMNS} FROM {PARTICIPANT_FROM} WHERE p.id = ?", [participant_id])
    if row is None:
        raise NotFound(f"no participant {participant_id}")
    return from_row(Participant, row)


def list_participants(store: Store, delegation_id: int) -> list[Participant]:
    """Return a delegation's participants, head first, then in the order they were registered."""
    rows = store.rows(f"SELECT {PARTICIPANT_COLUMNS} FROM {PARTICIPANT_FROM} WHERE p.delegation = ? "
                      "ORDER BY p.head DESC, p.id", [delegation_id])
    return [from_row(Participant, r) for r in rows]


def history(store: Store, delegation_id: int) -> list[Change]:
    """Return what changed in a delegation, and which message said so, oldest first."""
    rows = store.rows("SELECT * FROM changes WHERE delegation = ? ORDER BY id", [delegation_id])
    return [from_row(Change, r) for r in rows]
