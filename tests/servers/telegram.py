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

The look-alike itself lives in tests/servers/botapi/ (records, markup, state,
methods, routes, server, process); this module registers its fixtures.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator

import pytest
import pytest_asyncio

from tests.servers.botapi.process import BotApiClient, BotApiProcess, main
from tests.servers.botapi.records import BOT_ID, BOT_USER, TOKEN, ApiError, Call, Upload
from tests.servers.botapi.server import BotApiServer
from tests.servers.botapi.state import BotApi
from tests.servers.loopback import with_no_proxy

__all__ = ["BOT_ID", "BOT_USER", "TOKEN", "ApiError", "BotApi", "BotApiClient", "BotApiProcess", "BotApiServer",
           "Call", "Upload", "main", "no_proxy", "telegram", "telegram_process", "with_no_proxy"]  # fmt: skip


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
