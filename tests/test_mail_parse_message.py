import time

import pytest

from mail.parse import parse_message
from mail.parse.message import decode_header_value, read_mail


def test_unknown_charset_is_guessed_with_a_warning():
    raw = ("From: a@b.org\nSubject: x\nContent-Type: text/plain; charset=x-unknown\n"
           "Content-Transfer-Encoding: 8bit\n\nMme Hélène ROUSSEAU").encode("utf-8")
    mail = read_mail(raw)
    assert "Hélène" in mail.sections[0].text
    assert any("charset" in w for w in mail.warnings)


def test_latin1_body_declared_as_utf8_still_decodes():
    raw = b"From: a@b.org\nContent-Type: text/plain; charset=utf-8\n\nM. Jos\xe9 P\xc9REZ, conseiller"
    assert "José PÉREZ" in read_mail(raw).sections[0].text


@pytest.mark.parametrize("value, expected", [
    ("=?iso-8859-1?q?D=E9l=E9gation?= du =?utf-8?b?U8OpbsOpZ2Fs?=", "Délégation du Sénégal"),
    ("=?x-unknown?q?abc?=", "abc"),
])
def test_encoded_headers(value, expected):
    assert decode_header_value(value) == expected


@pytest.mark.parametrize("header", [
    b"Message-ID: <[abc]@x>\n", b'To: "\n', b"Content-Type: text/plain; name*=\n",
    b"From: \xff\xfe <<@>>\n", b"Date: yesterday\n", b"Subject: =?utf-8?b?####?=\n",
])
def test_malformed_headers_never_raise(header):
    raw = b"From: a@b.org\n" + header + b"\nHello"
    result = parse_message(raw)
    assert result.kind == "other"


def test_huge_subject_is_bounded_and_fast():
    raw = b"From: a@b.org\nSubject: " + b"x" * 1_000_000 + b"\n\nHello"
    started = time.perf_counter()
    result = parse_message(raw)
    assert time.perf_counter() - started < 2
    assert len(result.subject) <= 2000
    assert any("header" in w for w in result.warnings)


def test_deeply_nested_multipart_is_cut_off():
    raw = b"From: a@b.org\nContent-Type: multipart/mixed; boundary=b0\n\n"
    for i in range(1, 60):
        raw += f"--b{i - 1}\nContent-Type: multipart/mixed; boundary=b{i}\n\n".encode()
    result = parse_message(raw)
    assert result.kind == "other"


def test_forwarded_message_attachment_is_read():
    raw = b"""From: a@mission.org
Subject: FW: delegation
Content-Type: multipart/mixed; boundary=X

--X
Content-Type: text/plain

See attached.
--X
Content-Type: message/rfc822

From: capital@mfa.gov.xx
Subject: delegation

Our delegation:

1. Mr. Paul MARTIN, Director, p.martin@mfa.gov.xx
--X--
"""
    assert [p.name for p in parse_message(raw).participants] == ["Paul MARTIN"]
