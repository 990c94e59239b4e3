"""Messages: every e-mail received is kept raw, deduplicated, and marked as it is handled."""
from __future__ import annotations

import hashlib
import re
import json
from dataclasses import dataclass

from store.db import NotFound, Store, utcnow
from store.records import Message, from_row

COLUMNS = ", ".join(f"m.{c}" for c in (
    "id", "sha256", "message_id", "source", "folder", "uidvalidity", "uid", "file", "received_at", "date",
    "from_addr", "from_name", "subject", "size", "language", "kind", "reason", "automatic", "sender_code",
    "meeting_code", "parse_status", "warnings", "extraction", "handled_at"))


@dataclass
class Incoming:
    """A message as fetched, before it is stored."""

    raw: bytes
    source: str = "file"
    message_id: str | None = None
    folder: str | None = None
    uidvalidity: int | None = None
    uid: int | None = None
    file: str | None = None
    received_at: str | None = None


FINGERPRINT = re.compile(rb"(?im)^(from|date|subject):[ \t]*(.*(?:\r?\n[ \t].*)*)")


def fingerprint(raw: bytes) -> tuple:
    """Return the From, Date and Subject header lines of raw mail, whitespace-folded."""
    head = raw.split(b"\r\n\r\n", 1)[0].split(b"\n\n", 1)[0][:65536]
    found = {m.group(1).lower(): b" ".join(m.group(2).split()) for m in FINGERPRINT.finditer(head)}
    return tuple(found.get(k) for k in (b"from", b"date", b"subject"))


def _existing(store: Store, sha: str, message_id: str | None, raw: bytes) -> dict | None:
    """Return the stored copy of this message: same bytes, or same Message-ID with the same From, Date and Subject."""
    row = store.row("SELECT id, uid FROM messages WHERE sha256 = ?", [sha])
    if row is not None or not message_id:
        return row
    mine = fingerprint(raw)
    for candidate in store.rows("SELECT id, uid FROM messages WHERE message_id = ? ORDER BY id", [message_id]):
        stored = store.value("SELECT raw FROM raw_messages WHERE message = ?", [candidate["id"]])
        if stored is None or fingerprint(bytes(stored)) == mine:
            return candidate
    return None


def store_message(store: Store, incoming: Incoming) -> tuple[int, bool]:
    """Store one message unless it is known; return (id, created).

    Known means the same bytes, or the same Message-ID with the same From, Date and Subject (the same
    mail delivered twice, or read from an mbox and from a Maildir). A reused Message-ID on another
    mail is stored as a new message: nothing a mission sends is dropped.
    """
    sha = hashlib.sha256(incoming.raw).hexdigest()
    with store.tx() as db:
        found = _existing(store, sha, incoming.message_id, incoming.raw)
        if found is not None:
            if incoming.uid is not None:
                db.execute("UPDATE OR IGNORE messages SET folder = ?, uidvalidity = ?, uid = ? WHERE id = ?",
                           [incoming.folder, incoming.uidvalidity, incoming.uid, found["id"]])
            return found["id"], False
        new_id = db["messages"].insert({
            "sha256": sha, "message_id": incoming.message_id, "source": incoming.source,
            "folder": incoming.folder, "uidvalidity": incoming.uidvalidity, "uid": incoming.uid,
            "file": incoming.file, "received_at": incoming.received_at or utcnow(), "size": len(incoming.raw),
        }).last_pk
        db["raw_messages"].insert({"message": new_id, "raw": incoming.raw})
        return new_id, True


def store_batch(store: Store, folder: str, uidvalidity: int, batch: list[Incoming]) -> list[int]:
    """Store fetched messages and advance the folder's checkpoint in one transaction; return new ids."""
    created = []
    with store.tx() as db:
        for incoming in batch:
            message_id, is_new = store_message(store, incoming)
            if is_new:
                created.append(message_id)
        if batch:
            last = max(i.uid for i in batch if i.uid is not None)
            db.execute(
                "INSERT INTO imap_state (folder, uidvalidity, last_uid, updated_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(folder) DO UPDATE SET uidvalidity = excluded.uidvalidity, "
                "last_uid = max(CASE WHEN imap_state.uidvalidity = excluded.uidvalidity THEN imap_state.last_uid "
                "ELSE 0 END, excluded.last_uid), updated_at = excluded.updated_at",
                [folder, uidvalidity, last, utcnow()])
    return created


