"""Telegram's rules for what a bot sends: HTML parse_mode, JSON fields, reply markup, command entities."""

from __future__ import annotations

import html
import json
import re
from typing import Any

from tests.servers.botapi.records import bad_request, inline_buttons

ALLOWED_TAGS = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler", "a",
                "tg-emoji", "code", "pre", "blockquote"}  # fmt: skip
TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[a-zA-Z-]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+))?)*)\s*>")
COMMAND = re.compile(r"/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]+)?")


def utf16_len(text: str) -> int:
    """Return the length of text in UTF-16 code units (Telegram's entity unit)."""
    return len(text.encode("utf-16-le")) // 2


def command_entities(text: str) -> list[dict[str, Any]]:
    """Return the bot_command entity of a text that starts with a command, else no entities."""
    command = COMMAND.match(text)
    return [{"type": "bot_command", "offset": 0, "length": utf16_len(command.group())}] if command else []


def html_to_plain(text: str) -> str:
    """Check Telegram HTML and return its plain text. Raises ApiError as Telegram would."""
    stack: list[str] = []
    plain: list[str] = []
    pos = 0
    for lt in re.finditer("<", text):
        if lt.start() < pos:
            continue
        plain.append(text[pos : lt.start()])
        tag = TAG.match(text, lt.start())
        offset = len(text[: lt.start()].encode())
        if not tag:
            raise bad_request(f"can't parse entities: Unsupported start tag at byte offset {offset}")
        closing, name = tag.group(1), tag.group(2).lower()
        if name not in ALLOWED_TAGS:
            raise bad_request(f'can\'t parse entities: Unsupported start tag "{name}" at byte offset {offset}')
        if not closing:
            stack.append(name)
        elif not stack:
            raise bad_request(f"can't parse entities: Unexpected end tag at byte offset {offset}")
        elif stack[-1] != name:
            raise bad_request(
                f'can\'t parse entities: Unmatched end tag at byte offset {offset}, expected "</{stack[-1]}>", '
                f'found "</{name}>"'
            )
        else:
            stack.pop()
        pos = tag.end()
    if stack:
        raise bad_request(f'can\'t parse entities: Can\'t find end tag corresponding to start tag "{stack[-1]}"')
    plain.append(text[pos:])
    return html.unescape("".join(plain))


def formatted_text(fields: dict[str, str], key: str) -> str:
    """Return the plain text of fields[key] after its parse_mode (HTML is checked)."""
    text = fields.get(key, "")
    return html_to_plain(text) if fields.get("parse_mode", "").upper() == "HTML" else text


def json_field(fields: dict[str, str], key: str) -> Any:
    """Return fields[key] JSON-decoded, None if absent. Raises ApiError if it is not JSON."""
    if key not in fields:
        return None
    try:
        return json.loads(fields[key])
    except ValueError:
        raise bad_request(f"can't parse {key} JSON object") from None


def reply_markup(fields: dict[str, str]) -> dict[str, Any] | None:
    """Return the decoded reply_markup. Raises ApiError if a callback_data is not 1-64 bytes, as Telegram does."""
    markup = json_field(fields, "reply_markup")
    for button in inline_buttons(markup):
        data = button.get("callback_data")
        if data is not None and not 1 <= len(data.encode()) <= 64:
            raise bad_request("BUTTON_DATA_INVALID")
    return markup
