"""Raw e-mails for the mail tests and the bench: mission lists, auto-replies, bounces, list mail."""
from __future__ import annotations

import itertools
from email.utils import format_datetime
from datetime import datetime, timedelta, timezone

OUR_ADDRESS = "untoc.cop@unodc.org"
_serial = itertools.count(1)

AUSTRIA = [
    ("Dr.", "Gerhard Weissenboeck", "Deputy Director, Federal Ministry for European and International Affairs",
     "gerhard.weissenboeck@bmeia.gv.at"),
    ("Ms.", "Jana Horvat", "Attache, Permanent Mission of Austria to the United Nations (Vienna)",
     "jana.horvat@bmeia.gv.at"),
]


def _date(offset: int = 0) -> str:
    """Return a Date header value, a few seconds apart per message."""
    return format_datetime(datetime(2010, 1, 11, 9, 0, tzinfo=timezone.utc) + timedelta(seconds=offset))


def message_id(domain: str = "bmeia.gv.at") -> str:
    """Return a fresh Message-ID at domain."""
    return f"<{next(_serial):06d}.list@{domain}>"


def delegation_mail(people: list[tuple[str, str, str, str]] = AUSTRIA, country: str = "Austria",
                    sender: str = "elisabeth.brandstaetter@bmeia.gv.at", msg_id: str | None = None,
                    headers: str = "", subject: str | None = None) -> bytes:
    """Return a mission's e-mail listing its delegation (the first person heads it)."""
    msg_id = msg_id or message_id(sender.split("@")[1])
    head, *members = people
    lines = [f"{h} {n}, {f}, {e}" for h, n, f, e in members]
    subject = subject or f"CU 2009/180(A) - {country}: delegation to the Working Group on Trafficking in Persons"
    text = f"""\
From: Permanent Mission of {country} <{sender}>
To: {OUR_ADDRESS}
Subject: {subject}
Date: {_date(next(_serial))}
Message-ID: {msg_id}
{headers}MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: 8bit

Dear colleagues,

In reply to your note CU 2009/180(A), please find below the delegation of {country} to the second
meeting of the Working Group on Trafficking in Persons (27-29 January 2010):

Head of delegation:
{head[0]} {head[1]}, {head[2]}, {head[3]}

Members:
{chr(10).join(lines)}

With kind regards,

Permanent Mission of {country} to the United Nations (Vienna)
"""
    return text.replace("\n", "\r\n").encode()


def auto_reply(to_addr: str = OUR_ADDRESS, sender: str = "karin.lindqvist@gov.se",
               in_reply_to: str = "<4B4A0E55.1040208@unodc.org>", headers: str = "Auto-Submitted: auto-replied\n"
               ) -> bytes:
    """Return an out-of-office answer to one of our mails."""
    return f"""\
From: Karin Lindqvist <{sender}>
To: {to_addr}
Subject: Automatic reply: CU 2009/180(A) - Working Group on Trafficking in Persons
Date: {_date(next(_serial))}
Message-ID: {message_id(sender.split("@")[1])}
In-Reply-To: {in_reply_to}
References: {in_reply_to}
{headers}Content-Type: text/plain; charset="utf-8"

I am on leave until 22 January 2010 and will not be reading my e-mail.
""".replace("\n", "\r\n").encode()


def bounce(failed: str, original_id: str, to_addr: str = OUR_ADDRESS) -> bytes:
    """Return a delivery-status notification saying mail to `failed` could not be delivered."""
    return f"""\
Return-Path: <>
From: Mail Delivery System <MAILER-DAEMON@mx.example.org>
To: {to_addr}
Subject: Undelivered Mail Returned to Sender
Date: {_date(next(_serial))}
Message-ID: {message_id("mx.example.org")}
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="BOUNDARY"

--BOUNDARY
Content-Type: text/plain; charset=us-ascii

This is the mail system at host mx.example.org.
I'm sorry to have to inform you that your message could not be delivered.

<{failed}>: host mx.example.org said: 550 5.1.1 <{failed}>: Recipient address rejected: User unknown

--BOUNDARY
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.org

Final-Recipient: rfc822; {failed}
Original-Recipient: rfc822;{failed}
Action: failed
Status: 5.1.1
Diagnostic-Code: smtp; 550 5.1.1 <{failed}>: Recipient address rejected: User unknown

--BOUNDARY
Content-Type: text/rfc822-headers

From: {to_addr}
To: {failed}
Subject: Your photograph for the badge
Message-ID: {original_id}

--BOUNDARY--
""".replace("\n", "\r\n").encode()


def filler(index: int) -> bytes:
    """Return a small, unique, ordinary message that asks nothing (for bulk tests)."""
    return f"""\
From: Reader {index} <reader{index}@example.org>
To: {OUR_ADDRESS}
Subject: Newsletter note {index}
Date: {_date(index)}
Message-ID: <{index:07d}.bulk@example.org>
Content-Type: text/plain; charset="utf-8"

Thank you for the documents of the meeting. Note number {index}.
""".replace("\n", "\r\n").encode()
