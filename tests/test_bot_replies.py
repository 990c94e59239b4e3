"""Replies: buttons keep Telegram's 64-byte callback limit; turns collect record ids for the audit."""
from __future__ import annotations

import pytest

from bot.replies import Asker, Button, CallbackTooLong, Turn


def test_callback_data_over_64_bytes_is_refused() -> None:
    Button("ok", "x" * 64)
    with pytest.raises(CallbackTooLong):
        Button("too long", "é" * 33)


def test_turn_notes_ids() -> None:
    turn = Turn(Asker(1, 1))
    turn.note(participants=[3, 4], entity="NGA", review=None)
    assert turn.records == {"participants": [3, 4], "entity": ["NGA"], "review": []}
