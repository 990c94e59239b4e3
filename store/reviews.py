"""The review queue: messages that wait for a human before anything is sent."""
from __future__ import annotations

from store.db import NotFound, Store, utcnow
from store.records import Review, from_row


def open_review(store: Store, message: int, meeting_code: str, reason: str, entity_code: str | None) -> Review:
    """Put a message in the review queue (once); return its review."""
    store.execute("INSERT OR IGNORE INTO reviews (message, meeting_code, reason, entity_code, created_at) "
                  "VALUES (?, ?, ?, ?, ?)", [message, meeting_code, reason, entity_code, utcnow()])
    return from_row(Review, store.row("SELECT * FROM reviews WHERE message = ?", [message]))


def get_review(store: Store, review_id: int) -> Review:
    """Return one review. Raises NotFound if there is none."""
    row = store.row("SELECT * FROM reviews WHERE id = ?", [review_id])
    if row is None:
        raise NotFound(f"no review {review_id}")
    return from_row(Review, row)


def open_reviews(store: Store, meeting_code: str | None = None) -> list[Review]:
    """Return the reviews still waiting, oldest first."""
    if meeting_code is None:
        rows = store.rows("SELECT * FROM reviews WHERE state = 'open' ORDER BY id")
    else:
        rows = store.rows("SELECT * FROM reviews WHERE state = 'open' AND meeting_code = ? ORDER BY id",
                          [meeting_code])
    return [from_row(Review, r) for r in rows]


def set_review_entity(store: Store, review_id: int, entity_code: str) -> None:
    """Change the sender a review is about."""
    store.execute("UPDATE reviews SET entity_code = ? WHERE id = ?", [entity_code, review_id])


def resolve_review(store: Store, review_id: int, state: str, by: str) -> bool:
    """Close an open review as accepted or dismissed; return False if it was already closed."""
    if state not in ("accepted", "dismissed"):
        raise ValueError(f"unknown review state {state!r}")
    cursor = store.execute("UPDATE reviews SET state = ?, resolved_at = ?, resolved_by = ? WHERE id = ? "
                           "AND state = 'open'", [state, utcnow(), by, review_id])
    return cursor.rowcount == 1
