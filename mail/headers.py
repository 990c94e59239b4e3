"""Cheap, never-failing reads of a raw message's header block (before and beside the parser)."""
from __future__ import annotations

import re
from email import policy
from email.message import Message
from email.parser import BytesHeaderParser

MAX_HEADER_BYTES = 128_000
MESSAGE_ID = re.compile(r"<[^<>\s]+>")


def header_block(raw: bytes) -> bytes:
    """Return the bytes before the first empty line, capped in size."""
    ends = [i for i in (raw.find(b"\r\n\r\n"), raw.find(b"\n\n")) if i >= 0]
    end = min(ends) if ends else len(raw)
    return raw[: min(end, MAX_HEADER_BYTES)] + b"\n\n"


def read_headers(raw: bytes) -> Message:
    """Return the top-level headers as a compat32 Message (linear time, lenient); empty if unreadable."""
    try:
        return BytesHeaderParser(policy=policy.compat32).parsebytes(header_block(raw))
    except Exception:  # hostile headers must never stop a message from being stored
        return Message()


def header_text(headers: Message, name: str) -> str:
    """Return one header's first value as plain text, or ''."""
    try:
        value = headers.get(name)
        return " ".join(str(value).split()) if value is not None else ""
    except Exception:
        return ""


def message_id_of(raw: bytes) -> str | None:
    """Return the Message-ID header as '<id>', or None if there is none usable."""
    found = MESSAGE_ID.search(header_text(read_headers(raw), "Message-ID"))
    return found.group(0)[:500] if found else None


def message_ids_in(text: str) -> list[str]:
    """Return every '<id>' token in a header value such as References, in order."""
    return MESSAGE_ID.findall(text or "")
