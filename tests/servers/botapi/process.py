"""The look-alike in another process: `python -m tests.servers.telegram`, and the client that drives it."""

from __future__ import annotations

import argparse
import asyncio
import atexit
import base64
import contextlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.servers.botapi.records import Call
from tests.servers.botapi.server import BotApiServer
from tests.servers.loopback import with_no_proxy

REPO = Path(__file__).resolve().parents[3]
ENTRY = "tests.servers.telegram"  # the pytest plugin module; run with -m it calls main()


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
        command = [sys.executable, "-m", ENTRY, "--port", str(port)]
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
