"""Sending the outbox to a real SMTP server (aiosmtpd on loopback): delivered once, retried, failed, recovered."""
from __future__ import annotations

import asyncio
import datetime as dt
import re

import aiosmtplib
import pytest

from mail.smtp import SendSummary, SmtpAccount, SmtpAuthFailed, SmtpUnavailable, check_smtp, retry_delay, \
    run_sender, send_once
from store.links import participant_for_token
from store.outbox import get_mail, list_mail, make_message_id, mark_retry, mark_sending, queue_mail
from store.participants import set_photo
from tests.outbox_rows import DOMAIN, FROM_ADDR, PUBLIC_URL, make_renderer, person, queued, register


@pytest.fixture
def renderer():
    """The renderer over the real templates."""
    return make_renderer()


@pytest.fixture
def account(smtp) -> SmtpAccount:
    """Plain SMTP to the test server."""
    return SmtpAccount(host=smtp.host, port=smtp.port, starttls=False, ssl=False, timeout=5)


def all_mail(store):
    """Every outbox row, oldest first."""
    return list(reversed(list_mail(store)))


def make_due(store) -> None:
    """Bring every queued row's next attempt to now (the clock moving on)."""
    for mail in queued(store):
        mark_retry(store, mail.id, mail.last_error or "", 0)


def body(message, subtype: str = "plain") -> str:
    """Return one alternative of a received message."""
    return message.get_body((subtype,)).get_content()


def now_iso() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()


async def test_confirmation_and_photo_links_are_delivered(store, meeting, smtp, account, renderer):
    _, header_id, update = register(store, "NGA", [
        person("Ngozi Okafor", "n.okafor@mfa.example", head=True, honorific="H.E. Ms."),
        person("Tunde Bakare", "t.bakare@mfa.example")], subject="AW: RE: Delegation to WG-TIP",
        references=["<inv@unodc.org>"])
    summary = await send_once(store, account, renderer)
    assert summary == SendSummary(sent=3)
    received = {e.rcpt_tos[0]: e for e in smtp.envelopes}
    assert [e.rcpt_tos for e in smtp.envelopes] == [["mission@mfa.example"], ["n.okafor@mfa.example"],
                                                    ["t.bakare@mfa.example"]]
    assert all(e.mail_from == FROM_ADDR for e in smtp.envelopes)
    answer = received["mission@mfa.example"].message
    assert answer["Subject"] == "Re: Delegation to WG-TIP"
    assert answer["In-Reply-To"] == header_id and answer["References"] == f"<inv@unodc.org> {header_id}"
    assert answer["Auto-Submitted"] == "auto-replied" and answer["X-Auto-Response-Suppress"] == "All"
    assert answer["To"] == "mission@mfa.example"
    for participant in update.added:
        message = received[participant.email].message
        assert message.get_content_type() == "multipart/alternative"
        assert [p.get_content_type() for p in message.iter_parts()] == ["text/plain", "text/html"]
        assert message["Auto-Submitted"] == "auto-generated"
        token = re.search(rf"{re.escape(PUBLIC_URL)}/photo/([\w-]+)", body(message)).group(1)
        assert token in body(message, "html")
        assert participant_for_token(store, token).id == participant.id
    assert {m.state for m in all_mail(store)} == {"sent"}
    assert [e.message["Message-ID"] for e in smtp.envelopes] == [m.message_id for m in all_mail(store)]
    assert await send_once(store, account, renderer) == SendSummary()
    assert len(smtp.envelopes) == 3


@pytest.mark.parametrize("language, greeting, phrase", [
    ("en", "acknowledges with thanks", "photograph for your conference badge"),
    ("fr", "accuse réception", "photographie pour votre badge"),
    ("es", "acusa recibo", "fotografía para su tarjeta de identificación"),
])
async def test_mail_goes_out_in_the_mission_language(store, meeting, smtp, account, renderer, language, greeting,
                                                     phrase):
    register(store, "CHL", [person("Ana Rojas", "a.rojas@minrel.example")], language=language)
    await send_once(store, account, renderer)
    answer, link = smtp.messages
    assert answer["Content-Language"] == link["Content-Language"] == language
    assert greeting in body(answer) and greeting in body(answer, "html")
    assert phrase in link["Subject"]


