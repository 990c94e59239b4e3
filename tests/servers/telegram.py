"""A Telegram Bot API look-alike on 127.0.0.1 (ENGINEERING.md §1) — the one fake in the test suite.

python-telegram-bot talks to it over real HTTP: `POST /bot{token}/{method}`
with form, multipart or JSON bodies, answered `{"ok": true, "result": ...}` or
`{"ok": false, "error_code": n, "description": ...}` as Telegram does. It keeps
Telegram's rules that bots trip over: long-polling getUpdates with offsets,
409 for a second poller, "message is not modified", unbalanced HTML, callback
data over 64 bytes, texts over 4096 characters.

In-process: the async `telegram` fixture (a started `BotApiServer`).
Separate process: `python -m tests.servers.telegram --port 0` prints its port,
then serves the same API plus a control API under `/_test/` that
`BotApiClient` (and the `telegram_process` fixture) drive.
"""

from __future__ import annotations

import argparse
import atexit
import asyncio
import base64
import contextlib
import html
import itertools
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
import uvicorn
from starlette.applications import Starlette
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

BOT_ID = 7000000001
TOKEN = f"{BOT_ID}:AAtest-token-for-the-bot-api-look-alike"
BOT_USER = {"id": BOT_ID, "is_bot": True, "first_name": "copdesk", "username": "copdesk_test_bot"}
ALLOWED_TAGS = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler", "a",
                "tg-emoji", "code", "pre", "blockquote"}  # fmt: skip
TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[a-zA-Z-]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+))?)*)\s*>")
COMMAND = re.compile(r"/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]+)?")
NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)
REPO = Path(__file__).resolve().parents[2]


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


def utf16_len(text: str) -> int:
    """Return the length of text in UTF-16 code units (Telegram's entity unit)."""
    return len(text.encode("utf-16-le")) // 2


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


