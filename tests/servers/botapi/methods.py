"""The Bot API methods the look-alike answers (all but getUpdates, which long-polls in state.py)."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from tests.servers.botapi.markup import formatted_text, json_field, reply_markup
from tests.servers.botapi.records import BOT_ID, BOT_USER, Upload, bad_request

if TYPE_CHECKING:
    from tests.servers.botapi.state import BotApi

Fields = dict[str, str]
Files = dict[str, Upload]
NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)


def get_me(api: BotApi, fields: Fields, files: Files) -> dict[str, Any]:
    """Return the bot's own user."""
    return {**BOT_USER, "can_join_groups": True, "can_read_all_group_messages": False,
            "supports_inline_queries": False}  # fmt: skip


def delete_webhook(api: BotApi, fields: Fields, files: Files) -> bool:
    """There is no webhook; drop pending updates if asked."""
    if fields.get("drop_pending_updates", "").lower() == "true":
        api.updates.clear()
    return True


def get_webhook_info(api: BotApi, fields: Fields, files: Files) -> dict[str, Any]:
    """Return an empty webhook with the number of pending updates."""
    return {"url": "", "has_custom_certificate": False, "pending_update_count": len(api.updates)}


def send_message(api: BotApi, fields: Fields, files: Files) -> dict[str, Any]:
    """Store and return the bot's message. Raises ApiError if empty, too long or badly formatted."""
    chat_id = api.target_chat(fields)
    text = formatted_text(fields, "text")
    if not text.strip():
        raise bad_request("message text is empty")
    if len(text) > 4096:
        raise bad_request("message is too long")
    markup = reply_markup(fields)
    message = api.new_message(chat_id, BOT_USER, text=text, **({"reply_markup": markup} if markup else {}))
    api.sources[(chat_id, message["message_id"])] = (fields["text"], fields.get("parse_mode", ""), markup)
    return message


def edit_message_text(api: BotApi, fields: Fields, files: Files) -> dict[str, Any] | bool:
    """Replace a bot message's text and markup. Raises ApiError if nothing changes."""
    if "inline_message_id" in fields:
        return True
    key, message = editable_message(api, fields)
    text = formatted_text(fields, "text")
    if not text.strip():
        raise bad_request("message text is empty")
    markup = reply_markup(fields)
    source = (fields["text"], fields.get("parse_mode", ""), markup)
    if api.sources.get(key) == source:
        raise bad_request(NOT_MODIFIED.removeprefix("Bad Request: "))
    api.sources[key] = source
    message.update(text=text, edit_date=int(time.time()))
    message.pop("reply_markup", None)
    if markup:
        message["reply_markup"] = markup
    return message


def edit_message_reply_markup(api: BotApi, fields: Fields, files: Files) -> dict[str, Any] | bool:
    """Replace a bot message's markup. Raises ApiError if it does not change."""
    if "inline_message_id" in fields:
        return True
    key, message = editable_message(api, fields)
    markup = reply_markup(fields)
    if (message.get("reply_markup") or None) == (markup or None):
        raise bad_request(NOT_MODIFIED.removeprefix("Bad Request: "))
    text, parse_mode, _ = api.sources.get(key, (message.get("text", ""), "", None))
    api.sources[key] = (text, parse_mode, markup)
    message.pop("reply_markup", None)
    if markup:
        message["reply_markup"] = markup
    message["edit_date"] = int(time.time())
    return message


def delete_message(api: BotApi, fields: Fields, files: Files) -> bool:
    """Forget a message. Raises ApiError if there is none."""
    key = (api.target_chat(fields), int(fields.get("message_id") or 0))
    if api.messages.pop(key, None) is None:
        raise bad_request("message to delete not found")
    return True


def send_document(api: BotApi, fields: Fields, files: Files) -> dict[str, Any]:
    """Store and return the bot's document message."""
    return send_file(api, fields, files, "document")


def send_photo(api: BotApi, fields: Fields, files: Files) -> dict[str, Any]:
    """Store and return the bot's photo message."""
    return send_file(api, fields, files, "photo")


def answer_callback_query(api: BotApi, fields: Fields, files: Files) -> bool:
    """Mark a button press answered. Raises ApiError if the query is unknown."""
    query_id = fields.get("callback_query_id", "")
    if query_id not in api.callback_queries:
        raise bad_request("query is too old and response timeout expired or query ID is invalid")
    api.callback_queries[query_id] = True
    return True


