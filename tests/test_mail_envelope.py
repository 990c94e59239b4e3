"""Outgoing headers: hostile text cleaned, recipients checked, one sender and one recipient per message."""
from __future__ import annotations

import re
from email import message_from_bytes, policy

import pytest

from mail.envelope import AddressRejected, ComposeError, Envelope, Recipient, build_message, check_recipients, \
    clean_line, display_name, message_ids, recipient_for, reply_subject

HOSTILE = ["a\r\nBcc: x@evil.example", "a\nb", "a\vb", "a\fb", "a\x85b", "a\u2028b", "a\u2029b",
           "a\u202eb", "a\u200bb", "a\u2066b", "a\x00b", "a\tb"]
OWN = "untoc.cop@unodc.test"


def envelope(to: Recipient, **changes: object) -> Envelope:
    """Return a plain outgoing message to one recipient."""
    fields = {"from_addr": OWN, "from_name": "Secretariat of the Conference of the Parties (UNODC)", "to": to,
              "subject": "Subject", "text": "Text", "html": "<p>Text</p>", "message_id": "<1.a@unodc.test>"}
    return Envelope(**{**fields, **changes})


@pytest.mark.parametrize("value", HOSTILE)
def test_clean_line_leaves_one_plain_line(value):
    cleaned = clean_line(value)
    assert cleaned.startswith("a") and len(cleaned.splitlines()) == 1
    assert not re.search("[\x00-\x1f\x7f-\x9f\u2028\u2029\u200b\u202e\u2066]", cleaned)


@pytest.mark.parametrize("subject, expected", [
    ("Delegation", "Delegation"),
    ("RE: AW: TR: RV: Fwd: Delegation", "Delegation"),
    ("Re[2]: re: Composition", "Composition"),
    ("  RV:  Composición de la delegación ", "Composición de la delegación"),
    ("Réf: TR : Note verbale", "Note verbale"),
    ("Re: x\r\nBcc: y@evil.example", "x Bcc: y@evil.example"),
    ("Regional delegation", "Regional delegation"),
])
def test_reply_subject_strips_the_stack_of_prefixes(subject, expected):
    assert reply_subject(subject) == expected


def test_message_ids_keep_only_well_formed_ids():
    assert message_ids("<a@b> junk <c d@e> <x@y>\r\nBcc: z") == ["<a@b>", "<x@y>"]


@pytest.mark.parametrize("address, written, smtputf8", [
    ("Pm@Mfa.Example", "Pm@mfa.example", False),
    ("zoe@bücher.example", "zoe@xn--bcher-kva.example", False),
    ("josé@bücher.example", "josé@bücher.example", True),
])
def test_recipient_is_written_as_smtp_needs_it(address, written, smtputf8):
    assert recipient_for(address) == Recipient(written, smtputf8)


@pytest.mark.parametrize("address", ["", "no-at-sign", "a@b@c.example", "x@localhost", "x@mfa.test",
                                     "x@mfa.example\nBcc: y@evil.example", "UNTOC.COP@unodc.test"])
def test_recipient_refuses_what_we_may_not_mail(address):
    with pytest.raises(AddressRejected):
        recipient_for(address, own_address=OWN)


def test_test_environment_allows_special_use_domains():
    assert recipient_for("pm@mission.test", test_environment=True).address == "pm@mission.test"


@pytest.mark.parametrize("name", ['Secretariat (UNODC), Vienna, "COP" <x@y.example>, Treaty Section, Room E-1234',
                                  "Secrétariat, Conférence des Parties à la Convention (ONUDC)", "S" * 200])
def test_from_display_name_never_splits_into_several_addresses(name):
    raw = build_message(envelope(Recipient("pm@mfa.example", False), from_name=name))
    parsed = message_from_bytes(raw, policy=policy.default)
    assert [a.addr_spec for a in parsed["From"].addresses] == [OWN]
    assert len(display_name(name)) <= 64


def test_utf8_recipient_makes_an_smtputf8_message():
    raw = build_message(envelope(Recipient("josé@bücher.example", True), subject="Délégation"))
    assert "To: josé@bücher.example".encode() in raw and "Subject: Délégation".encode() in raw
    ascii_raw = build_message(envelope(Recipient("pm@mfa.example", False), subject="Délégation"))
    assert ascii_raw.isascii() and b"=?utf-8?" in ascii_raw


def test_threading_headers_take_only_well_formed_ids():
    raw = build_message(envelope(Recipient("pm@mfa.example", False), in_reply_to="<m@mfa.example>\r\nBcc: x",
                                 references="<inv@unodc.org> junk <m@mfa.example>"))
    parsed = message_from_bytes(raw, policy=policy.default)
    assert parsed["In-Reply-To"] == "<m@mfa.example>"
    assert parsed["References"] == "<inv@unodc.org> <m@mfa.example>"
    assert parsed["Bcc"] is None


def test_a_malformed_own_message_id_is_refused():
    with pytest.raises(ComposeError):
        build_message(envelope(Recipient("pm@mfa.example", False), message_id="<a@b>\r\nBcc: x@evil.example"))


def test_check_recipients_catches_an_extra_address():
    raw = b"From: a@unodc.test\r\nTo: pm@mfa.example, other@evil.example\r\n\r\nx"
    with pytest.raises(ComposeError):
        check_recipients(raw, "pm@mfa.example", "a@unodc.test")
    with pytest.raises(ComposeError):
        check_recipients(b"From: a@unodc.test\r\nTo: pm@mfa.example\r\nBcc: x@evil.example\r\n\r\nx",
                         "pm@mfa.example", "a@unodc.test")
    check_recipients(b"From: a@unodc.test\r\nTo: pm@mfa.example\r\n\r\nx", "pm@mfa.example", "a@unodc.test")


@pytest.mark.parametrize("subject, smtputf8", [
    ("Re: CU 2009/180(A) - Austrian delegation, WG on Trafficking in Persons, second meeting", False),
    ("Working Group on Trafficking in Persons, second meeting: fotografía para su tarjeta de identificación", True),
    ("Working Group on Trafficking in Persons, second meeting: fotografía para su tarjeta de identificación", False),
    ("Composición de la delegación de Bolivia (Estado Plurinacional de): Working Group on Trafficking", False),
])
def test_long_subjects_read_back_unchanged(subject, smtputf8):
    to = Recipient("josé@bücher.example", True) if smtputf8 else Recipient("pm@mfa.example", False)
    raw = build_message(envelope(to, subject=subject, references=" ".join(f"<{n}.x@mfa.example>" for n in range(20)),
                                 in_reply_to="<19.x@mfa.example>"))
    assert message_from_bytes(raw, policy=policy.default)["Subject"] == subject
    assert max(len(line) for line in raw.split(b"\r\n")) <= 998
