"""Purge: after a meeting, remove its personal data and keep only anonymous counts."""
from __future__ import annotations

from store.db import Store, utcnow
from store.stats import status_counts


def purge_meeting(store: Store, meeting_code: str) -> list[str]:
    """Delete a meeting's participants, links, mail and raw messages; return photo paths to remove from disk.

    Anonymous counts are kept in the counts table; the audit log stays. Running it again changes nothing.
    """
    photos = [r["photo_path"] for r in store.rows(
        "SELECT p.photo_path FROM participants p JOIN delegations d ON d.id = p.delegation "
        "WHERE d.meeting_code = ? AND p.photo_path IS NOT NULL", [meeting_code])]
    with store.tx() as db:
        if store.value("SELECT count(*) FROM counts WHERE meeting_code = ?", [meeting_code]) == 0:
            _keep_counts(store, meeting_code)
        delegations = "SELECT id FROM delegations WHERE meeting_code = ?"
        messages = "SELECT id FROM messages WHERE meeting_code = ?"
        db.execute(f"DELETE FROM outbox WHERE delegation IN ({delegations}) OR participant IN "
                   f"(SELECT id FROM participants WHERE delegation IN ({delegations})) "
                   f"OR source_message IN ({messages})", [meeting_code, meeting_code, meeting_code])
        db.execute(f"DELETE FROM changes WHERE delegation IN ({delegations})", [meeting_code])
        db.execute(f"DELETE FROM participants WHERE delegation IN ({delegations})", [meeting_code])
        db.execute(f"DELETE FROM raw_messages WHERE message IN ({messages})", [meeting_code])
        db.execute("UPDATE messages SET from_addr = NULL, from_name = NULL, subject = NULL, extraction = NULL, "
                   "warnings = '[]', file = NULL WHERE meeting_code = ?", [meeting_code])
        db.execute("UPDATE delegations SET message = NULL WHERE meeting_code = ?", [meeting_code])
    store.execute("INSERT INTO participants_fts(participants_fts) VALUES ('rebuild')")
    return photos


def _keep_counts(store: Store, meeting_code: str) -> None:
    counts = status_counts(store, meeting_code)
    now = utcnow()
    for name in ("delegations", "participants", "heads", "photos"):
        store.execute("INSERT OR REPLACE INTO counts VALUES (?, ?, ?, ?)", [meeting_code, name, counts[name], now])
    for state, n in counts["delegations_by_state"].items():
        store.execute("INSERT OR REPLACE INTO counts VALUES (?, ?, ?, ?)",
                      [meeting_code, f"delegations_{state}", n, now])


def kept_counts(store: Store, meeting_code: str) -> dict[str, int]:
    """Return the anonymous counts kept for a purged meeting."""
    return {r["name"]: r["value"] for r in store.rows("SELECT name, value FROM counts WHERE meeting_code = ?",
                                                       [meeting_code])}
