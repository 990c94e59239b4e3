"""The look-alike served by uvicorn on 127.0.0.1 inside the running event loop."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Iterator

import uvicorn

from tests.servers.botapi.records import TOKEN
from tests.servers.botapi.routes import build_app
from tests.servers.botapi.state import BotApi


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
