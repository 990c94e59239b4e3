"""Tests for mail.pipeline: what an incoming message causes (real parser, real store)."""
from __future__ import annotations

from pathlib import Path

import pytest

from mail.headers import message_id_of
from mail.pipeline import MailOptions, handle_message, handle_pending
from store.audit import recent_actions
from store.db import Store
from store.delegations import find_delegation
from store.messages import Incoming, get_message, get_raw, store_message
from store.outbox import list_mail
from store.participants import by_email
from store.reviews import open_reviews
from tests.mails import AUSTRIA, OUR_ADDRESS, auto_reply, bounce, delegation_mail

DEMO = Path(__file__).resolve().parents[1] / "copdesk" / "data" / "demo-mailbox"
NESTED = (b"From: a@example.org\r\nMessage-ID: <nested@example.org>\r\n"
          b"Content-Type: multipart/mixed; boundary=b0\r\n\r\n"
          + b"".join(b"--b%d\r\nContent-Type: multipart/mixed; boundary=b%d\r\n\r\n" % (i, i + 1) for i in range(3000)))


@pytest.fixture
def options(meeting) -> MailOptions:
    """Pipeline options for the bundled meeting."""
    return MailOptions(meeting.code, "copdesk.test", (OUR_ADDRESS,))


def received(store: Store, raw: bytes) -> int:
    """Store a raw message as the poller would and return its id."""
    return store_message(store, Incoming(raw=raw, source="imap", message_id=message_id_of(raw)))[0]


def handled(store: Store, raw: bytes, options: MailOptions):
    """Store and handle one message; return the outcome."""
    return handle_message(store, received(store, raw), options)


def sent(store: Store) -> list[tuple[str, str]]:
    """Return (kind, to_addr) of every outbox row, oldest first."""
    return [(m.kind, m.to_addr) for m in reversed(list_mail(store))]


def test_confident_list_is_confirmed_threaded_with_photo_links(store, options):
    outcome = handled(store, delegation_mail(msg_id="<list-1@bmeia.gv.at>"), options)
    assert (outcome.action, outcome.sender_code) == ("confirmed", "AUT")
    confirmation = list_mail(store, "queued")[-1]
    assert (confirmation.kind, confirmation.in_reply_to) == ("confirmation", "<list-1@bmeia.gv.at>")
    assert confirmation.references == "<list-1@bmeia.gv.at>"
    assert sent(store)[1:] == [("photo_link", p[3]) for p in AUSTRIA]
    assert find_delegation(store, options.meeting_code, "AUT").state == "confirmed"


def test_extraction_is_recorded_on_the_message(store, options):
    outcome = handled(store, delegation_mail(), options)
    message = get_message(store, outcome.message)
    assert (message.kind, message.sender_code, message.parse_status) == ("delegation", "AUT", "parsed")
    assert message.extraction["sender"] == {"code": "AUT", "name": "Austria", "iso3": "AUT"}
    assert [p["email"] for p in message.extraction["participants"]] == [p[3] for p in AUSTRIA]
    assert message.handled_at and message.meeting_code == options.meeting_code


def test_a_message_is_handled_once(store, options):
    message = received(store, delegation_mail())
    first = handle_message(store, message, options)
    again = handle_message(store, message, options)
    assert (first.action, again.action) == ("confirmed", "skipped")
    assert len(sent(store)) == 1 + len(AUSTRIA)


def test_always_review_holds_the_list_and_sends_nothing(store, options):
    options.always_review = True
    outcome = handled(store, delegation_mail(), options)
    assert (outcome.action, outcome.reason) == ("review", "always review")
    assert sent(store) == []
    assert [r.message for r in open_reviews(store)] == [outcome.message]
    assert find_delegation(store, options.meeting_code, "AUT").state == "needs_review"


def test_unknown_sender_goes_to_review_without_a_delegation(store, options):
    people = [("Ms.", "Ana Mer", "Director, Ministry of the Sea", "ana.mer@atlantis.example")]
    raw = delegation_mail(people, country="Atlantis", sender="registry@atlantis.example")
    outcome = handled(store, raw, options)
    assert (outcome.action, outcome.reason, outcome.sender_code) == ("review", "sender unknown", None)
    assert sent(store) == []


def test_review_of_a_later_message_keeps_a_confirmed_delegation_confirmed(store, options):
    handled(store, delegation_mail(), options)
    options.always_review = True
    outcome = handled(store, delegation_mail([*AUSTRIA, ("Mr.", "Paul Berger", "Adviser", "paul.berger@bmi.gv.at")]),
                      options)
    assert outcome.action == "review"
    assert find_delegation(store, options.meeting_code, "AUT").state == "confirmed"


@pytest.mark.parametrize("raw", [
    auto_reply(),
    auto_reply(headers="Precedence: auto_reply\n"),
    auto_reply(headers="X-Autoreply: yes\n"),
    delegation_mail(headers="List-Id: Missions <missions.lists.example.org>\n"),
    delegation_mail(headers="Precedence: bulk\n"),
    delegation_mail(headers="Auto-Submitted: auto-generated\n"),
    delegation_mail(headers="Return-Path: <>\n"),
    delegation_mail(sender=OUR_ADDRESS),
    delegation_mail(headers=f"Reply-To: {OUR_ADDRESS.upper()}\n"),
    bounce("jana.horvat@bmeia.gv.at", "<x@copdesk.test>"),
], ids=["auto-submitted", "precedence-auto-reply", "x-autoreply", "list-id", "precedence-bulk", "auto-generated",
        "null-return-path", "our-own-mail", "reply-to-us", "bounce"])
