"""The digest: what is new since the last one, totals by category, missing, reviews, failed mail."""
from __future__ import annotations

import time

from bot.desk import Desk
from bot.digest import compose_digest, record_digest
from store.delegations import record_list
from store.outbox import make_message_id, mark_failed, queue_mail
from store.records import PersonIn
from tests.bot_fixtures import Seeded


def test_first_digest_reports_everything(desk: Desk, seeded: Seeded) -> None:
    text = compose_digest(desk)
    assert "<b>New so far</b>: 2 delegations (African Union and Nigeria), 3 participants, 1 photo" in text
    assert "• States: 1 / 2 / 0" in text and "• IGOs: 1 / 1 / 1" in text
    assert "Not answered: <b>191</b> of 193 invited" in text
    assert "Review queue: <b>1</b> open" in text
    assert "Deadline: 15 January 2010 (in 3 days)" in text


def test_next_digest_reports_only_what_is_new(desk: Desk, seeded: Seeded) -> None:
    time.sleep(1.1)  # the store keeps times to the second; the seed must be older than the digest
    record_digest(desk)
    record_list(desk.store, "wg-tip-2010", "CHL", [PersonIn("Camila Rojas")], message=None, state="confirmed")
    text = compose_digest(desk)
    assert ": 1 delegation (Chile), 1 participant, 0 photos" in text


def test_failed_mail_is_listed(desk: Desk, seeded: Seeded) -> None:
    mail = queue_mail(desk.store, kind="photo_link", template="photo_link", to_addr="gone@example.org",
                      message_id=make_message_id("copdesk.test"))
    mark_failed(desk.store, mail.id, "550 no such user")
    assert "• photo_link to gone@example.org: 550 no such user" in compose_digest(desk)
