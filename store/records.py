"""Domain records: what the store hands to the rest of copdesk."""
from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from typing import Any


def from_row(cls: type, row: dict) -> Any:
    """Build a record of cls from a row, ignoring columns the record does not name."""
    names = {f.name for f in fields(cls)}
    return cls(**{k: v for k, v in row.items() if k in names})


@dataclass
class Meeting:
    """One meeting as defined by its TOML file."""

    code: str
    title: str
    definition: dict

    def __getitem__(self, key: str) -> Any:
        return self.definition[key]

    def get(self, key: str, default: Any = None) -> Any:
        """Return one key of the definition."""
        return self.definition.get(key, default)


@dataclass
class Message:
    """One stored e-mail (without its raw bytes)."""

    id: int
    sha256: str
    message_id: str | None
    source: str
    received_at: str
    size: int
    folder: str | None = None
    uidvalidity: int | None = None
    uid: int | None = None
    file: str | None = None
    date: str | None = None
    from_addr: str | None = None
    from_name: str | None = None
    subject: str | None = None
    language: str | None = None
    kind: str | None = None
    reason: str | None = None
    automatic: str | None = None
    sender_code: str | None = None
    meeting_code: str | None = None
    parse_status: str = "pending"
    warnings: list[str] = field(default_factory=list)
    extraction: dict | None = None
    handled_at: str | None = None

    def __post_init__(self) -> None:
        if isinstance(self.warnings, str):
            self.warnings = json.loads(self.warnings)
        if isinstance(self.extraction, str):
            self.extraction = json.loads(self.extraction)


@dataclass
class Delegation:
    """A State's or organization's delegation to one meeting."""

    id: int
    meeting_code: str
    entity_code: str
    state: str
    message: int | None
    language: str
    created_at: str
    updated_at: str
    entity_name: str = ""


@dataclass
class Participant:
    """One member of a delegation."""

    id: int
    delegation: int
    name: str
    honorific: str | None
    function: str | None
    email: str | None
    phone: str | None
    head: bool
    language: str
    photo_state: str
    created_at: str
    updated_at: str
    email_as_written: str | None = None
    email_state: str | None = None
    photo_path: str | None = None
    photo_at: str | None = None
    message: int | None = None
    entity_code: str = ""
    entity_name: str = ""
    meeting_code: str = ""

    def __post_init__(self) -> None:
        self.head = bool(self.head)

    @property
    def display_name(self) -> str:
        """Honorific and name, as a badge or a list would print them."""
        return f"{self.honorific} {self.name}" if self.honorific else self.name


@dataclass
class PersonIn:
    """A participant as an extraction or a human states it, before it is stored."""

    name: str
    honorific: str | None = None
    function: str | None = None
    email: str | None = None
    phone: str | None = None
    head: bool = False
    language: str | None = None
    email_as_written: str | None = None


@dataclass
class Change:
    """One line of a delegation's history."""

    id: int
    delegation: int
    participant: int | None
    message: int | None
    action: str
    field: str | None
    old: str | None
    new: str | None
    at: str


@dataclass
class DelegationUpdate:
    """What recording a list did to a delegation."""

    delegation: Delegation
    added: list[Participant]
    updated: list[Participant]
    unchanged: list[Participant]

    @property
    def touched(self) -> list[Participant]:
        """Participants the message added or changed."""
        return self.added + self.updated


@dataclass
class Review:
    """A message waiting for (or resolved by) a human."""

    id: int
    message: int
    meeting_code: str
    reason: str
    state: str
    entity_code: str | None
    created_at: str
    resolved_at: str | None = None
    resolved_by: str | None = None


@dataclass
class PhotoLink:
    """A participant's upload link (the token itself is never stored)."""

    id: int
    participant: int
    created_at: str
    expires_at: str
    revoked_at: str | None = None
    used_at: str | None = None


@dataclass
class OutboxMail:
    """One outgoing e-mail, queued before any SMTP conversation."""

    id: int
    kind: str
    template: str
    language: str
    context: dict
    to_addr: str
    message_id: str
    state: str
    attempts: int
    next_attempt_at: str
    created_at: str
    dedupe_key: str | None = None
    in_reply_to: str | None = None
    references: str | None = None
    raw: bytes | None = None
    last_error: str | None = None
    participant: int | None = None
    delegation: int | None = None
    source_message: int | None = None
    sent_at: str | None = None

    def __post_init__(self) -> None:
        if isinstance(self.context, str):
            self.context = json.loads(self.context)


@dataclass
class AuditEntry:
    """Who did what, when."""

    id: int
    at: str
    actor: str
    action: str
    detail: dict

    def __post_init__(self) -> None:
        if isinstance(self.detail, str):
            self.detail = json.loads(self.detail)
