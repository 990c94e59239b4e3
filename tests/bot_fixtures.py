"""Fixtures for the bot's tests: options, a desk at a fixed time, and a meeting seeded through the store API.

Registered as a plugin in tests/conftest.py; test modules import only its helpers and constants.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.desk import Desk
from bot.options import BotOptions
from store.db import Store
from store.delegations import record_list
from store.messages import Incoming, record_parse, store_message
from store.participants import set_photo
from store.records import Meeting, PersonIn
from store.reviews import open_review

ADMIN, USER, STRANGER = 111, 222, 999
GROUP = -100200300
NOW = dt.datetime(2010, 1, 12, 9, 30, tzinfo=ZoneInfo("Europe/Vienna"))
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4"
       b"\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82")


@dataclass
class Seeded:
    """Ids of what the seed put in the store."""

    nigeria_message: int
    review_message: int
    review: int
    bob: int
    with_photo: int


def eml(subject: str, from_addr: str, body: str, message_id: str) -> bytes:
    """Return a small raw e-mail."""
    return (f"From: Mission <{from_addr}>\r\nTo: untoc.cop@unodc.org\r\nSubject: {subject}\r\n"
            f"Message-ID: {message_id}\r\nDate: Mon, 11 Jan 2010 10:00:00 +0100\r\n\r\n{body}\r\n").encode()


def stored_message(store: Store, subject: str, from_addr: str, sender: str | None, people: list[dict],
                   language: str = "en") -> int:
    """Store and record the parse of one message; return its id."""
    mid = f"<{abs(hash((subject, from_addr)))}@mission.example>"
    message_id, _ = store_message(store, Incoming(eml(subject, from_addr, "Delegation list", mid), message_id=mid))
    record_parse(store, message_id, {
        "message_id": mid, "date": "2010-01-11T10:00:00+01:00", "from_addr": from_addr, "from_name": "Mission",
        "subject": subject, "language": language, "kind": "delegation", "reason": "delegation list",
        "sender_code": sender, "meeting_code": "wg-tip-2010", "parse_status": "parsed",
        "warnings": ["head of delegation not marked"] if sender is None else [],
        "extraction": {"participants": people, "language": language, "references": [], "reply_to": None}})
    return message_id


@pytest.fixture
def options(tmp_path: Path) -> BotOptions:
    """Bot options: one admin, one user, one digest group, photos under tmp_path."""
    return BotOptions(token="7000000001:AAtest-token-for-the-bot-api-look-alike", allowed_users=[USER],
                      admins=[ADMIN], digest_chats=[GROUP], digest_time="08:00", timezone="Europe/Vienna",
                      meeting_code="wg-tip-2010", domain="copdesk.test", photos_dir=tmp_path / "photos")


@pytest.fixture
def desk(store: Store, meeting: Meeting, options: BotOptions) -> Desk:
    """A desk over the bundled meeting, with the clock at 12 January 2010, 09:30 in Vienna."""
    return Desk(store, options, clock=lambda: NOW)


@pytest.fixture
def seeded(store: Store, meeting: Meeting, options: BotOptions) -> Seeded:
    """Nigeria and the African Union confirmed, Austria received, one photo, one open review (Chile)."""
    nigeria = [{"name": "Ade Bello", "honorific": "H.E. Mr.", "function": "Ambassador", "email": "ade@nigeria.gov.ng",
                "head": True},
               {"name": "<b>Bob</b> & Co", "honorific": "Mr.", "function": "Adviser", "email": "bob@nigeria.gov.ng"}]
    nigeria_message = stored_message(store, "Delegation of Nigeria", "mission@nigeria.gov.ng", "NGA", nigeria)
    update = record_list(store, meeting.code, "NGA", [PersonIn(**p) for p in nigeria], message=nigeria_message,
                         state="confirmed")
    au = record_list(store, meeting.code, "AU", [PersonIn("Amina Diallo", "Ms.", "Legal Officer", "amina@au.int",
                                                          language="fr")], message=None, state="confirmed")
    record_list(store, meeting.code, "AUT", [PersonIn("Eva Gruber", "Ms.", "Counsellor", "eva@bmeia.gv.at")],
                message=None, state="received")
    photos = Path(options.photos_dir)
    photos.mkdir(parents=True, exist_ok=True)
    (photos / "amina.png").write_bytes(PNG)
    set_photo(store, au.added[0].id, "amina.png")
    chile = [{"name": "Camila Rojas", "honorific": "Sra.", "function": "Embajadora", "email": "crojas@minrel.gob.cl",
              "head": True}]
    review_message = stored_message(store, "Delegación de Chile", "mission@minrel.gob.cl", None, chile, "es")
    review = open_review(store, review_message, meeting.code, "sender not recognised", None)
    return Seeded(nigeria_message, review_message, review.id, update.added[1].id, au.added[0].id)
