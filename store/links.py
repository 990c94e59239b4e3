"""Photo-upload links: unguessable tokens, stored only as hashes, that expire and can be revoked."""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from store.db import Store, utcnow
from store.records import Participant, PhotoLink, from_row
from store.delegations import get_participant


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def issue_link(store: Store, participant_id: int, days: int = 60) -> str:
    """Create a new link for a participant, revoking any earlier one; return the token (256 bits)."""
    token = secrets.token_urlsafe(32)
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    with store.tx() as db:
        revoke_links(store, participant_id)
        db["photo_links"].insert({"participant": participant_id, "token_hash": _hash(token),
                                  "created_at": now.isoformat(),
                                  "expires_at": (now + dt.timedelta(days=days)).isoformat()})
    return token


def revoke_links(store: Store, participant_id: int) -> int:
    """Revoke every live link of a participant; return how many."""
    cursor = store.execute("UPDATE photo_links SET revoked_at = ? WHERE participant = ? AND revoked_at IS NULL",
                           [utcnow(), participant_id])
    return cursor.rowcount


def participant_for_token(store: Store, token: str) -> Participant | None:
    """Return the participant a live (known, unexpired, unrevoked) token belongs to, else None."""
    if not token or len(token) > 200:
        return None
    row = store.row("SELECT participant FROM photo_links WHERE token_hash = ? AND revoked_at IS NULL "
                    "AND expires_at > ?", [_hash(token), utcnow()])
    return get_participant(store, row["participant"]) if row else None


def mark_link_used(store: Store, token: str) -> None:
    """Record when a link was last used to upload."""
    store.execute("UPDATE photo_links SET used_at = ? WHERE token_hash = ?", [utcnow(), _hash(token)])


def links_of(store: Store, participant_id: int) -> list[PhotoLink]:
    """Return a participant's links, newest first."""
    rows = store.rows("SELECT * FROM photo_links WHERE participant = ? ORDER BY id DESC", [participant_id])
    return [from_row(PhotoLink, r) for r in rows]
