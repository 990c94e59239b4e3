"""Composing outbox rows: contexts from the store, links issued at render time, bytes kept, safe headers."""
from __future__ import annotations

import datetime as dt
import re
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest

from mail.compose import MailObsolete, digest_html, format_date, format_period, sentence_title
from mail.envelope import AddressRejected, ComposeError
from store.links import participant_for_token
from store.outbox import get_mail, make_message_id, queue_mail
from store.participants import mark_email_failing, set_photo
from tests.outbox_rows import DOMAIN, PUBLIC_URL, make_renderer, person, queued, register

@pytest.fixture
def renderer():
    """The renderer over the real templates."""
    return make_renderer()


def parse(raw: bytes) -> EmailMessage:
    """Read composed bytes back."""
    return message_from_bytes(raw, policy=policy.default)


def text_of(raw: bytes) -> str:
    """Return the text/plain part of composed bytes."""
    return parse(raw).get_body(("plain",)).get_content()


@pytest.mark.parametrize("language, date_text, period", [
    ("en", "15 January 2010", "from 27 to 29 January 2010"),
    ("fr", "15 janvier 2010", "du 27 au 29 janvier 2010"),
    ("es", "15 de enero de 2010", "del 27 al 29 de enero de 2010"),
])
def test_dates_read_as_a_letter_writes_them(language, date_text, period):
    assert format_date(dt.date(2010, 1, 15), language) == date_text
    assert format_period("2010-01-27", "2010-01-29", language) == period


def test_period_across_months_and_first_of_month():
    assert format_period("2010-01-30", "2010-02-02", "en") == "from 30 January to 2 February 2010"
    assert format_period("2010-01-30", "2010-02-01", "fr") == "du 30 janvier au 1er février 2010"
    assert format_period("2010-01-30", "2010-02-02", "es") == "del 30 de enero al 2 de febrero de 2010"


def test_sentence_title_lowers_an_ordinal_only():
    assert sentence_title("Second meeting of the Working Group") == "second meeting of the Working Group"
    assert sentence_title("Working Group on Trafficking") == "Working Group on Trafficking"


def test_confirmation_threads_under_the_mission_message(store, meeting, renderer):
    _, header_id, _ = register(store, "NGA", [person("John Smith", "john.smith@mfa.example", head=True,
                                                     honorific="H.E. Mr.", function="Ambassador")],
                               subject="RE: AW: Composition of the delegation", references=["<inv@unodc.org>"])
    mail = queued(store, "confirmation")[0]
    msg = parse(renderer.render(store, mail))
    assert msg["Subject"] == "Re: Composition of the delegation"
    assert msg["In-Reply-To"] == header_id
    assert msg["References"] == f"<inv@unodc.org> {header_id}"
    assert msg["Message-ID"] == mail.message_id
    assert msg["Auto-Submitted"] == "auto-replied"
    assert msg["X-Auto-Response-Suppress"] == "All"
    text = text_of(renderer.render(store, mail))
    assert "H.E. Mr. John Smith (Head of delegation)" in text and "Ambassador" in text
    assert "15 January 2010" in text and "replying to this e-mail" in text


def test_confirmation_names_unusable_addresses(store, meeting, renderer):
    register(store, "NGA", [person("Ada Obi", "ada@mfa.example"),
                            person("Bola Ade", None, email_as_written="bola(at)mfa..example")])
    mark_email_failing(store, "ada@mfa.example")
    text = text_of(renderer.render(store, queued(store, "confirmation")[0]))
    assert "bola(at)mfa..example" in text and "ada@mfa.example" in text
    assert "could not be used" in text


def test_amendment_confirms_the_change_and_lists_everyone(store, meeting, renderer):
    register(store, "ARG", [person("Ana Pérez", "ana@mrecic.example", head=True)], language="es")
    register(store, "ARG", [person("Luis Gómez", "luis@mrecic.example", honorific="Sr.")], language="es",
             amendment=True, subject="RV: Ampliación de la delegación")
    mail = [m for m in queued(store, "confirmation") if m.context["amendment"]][0]
    raw = renderer.render(store, mail)
    text = text_of(raw)
    assert parse(raw)["Subject"] == "Re: Ampliación de la delegación"
    assert "Sr. Luis Gómez: incorporado(a) a la delegación" in text
    assert "1. Ana Pérez (jefe(a) de la delegación)" in text and "2. Sr. Luis Gómez" in text