def checkpoint(store: Store, folder: str) -> tuple[int, int] | None:
    """Return (uidvalidity, last_uid) remembered for a folder, or None."""
    row = store.row("SELECT uidvalidity, last_uid FROM imap_state WHERE folder = ?", [folder])
    return (row["uidvalidity"], row["last_uid"]) if row else None


def reset_checkpoint(store: Store, folder: str, uidvalidity: int) -> None:
    """Start a folder again from UID 0 under a new UIDVALIDITY (a re-scan)."""
    store.execute(
        "INSERT INTO imap_state (folder, uidvalidity, last_uid, updated_at) VALUES (?, ?, 0, ?) "
        "ON CONFLICT(folder) DO UPDATE SET uidvalidity = excluded.uidvalidity, last_uid = 0, "
        "updated_at = excluded.updated_at", [folder, uidvalidity, utcnow()])


def get_message(store: Store, message_id: int) -> Message:
    """Return one stored message. Raises NotFound if there is none."""
    row = store.row(f"SELECT {COLUMNS} FROM messages m WHERE m.id = ?", [message_id])
    if row is None:
        raise NotFound(f"no message {message_id}")
    return from_row(Message, row)


def find_message(store: Store, header_message_id: str) -> Message | None:
    """Return the stored message with that Message-ID header, or None."""
    row = store.row(f"SELECT {COLUMNS} FROM messages m WHERE m.message_id = ? ORDER BY m.id LIMIT 1",
                    [header_message_id])
    return from_row(Message, row) if row else None


def get_raw(store: Store, message_id: int) -> bytes:
    """Return a message's raw bytes. Raises NotFound if they are gone (purged)."""
    raw = store.value("SELECT raw FROM raw_messages WHERE message = ?", [message_id])
    if raw is None:
        raise NotFound(f"no raw bytes for message {message_id}")
    return bytes(raw)


def record_parse(store: Store, message_id: int, result: dict) -> None:
    """Save what the parser found; result keys are message columns (warnings/extraction as objects)."""
    update = dict(result)
    for key in ("warnings", "extraction"):
        if key in update and not isinstance(update[key], str):
            update[key] = json.dumps(update[key], ensure_ascii=False, default=str)
    with store.tx() as db:
        db["messages"].update(message_id, update)


def mark_handled(store: Store, message_id: int) -> None:
    """Record that everything a message causes has been stored and queued."""
    store.execute("UPDATE messages SET handled_at = ? WHERE id = ?", [utcnow(), message_id])


def claim_message(store: Store, message_id: int) -> bool:
    """Mark a message handled unless it already is; False if it was (use inside the tx that acts on it)."""
    cursor = store.execute("UPDATE messages SET handled_at = ? WHERE id = ? AND handled_at IS NULL",
                           [utcnow(), message_id])
    return cursor.rowcount == 1


def unhandled_messages(store: Store, limit: int = 500) -> list[Message]:
    """Return stored messages whose consequences are not yet recorded, oldest first."""
    rows = store.rows(f"SELECT {COLUMNS} FROM messages m WHERE m.handled_at IS NULL ORDER BY m.id LIMIT ?",
                      [limit])
    return [from_row(Message, r) for r in rows]


def list_messages(store: Store, limit: int = 100, offset: int = 0) -> list[Message]:
    """Return stored messages, newest first."""
    rows = store.rows(f"SELECT {COLUMNS} FROM messages m ORDER BY m.id DESC LIMIT ? OFFSET ?", [limit, offset])
    return [from_row(Message, r) for r in rows]