async def test_server_down_keeps_mail_queued_then_delivers_each_once(store, meeting, smtp, account, renderer):
    register(store, "AUT", [person("Eva Gruber", "eva.gruber@bmeia.example")])
    smtp.stop()
    summary = await send_once(store, account, renderer)
    assert summary == SendSummary(retried=2)
    for mail in all_mail(store):
        assert mail.state == "queued" and mail.attempts == 1 and mail.next_attempt_at > now_iso()
        assert "unavailable" in mail.last_error
    assert await send_once(store, account, renderer) == SendSummary()  # not due yet
    smtp.start()
    make_due(store)
    assert await send_once(store, account, renderer) == SendSummary(sent=2)
    assert await send_once(store, account, renderer) == SendSummary()
    assert sorted(e.rcpt_tos[0] for e in smtp.envelopes) == ["eva.gruber@bmeia.example", "mission@mfa.example"]
    assert [m.attempts for m in all_mail(store)] == [2, 2]


async def test_permanent_refusal_fails_the_mail_with_the_server_words(store, meeting, smtp, account, renderer):
    register(store, "AUT", [person("Eva Gruber", "eva.gruber@bmeia.example")])
    smtp.reject_permanently("eva.gruber@bmeia.example")
    assert await send_once(store, account, renderer) == SendSummary(sent=1, failed=1)
    failed = [m for m in all_mail(store) if m.kind == "photo_link"][0]
    assert failed.state == "failed" and "550" in failed.last_error and "Mailbox unavailable" in failed.last_error
    assert [e.rcpt_tos for e in smtp.envelopes] == [["mission@mfa.example"]]


async def test_temporary_refusal_is_retried_later(store, meeting, smtp, account, renderer):
    register(store, "AUT", [person("Eva Gruber", "eva.gruber@bmeia.example")])
    smtp.reject_temporarily("*")
    assert await send_once(store, account, renderer) == SendSummary(retried=2)
    mail = all_mail(store)[1]
    assert mail.state == "queued" and "451" in mail.last_error and mail.next_attempt_at > now_iso()
    smtp.accept()
    make_due(store)
    assert await send_once(store, account, renderer) == SendSummary(sent=2)
    assert len(smtp.envelopes) == 2


async def test_interrupted_mail_is_resent_with_the_same_bytes(store, meeting, smtp, account, renderer):
    register(store, "AUT", [person("Eva Gruber", "eva.gruber@bmeia.example")])
    link = queued(store, "photo_link")[0]
    assert mark_sending(store, link.id)
    raw = renderer.render(store, link)
    await aiosmtplib.send(raw, sender=FROM_ADDR, recipients=[link.to_addr], hostname=smtp.host, port=smtp.port)
    # ...and the process dies before mark_sent: the row is left 'sending'.
    summary = await send_once(store, account, renderer, recover=True)
    assert summary == SendSummary(sent=2, requeued=1)
    copies = [e for e in smtp.envelopes if e.rcpt_tos == [link.to_addr]]
    assert len(copies) == 2 and copies[0].content == copies[1].content
    assert copies[1].message["Message-ID"] == link.message_id
    token = re.search(r"/photo/([\w-]+)", body(copies[1].message)).group(1)
    assert participant_for_token(store, token).name == "Eva Gruber"


async def test_hostile_names_and_subjects_add_no_header_or_recipient(store, meeting, smtp, account, renderer):
    register(store, "AUT", [
        person("Eve\r\nBcc: victim@evil.example", "eve@bmeia.example", function="X\nCc: c@evil.example"),
        person("Mallory\u2028To: m@evil.example\u202e", "mallory@bmeia.example")],
        subject="Re: list\r\nBcc: victim@evil.example\r\n\r\nfake body", from_addr="mission@bmeia.example")
    await send_once(store, account, renderer)
    assert sorted(e.rcpt_tos[0] for e in smtp.envelopes) == ["eve@bmeia.example", "mallory@bmeia.example",
                                                             "mission@bmeia.example"]
    for envelope in smtp.envelopes:
        assert len(envelope.rcpt_tos) == 1
        message = envelope.message
        assert message["Bcc"] is None and message["Cc"] is None and len(message.get_all("To")) == 1
        assert "evil" not in message["To"]
    subject = [e.message for e in smtp.envelopes if e.rcpt_tos == ["mission@bmeia.example"]][0]["Subject"]
    assert subject == "Re: list Bcc: victim@evil.example fake body"