def test_a_later_list_is_confirmed_as_a_change_even_unflagged(store, meeting, renderer):
    register(store, "ARG", [person("Ana Pérez", "ana@mrecic.example")])
    register(store, "ARG", [person("Luis Gómez", "luis@mrecic.example")], subject="RE: Delegación")
    first, second = (text_of(renderer.render(store, m)) for m in queued(store, "confirmation"))
    assert "have been registered" in first and "amending" not in first
    assert "amending the composition" in second and "Luis Gómez: added to the delegation" in second
    assert "1. Ana Pérez" in second and "2. Luis Gómez" in second


def test_render_keeps_the_bytes_so_a_retry_sends_the_same_link(store, meeting, renderer):
    _, _, update = register(store, "NGA", [person("Ada Obi", "ada@mfa.example")])
    mail = queued(store, "photo_link")[0]
    raw = renderer.render(store, mail)
    kept = get_mail(store, mail.id)
    assert kept.raw == raw
    assert renderer.render(store, kept) == raw
    token = re.search(rf"{re.escape(PUBLIC_URL)}/photo/([\w-]+)", text_of(raw)).group(1)
    assert participant_for_token(store, token).id == update.added[0].id


def test_a_new_link_revokes_the_one_before(store, meeting, renderer):
    _, _, update = register(store, "NGA", [person("Ada Obi", "ada@mfa.example")])
    first = renderer.render(store, queued(store, "photo_link")[0])
    again = queue_mail(store, kind="reminder_photo", template="reminder_photo", to_addr="ada@mfa.example",
                       message_id=make_message_id(DOMAIN),
                       context={"participant": update.added[0].id, "meeting_code": "wg-tip-2010"})
    second = renderer.render(store, again)
    tokens = [re.search(r"/photo/([\w-]+)", text_of(raw)).group(1) for raw in (first, second)]
    assert participant_for_token(store, tokens[0]) is None
    assert participant_for_token(store, tokens[1]).name == "Ada Obi"
    assert "new personal link" in text_of(second)


def test_photo_link_is_obsolete_once_the_photo_arrived(store, meeting, renderer):
    _, _, update = register(store, "NGA", [person("Ada Obi", "ada@mfa.example")])
    set_photo(store, update.added[0].id, "photos/ada.jpg")
    with pytest.raises(MailObsolete):
        renderer.render(store, queued(store, "photo_link")[0])


@pytest.mark.parametrize("address", ["not an address", "a@b@c.example", "x@localhost", "x@mfa.invalid",
                                     "x@mfa.example\r\nBcc: y@evil.example", "UNTOC.COP@unodc.test"])
def test_addresses_we_may_not_mail_are_refused(store, meeting, renderer, address):
    mail = queue_mail(store, kind="reminder_missing", template="reminder_missing", to_addr=address,
                      message_id=make_message_id(DOMAIN), context={"entity_code": "NGA", "meeting_code": "wg-tip-2010"})
    with pytest.raises(AddressRejected):
        renderer.render(store, mail)
    assert get_mail(store, mail.id).raw is None


def test_reminder_to_a_silent_mission_names_it_in_its_language(store, meeting, renderer):
    mail = queue_mail(store, kind="reminder_missing", template="reminder_missing", to_addr="pm@mae.example",
                      language="fr", message_id=make_message_id(DOMAIN),
                      context={"entity_code": "DZA", "meeting_code": "wg-tip-2010"})
    raw = renderer.render(store, mail)
    assert "(Algérie)" in text_of(raw) and parse(raw)["Auto-Submitted"] == "auto-generated"
    assert parse(raw)["Content-Language"] == "fr"


def test_unknown_template_fails_clearly(store, meeting, renderer):
    mail = queue_mail(store, kind="x", template="../../etc/passwd", to_addr="pm@mae.example",
                      message_id=make_message_id(DOMAIN), context={"meeting_code": "wg-tip-2010"})
    with pytest.raises(ComposeError, match="unknown mail template"):
        renderer.render(store, mail)


def test_digest_keeps_formatting_and_escapes_everything_else(store, renderer):
    html = digest_html('<b>Totals</b> <script>alert(1)</script> <a href="https://x.example/?a=1&b=2">x</a>'
                       '<a href="javascript:alert(1)">y</a>')
    assert "<b>Totals</b>" in html and "<script>" not in html and "&lt;script&gt;" in html
    assert '<a href="https://x.example/?a=1&amp;b=2">' in html and 'href="javascript' not in html
    mail = queue_mail(store, kind="digest", template="digest", to_addr="lead@unodc.example",
                      message_id=make_message_id(DOMAIN),
                      context={"subject": "Digest\r\nBcc: x@evil.example", "text": "5 new", "html": "<b>5</b> new"})
    msg = parse(renderer.render(store, mail))
    assert msg["Subject"] == "Digest Bcc: x@evil.example" and msg["Bcc"] is None
    assert "<b>5</b> new" in msg.get_body(("html",)).get_content()
