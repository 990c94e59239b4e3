"""The desk: what every handler works with — the store, the options, the clock and pending questions."""
from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from bot.options import BotOptions
from store.db import NotFound, Store
from store.meetings import get_meeting
from store.records import Meeting


class MeetingMissing(LookupError):
    """The configured meeting is not loaded in the store."""


@dataclass
class Desk:
    """Shared state of the bot's handlers (the Telegram application and the console both use one)."""

    store: Store
    options: BotOptions
    clock: Callable[[], dt.datetime] | None = None
    pending: dict[tuple[int, int], tuple[str, int]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def zone(self) -> ZoneInfo:
        """The secretariat's time zone."""
        return ZoneInfo(self.options.timezone)

    def now(self) -> dt.datetime:
        """Return the current time in the secretariat's time zone."""
        return self.clock() if self.clock else dt.datetime.now(self.zone)

    def today(self) -> dt.date:
        """Return today's date in the secretariat's time zone."""
        return self.now().astimezone(self.zone).date()

    def meeting(self) -> Meeting:
        """Return the current meeting. Raises MeetingMissing if it is not loaded."""
        try:
            return get_meeting(self.store, self.options.meeting_code)
        except NotFound as e:
            raise MeetingMissing(f"The meeting {self.options.meeting_code!r} is not loaded.") from e

    def expect(self, asker_key: tuple[int, int], what: str, record_id: int) -> None:
        """Remember that the next plain message from this user in this chat answers a question."""
        with self.lock:
            self.pending[asker_key] = (what, record_id)

    def take_expected(self, asker_key: tuple[int, int]) -> tuple[str, int] | None:
        """Return and forget the question this user's next message answers, if any."""
        with self.lock:
            return self.pending.pop(asker_key, None)
