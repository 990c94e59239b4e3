"""The review queue: cards, change sender, accept, dismiss, show original."""
from __future__ import annotations

from bot.desk import Desk
from bot.replies import Asker, Turn
from bot.review import accept, dismiss, original, pick_sender, review, sender_answer
from store.delegations import find_delegation
from store.outbox import list_mail
from store.reviews import get_review
from tests.bot_fixtures import ADMIN, Seeded


def turn(args: str = "") -> Turn:
    """Return a turn by the admin."""
    return Turn(Asker(ADMIN, ADMIN, admin=True), args)


def test_review_card_shows_extraction_warnings_and_buttons(desk: Desk, seeded: Seeded) -> None:
    header, card = review(desk, turn())
    assert "1 message to review" in header.text
    assert "Sra. Camila Rojas (head) — Embajadora, crojas@minrel.gob.cl" in card.text
    assert "⚠ head of delegation not marked" in card.text
    assert "Sender: <i>unknown</i>" in card.text
    assert [b.label for row in card.buttons for b in row] == ["Accept", "Change sender", "Not a delegation",
                                                              "Show original"]


def test_accept_without_sender_asks_for_one(desk: Desk, seeded: Seeded) -> None:
    (reply,) = accept(desk, turn(str(seeded.review)))
    assert "Choose the sender first" in reply.text
    assert get_review(desk.store, seeded.review).state == "open"
    assert list_mail(desk.store) == []


def test_ambiguous_sender_offers_choices_then_accept_twice_confirms_once(desk: Desk, seeded: Seeded) -> None:
    (choice,) = sender_answer(desk, turn("united"), seeded.review)
    assert any(b.data == f"rv:e:{seeded.review}:USA" for row in choice.buttons for b in row)
    pick_sender(desk, turn(f"{seeded.review}:CHL"))
    (done,) = accept(desk, turn(str(seeded.review)))
    (again,) = accept(desk, turn(str(seeded.review)))
    assert "accepted" in done.text and "already been handled" in again.text
    assert find_delegation(desk.store, "wg-tip-2010", "CHL").state == "confirmed"
    assert sorted(m.kind for m in list_mail(desk.store)) == ["confirmation", "photo_link"]


def test_not_a_delegation_records_and_sends_nothing(desk: Desk, seeded: Seeded) -> None:
    (reply,) = dismiss(desk, turn(str(seeded.review)))
    assert "not a delegation" in reply.text
    assert get_review(desk.store, seeded.review).state == "dismissed"
    assert list_mail(desk.store) == [] and find_delegation(desk.store, "wg-tip-2010", "CHL") is None


def test_show_original_returns_the_raw_message(desk: Desk, seeded: Seeded) -> None:
    (reply,) = original(desk, turn(str(seeded.review)))
    assert reply.document.filename.endswith(".eml") and b"minrel.gob.cl" in reply.document.data


def test_accepting_a_message_that_lists_nobody_registers_nothing(desk: Desk, seeded: Seeded) -> None:
    from store.reviews import open_review
    from tests.bot_fixtures import stored_message

    question = stored_message(desk.store, "Visa letter?", "mission@mfa.gov.lk", "LKA", [])
    item = open_review(desk.store, question, "wg-tip-2010", "question", "LKA")
    (reply,) = accept(desk, turn(str(item.id)))
    assert "lists nobody" in reply.text
    assert [b.data for row in reply.buttons for b in row] == [f"rv:d:{item.id}"]
    assert get_review(desk.store, item.id).state == "open"
    assert find_delegation(desk.store, "wg-tip-2010", "LKA") is None and list_mail(desk.store) == []
