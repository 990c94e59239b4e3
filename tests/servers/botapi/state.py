"""The look-alike's state: chats, messages, files, pending updates, recorded calls and injected failures."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.servers.botapi.markup import command_entities
from tests.servers.botapi.methods import METHODS
from tests.servers.botapi.records import ApiError, Call, Upload, bad_request, inline_buttons


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
        """Set the current change event and start a fresh one."""
        event, self._changed = self._changed, asyncio.Event()
        event.set()

    def close(self) -> None:
        """Make pending long polls return now (the server is stopping)."""
        self.closing = True
        self._notify()

    # -- chats, users, messages, files ---------------------------------------

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

    def target_chat(self, fields: dict[str, str]) -> int:
        """Return the int chat_id of a request. Raises ApiError if absent or not a number."""
        value = fields.get("chat_id", "")
        if not value.lstrip("-").isdigit():
            raise bad_request("chat not found" if value else "chat_id is empty")
        return int(value)

    def store_file(self, upload: Upload, folder: str) -> dict[str, Any]:
        """Keep an uploaded file for getFile and return its Document dict."""
        file_id = f"F{next(self._ids):06d}"
        suffix = Path(upload.filename).suffix
        self.files[file_id] = (upload, f"{folder}/file_{file_id}{suffix}")
        return {"file_id": file_id, "file_unique_id": f"u{file_id}", "file_name": upload.filename,
                "mime_type": upload.content_type, "file_size": len(upload.content)}  # fmt: skip

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
        entities = command_entities(text)
        if entities:
            content["entities"] = entities
        message = self.new_message(chat_id, self.user(user_id, first_name, username), **content)
        return self.push({"message": message})

    def send_document(
        self, user_id: int, filename: str, content: bytes, chat_id: int | None = None, caption: str | None = None
    ) -> dict[str, Any]:
        """Queue a document sent by a user (downloadable through getFile); return the update."""
        document = self.store_file(Upload(filename, content), "documents")
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

    # -- answering the Bot API -------------------------------------------------

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
                handler = METHODS.get(method)
                if handler is None:
                    raise ApiError(404, "Not Found")
                result = handler(self, fields, files)
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
