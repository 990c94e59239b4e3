"""Who may use the bot: allowed users and digest chats may ask; admins may also act."""
from __future__ import annotations

from bot.options import BotOptions

REFUSAL = "Sorry, this bot serves the conference secretariat only."


def may_ask(options: BotOptions, user_id: int | None, chat_id: int | None) -> bool:
    """Return True if this user in this chat may read answers."""
    if user_id is not None and (user_id in options.allowed_users or user_id in options.admins):
        return True
    return chat_id is not None and chat_id in options.digest_chats


def is_admin(options: BotOptions, user_id: int | None) -> bool:
    """Return True if this user may accept reviews, send reminders and change settings."""
    return user_id is not None and user_id in options.admins