class BotApi:
    """State and behaviour of the look-alike: chats, messages, updates, recorded calls."""

    def __init__(self, token: str | None = None) -> None:
        self.token = token  # None accepts any token
        self.updates: list[dict[str, Any]] = []  # pending (not yet confirmed by an offset)
        self.pushed: list[dict[str, Any]] = []  # every update ever queued
        self.calls: list[Call] = []
        self.messages: dict[tuple[int, int], dict[str, Any]] = {}
        self.sources: dict[tuple[int, int], tuple[str, str, Any]] = {}  # raw text, parse_mode, markup
        self.files: dict[str, tuple[Upload, str]] = {}  # file_id -> (upload, file_path)
        self.commands: list[dict[str, str]] = []
        self.callback_queries: dict[str, bool] = {}  # id -> answered
        self.failures: list[dict[str, Any]] = []
        self._chats: dict[int, dict[str, Any]] = {}
        self._ids = itertools.count(1)
        self._update_ids = itertools.count(1)
        self._message_ids: dict[int, itertools.count[int]] = {}
        self._claimed: set[int] = set()
        self._poller = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._changed = asyncio.Event()
        self.closing = False

    # -- waking long polls and waiters --------------------------------------

    def bind(self, loop: asyncio.AbstractEventLoop) -> None:
        """Attach to the loop that serves HTTP; wake-ups from other threads go through it."""
        self._loop = loop

    def _notify(self) -> None:
        """Wake everyone waiting for an update or a call."""
        loop = self._loop
        try:
            current = asyncio.get_running_loop()
        except RuntimeError:
            current = None
        if loop is None or current is loop:
            self._wake()
        else:
            loop.call_soon_threadsafe(self._wake)

    def _wake(self) -> None:
        event, self._changed = self._changed, asyncio.Event()
        event.set()

    def close(self) -> None:
        """Make pending long polls return now (the server is stopping)."""
        self.closing = True
        self._notify()

    # -- chats, users, messages ---------------------------------------------

    def chat(self, chat_id: int, chat_type: str | None = None, title: str | None = None) -> dict[str, Any]:
        """Return (creating if new) the chat with this id; positive ids are private chats."""
        if chat_id not in self._chats or chat_type:
            kind = chat_type or ("private" if chat_id > 0 else "supergroup" if chat_id < -10**12 else "group")
            chat: dict[str, Any] = {"id": chat_id, "type": kind}
            if kind == "private":
                chat["first_name"] = f"User{chat_id}"
            else:
                chat["title"] = title or f"Chat {chat_id}"
            self._chats[chat_id] = chat
        return self._chats[chat_id]

    @staticmethod
    def user(user_id: int, first_name: str | None = None, username: str | None = None) -> dict[str, Any]:
        """Return a Telegram user dict for a human."""
        return {"id": user_id, "is_bot": False, "first_name": first_name or f"User{user_id}",
                "username": username or f"user{user_id}", "language_code": "en"}  # fmt: skip

    def new_message(self, chat_id: int, sender: dict[str, Any], **content: Any) -> dict[str, Any]:
        """Create, store and return a message in chat_id with the next message_id of that chat."""
        chat = self.chat(chat_id)
        counter = self._message_ids.setdefault(chat_id, itertools.count(1))
        message = {"message_id": next(counter), "date": int(time.time()), "chat": chat, "from": sender, **content}
        self.messages[(chat_id, message["message_id"])] = message
        return message

    def _target(self, fields: dict[str, str]) -> int:
        """Return the int chat_id of a request. Raises ApiError if absent or not a number."""
        value = fields.get("chat_id", "")
        if not value.lstrip("-").isdigit():
            raise bad_request("chat not found" if value else "chat_id is empty")
        return int(value)

    # -- updates pushed by tests --------------------------------------------

    def push(self, update: dict[str, Any]) -> dict[str, Any]:
        """Queue a raw update (update_id assigned if missing) for getUpdates and return it."""
        update = dict(update)
        update.setdefault("update_id", next(self._update_ids))
        self.updates.append(update)
        self.pushed.append(update)
        self._notify()
        return update

    def send_text(
        self,
        user_id: int,
        text: str,
        chat_id: int | None = None,
        chat_type: str = "private",
        first_name: str | None = None,
        username: str | None = None,
    ) -> dict[str, Any]:
        """Queue a text message from a user (a command gets its bot_command entity); return the update."""
        if chat_id is None:
            if chat_type != "private":
                raise ValueError("a group message needs chat_id (a negative number)")
            chat_id = user_id
        self.chat(chat_id, chat_type if chat_id not in self._chats else None)
        content: dict[str, Any] = {"text": text}
        command = COMMAND.match(text)
        if command:
            content["entities"] = [{"type": "bot_command", "offset": 0, "length": utf16_len(command.group())}]
        message = self.new_message(chat_id, self.user(user_id, first_name, username), **content)
        return self.push({"message": message})

    def send_document(
        self, user_id: int, filename: str, content: bytes, chat_id: int | None = None, caption: str | None = None
    ) -> dict[str, Any]:
        """Queue a document sent by a user (downloadable through getFile); return the update."""
        document = self._store_file(Upload(filename, content), "documents")
        extra = {"caption": caption} if caption else {}
        message = self.new_message(chat_id or user_id, self.user(user_id), document=document, **extra)
        return self.push({"message": message})

    def press_button(
        self, user_id: int, data: str, message: Call | dict[str, Any], strict: bool = True
    ) -> dict[str, Any]:
        """Queue a callback_query for an inline button of message (a Call or a message dict); return the update.

        The message is sent as it stands now (after edits). With strict, data must be on one of its buttons.
        """
        if isinstance(message, Call):
            if not isinstance(message.result, dict):
                raise ValueError(f"{message.method} call has no message to press a button on")
            message = message.result
        key = (message["chat"]["id"], message["message_id"])
        current = self.messages.get(key, message)
        offered = [b.get("callback_data") for b in inline_buttons(current.get("reply_markup"))]
        if strict and data not in offered:
            raise ValueError(f"message {key} has no button with callback_data {data!r}; it has {offered}")
        query_id = str(next(self._ids) + 4_000_000_000)
        self.callback_queries[query_id] = False
        query = {"id": query_id, "from": self.user(user_id), "message": current,
                 "chat_instance": str(key[0]), "data": data}  # fmt: skip
        return self.push({"callback_query": query})

    # -- failures -------------------------------------------------------------

    def fail(
        self,
        method: str,
        error_code: int = 400,
        description: str = "Bad Request: failure injected by the test",
        retry_after: int | None = None,
        times: int = 1,
        chat_id: int | None = None,
    ) -> None:
        """Make the next `times` calls of method (to chat_id, if given) fail with this error."""
        if error_code == 429 and retry_after is None:
            retry_after = 1
        self.failures.append({"method": method, "error_code": error_code, "description": description,
                              "retry_after": retry_after, "times": times, "chat_id": chat_id})  # fmt: skip

    def _injected(self, method: str, fields: dict[str, str]) -> ApiError | None:
        """Return (and use up) an injected failure matching this call."""
        for failure in self.failures:
            wanted_chat = failure["chat_id"]
            if failure["method"] == method and (wanted_chat is None or fields.get("chat_id") == str(wanted_chat)):
                failure["times"] -= 1
                if failure["times"] <= 0:
                    self.failures.remove(failure)
                return ApiError(failure["error_code"], failure["description"], failure["retry_after"])
        return None

    # -- recorded calls ------------------------------------------------------

    def record(self, method: str, fields: dict[str, str], files: dict[str, Upload]) -> Call:
        """Append a Call and wake waiters."""
        call = Call(len(self.calls), method, fields, files)
        self.calls.append(call)
        self._notify()
        return call

    def calls_of(self, method: str) -> list[Call]:
        """Return the recorded calls of method, oldest first."""
        return [call for call in self.calls if call.method == method]

    def claim(self, method: str, predicate: Callable[[Call], bool] | None = None) -> Call | None:
        """Return the oldest unclaimed successful call of method that satisfies predicate, claiming it."""
        for call in self.calls:
            if call.index in self._claimed or call.method != method or call.error:
                continue
            if predicate is None or predicate(call):
                self._claimed.add(call.index)
                return call
        return None

    async def wait_for_call(
        self, method: str, predicate: Callable[[Call], bool] | None = None, timeout: float = 10
    ) -> Call:
        """Wait for a successful call of method matching predicate and return it. Raises AssertionError on timeout.

        Each call is returned once: successive waits return successive calls.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            call = self.claim(method, predicate)
            if call:
                return call
            remaining = deadline - loop.time()
            if remaining <= 0:
                seen = [(c.method, c.fields.get("text"), c.error) for c in self.calls if c.method != "getUpdates"]
                raise AssertionError(f"no {method} call within {timeout}s; calls: {seen}")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), min(remaining, 0.5))

    # -- the Bot API ---------------------------------------------------------

    async def answer(self, method: str, fields: dict[str, str], files: dict[str, Upload]) -> tuple[int, dict[str, Any]]:
        """Record and answer one Bot API call; return (HTTP status, JSON body)."""
        call = self.record(method, fields, files)
        try:
            injected = self._injected(method, fields)
            if injected:
                raise injected
            if method == "getUpdates":
                result = await self._get_updates(fields)
            else:
                handler = getattr(self, f"_api_{method}", None)
                if handler is None:
                    raise ApiError(404, "Not Found")
                result = handler(fields, files)
        except ApiError as error:
            call.error = error.description
            return error.error_code, error.payload()
        call.result = result
        return 200, {"ok": True, "result": result}

    async def _get_updates(self, fields: dict[str, str]) -> list[dict[str, Any]]:
        """Confirm updates below offset, then long-poll up to timeout for new ones."""
        offset = int(fields.get("offset") or 0)
        limit = int(fields.get("limit") or 100)
        timeout = float(fields.get("timeout") or 0)
        if offset:
            self.updates = [u for u in self.updates if u["update_id"] >= offset]
        self._poller += 1
        me = self._poller
        self._notify()  # an older long poll still waiting gets its 409
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not self.updates and not self.closing:
            remaining = deadline - loop.time()
            if remaining <= 0:
                break
            changed = self._changed
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(changed.wait(), remaining)
            if self._poller != me:
                raise ApiError(409, "Conflict: terminated by other getUpdates request; "
                               "make sure that only one bot instance is running")  # fmt: skip
        return self.updates[:limit]

    def _api_getMe(self, fields: dict[str, str], files: dict[str, Upload]) -> dict[str, Any]:
        return {**BOT_USER, "can_join_groups": True, "can_read_all_group_messages": False,
                "supports_inline_queries": False}  # fmt: skip

    def _api_deleteWebhook(self, fields: dict[str, str], files: dict[str, Upload]) -> bool:
        if fields.get("drop_pending_updates", "").lower() == "true":
            self.updates.clear()
        return True

    def _api_getWebhookInfo(self, fields: dict[str, str], files: dict[str, Upload]) -> dict[str, Any]:
        return {"url": "", "has_custom_certificate": False, "pending_update_count": len(self.updates)}

    def _api_sendMessage(self, fields: dict[str, str], files: dict[str, Upload]) -> dict[str, Any]:
        chat_id = self._target(fields)
        text = formatted_text(fields, "text")
        if not text.strip():
            raise bad_request("message text is empty")
        if len(text) > 4096:
            raise bad_request("message is too long")
        markup = self._markup(fields)
        message = self.new_message(chat_id, BOT_USER, text=text, **({"reply_markup": markup} if markup else {}))
        self.sources[(chat_id, message["message_id"])] = (fields["text"], fields.get("parse_mode", ""), markup)
        return message

    def _api_editMessageText(self, fields: dict[str, str], files: dict[str, Upload]) -> dict[str, Any] | bool:
        if "inline_message_id" in fields:
            return True
        key, message = self._editable(fields)
        text = formatted_text(fields, "text")
        if not text.strip():
            raise bad_request("message text is empty")
        markup = self._markup(fields)
        source = (fields["text"], fields.get("parse_mode", ""), markup)
        if self.sources.get(key) == source:
            raise bad_request(NOT_MODIFIED.removeprefix("Bad Request: "))
        self.sources[key] = source
        message.update(text=text, edit_date=int(time.time()))
        message.pop("reply_markup", None)
        if markup:
            message["reply_markup"] = markup
        return message

    def _api_editMessageReplyMarkup(self, fields: dict[str, str], files: dict[str, Upload]) -> dict[str, Any] | bool:
        if "inline_message_id" in fields:
            return True
        key, message = self._editable(fields)
        markup = self._markup(fields)
        if (message.get("reply_markup") or None) == (markup or None):
            raise bad_request(NOT_MODIFIED.removeprefix("Bad Request: "))
        text, parse_mode, _ = self.sources.get(key, (message.get("text", ""), "", None))
        self.sources[key] = (text, parse_mode, markup)
        message.pop("reply_markup", None)
        if markup:
            message["reply_markup"] = markup
        message["edit_date"] = int(time.time())
        return message

    def _api_deleteMessage(self, fields: dict[str, str], files: dict[str, Upload]) -> bool:
        key = (self._target(fields), int(fields.get("message_id") or 0))
        if self.messages.pop(key, None) is None:
            raise bad_request("message to delete not found")
        return True

    def _api_sendDocument(self, fields: dict[str, str], files: dict[str, Upload]) -> dict[str, Any]:
        return self._send_file(fields, files, "document")

    def _api_sendPhoto(self, fields: dict[str, str], files: dict[str, Upload]) -> dict[str, Any]:
        return self._send_file(fields, files, "photo")

    def _api_answerCallbackQuery(self, fields: dict[str, str], files: dict[str, Upload]) -> bool:
        query_id = fields.get("callback_query_id", "")
        if query_id not in self.callback_queries:
            raise bad_request("query is too old and response timeout expired or query ID is invalid")
        self.callback_queries[query_id] = True
        return True

    def _api_setMyCommands(self, fields: dict[str, str], files: dict[str, Upload]) -> bool:
        commands = json_field(fields, "commands") or []
        for command in commands:
            name, description = command.get("command", ""), command.get("description", "")
            if not re.fullmatch(r"[a-z0-9_]{1,32}", name) or not 1 <= len(description) <= 256:
                raise bad_request("BOT_COMMAND_INVALID")
        self.commands = commands
        return True

    def _api_getMyCommands(self, fields: dict[str, str], files: dict[str, Upload]) -> list[dict[str, str]]:
        return self.commands

    def _api_deleteMyCommands(self, fields: dict[str, str], files: dict[str, Upload]) -> bool:
        self.commands = []
        return True

    def _api_sendChatAction(self, fields: dict[str, str], files: dict[str, Upload]) -> bool:
        self._target(fields)
        return True

    def _api_getChat(self, fields: dict[str, str], files: dict[str, Upload]) -> dict[str, Any]:
        return self.chat(self._target(fields))

    def _api_getFile(self, fields: dict[str, str], files: dict[str, Upload]) -> dict[str, Any]:
        file_id = fields.get("file_id", "")
        if file_id not in self.files:
            raise bad_request("invalid file_id")
        upload, path = self.files[file_id]
        return {"file_id": file_id, "file_unique_id": f"u{file_id}", "file_size": len(upload.content), "file_path": path}

    def _api_close(self, fields: dict[str, str], files: dict[str, Upload]) -> bool:
        return True

    def _api_logOut(self, fields: dict[str, str], files: dict[str, Upload]) -> bool:
        return True

    # -- helpers of the API --------------------------------------------------

    def _markup(self, fields: dict[str, str]) -> dict[str, Any] | None:
        """Return the decoded reply_markup, checking callback_data (1-64 bytes) as Telegram does."""
        markup = json_field(fields, "reply_markup")
        for button in inline_buttons(markup):
            data = button.get("callback_data")
            if data is not None and not 1 <= len(data.encode()) <= 64:
                raise bad_request("BUTTON_DATA_INVALID")
        return markup

    def _editable(self, fields: dict[str, str]) -> tuple[tuple[int, int], dict[str, Any]]:
        """Return the stored bot message a request edits. Raises ApiError if missing or not the bot's."""
        key = (self._target(fields), int(fields.get("message_id") or 0))
        message = self.messages.get(key)
        if message is None:
            raise bad_request("message to edit not found")
        if message["from"]["id"] != BOT_ID:
            raise bad_request("message can't be edited")
        return key, message

    def _store_file(self, upload: Upload, folder: str) -> dict[str, Any]:
        """Keep an uploaded file for getFile and return its Document dict."""
        file_id = f"F{next(self._ids):06d}"
        suffix = Path(upload.filename).suffix
        self.files[file_id] = (upload, f"{folder}/file_{file_id}{suffix}")
        return {"file_id": file_id, "file_unique_id": f"u{file_id}", "file_name": upload.filename,
                "mime_type": upload.content_type, "file_size": len(upload.content)}  # fmt: skip

    def _send_file(self, fields: dict[str, str], files: dict[str, Upload], kind: str) -> dict[str, Any]:
        """Answer sendDocument/sendPhoto: the file is an upload, or a file_id/URL in the field."""
        chat_id = self._target(fields)
        upload = files.get(kind)
        if upload is None:
            reference = fields.get(kind, "")
            if reference in self.files:
                upload = self.files[reference][0]
            elif reference.startswith(("http://", "https://")):
                upload = Upload(reference.rsplit("/", 1)[-1] or kind, b"")
            else:
                raise bad_request(f"there is no {kind} in the request")
        stored = self._store_file(upload, "documents" if kind == "document" else "photos")
        content: dict[str, Any] = {}
        if kind == "document":
            content["document"] = stored
        else:
            size = {"file_id": stored["file_id"], "file_unique_id": stored["file_unique_id"],
                    "width": 1, "height": 1, "file_size": stored["file_size"]}  # fmt: skip
            content["photo"] = [size]
        if fields.get("caption"):
            content["caption"] = formatted_text(fields, "caption")
        markup = self._markup(fields)
        if markup:
            content["reply_markup"] = markup
        return self.new_message(chat_id, BOT_USER, **content)


