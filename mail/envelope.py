"""Envelope and headers of outgoing mail: hostile text made safe, recipients checked, the message assembled."""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, getaddresses

from email_validator import EmailNotValidError, validate_email

# Characters that end a line somewhere (CR, LF, VT, FF, FS/GS/RS, NEL, LINE/PARAGRAPH SEPARATOR) or indent it.
LINE_BREAKS = frozenset("\r\n\t\v\f\x1c\x1d\x1e\x85\u2028\u2029")
# Control, format (bidi overrides, zero-width), private-use and surrogate code points never reach a header.
DROPPED_CATEGORIES = frozenset({"Cc", "Cf", "Co", "Cs", "Zl", "Zp"})
REPLY_PREFIX = re.compile(r"^\s*(?:(?:re|aw|sv|vs|antw|ref|réf|rif|res|fw|fwd|wg|tr|rv|enc)\s*(?:\[\d+\]|\(\d+\))?"
                          r"\s*[:：]\s*)+", re.IGNORECASE)
MESSAGE_ID = re.compile(r"<[!-;=?-~]{1,250}@[!-;=?-~]{1,250}>")
MAX_REFERENCES = 20


class ComposeError(Exception):
    """A mail cannot be composed; the outbox row fails with this reason."""


class AddressRejected(ComposeError):
    """The recipient's address is not one we may mail."""


@dataclass(frozen=True)
class Recipient:
    """How one address is written in the To header and in RCPT TO."""

    address: str
    smtputf8: bool


def clean_line(value: object, limit: int = 200) -> str:
    """Return text fit for one line: no line breaks, controls, bidi overrides or zero-width marks."""
    text = unicodedata.normalize("NFC", "" if value is None else str(value))
    kept = "".join(" " if ch in LINE_BREAKS else ch for ch in text
                   if ch in LINE_BREAKS or unicodedata.category(ch) not in DROPPED_CATEGORIES)
    return " ".join(kept.split())[:limit].strip()


def reply_subject(subject: object) -> str:
    """Return an incoming subject, cleaned, without its stack of Re:/AW:/TR:/RV:/Fwd: prefixes."""
    return clean_line(REPLY_PREFIX.sub("", clean_line(subject, 400)), 200)


def message_ids(value: object, limit: int = MAX_REFERENCES) -> list[str]:
    """Return the well-formed Message-IDs found in a header value copied from incoming mail (the last few)."""
    found = MESSAGE_ID.findall(str(value or ""))
    unique = list(dict.fromkeys(found))
    return unique[-limit:]


def recipient_for(address: str, own_address: str = "", test_environment: bool = False) -> Recipient:
    """Return how to address mail to address (test_environment allows special-use domains such as *.test).

    Raises AddressRejected if email-validator refuses it or it is our own address (a mail loop).
    """
    try:
        valid = validate_email(str(address or ""), check_deliverability=False, test_environment=test_environment)
    except EmailNotValidError as e:
        raise AddressRejected(f"address {clean_line(address, 120)!r} refused: {e}") from e
    if own_address and valid.normalized.casefold() == own_address.casefold():
        raise AddressRejected(f"address {valid.normalized} is our own: answering it would loop")
    if valid.ascii_email:
        return Recipient(valid.ascii_email, smtputf8=False)
    return Recipient(valid.normalized, smtputf8=True)


@dataclass
class Envelope:
    """What one outgoing message says, before it becomes bytes."""

    from_addr: str
    from_name: str
    to: Recipient
    subject: str
    text: str
    html: str
    message_id: str
    language: str = "en"
    auto_submitted: str = "auto-generated"
    in_reply_to: str | None = None
    references: str | None = None


def build_message(envelope: Envelope) -> bytes:
    """Return the bytes of a text + HTML message with safe headers.

    Raises ComposeError if the result does not address exactly the intended recipient.
    """
    sender = recipient_for(envelope.from_addr, test_environment=True)  # our own configured address
    chosen = policy.SMTPUTF8 if envelope.to.smtputf8 or sender.smtputf8 else policy.SMTP
    msg = EmailMessage(policy=chosen)
    msg["From"] = Address(display_name=display_name(envelope.from_name), addr_spec=sender.address)
    msg["To"] = envelope.to.address
    msg["Subject"] = clean_line(envelope.subject, 250)
    msg["Date"] = format_datetime(dt.datetime.now(dt.timezone.utc))
    msg["Message-ID"] = _own_message_id(envelope.message_id)
    replied = message_ids(envelope.in_reply_to, 1)
    if replied:
        msg["In-Reply-To"] = replied[0]
        msg["References"] = " ".join(message_ids(envelope.references) or replied)
    msg["Auto-Submitted"] = envelope.auto_submitted
    msg["X-Auto-Response-Suppress"] = "All"
    msg.set_content(envelope.text, charset="utf-8", cte="quoted-printable")
    msg.add_alternative(envelope.html, subtype="html", charset="utf-8", cte="quoted-printable")
    msg["Content-Language"] = envelope.language  # after set_content, which drops Content-* headers
    raw = drop_space_before_folds(msg.as_bytes(policy=serializing_policy(msg, chosen)))
    check_recipients(raw, envelope.to.address, sender.address)
    return raw


def serializing_policy(msg: EmailMessage, chosen: policy.EmailPolicy) -> policy.EmailPolicy:
    """Return the policy to write msg with: headers unfolded up to 998 characters unless they need encoded words.

    CPython folds at 78 by putting a lone space after "Subject:" or two spaces before an encoded word; a
    header that fits in one line avoids both. Encoded words (non-ASCII without SMTPUTF8) must stay short.
    """
    if chosen.utf8 or all(str(value).isascii() for value in msg.values()):
        return chosen.clone(max_line_length=998)
    return chosen


def drop_space_before_folds(raw: bytes) -> bytes:
    """Remove the space CPython leaves at the end of a folded header line (it doubles a space once unfolded)."""
    head, blank, body = raw.partition(b"\r\n\r\n")
    return head.replace(b" \r\n ", b"\r\n ") + blank + body


def display_name(name: str) -> str:
    """Return a From display name that folding cannot split into several addresses (gh-80222): short, no specials."""
    return clean_line(re.sub(r'[",;:<>@\\[\]]', " ", clean_line(name)), 64)


def _own_message_id(message_id: str) -> str:
    found = message_ids(message_id, 1)
    if not found or found[0] != message_id.strip():
        raise ComposeError(f"outbox Message-ID {clean_line(message_id, 80)!r} is not well formed")
    return found[0]


def check_recipients(raw: bytes, intended: str, sender: str) -> None:
    """Make sure the message, read back, is from sender alone and addressed to exactly one intended recipient.

    Raises ComposeError otherwise (a folding bug or an injection must never add an address).
    """
    parsed = message_from_bytes(raw, policy=policy.default)
    found = [addr for field in ("To", "Cc", "Bcc") for _, addr in getaddresses(parsed.get_all(field, []))]
    if found != [intended] or len(parsed.get_all("To", [])) != 1:
        raise ComposeError(f"composed message would go to {found!r}, not only {intended!r}")
    senders = [addr for _, addr in getaddresses(parsed.get_all("From", []))]
    if senders != [sender]:
        raise ComposeError(f"composed message would be from {senders!r}, not {sender!r}")
