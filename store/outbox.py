"""The outbox: every outgoing e-mail is a row here before any SMTP conversation."""
from __future__ import annotations

import datetime as dt
import json
import secrets
import uuid

from store.db import NotFound, Store, utcnow
from store.records import OutboxMail, from_row


def make_message_id(domain: str) -> str:
    """Return a new globally unique Message-ID under our own domain."""
    return f"<{uuid.uuid4().hex}.{secrets.token_hex(4)}@{domain}>"


def queue_mail(store: Store, *, kind: str, template: str, to_addr: str, message_id: str, language: str = "en",
               context: dict | None = None, dedupe_key: str | None = None, in_reply_to: str | None = None,
               references: str | None = None, participant: int | None = None, delegation: int | None = None,
               source_message: int | None = None, raw: bytes | None = None) -> OutboxMail | None:
    """Queue one mail; return it, or None if a mail with the same dedupe_key was queued before."""
    now = utcnow()
    with store.tx() as db:
        cursor = db.execute(
            'INSERT OR IGNORE INTO outbox (kind, dedupe_key, template, language, context, to_addr, message_id, '
            'in_reply_to, "references", raw, participant, delegation, source_message, next_attempt_at, created_at) '
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [kind, dedupe_key, template, language, json.dumps(context or {}, ensure_ascii=False, default=str),
             to_addr, message_id, in_reply_to, references, raw, participant, delegation, source_message, now, now])
        if cursor.rowcount == 0:
            return None
        return get_mail(store, cursor.lastrowid)


def get_mail(store: Store, mail_id: int) -> OutboxMail:
    """Return one outbox row. Raises NotFound if there is none."""
    row = store.row("SELECT * FROM outbox WHERE id = ?", [mail_id])
    if row is None:
        raise NotFound(f"no outbox mail {mail_id}")
    return from_row(OutboxMail, row)


def due_mail(store: Store, limit: int = 50) -> list[OutboxMail]:
    """Return queued mail whose next attempt is due, oldest first."""
    rows = store.rows("SELECT * FROM outbox WHERE state = 'queued' AND next_attempt_at <= ? ORDER BY id LIMIT ?",
                      [utcnow(), limit])
    return [from_row(OutboxMail, r) for r in rows]


def list_mail(store: Store, state: str | None = None, limit: int = 100) -> list[OutboxMail]:
    """Return outbox rows (optionally in one state), newest first."""
    if state is None:
        rows = store.rows("SELECT * FROM outbox ORDER BY id DESC LIMIT ?", [limit])
    else:
        rows = store.rows("SELECT * FROM outbox WHERE state = ? ORDER BY id DESC LIMIT ?", [state, limit])
    return [from_row(OutboxMail, r) for r in rows]


def set_raw(store: Store, mail_id: int, raw: bytes) -> None:
    """Keep the rendered bytes of a mail, so a retry sends exactly the same message."""
    store.execute("UPDATE outbox SET raw = ? WHERE id = ?", [raw, mail_id])


def mark_sending(store: Store, mail_id: int) -> bool:
    """Claim a queued mail for sending; return False if someone else claimed it."""
    cursor = store.execute("UPDATE outbox SET state = 'sending', attempts = attempts + 1 "
                           "WHERE id = ? AND state = 'queued'", [mail_id])
    return cursor.rowcount == 1


def mark_sent(store: Store, mail_id: int) -> None:
    """Record that the SMTP server accepted a mail."""
    store.execute("UPDATE outbox SET state = 'sent', sent_at = ?, last_error = NULL WHERE id = ?", [utcnow(), mail_id])


def mark_retry(store: Store, mail_id: int, error: str, delay_seconds: float) -> None:
    """Put a mail back in the queue after a temporary failure."""
    when = dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=delay_seconds)
    store.execute("UPDATE outbox SET state = 'queued', last_error = ?, next_attempt_at = ? WHERE id = ?",
                  [error[:500], when.replace(microsecond=0).isoformat(), mail_id])


def mark_failed(store: Store, mail_id: int, error: str) -> None:
    """Record a permanent failure, for the secretariat to see."""
    store.execute("UPDATE outbox SET state = 'failed', last_error = ? WHERE id = ?", [error[:500], mail_id])


def requeue_interrupted(store: Store) -> int:
    """Put mails left 'sending' by a crash back in the queue (same Message-ID); return how many."""
    return store.execute("UPDATE outbox SET state = 'queued' WHERE state = 'sending'").rowcount


def cancel_mail(store: Store, mail_id: int) -> None:
    """Cancel a queued mail."""
    store.execute("UPDATE outbox SET state = 'cancelled' WHERE id = ? AND state = 'queued'", [mail_id])


def mark_cancelled(store: Store, mail_id: int, reason: str) -> None:
    """Cancel a mail no longer needed, queued or claimed for sending (e.g. the photo already arrived)."""
    store.execute("UPDATE outbox SET state = 'cancelled', last_error = ? WHERE id = ? AND state IN ('queued', 'sending')",
                  [reason[:500], mail_id])


def answers_since(store: Store, to_addr: str, since_hours: int = 24, kinds: tuple[str, ...] = ("confirmation",)) -> int:
    """Count automatic answers queued to an address in the last hours."""
    since = (dt.datetime.now(dt.timezone.utc) - dt.timedelta(hours=since_hours)).replace(microsecond=0).isoformat()
    marks = ",".join("?" * len(kinds))
    return store.value(f"SELECT count(*) FROM outbox WHERE to_addr = ? COLLATE NOCASE AND created_at >= ? "
                       f"AND kind IN ({marks})", [to_addr, since, *kinds])


def find_sent_by_message_id(store: Store, message_id: str) -> OutboxMail | None:
    """Return our own outgoing mail with that Message-ID (to recognise bounces and replies)."""
    row = store.row("SELECT * FROM outbox WHERE message_id = ?", [message_id])
    return from_row(OutboxMail, row) if row else None
