"""The result of reading one message: who the delegation is and what needs a human look."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass
class Person:
    """One participant as the message lists them."""

    name: str
    honorific: str | None
    function: str | None
    email: str | None
    phone: str | None
    head: bool
    email_as_written: str | None = None
    language: str | None = None

    def to_contract(self) -> dict[str, Any]:
        """Return the participant object of the output contract."""
        return {
            "name": self.name,
            "honorific": self.honorific,
            "function": self.function,
            "email": self.email,
            "phone": self.phone,
            "head": self.head,
        }


@dataclass
class Extraction:
    """Everything the parser read from one message."""

    kind: str
    reason: str
    sender: Any
    participants: list[Person]
    language: str
    warnings: list[str]
    amendment: bool = False
    declined: bool = False
    automatic: str | None = None
    bounced_addresses: list[str] = field(default_factory=list)
    message_id: str | None = None
    in_reply_to: str | None = None
    references: list[str] = field(default_factory=list)
    subject: str = ""
    from_addr: str | None = None
    from_name: str | None = None
    reply_to: str | None = None
    date: datetime | None = None
    return_path_null: bool = False

    def to_contract(self, file: str) -> dict[str, Any]:
        """Return the JSON object of the corpus output contract for `file`."""
        sender = None
        if self.sender is not None:
            sender = {"name": self.sender.name, "iso3": self.sender.iso3}
        return {
            "file": file,
            "kind": self.kind,
            "sender": sender,
            "participants": [p.to_contract() for p in self.participants],
        }


def unreadable(reason: str, warning: str) -> Extraction:
    """Return the extraction for a message that could not be read at all."""
    return Extraction(kind="other", reason=reason, sender=None, participants=[],
                      language="en", warnings=[warning])