# -- HTTP ----------------------------------------------------------------------


async def read_fields(request: Request) -> tuple[dict[str, str], dict[str, Upload]]:
    """Return (fields, files) of a Bot API request: JSON, urlencoded or multipart."""
    if request.headers.get("content-type", "").startswith("application/json"):
        body = await request.json() if await request.body() else {}
        return {k: v if isinstance(v, str) else json.dumps(v) for k, v in body.items()}, {}
    fields: dict[str, str] = {}
    files: dict[str, Upload] = {}
    async with request.form(max_files=50, max_fields=1000, max_part_size=50 * 1024 * 1024) as form:
        for name, value in form.multi_items():
            if isinstance(value, UploadFile):
                files[name] = Upload(value.filename or name, await value.read(),
                                     value.content_type or "application/octet-stream")  # fmt: skip
            else:
                fields[name] = value
    return fields, files


def build_app(api: BotApi, control: bool = False) -> Starlette:
    """Return the Starlette app serving api (and the /_test/ control API if control)."""

    async def bot_method(request: Request) -> Response:
        token = request.path_params["token"]
        if api.token is not None and token != api.token:
            return JSONResponse({"ok": False, "error_code": 401, "description": "Unauthorized"}, status_code=401)
        fields, files = await read_fields(request)
        status, body = await api.answer(request.path_params["method"], fields, files)
        return JSONResponse(body, status_code=status)

    async def file_download(request: Request) -> Response:
        path = request.path_params["path"]
        for upload, file_path in api.files.values():
            if file_path == path:
                return Response(upload.content, media_type=upload.content_type)
        return JSONResponse({"ok": False, "error_code": 404, "description": "Not Found"}, status_code=404)

    routes = [
        Route("/bot{token}/{method}", bot_method, methods=["GET", "POST"]),
        Route("/file/bot{token}/{path:path}", file_download, methods=["GET"]),
    ]
    if control:
        routes += control_routes(api)
    return Starlette(routes=routes)


