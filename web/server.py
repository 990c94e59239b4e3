"""Run the upload page with uvicorn on the caller's event loop, stopping when the caller says so."""
from __future__ import annotations

import asyncio
import contextlib
import signal
import socket
from collections.abc import Iterator

import uvicorn
from starlette.types import ASGIApp


class WebUnavailable(Exception):
    """The page cannot listen on the address it was given."""


class QuietServer(uvicorn.Server):
    """uvicorn without its own signal handling: the caller owns signals and sets the stop event."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


def listen(host: str, port: int) -> socket.socket:
    """Return a socket bound to host:port. Raises WebUnavailable if the address cannot be used."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
    except OSError as e:
        sock.close()
        raise WebUnavailable(f"cannot listen on {host}:{port}: {e.strerror or e}") from e
    return sock


async def serve_web(app: ASGIApp, host: str, port: int, stop: asyncio.Event) -> None:
    """Serve app on host:port on the current loop until stop is set.

    Raises WebUnavailable if the address cannot be used. Signals are left to the caller (see stop_on_signals).
    """
    sock = listen(host, port)
    config = uvicorn.Config(app, log_config=None, access_log=False, lifespan="off", server_header=False,
                            limit_concurrency=64, timeout_graceful_shutdown=5)
    server = QuietServer(config)
    serving = asyncio.create_task(server.serve(sockets=[sock]))
    stopping = asyncio.create_task(stop.wait())
    try:
        await asyncio.wait({serving, stopping}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        server.should_exit = True
        stopping.cancel()
        await asyncio.shield(serving)
        sock.close()


def stop_on_signals(stop: asyncio.Event) -> None:
    """Set stop on SIGINT or SIGTERM (call from the main thread before serving)."""
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
