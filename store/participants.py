"""Participant queries: search, photos, failing addresses."""
from __future__ import annotations

import re

from store.db import Store, utcnow
from store.delegations import PARTICIPANT_COLUMNS, PARTICIPANT_FROM, get_participant
from store.records import Participant, from_row


def _records(rows: list[dict]) -> list[Participant]:
    return [from_row(Participant, r) for r in rows]


def meeting_participants(store: Store, meeting_code: str, states: tuple[str, ...] = ("confirmed",)) -> list[Participant]:
    """Return the participants of a meeting's delegations in the given states, by entity then order."""
    marks = ",".join("?" * len(states))
    return _records(store.rows(
        f"SELECT {PARTICIPANT_COLUMNS} FROM {PARTICIPANT_FROM} WHERE d.meeting_code = ? AND d.state IN ({marks}) "
        "ORDER BY e.name, p.head DESC, p.id", [meeting_code, *states]))


def search_participants(store: Store, meeting_code: str, text: str, limit: int = 20) -> list[Participant]:
    """Return participants whose name, e-mail or function matches the words of text (prefix match)."""
    words = re.findall(r"\w+", text)
    if not words:
        return []
    query = " ".join(f'"{w}"*' for w in words)
    return _records(store.rows(
        f"SELECT {PARTICIPANT_COLUMNS} FROM {PARTICIPANT_FROM} JOIN participants_fts f ON f.rowid = p.id "
        "WHERE participants_fts MATCH ? AND d.meeting_code = ? ORDER BY f.rank LIMIT ?",
        [query, meeting_code, limit]))


def without_photo(store: Store, meeting_code: str) -> list[Participant]:
    """Return confirmed participants whose photo has not been received."""
    return _records(store.rows(
        f"SELECT {PARTICIPANT_COLUMNS} FROM {PARTICIPANT_FROM} WHERE d.meeting_code = ? AND d.state = 'confirmed' "
        "AND p.photo_state != 'received' ORDER BY e.name, p.id", [meeting_code]))


def by_email(store: Store, email: str) -> list[Participant]:
    """Return every participant registered with that address (any meeting)."""
    return _records(store.rows(f"SELECT {PARTICIPANT_COLUMNS} FROM {PARTICIPANT_FROM} WHERE p.email = ? COLLATE NOCASE",
                               [email]))


def mark_email_failing(store: Store, email: str) -> list[Participant]:
    """Mark an address as failing (it bounced) and return the participants concerned."""
    store.execute("UPDATE participants SET email_state = 'failing', updated_at = ? WHERE email = ? COLLATE NOCASE",
                  [utcnow(), email])
    return by_email(store, email)


def set_photo(store: Store, participant_id: int, path: str | None) -> Participant:
    """Record that a participant's photo was received (path) or removed (None)."""
    state = "received" if path else "missing"
    store.execute("UPDATE participants SET photo_state = ?, photo_path = ?, photo_at = ?, updated_at = ? WHERE id = ?",
                  [state, path, utcnow() if path else None, utcnow(), participant_id])
    return get_participant(store, participant_id)


def set_language(store: Store, participant_id: int, language: str) -> None:
    """Set the language a participant is written to in."""
    store.execute("UPDATE participants SET language = ? WHERE id = ?", [language, participant_id])


def photo_paths(store: Store) -> set[str]:
    """Return the path of every photo a participant holds (any meeting)."""
    return {r["photo_path"] for r in store.rows("SELECT photo_path FROM participants WHERE photo_path IS NOT NULL")}
