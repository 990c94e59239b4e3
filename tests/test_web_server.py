"""web.server: uvicorn on the caller's loop, stopped by an event; a used address is named."""
from __future__ import annotations

import asyncio
import socket
from pathlib import Path

import httpx
import pytest

from store.db import Store
from web.app import create_app
from web.server import WebUnavailable, serve_web


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