async def test_non_ascii_names_and_addresses_are_delivered(store, meeting, smtp, account, renderer):
    register(store, "DEU", [person("José Müller-Łukasz", "josé@bücher.example"),
                            person("Zoë Ñúñez", "zoe@bücher.example")], from_addr="mission@auswärtiges-amt.example")
    assert await send_once(store, account, renderer) == SendSummary(sent=3)
    by_rcpt = {e.rcpt_tos[0]: e for e in smtp.envelopes}
    ministry = "auswärtiges-amt.example".encode("idna").decode()
    assert set(by_rcpt) == {"josé@bücher.example", "zoe@xn--bcher-kva.example", f"mission@{ministry}"}
    assert by_rcpt["josé@bücher.example"].smtputf8
    assert not by_rcpt["zoe@xn--bcher-kva.example"].smtputf8
    assert "José Müller-Łukasz" in body(by_rcpt["josé@bücher.example"].message)
    assert "Zoë Ñúñez" in body(by_rcpt["zoe@xn--bcher-kva.example"].message)


async def test_invalid_address_is_never_mailed(store, meeting, smtp, account, renderer):
    mail = queue_mail(store, kind="reminder_missing", template="reminder_missing", to_addr="pm at mfa dot example",
                      message_id=make_message_id(DOMAIN), context={"entity_code": "NGA", "meeting_code": "wg-tip-2010"})
    assert await send_once(store, account, renderer) == SendSummary(failed=1)
    failed = get_mail(store, mail.id)
    assert failed.state == "failed" and "refused" in failed.last_error
    assert smtp.envelopes == []


async def test_photo_link_after_the_photo_arrived_is_cancelled(store, meeting, smtp, account, renderer):
    _, _, update = register(store, "AUT", [person("Eva Gruber", "eva.gruber@bmeia.example")])
    set_photo(store, update.added[0].id, "photos/eva.jpg")
    assert await send_once(store, account, renderer) == SendSummary(sent=1, cancelled=1)
    assert [m.state for m in all_mail(store)] == ["sent", "cancelled"]


async def test_check_smtp_names_the_problem(smtp_factory):
    server = smtp_factory(user="copdesk", password="s3cret")
    good = SmtpAccount(host=server.host, port=server.port, user="copdesk", password="s3cret", starttls=False,
                       ssl=False, timeout=5)
    await check_smtp(good)
    with pytest.raises(SmtpAuthFailed):
        await check_smtp(SmtpAccount(**{**good.__dict__, "password": "wrong"}))
    server.stop()
    with pytest.raises(SmtpUnavailable):
        await check_smtp(good)


async def test_sender_with_login_delivers(store, meeting, smtp_factory, renderer):
    server = smtp_factory(user="copdesk", password="s3cret")
    register(store, "AUT", [])
    account = SmtpAccount(host=server.host, port=server.port, user="copdesk", password="s3cret", starttls=False,
                          ssl=False, timeout=5)
    assert await send_once(store, account, renderer) == SendSummary(sent=1)


async def test_run_sender_sends_until_stopped(store, meeting, smtp, account, renderer):
    stop = asyncio.Event()
    task = asyncio.create_task(run_sender(store, account, renderer, stop, interval=0.05))
    register(store, "AUT", [person("Eva Gruber", "eva.gruber@bmeia.example")])
    await smtp.wait_for_async(2)
    stop.set()
    await asyncio.wait_for(task, 5)
    assert {m.state for m in all_mail(store)} == {"sent"}


@pytest.mark.parametrize("attempts, seconds", [(1, 30), (2, 60), (3, 120), (7, 1920), (8, 3600), (30, 3600)])
def test_retry_delay_doubles_up_to_an_hour(attempts, seconds):
    assert retry_delay(attempts) == seconds
