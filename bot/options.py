"""The bot's options, passed in by the entry point (only entry points read settings)."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class BotOptions:
    """What the bot needs to run: token, endpoint, who may use it, the digest and the meeting."""

    token: str = ""
    base_url: str = "https://api.telegram.org/bot"
    allowed_users: list[int] = field(default_factory=list)
    admins: list[int] = field(default_factory=list)
    digest_chats: list[int] = field(default_factory=list)
    digest_time: str = "08:00"
    timezone: str = "Europe/Vienna"
    meeting_code: str = "wg-tip-2010"
    domain: str = "copdesk.invalid"
    photos_dir: Path | str = "photos"
