"""web.server: uvicorn on the caller's loop, stopped by an event; a used address is named."""
from __future__ import annotations

import asyncio
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from store.db import Store
from web.app import create_app
from web.server import WebUnavailable, serve_web

ROOT = Path(__file__).resolve().parent.parent

@pytest.fixture
def photos_dir(tmp_path: Path) -> Path:
    """Where accepted photos would go."""
    return tmp_path / "photos"


async def test_serve_web_stops_when_asked(store: Store, photos_dir: Path) -> None:
    stop = asyncio.Event()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    serving = asyncio.create_task(serve_web(create_app(store, photos_dir), "127.0.0.1", port, stop))
    await asyncio.sleep(0.3)
    async with httpx.AsyncClient() as c:
        assert (await c.get(f"http://127.0.0.1:{port}/healthz")).text == "ok"
    stop.set()
    await asyncio.wait_for(serving, 10)
    with pytest.raises(httpx.ConnectError):
        async with httpx.AsyncClient() as c:
            await c.get(f"http://127.0.0.1:{port}/healthz")


async def test_serve_web_names_an_address_in_use(store: Store, photos_dir: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(WebUnavailable, match=f"127.0.0.1:{port}"):
            await serve_web(create_app(store, photos_dir), "127.0.0.1", port, asyncio.Event())


SERVE_UNTIL_SIGNAL = """
import asyncio, sys
from store.db import open_store
from web.app import create_app
from web.server import serve_web, stop_on_signals

async def main():
    stop = asyncio.Event()
    stop_on_signals(stop)
    await serve_web(create_app(open_store(sys.argv[1]), sys.argv[2]), "127.0.0.1", int(sys.argv[3]), stop)
    print("stopped cleanly", flush=True)  # uvicorn must not re-raise the signal and kill us before this

asyncio.run(main())
"""


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_stops_the_page_and_the_caller_carries_on(tmp_path: Path, sig: signal.Signals) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    child = subprocess.Popen([sys.executable, "-c", SERVE_UNTIL_SIGNAL, str(tmp_path / "db.sqlite"),
                              str(tmp_path / "photos"), str(port)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        for _ in range(200):
            try:
                if httpx.get(f"http://127.0.0.1:{port}/healthz").text == "ok":
                    break
            except httpx.TransportError:
                time.sleep(0.05)
        child.send_signal(sig)
        out, _ = child.communicate(timeout=20)
    finally:
        child.kill()
    assert (child.returncode, out) == (0, "stopped cleanly\n")