def set_my_commands(api: BotApi, fields: Fields, files: Files) -> bool:
    """Keep the bot's command list. Raises ApiError if a name or description breaks Telegram's limits."""
    commands = json_field(fields, "commands") or []
    for command in commands:
        name, description = command.get("command", ""), command.get("description", "")
        if not re.fullmatch(r"[a-z0-9_]{1,32}", name) or not 1 <= len(description) <= 256:
            raise bad_request("BOT_COMMAND_INVALID")
    api.commands = commands
    return True


def get_my_commands(api: BotApi, fields: Fields, files: Files) -> list[dict[str, str]]:
    """Return the bot's command list."""
    return api.commands


def delete_my_commands(api: BotApi, fields: Fields, files: Files) -> bool:
    """Empty the bot's command list."""
    api.commands = []
    return True


def send_chat_action(api: BotApi, fields: Fields, files: Files) -> bool:
    """Accept a "typing…" for a valid chat. Raises ApiError if chat_id is not."""
    api.target_chat(fields)
    return True


def get_chat(api: BotApi, fields: Fields, files: Files) -> dict[str, Any]:
    """Return the requested chat."""
    return api.chat(api.target_chat(fields))


def get_file(api: BotApi, fields: Fields, files: Files) -> dict[str, Any]:
    """Return the File of a stored file_id. Raises ApiError if unknown."""
    file_id = fields.get("file_id", "")
    if file_id not in api.files:
        raise bad_request("invalid file_id")
    upload, path = api.files[file_id]
    return {"file_id": file_id, "file_unique_id": f"u{file_id}", "file_size": len(upload.content), "file_path": path}


def succeed(api: BotApi, fields: Fields, files: Files) -> bool:
    """Answer true (close, logOut)."""
    return True


def editable_message(api: BotApi, fields: Fields) -> tuple[tuple[int, int], dict[str, Any]]:
    """Return the stored bot message a request edits. Raises ApiError if missing or not the bot's."""
    key = (api.target_chat(fields), int(fields.get("message_id") or 0))
    message = api.messages.get(key)
    if message is None:
        raise bad_request("message to edit not found")
    if message["from"]["id"] != BOT_ID:
        raise bad_request("message can't be edited")
    return key, message


def send_file(api: BotApi, fields: Fields, files: Files, kind: str) -> dict[str, Any]:
    """Answer sendDocument/sendPhoto: the file is an upload, or a file_id/URL in the field."""
    chat_id = api.target_chat(fields)
    upload = files.get(kind)
    if upload is None:
        reference = fields.get(kind, "")
        if reference in api.files:
            upload = api.files[reference][0]
        elif reference.startswith(("http://", "https://")):
            upload = Upload(reference.rsplit("/", 1)[-1] or kind, b"")
        else:
            raise bad_request(f"there is no {kind} in the request")
    stored = api.store_file(upload, "documents" if kind == "document" else "photos")
    content: dict[str, Any] = {}
    if kind == "document":
        content["document"] = stored
    else:
        size = {"file_id": stored["file_id"], "file_unique_id": stored["file_unique_id"],
                "width": 1, "height": 1, "file_size": stored["file_size"]}  # fmt: skip
        content["photo"] = [size]
    if fields.get("caption"):
        content["caption"] = formatted_text(fields, "caption")
    markup = reply_markup(fields)
    if markup:
        content["reply_markup"] = markup
    return api.new_message(chat_id, BOT_USER, **content)


METHODS: dict[str, Callable[[BotApi, Fields, Files], Any]] = {
    "getMe": get_me,
    "deleteWebhook": delete_webhook,
    "getWebhookInfo": get_webhook_info,
    "sendMessage": send_message,
    "editMessageText": edit_message_text,
    "editMessageReplyMarkup": edit_message_reply_markup,
    "deleteMessage": delete_message,
    "sendDocument": send_document,
    "sendPhoto": send_photo,
    "answerCallbackQuery": answer_callback_query,
    "setMyCommands": set_my_commands,
    "getMyCommands": get_my_commands,
    "deleteMyCommands": delete_my_commands,
    "sendChatAction": send_chat_action,
    "getChat": get_chat,
    "getFile": get_file,
    "close": succeed,
    "logOut": succeed,
}
