import pytest

from mail.parse import parse_message

BODY = "Je suis absent du bureau. Pour toute question, contactez Mme Sophie LAMBERT (sl@diplobel.be).\n"


def mail(extra: str, subject: str = "Re: CU 2009/180(A)", body: str = BODY, sender: str = "m@diplobel.fed.be") -> bytes:
    return (f"From: {sender}\nTo: untoc.cop@unodc.org\nSubject: {subject}\n{extra}"
            f"Content-Type: text/plain; charset=utf-8\n\n{body}").encode()


@pytest.mark.parametrize("extra, subject, automatic", [
    ("Auto-Submitted: auto-replied\n", "Re: x", "auto-reply"),
    ("Auto-Submitted: auto-generated\n", "Re: x", "auto-reply"),
    ("X-Autoreply: yes\n", "Re: x", "auto-reply"),
    ("Precedence: auto_reply\n", "Re: x", "auto-reply"),
    ("", "Out of Office: CU 2009/180(A)", "auto-reply"),
    ("", "Réponse automatique : CU 2009/180(A)", "auto-reply"),
    ("List-Id: <missions.lists.example.org>\n", "News", "mailing-list"),
    ("List-Unsubscribe: <mailto:leave@lists.example.org>\n", "News", "mailing-list"),
    ("Precedence: bulk\n", "News", "mailing-list"),
    ("Auto-Submitted: no\n", "Re: x", None),
])
def test_automatic_mail_is_never_a_delegation(extra, subject, automatic):
    result = parse_message(mail(extra, subject))
    assert result.automatic == automatic
    if automatic:
        assert result.kind == "other" and result.participants == [] and result.reason == automatic


BOUNCE = b"""Return-Path: <>
From: MAILER-DAEMON@mx1.example.org
To: untoc.cop@unodc.org
Subject: Undelivered Mail Returned to Sender
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="B"

--B
Content-Type: text/plain

<un.vienna@mfa.gov.bb>: host said: 550 5.1.1 User unknown

--B
Content-Type: message/delivery-status

Reporting-MTA: dns; mx1.example.org

Final-Recipient: rfc822; un.vienna@mfa.gov.bb
Action: failed
Status: 5.1.1

--B
Content-Type: message/rfc822

From: untoc.cop@unodc.org
To: un.vienna@mfa.gov.bb
Subject: CU 2009/180(A)

Governments are kindly requested to send information. Ms. Elena MARCHETTI, elena@unodc.org
--B--
"""


def test_bounce_gives_the_failed_address_and_no_sender():
    result = parse_message(BOUNCE)
    assert (result.kind, result.automatic, result.reason) == ("other", "bounce", "bounce")
    assert result.bounced_addresses == ["un.vienna@mfa.gov.bb"]
    assert result.sender is None and result.return_path_null
