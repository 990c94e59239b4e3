"""The audit log: who did what, when, to which records."""
from __future__ import annotations

import json

from store.db import Store, utcnow
from store.records import AuditEntry, from_row


def log_action(store: Store, actor: str, action: str, **detail: object) -> None:
    """Append one line to the audit log."""
    store.insert("audit", {"at": utcnow(), "actor": str(actor), "action": action,
                           "detail": json.dumps(detail, ensure_ascii=False, default=str)})


def recent_actions(store: Store, limit: int = 50) -> list[AuditEntry]:
    """Return the newest audit lines first."""
    rows = store.rows("SELECT * FROM audit ORDER BY id DESC LIMIT ?", [limit])
    return [from_row(AuditEntry, r) for r in rows]