def control_routes(api: BotApi) -> list[Route]:
    """Routes under /_test/ that let another process push updates and read calls."""

    async def updates(request: Request) -> Response:
        return JSONResponse(api.push(await request.json()))

    async def text(request: Request) -> Response:
        return JSONResponse(api.send_text(**await request.json()))

    async def button(request: Request) -> Response:
        body = await request.json()
        message = api.messages.get((body.pop("chat_id"), body.pop("message_id")))
        if message is None:
            return JSONResponse({"error": "no such message"}, status_code=404)
        try:
            return JSONResponse(api.press_button(message=message, **body))
        except ValueError as error:
            return JSONResponse({"error": str(error)}, status_code=400)

    async def document(request: Request) -> Response:
        body = await request.json()
        body["content"] = base64.b64decode(body["content"])
        return JSONResponse(api.send_document(**body))

    async def fail(request: Request) -> Response:
        api.fail(**await request.json())
        return JSONResponse({"ok": True})

    async def calls(request: Request) -> Response:
        since = int(request.query_params.get("since", 0))
        method = request.query_params.get("method")
        chosen = [c.to_json() for c in api.calls[since:] if method in (None, c.method)]
        return JSONResponse({"calls": chosen, "next": len(api.calls)})

    return [
        Route("/_test/updates", updates, methods=["POST"]),
        Route("/_test/text", text, methods=["POST"]),
        Route("/_test/button", button, methods=["POST"]),
        Route("/_test/document", document, methods=["POST"]),
        Route("/_test/fail", fail, methods=["POST"]),
        Route("/_test/calls", calls, methods=["GET"]),
    ]


