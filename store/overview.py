"""Overview queries for the secretariat's bot: answers per entity, totals by kind, what is new."""
from __future__ import annotations

import re

from store.db import Store
from store.delegations import PARTICIPANT_COLUMNS, PARTICIPANT_FROM
from store.records import Participant, from_row


def delegation_states(store: Store, meeting_code: str) -> dict[str, str]:
    """Return each entity's delegation state for a meeting, by entity code."""
    rows = store.rows("SELECT entity_code, state FROM delegations WHERE meeting_code = ?", [meeting_code])
    return {r["entity_code"]: r["state"] for r in rows}


def kind_totals(store: Store, meeting_code: str) -> dict[str, dict[str, int]]:
    """Return confirmed delegations, participants and photos of a meeting by entity kind."""
    rows = store.rows(
        "SELECT e.kind AS kind, count(DISTINCT d.id) AS delegations, count(p.id) AS participants, "
        "coalesce(sum(p.photo_state = 'received'), 0) AS photos "
        "FROM delegations d JOIN entities e ON e.code = d.entity_code "
        "LEFT JOIN participants p ON p.delegation = d.id "
        "WHERE d.meeting_code = ? AND d.state = 'confirmed' GROUP BY e.kind ORDER BY e.kind", [meeting_code])
    return {r["kind"]: {k: r[k] for k in ("delegations", "participants", "photos")} for r in rows}


def new_since(store: Store, meeting_code: str, since: str) -> dict[str, int]:
    """Return what arrived for a meeting after an ISO time: messages, delegations, participants, photos."""
    joined = "FROM participants p JOIN delegations d ON d.id = p.delegation WHERE d.meeting_code = ?"
    return {
        "messages": sum(store.value(f"SELECT count(*) FROM messages WHERE meeting_code {match} AND received_at >= ?",
                                    params) for match, params in (("= ?", [meeting_code, since]), ("IS NULL", [since]))),
        "delegations": store.value("SELECT count(*) FROM delegations WHERE meeting_code = ? AND state = 'confirmed' "
                                   "AND created_at >= ?", [meeting_code, since]),
        "participants": store.value(f"SELECT count(*) {joined} AND d.state = 'confirmed' AND p.created_at >= ?",
                                    [meeting_code, since]),
        "photos": store.value(f"SELECT count(*) {joined} AND p.photo_at >= ?", [meeting_code, since]),
    }


def new_delegations(store: Store, meeting_code: str, since: str) -> list[str]:
    """Return the entity names of delegations confirmed for the first time after an ISO time."""
    rows = store.rows("SELECT e.name FROM delegations d JOIN entities e ON e.code = d.entity_code "
                      "WHERE d.meeting_code = ? AND d.state = 'confirmed' AND d.created_at >= ? ORDER BY e.name",
                      [meeting_code, since])
    return [r["name"] for r in rows]


def entity_contact(store: Store, entity_code: str) -> tuple[str, str | None] | None:
    """Return the address and language of the latest message an entity sent (not automatic), or None."""
    row = store.row("SELECT from_addr, language FROM messages WHERE sender_code = ? AND from_addr IS NOT NULL "
                    "AND automatic IS NULL ORDER BY received_at DESC, id DESC LIMIT 1", [entity_code])
    return (row["from_addr"], row["language"]) if row else None


def photo_link_rounds(store: Store, participant_id: int) -> int:
    """Return how many photo-link mails were ever queued for a participant."""
    return store.value("SELECT count(*) FROM outbox WHERE participant = ? AND kind = 'photo_link'", [participant_id])


def meeting_counts(store: Store, meeting_code: str) -> dict:
    """Return a meeting's counts for /status and the digest, each from an index (no whole-table scans)."""
    joined = "FROM participants p JOIN delegations d ON d.id = p.delegation WHERE d.meeting_code = ?"
    states = {s: 0 for s in ("received", "needs_review", "confirmed", "declined")}
    for row in store.rows("SELECT state, count(*) AS n FROM delegations WHERE meeting_code = ? GROUP BY state",
                          [meeting_code]):
        states[row["state"]] = row["n"]
    return {
        "delegations_by_state": states,
        "participants": store.value(f"SELECT count(*) {joined}", [meeting_code]),
        "heads": store.value(f"SELECT count(*) {joined} AND p.head = 1", [meeting_code]),
        "photos": store.value(f"SELECT count(*) {joined} AND p.photo_state = 'received'", [meeting_code]),
        "review": store.value("SELECT count(*) FROM reviews WHERE state = 'open' AND meeting_code = ?",
                              [meeting_code]),
        "outbox": {s: store.value("SELECT count(*) FROM outbox WHERE state = ?", [s]) for s in ("queued", "failed")},
    }


def find_participants(store: Store, meeting_code: str, text: str, limit: int = 20) -> list[Participant]:
    """Return a meeting's participants whose name, e-mail or function has words starting like text's, by entity.

    Unlike participants.search_participants it does not rank every match of every meeting, so it stays fast
    on a store that holds many meetings.
    """
    words = re.findall(r"\w+", text)
    if not words:
        return []
    query = " ".join(f'"{w}"*' for w in words)
    rows = store.rows(
        f"SELECT {PARTICIPANT_COLUMNS} FROM {PARTICIPANT_FROM} WHERE d.meeting_code = ? "
        "AND p.id IN (SELECT rowid FROM participants_fts WHERE participants_fts MATCH ?) "
        "ORDER BY e.name, p.head DESC, p.id LIMIT ?", [meeting_code, query, limit])
    return [from_row(Participant, r) for r in rows]
