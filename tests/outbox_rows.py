"""Realistic outbox rows for the mail tests, made through the store API (a stored message, its parse, confirm)."""
from __future__ import annotations

import itertools
from pathlib import Path

from mail.compose import Renderer
from store.db import Store
from store.messages import Incoming, record_parse, store_message
from store.outbox import list_mail
from store.records import DelegationUpdate, OutboxMail
from store.registration import confirm_message

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates" / "email"
FROM_ADDR = "untoc.cop@unodc.test"
PUBLIC_URL = "https://photos.unodc.test"
DOMAIN = "unodc.test"
_numbers = itertools.count(1)


def make_renderer() -> Renderer:
    """Return a Renderer over the real templates, as `copdesk run` builds it."""
    return Renderer(TEMPLATES_DIR, PUBLIC_URL, 60, FROM_ADDR, "Secretariat of the Conference of the Parties (UNODC)")


def person(name: str, email: str | None = None, **extra: object) -> dict:
    """Return one participant as the parser's extraction lists it."""
    return {"name": name, "email": email, **extra}


def register(store: Store, entity_code: str, people: list[dict], *, language: str = "en",
             subject: str = "Composition of the delegation", from_addr: str = "mission@mfa.example",
             amendment: bool = False, references: list[str] | None = None) -> tuple[int, str, DelegationUpdate]:
    """Store a mission's message with that extraction and confirm it; return (message id, Message-ID, update)."""
    number = next(_numbers)
    header_id = f"<note-{number}@mfa.example>"
    message_id, _ = store_message(store, Incoming(raw=f"Subject: list {number}\r\n\r\nlist".encode(),
                                                  message_id=header_id))
    record_parse(store, message_id, {
        "from_addr": from_addr, "subject": subject, "language": language, "message_id": header_id,
        "kind": "delegation", "sender_code": entity_code,
        "extraction": {"language": language, "participants": people, "amendment": amendment,
                       "references": references or [], "subject": subject}})
    update = confirm_message(store, message_id, entity_code, "wg-tip-2010", DOMAIN)
    return message_id, header_id, update


def queued(store: Store, kind: str | None = None) -> list[OutboxMail]:
    """Return the queued rows (of one kind), oldest first."""
    rows = [m for m in reversed(list_mail(store, "queued")) if kind is None or m.kind == kind]
    return rows