class _Server(uvicorn.Server):
    """uvicorn without its signal capture: the test runner (or our main) owns SIGINT/SIGTERM."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


class BotApiServer(BotApi):
    """The look-alike served by uvicorn on 127.0.0.1 inside the running event loop."""

    host = "127.0.0.1"

    def __init__(self, token: str | None = None, port: int = 0, control: bool = False) -> None:
        super().__init__(token)
        self.port = port
        self._control = control
        self._server: _Server | None = None
        self._task: asyncio.Task[None] | None = None

    @property
    def base_url(self) -> str:
        """Bot API endpoint as python-telegram-bot takes it (it appends the token)."""
        return f"http://{self.host}:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        """File download endpoint as python-telegram-bot takes it."""
        return f"http://{self.host}:{self.port}/file/bot"

    def settings(self, allowed_users: list[int] | None = None) -> dict[str, object]:
        """Return the `[telegram]` config section that points copdesk at this server."""
        return {"token": self.token or TOKEN, "base_url": self.base_url, "allowed_users": allowed_users or []}

    async def start(self, timeout: float = 30) -> None:
        """Serve on self.port (0 = any free port, read back). Raises RuntimeError if it does not start."""
        self.bind(asyncio.get_running_loop())
        self.closing = False
        config = uvicorn.Config(build_app(self, self._control), host=self.host, port=self.port, lifespan="off",
                                log_level="warning", access_log=False, timeout_graceful_shutdown=1)  # fmt: skip
        self._server = _Server(config)
        self._task = asyncio.create_task(self._server.serve())
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if self._task.done() or time.monotonic() > deadline:
                await self.stop()
                raise RuntimeError(f"Bot API look-alike did not start on {self.host}:{self.port}")
            await asyncio.sleep(0.01)
        self.port = self._server.servers[0].sockets[0].getsockname()[1]

    async def stop(self, timeout: float = 15) -> None:
        """End long polls, stop serving, and wait for uvicorn (cancelling it if it hangs)."""
        self.close()
        server, task = self._server, self._task
        if server is None or task is None:
            return
        server.should_exit = True
        try:
            await asyncio.wait_for(task, timeout)
        except (TimeoutError, asyncio.CancelledError, SystemExit):
            pass
        finally:
            self._server = self._task = None


# -- the look-alike in another process ---------------------------------------


class BotApiClient:
    """Drives a look-alike running in another process through its /_test/ control API."""

    def __init__(self, port: int, token: str | None = None) -> None:
        self.port = port
        self.token = token
        self.root = f"http://127.0.0.1:{port}"
        self._seen = 0
        self._calls: list[Call] = []
        self._claimed: set[int] = set()

    @property
    def base_url(self) -> str:
        """Bot API endpoint as python-telegram-bot takes it (it appends the token)."""
        return f"{self.root}/bot"

    def _request(self, path: str, body: dict[str, Any] | None = None) -> Any:
        """POST body (or GET when None) to the control API and return the decoded JSON."""
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.root + path, data=data, headers={"Content-Type": "application/json"})
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        with opener.open(request, timeout=30) as response:
            return json.loads(response.read())

    def push(self, update: dict[str, Any]) -> dict[str, Any]:
        """Queue a raw update; return it with its update_id."""
        return self._request("/_test/updates", update)

    def send_text(self, user_id: int, text: str, chat_id: int | None = None, chat_type: str = "private") -> dict[str, Any]:
        """Queue a text message from user_id; return the update."""
        return self._request("/_test/text", {"user_id": user_id, "text": text, "chat_id": chat_id, "chat_type": chat_type})

    def send_document(self, user_id: int, filename: str, content: bytes) -> dict[str, Any]:
        """Queue a document from user_id; return the update."""
        body = {"user_id": user_id, "filename": filename, "content": base64.b64encode(content).decode()}
        return self._request("/_test/document", body)

    def press_button(self, user_id: int, data: str, message: Call | dict[str, Any], strict: bool = True) -> dict[str, Any]:
        """Queue a callback_query on message (as it stands now); return the update."""
        result = message.result if isinstance(message, Call) else message
        body = {"user_id": user_id, "data": data, "strict": strict,
                "chat_id": result["chat"]["id"], "message_id": result["message_id"]}  # fmt: skip
        return self._request("/_test/button", body)

    def fail(self, method: str, error_code: int = 400, description: str = "Bad Request: failure injected by the test",
             retry_after: int | None = None, times: int = 1, chat_id: int | None = None) -> None:  # fmt: skip
        """Make the next calls of method fail (see BotApi.fail)."""
        self._request("/_test/fail", {"method": method, "error_code": error_code, "description": description,
                                      "retry_after": retry_after, "times": times, "chat_id": chat_id})  # fmt: skip

    @property
    def calls(self) -> list[Call]:
        """Every call recorded so far by the server."""
        answer = self._request(f"/_test/calls?since={self._seen}")
        self._calls.extend(Call.from_json(c) for c in answer["calls"])
        self._seen = answer["next"]
        return list(self._calls)

    def calls_of(self, method: str) -> list[Call]:
        """Recorded calls of method, oldest first."""
        return [call for call in self.calls if call.method == method]

    def wait_for_call(self, method: str, predicate: Callable[[Call], bool] | None = None, timeout: float = 10) -> Call:
        """Block until a successful call of method matches predicate; each call is returned once."""
        deadline = time.monotonic() + timeout
        while True:
            for call in self.calls:
                if call.index in self._claimed or call.method != method or call.error:
                    continue
                if predicate is None or predicate(call):
                    self._claimed.add(call.index)
                    return call
            if time.monotonic() > deadline:
                seen = [(c.method, c.fields.get("text"), c.error) for c in self._calls if c.method != "getUpdates"]
                raise AssertionError(f"no {method} call within {timeout}s; calls: {seen}")
            time.sleep(0.05)


class BotApiProcess(BotApiClient):
    """`python -m tests.servers.telegram` as a child process, driven through its control API."""

    def __init__(self, token: str | None = None, port: int = 0) -> None:
        command = [sys.executable, "-m", "tests.servers.telegram", "--port", str(port)]
        if token:
            command += ["--token", token]
        self.log = tempfile.TemporaryFile()  # not a pipe: nobody reads it while the process runs
        self.process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, stderr=self.log,
                                        env=with_no_proxy(os.environ), start_new_session=True)  # fmt: skip
        line = self.process.stdout.readline().decode().strip() if self.process.stdout else ""
        if not line.isdigit():
            self.stop()
            raise RuntimeError(f"Bot API look-alike process did not start: {line!r}\n{self.errors()}")
        super().__init__(int(line), token)
        _processes.add(self)

    def stop(self, timeout: float = 15) -> None:
        """Terminate the process (SIGTERM, then SIGKILL)."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout)
        if self.process.stdout:
            self.process.stdout.close()
        _processes.discard(self)

    def errors(self) -> str:
        """Return what the process wrote to stderr so far."""
        self.log.seek(0)
        return self.log.read().decode(errors="replace")


