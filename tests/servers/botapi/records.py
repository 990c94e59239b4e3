"""What the look-alike records and answers: the bot's identity, uploads, calls and API errors."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from typing import Any

BOT_ID = 7000000001
TOKEN = f"{BOT_ID}:AAtest-token-for-the-bot-api-look-alike"
BOT_USER = {"id": BOT_ID, "is_bot": True, "first_name": "copdesk", "username": "copdesk_test_bot"}


class ApiError(Exception):
    """A Bot API error reply (HTTP status = error_code)."""

    def __init__(self, error_code: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.error_code, self.description, self.retry_after = error_code, description, retry_after

    def payload(self) -> dict[str, Any]:
        """Return the JSON body Telegram sends for this error."""
        body: dict[str, Any] = {"ok": False, "error_code": self.error_code, "description": self.description}
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


def bad_request(description: str) -> ApiError:
    """Return a 400 "Bad Request: ..." error."""
    return ApiError(400, f"Bad Request: {description}")


def inline_buttons(markup: dict[str, Any] | None) -> list[dict[str, Any]]:
    """Return the inline keyboard buttons of a reply_markup, row by row."""
    rows = (markup or {}).get("inline_keyboard") or []
    return [button for row in rows for button in row]


@dataclass
class Upload:
    """A file sent in a multipart request."""

    filename: str
    content: bytes
    content_type: str = "application/octet-stream"


@dataclass
class Call:
    """One recorded Bot API request and what the look-alike answered."""

    index: int
    method: str
    fields: dict[str, str]
    files: dict[str, Upload] = field(default_factory=dict)
    result: Any = None
    error: str | None = None

    def json(self, key: str, default: Any = None) -> Any:
        """Return field key JSON-decoded (reply_markup, commands, ...), default if absent."""
        return json.loads(self.fields[key]) if key in self.fields else default

    @property
    def text(self) -> str | None:
        """The text (or caption) as sent, markup included."""
        return self.fields.get("text", self.fields.get("caption"))

    @property
    def chat_id(self) -> int | None:
        """The target chat as an int, None if absent."""
        value = self.fields.get("chat_id")
        return int(value) if value and value.lstrip("-").isdigit() else None

    @property
    def reply_markup(self) -> dict[str, Any] | None:
        """The reply_markup decoded, None if absent."""
        return self.json("reply_markup")

    @property
    def buttons(self) -> list[tuple[str, str | None]]:
        """(text, callback_data or url) of every inline button, row by row."""
        return [(b["text"], b.get("callback_data", b.get("url"))) for b in inline_buttons(self.reply_markup)]

    def to_json(self) -> dict[str, Any]:
        """Return a JSON-able dict (file contents in base64) for the control API."""
        files = {
            name: {"filename": f.filename, "content_type": f.content_type, "content": base64.b64encode(f.content).decode()}
            for name, f in self.files.items()
        }
        return {"index": self.index, "method": self.method, "fields": self.fields, "files": files,
                "result": self.result, "error": self.error}  # fmt: skip

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Call:
        """Rebuild a Call sent by the control API."""
        files = {
            name: Upload(f["filename"], base64.b64decode(f["content"]), f["content_type"])
            for name, f in data["files"].items()
        }
        return cls(data["index"], data["method"], data["fields"], files, data["result"], data["error"])