def test_automatic_and_own_mail_gets_no_answer(store, options, raw):
    outcome = handled(store, raw, options)
    assert outcome.action != "confirmed"
    assert sent(store) == []


def test_automatic_answer_to_our_confirmation_gets_nothing(store, options):
    handled(store, delegation_mail(), options)
    ours = list_mail(store, "queued")[-1].message_id
    quoting = delegation_mail(subject="Automatic reply: your confirmation", msg_id="<ooo-1@bmeia.gv.at>",
                              headers=f"In-Reply-To: {ours}\nReferences: {ours}\nX-Auto-Response-Suppress: All\n")
    before = sent(store)
    outcome = handled(store, quoting, options)
    assert outcome.action != "confirmed"
    assert sent(store) == before


def test_loop_between_two_responders_cannot_start(store, options):
    """Another copdesk answers our confirmation with its own (auto-replied) confirmation: we stay silent."""
    handled(store, delegation_mail(), options)
    ours = list_mail(store, "queued")[-1]
    their_answer = delegation_mail(sender=ours.to_addr, subject="Re: Confirmation",
                                   headers=f"In-Reply-To: {ours.message_id}\nAuto-Submitted: auto-replied\n")
    before = sent(store)
    assert handled(store, their_answer, options).action == "ignored"
    assert sent(store) == before


def test_daily_cap_stops_repeated_answers_to_one_sender(store, options):
    """A responder that marks nothing as automatic still gets at most max_answers_per_day answers."""
    outcomes = [handled(store, delegation_mail(subject=f"Re: Confirmation {i}"), options) for i in range(5)]
    assert [o.action for o in outcomes] == ["confirmed"] * 3 + ["review"] * 2
    assert outcomes[-1].reason == "daily answer limit reached"
    assert [kind for kind, _ in sent(store)].count("confirmation") == 3


def test_bounce_of_our_mail_marks_the_address_failing_and_is_audited(store, options):
    handled(store, delegation_mail(), options)
    link = next(m for m in list_mail(store) if m.to_addr == "jana.horvat@bmeia.gv.at")
    before = sent(store)
    outcome = handled(store, bounce("jana.horvat@bmeia.gv.at", link.message_id), options)
    assert outcome.action == "bounce"
    assert [p.email_state for p in by_email(store, "jana.horvat@bmeia.gv.at")] == ["failing"]
    assert [p.email_state for p in by_email(store, "gerhard.weissenboeck@bmeia.gv.at")] == ["ok"]
    entry = recent_actions(store)[0]
    assert (entry.action, entry.detail["addresses"], entry.detail["our_mail"]) == (
        "bounce", ["jana.horvat@bmeia.gv.at"], [link.message_id])
    assert sent(store) == before


def test_not_attending_is_recorded_as_declined_without_answer(store, options):
    outcome = handled(store, (DEMO / "12-finland-not-attending.eml").read_bytes(), options)
    assert (outcome.action, outcome.sender_code) == ("declined", "FIN")
    assert find_delegation(store, options.meeting_code, "FIN").state == "declined"
    assert sent(store) == []


def test_question_from_a_known_mission_waits_for_a_human(store, options):
    outcome = handled(store, (DEMO / "10-sri-lanka-visa-question.eml").read_bytes(), options)
    assert (outcome.action, outcome.reason) == ("review", "question")
    assert sent(store) == []


@pytest.mark.parametrize("raw", [NESTED, b"\x00\xff garbage \x81" * 200, b""], ids=["nested", "garbage", "empty"])
def test_malformed_mail_is_kept_and_flagged_for_review(store, options, raw):
    outcome = handled(store, raw, options)
    message = get_message(store, outcome.message)
    assert (outcome.action, message.parse_status) == ("unreadable", "failed")
    assert get_raw(store, outcome.message) == raw
    assert [r.reason for r in open_reviews(store)] == ["malformed mail"]
    assert message.handled_at and sent(store) == []


def test_failure_while_acting_flags_the_message_and_the_next_is_handled(store):
    options = MailOptions("no-such-meeting", "copdesk.test", (OUR_ADDRESS,))  # delegations need a loaded meeting
    broken = handled(store, delegation_mail(), options)
    assert broken.action == "unreadable" and "IntegrityError" in broken.reason
    assert get_message(store, broken.message).parse_status == "failed"
    assert sent(store) == []
    assert handled(store, auto_reply(), options).action == "ignored"


def test_handle_pending_handles_every_stored_message(store, options):
    ids = [received(store, raw) for raw in (delegation_mail(), auto_reply(), NESTED)]
    outcomes = handle_pending(store, options)
    assert [o.message for o in outcomes] == ids
    assert all(get_message(store, i).handled_at for i in ids)
    assert handle_pending(store, options) == []
