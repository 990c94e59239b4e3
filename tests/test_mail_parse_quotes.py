from mail.parse.quotes import split_segments, split_signature

REPLY = """Our list is below.

On 18/12/2009 11:42, UNTOC COP wrote:
> Governments are kindly requested to send information
> Ms. Elena Marchetti
"""

OUTLOOK = """Well received with thanks.

________________________________
From: UNTOC COP [mailto:untoc.cop@unodc.org]
Sent: Friday, 18 December 2009 6:42 PM
To: Mission
Subject: CU 2009/180(A)

Excellency,
"""

FORWARD = """See below.

From: Patel, Anjali [mailto:Anjali.Patel@homeoffice.gov.uk]
Sent: 12 January 2010 16:03
To: Tom
Subject: delegation

Mr Mark EVANS - Inspector
"""


def test_reply_quote_is_separated_and_recognised_as_the_secretariat():
    segments = split_segments(REPLY)
    assert [s.kind for s in segments] == ["own", "quoted"]
    assert segments[1].is_secretariat()


def test_outlook_header_block_starts_a_secretariat_segment():
    segments = split_segments(OUTLOOK)
    assert segments[-1].kind == "forwarded" and segments[-1].is_secretariat()


def test_forward_from_the_capital_is_not_the_secretariat():
    segments = split_segments(FORWARD)
    assert segments[-1].kind == "forwarded"
    assert not segments[-1].is_secretariat()
    assert "Mr Mark EVANS - Inspector" in segments[-1].lines


def test_signature_starts_at_the_closing_formula():
    lines = ["Dear Sir,", "1. Mr. A B", "", "Best regards,", "Jane WRITER", "Tel: +1 2"]
    text, signature = split_signature(lines)
    assert text == lines[:3] and signature[1] == "Jane WRITER"
