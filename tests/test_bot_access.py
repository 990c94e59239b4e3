"""Who may ask and who may act."""
from __future__ import annotations

import pytest

from bot.access import is_admin, may_ask
from bot.options import BotOptions

OPTIONS = BotOptions(allowed_users=[1], admins=[2], digest_chats=[-50])


@pytest.mark.parametrize(("user", "chat", "allowed"), [
    (1, 1, True), (2, 2, True), (3, -50, True), (3, 3, False), (3, -51, False), (None, None, False)])
def test_may_ask(user: int | None, chat: int | None, allowed: bool) -> None:
    assert may_ask(OPTIONS, user, chat) is allowed


def test_only_admins_act() -> None:
    assert is_admin(OPTIONS, 2) and not is_admin(OPTIONS, 1) and not is_admin(OPTIONS, None)
