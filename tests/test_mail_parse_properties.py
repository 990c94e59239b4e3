"""parse_message never raises: arbitrary bytes and mutations of well-formed messages."""
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mail.parse import Extraction, parse_message

SEEDS = [
    b"From: Writer <w@mfa.gov.xx>\nTo: untoc.cop@unodc.org\nSubject: Delegation\n"
    b"Content-Type: text/plain; charset=utf-8\n\nOur delegation:\n\n1. H.E. Mr. Emeka OKAFOR\n"
    b"   Ambassador - Head of Delegation\n   E-mail: e.okafor@mission.org\n\nBest regards,\nA B\n",
    b"From: a@b.org\nContent-Type: multipart/alternative; boundary=Z\n\n--Z\nContent-Type: text/plain\n\nx\n"
    b"--Z\nContent-Type: text/html; charset=iso-8859-1\n\n<table><tr><td>Nom</td><td>Courriel</td></tr>"
    b"<tr><td>Jean DUPONT</td><td>jd@gouv.fr</td></tr></table>\n--Z--\n",
    b"Return-Path: <>\nFrom: MAILER-DAEMON@x\nContent-Type: multipart/report; report-type=delivery-status; "
    b"boundary=B\n\n--B\nContent-Type: message/delivery-status\n\nFinal-Recipient: rfc822; a@b.c\n--B--\n",
]


def check(raw: bytes) -> None:
    result = parse_message(raw)
    assert isinstance(result, Extraction)
    assert result.kind in ("delegation", "other")
    result.to_contract("f")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=3000))
def test_arbitrary_bytes(raw):
    check(raw)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(SEEDS), st.lists(st.tuples(st.integers(0, 10_000), st.binary(max_size=20)), max_size=8),
       st.integers(0, 10_000))
def test_mutated_messages(seed, edits, cut):
    raw = bytearray(seed)
    for position, insert in edits:
        position %= len(raw) + 1
        raw[position:position + len(insert) // 2] = insert
    check(bytes(raw[: max(cut, 1)]) if cut < len(raw) else bytes(raw))


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=400))
def test_arbitrary_text_bodies(body):
    check(b"From: a@b.org\nSubject: x\nContent-Type: text/plain; charset=utf-8\n\n" + body.encode("utf-8", "surrogatepass"))
