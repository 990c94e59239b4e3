"""What a handler answers, independent of Telegram: text (HTML), buttons, a file or a photo."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

MAX_CALLBACK_BYTES = 64


class CallbackTooLong(ValueError):
    """A button's callback data would exceed Telegram's 64-byte limit."""


@dataclass(frozen=True)
class Button:
    """One inline button: a label and the callback data it sends back."""

    label: str
    data: str

    def __post_init__(self) -> None:
        if len(self.data.encode("utf-8")) > MAX_CALLBACK_BYTES:
            raise CallbackTooLong(f"callback data longer than {MAX_CALLBACK_BYTES} bytes: {self.data!r}")


@dataclass(frozen=True)
class Document:
    """A file to send: its name (which drives the MIME type) and bytes."""

    filename: str
    data: bytes


@dataclass
class Reply:
    """One answer: HTML text, rows of buttons, and optionally a document or a photo."""

    text: str = ""
    buttons: list[list[Button]] = field(default_factory=list)
    document: Document | None = None
    photo: Path | None = None


@dataclass(frozen=True)
class Asker:
    """Who is asking, where: a Telegram user in a chat, or the console."""

    user_id: int
    chat_id: int
    admin: bool = False
    label: str = ""

    @property
    def actor(self) -> str:
        """The name the audit log records."""
        return self.label or f"tg:{self.user_id}"


def say(text: str, buttons: list[list[Button]] | None = None) -> list[Reply]:
    """Return a one-message answer."""
    return [Reply(text=text, buttons=buttons or [])]


@dataclass
class Turn:
    """One command or button press: who asked, the arguments, and the record ids it touched (for the audit)."""

    asker: Asker
    args: str = ""
    records: dict[str, list] = field(default_factory=dict)

    def note(self, **ids: object) -> None:
        """Record which records this turn read or changed (ids and codes only, never personal data)."""
        for kind, value in ids.items():
            values = value if isinstance(value, (list, tuple, set)) else [value]
            self.records.setdefault(kind, []).extend(v for v in values if v is not None)
