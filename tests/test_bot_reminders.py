"""Reminders (preview, confirm once) and resending a photo link."""
from __future__ import annotations

from bot.desk import Desk
from bot.reminders import confirm_reminders, remind, resend
from bot.replies import Asker, Turn
from store.links import issue_link, links_of
from store.outbox import list_mail
from tests.bot_fixtures import ADMIN, Seeded, stored_message


def turn(args: str = "") -> Turn:
    """Return a turn by the admin."""
    return Turn(Asker(ADMIN, ADMIN, admin=True), args)


def test_preview_queues_nothing(desk: Desk, seeded: Seeded) -> None:
    (preview,) = remind(desk, turn("photos"))
    assert "2 e-mails" in preview.text and "Your photograph" in preview.text
    assert [b.data for row in preview.buttons for b in row] == ["rm:photos", "rm:cancel"]
    assert list_mail(desk.store) == []


def test_confirm_twice_queues_each_reminder_once(desk: Desk, seeded: Seeded) -> None:
    confirm_reminders(desk, turn("photos"))
    (again,) = confirm_reminders(desk, turn("photos"))
    assert "Queued 0 reminders (2 had already been reminded today)" in again.text
    assert len(list_mail(desk.store)) == 2


def test_missing_reminder_goes_to_the_last_address_in_its_language(desk: Desk, seeded: Seeded) -> None:
    stored_message(desk.store, "Question sur la réunion", "mission@diplomatie.gouv.fr", "FRA", [], "fr")
    (preview,) = remind(desk, turn("missing"))
    assert "France — mission@diplomatie.gouv.fr [fr]" in preview.text
    assert "Not reachable (no usable address): 190" in preview.text
    confirm_reminders(desk, turn("missing"))
    (mail,) = list_mail(desk.store)
    assert (mail.template, mail.language, mail.context["entity_code"]) == ("reminder_missing", "fr", "FRA")


def test_cancel_queues_nothing(desk: Desk, seeded: Seeded) -> None:
    (reply,) = confirm_reminders(desk, turn("cancel"))
    assert "Cancelled" in reply.text and list_mail(desk.store) == []


def test_resend_revokes_the_old_link_and_queues_a_new_one(desk: Desk, seeded: Seeded) -> None:
    issue_link(desk.store, seeded.bob)
    (reply,) = resend(desk, turn("bob"))
    assert "New photo link queued" in reply.text and "1 old link revoked" in reply.text
    assert all(link.revoked_at for link in links_of(desk.store, seeded.bob))
    (mail,) = list_mail(desk.store)
    assert (mail.kind, mail.participant) == ("photo_link", seeded.bob)
    resend(desk, turn("bob"))
    assert len(list_mail(desk.store)) == 2


def test_resend_refuses_when_the_photo_is_in(desk: Desk, seeded: Seeded) -> None:
    (reply,) = resend(desk, turn("Amina"))
    assert "already sent a photo" in reply.text and list_mail(desk.store) == []
