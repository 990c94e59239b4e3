"""Safe MIME decoding: raw bytes to headers and text sections with their origin.

Everything is parsed with policy.compat32, which is linear-time and lenient; headers are
decoded by hand under a guard. policy.default is avoided on purpose: it is super-linear
on long headers and raises IndexError/ValueError on malformed ones (ENGINEERING §10).
"""
from __future__ import annotations

import email
import email.utils
import re
from dataclasses import dataclass, field
from datetime import datetime
from email import policy
from email.header import Header, decode_header
from email.message import Message

from mail.parse.htmltext import html_to_text

MAX_MESSAGE_BYTES = 20_000_000
MAX_HEADER_BYTES = 128_000
MAX_HEADER_CHARS = 2_000
MAX_DEPTH = 10
MAX_PARTS = 200
MAX_TEXT_CHARS = 300_000

DOCX_TYPES = {"application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
LEGACY_TYPES = {"application/msword", "application/rtf", "text/rtf",
                "application/vnd.oasis.opendocument.text"}


@dataclass
class Section:
    """A piece of text and where it came from: body, attachment, or an attached message."""

    text: str
    origin: str
    name: str = ""
    sender: str = ""


@dataclass
class Attachment:
    """A binary attachment the parser may try to read."""

    name: str
    kind: str
    data: bytes


@dataclass
class Mail:
    """A decoded message: header values, text sections, attachments, parse warnings."""

    message: Message | None
    headers: dict[str, str] = field(default_factory=dict)
    sections: list[Section] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    content_types: list[str] = field(default_factory=list)

    def header(self, name: str) -> str:
        """Return a decoded header value, or ''."""
        return self.headers.get(name.lower(), "")


_LATIN1_LABELS = {"iso-8859-1", "iso8859-1", "latin-1", "latin1", "l1", "iso_8859-1", "us-ascii", "ascii"}
_C1_BYTES = re.compile(rb"[\x80-\x9f]")


def decode_bytes(data: bytes, charset: str | None = None) -> tuple[str, bool]:
    """Decode bytes with the declared charset, else a guess; return (text, declared_ok).

    Text declared Latin-1 (or ASCII) that holds bytes 0x80-0x9F is read as windows-1252, as browsers do:
    those bytes are C1 controls in Latin-1 but curly quotes and dashes in the Windows code page.
    """
    if charset and charset.lower() in _LATIN1_LABELS and _C1_BYTES.search(data):
        charset = "cp1252"
    if charset:
        try:
            return data.decode(charset), True
        except (LookupError, UnicodeDecodeError, ValueError):
            pass
    try:
        return data.decode("utf-8"), not charset
    except UnicodeDecodeError:
        pass
    guess = _guess_charset(data)
    if guess:
        try:
            return data.decode(guess), False
        except (LookupError, UnicodeDecodeError):
            pass
    return data.decode("cp1252", "replace"), False


def _guess_charset(data: bytes) -> str | None:
    """Return charset-normalizer's best guess for a byte string, if any."""
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:50_000]).best()
        return best.encoding if best else None
    except Exception:
        return None


def decode_header_value(value: object) -> str:
    """Decode an RFC 2047 / raw 8-bit header value to text; never raises."""
    try:
        if isinstance(value, Header):
            value = "".join(decode_bytes(b)[0] if isinstance(b, bytes) else b
                            for b, _ in decode_header(value))
        text = str(value)[: MAX_HEADER_CHARS * 4]
        chunks = decode_header(text)
        out = [decode_bytes(b, c)[0] if isinstance(b, bytes) else b for b, c in chunks]
        text = "".join(out)
    except Exception:
        text = str(value)[: MAX_HEADER_CHARS * 4]
    return " ".join(text.split())[:MAX_HEADER_CHARS]


def cap_headers(raw: bytes) -> tuple[bytes, list[str]]:
    """Bound the message and its header block before any parsing."""
    warnings = []
    if len(raw) > MAX_MESSAGE_BYTES:
        raw = raw[:MAX_MESSAGE_BYTES]
        warnings.append(f"message larger than {MAX_MESSAGE_BYTES} bytes: truncated")
    end = min((i for i in (raw.find(b"\r\n\r\n"), raw.find(b"\n\n")) if i >= 0), default=len(raw))
    if end > MAX_HEADER_BYTES:
        head = raw[:MAX_HEADER_BYTES]
        head = head[: head.rfind(b"\n") + 1] if b"\n" in head else head
        raw = head + b"\n" + raw[end:].lstrip(b"\r\n")
        warnings.append("malformed header: header block too large, truncated")
    return raw, warnings


def read_mail(raw: bytes) -> Mail:
    """Parse raw bytes into a Mail; a broken structure degrades to one text section."""
    raw, warnings = cap_headers(raw)
    try:
        message = email.message_from_bytes(raw, policy=policy.compat32)
        mail = Mail(message=message, warnings=warnings)
        mail.headers = _read_headers(message, mail.warnings)
        _collect(message, mail, "body", 0)
    except Exception as error:  # RecursionError, IndexError ... on hostile structure
        mail = Mail(message=None, warnings=warnings + [f"malformed message structure: {type(error).__name__}"])
        mail.sections = [Section(decode_bytes(raw[:MAX_TEXT_CHARS])[0], "body")]
    return mail