_processes: set[BotApiProcess] = set()


@atexit.register
def _stop_leftovers() -> None:
    """Stop look-alike processes an interrupted test run left behind."""
    for process in list(_processes):
        process.stop()


def with_no_proxy(environ: os._Environ[str] | dict[str, str]) -> dict[str, str]:
    """Return environ with 127.0.0.1 and localhost added to NO_PROXY/no_proxy (httpx honours proxies)."""
    env = dict(environ)
    for key in ("NO_PROXY", "no_proxy"):
        hosts = [h for h in env.get(key, "").split(",") if h]
        env[key] = ",".join(hosts + [h for h in ("127.0.0.1", "localhost") if h not in hosts])
    return env


async def serve_forever(port: int, token: str | None) -> None:
    """Run the look-alike with its control API until SIGINT/SIGTERM; print the port once listening."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    server = BotApiServer(token=token, port=port, control=True)
    await server.start()
    print(server.port, flush=True)
    try:
        await stop.wait()
    finally:
        await server.stop()


def main(argv: list[str] | None = None) -> None:
    """Command line: python -m tests.servers.telegram [--port N] [--token T]."""
    parser = argparse.ArgumentParser(description="Telegram Bot API look-alike for copdesk tests")
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (0: any free port; printed)")
    parser.add_argument("--token", default=None, help="accept only this bot token (default: any)")
    args = parser.parse_args(argv)
    asyncio.run(serve_forever(args.port, args.token))


# -- fixtures -------------------------------------------------------------------


@pytest.fixture
def no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep loopback HTTP away from any configured proxy."""
    for key, value in with_no_proxy(os.environ).items():
        if key in ("NO_PROXY", "no_proxy"):
            monkeypatch.setenv(key, value)


@pytest_asyncio.fixture
async def telegram(no_proxy: None) -> AsyncIterator[BotApiServer]:
    """A started Bot API look-alike in the test's event loop; `base_url` for python-telegram-bot."""
    server = BotApiServer(control=True)
    await server.start()
    try:
        yield server
    finally:
        await server.stop()


@pytest.fixture
def telegram_process(no_proxy: None) -> Iterator[BotApiProcess]:
    """The Bot API look-alike in a child process (for `copdesk run` subprocess tests); killed at teardown."""
    process = BotApiProcess()
    try:
        yield process
    finally:
        process.stop()


if __name__ == "__main__":
    main()