def _read_headers(message: Message, warnings: list[str]) -> dict[str, str]:
    """Return the first value of each top-level header, decoded."""
    headers: dict[str, str] = {}
    for name, value in message.items():
        key = str(name).lower()
        if key not in headers:
            headers[key] = decode_header_value(value)
        if isinstance(value, str) and len(value) > MAX_HEADER_CHARS * 4:
            warnings.append(f"malformed header: {name} too long")
    return headers


def _collect(part: Message, mail: Mail, origin: str, depth: int) -> None:
    """Walk the MIME tree, adding text sections and attachments to `mail`."""
    if depth > MAX_DEPTH or len(mail.content_types) > MAX_PARTS:
        mail.warnings.append("MIME structure too deep or too large: rest ignored")
        return
    ctype = part.get_content_type()
    mail.content_types.append(ctype)
    if ctype == "message/rfc822" or (part.is_multipart() and ctype.startswith("message/")):
        _collect_attached_message(part, mail, depth)
    elif part.is_multipart():
        subparts = [p for p in (part.get_payload() or []) if isinstance(p, Message)]
        if ctype == "multipart/alternative":
            subparts = _best_alternative(subparts)
        for sub in subparts:
            _collect(sub, mail, origin, depth + 1)
    else:
        _collect_leaf(part, mail, origin)


def _collect_attached_message(part: Message, mail: Mail, depth: int) -> None:
    """Add the text of an attached message (forward as attachment, or a returned original)."""
    inner = part.get_payload()
    inner = inner[0] if isinstance(inner, list) and inner else inner
    if not isinstance(inner, Message):
        return
    origin = "returned" if any(t == "multipart/report" for t in mail.content_types) else "attached"
    start = len(mail.sections)
    _collect(inner, mail, origin, depth + 1)
    sender = decode_header_value(inner.get("From", ""))
    for section in mail.sections[start:]:
        section.origin, section.sender = origin, sender


def _best_alternative(parts: list[Message]) -> list[Message]:
    """Pick one alternative: HTML when it holds a table or the plain part is a stub, else plain text, else the last one."""
    plain = [p for p in parts if p.get_content_type() == "text/plain"]
    rich = [p for p in parts if p.get_content_type() != "text/plain"]
    for candidate in rich:
        if _has_table(candidate):
            return [candidate]
    if plain and not (rich and _is_stub(plain[0])):
        return plain[:1]
    return parts[-1:]


_STUB_RE = re.compile(rb"html", re.IGNORECASE)


def _is_stub(part: Message) -> bool:
    """Whether a plain alternative says nothing: empty, or a short line pointing to the HTML version."""
    payload = (part.get_payload(decode=True) or b"").strip()
    return not payload or (len(payload) < 300 and bool(_STUB_RE.search(payload)))


def _has_table(part: Message) -> bool:
    """Whether an HTML alternative (or one nested in it) contains a table."""
    for sub in part.walk():
        if sub.get_content_type() == "text/html":
            payload = sub.get_payload(decode=True) or b""
            if b"<table" in payload.lower() or b"<TABLE" in payload:
                return True
    return False


def _collect_leaf(part: Message, mail: Mail, origin: str) -> None:
    """Add one non-multipart part as text or as an attachment."""
    ctype = part.get_content_type()
    name = _filename(part)
    lowered = name.lower()
    payload = part.get_payload(decode=True) or b""
    disposition = str(part.get("Content-Disposition", "")).lower()
    if ctype in DOCX_TYPES or lowered.endswith(".docx"):
        mail.attachments.append(Attachment(name, "docx", payload))
    elif ctype == "application/pdf" or lowered.endswith(".pdf"):
        mail.attachments.append(Attachment(name, "pdf", payload))
    elif ctype in LEGACY_TYPES or lowered.endswith((".doc", ".rtf", ".odt")):
        mail.attachments.append(Attachment(name, "legacy", payload))
    elif ctype in ("text/plain", "text/html") and (not disposition.startswith("attachment") or ctype == "text/plain"):
        text = _decode_text(part, payload, mail)
        if ctype == "text/html":
            text = html_to_text(text)
        where = "attachment" if disposition.startswith("attachment") and origin == "body" else origin
        mail.sections.append(Section(text[:MAX_TEXT_CHARS], where, name))
    elif ctype.startswith("image/") and name:
        mail.attachments.append(Attachment(name, "image", b""))
    elif ctype == "message/delivery-status":
        mail.sections.append(Section(_decode_text(part, payload, mail), "report"))


def _decode_text(part: Message, payload: bytes, mail: Mail) -> str:
    """Decode a text part; warn when its declared charset is wrong or unknown."""
    charset = None
    try:
        charset = part.get_content_charset()
    except Exception:
        pass
    text, ok = decode_bytes(payload[: MAX_TEXT_CHARS * 4], charset)
    if charset and not ok:
        mail.warnings.append(f"unknown or wrong charset {charset!r}: decoded by guess")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _filename(part: Message) -> str:
    """Return the decoded attachment filename, or ''."""
    try:
        return decode_header_value(part.get_filename() or part.get_param("name") or "")
    except Exception:
        return ""


def parse_addresses(value: str) -> list[tuple[str, str]]:
    """Return (display name, lowercased address) pairs of an address header; never raises."""
    try:
        pairs = email.utils.getaddresses([value])
    except Exception:
        return []
    return [(name.strip(), addr.strip().lower()) for name, addr in pairs if "@" in addr]


def parse_date(value: str) -> datetime | None:
    """Return the Date header as a datetime, or None."""
    try:
        return email.utils.parsedate_to_datetime(value) if value else None
    except Exception:
        return None
