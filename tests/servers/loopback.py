"""What every test server on 127.0.0.1 needs: a free port, a wait until it is ready, no proxy in between."""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Callable, Mapping

LOOPBACK_HOSTS = ("127.0.0.1", "localhost")


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(condition: Callable[[], bool], timeout: float, interval: float = 0.05) -> bool:
    """Poll condition until it is true or timeout passes; return its last value."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return condition()
        time.sleep(interval)
    return True


def with_no_proxy(environ: Mapping[str, str] = os.environ) -> dict[str, str]:
    """Return environ with 127.0.0.1 and localhost added to NO_PROXY/no_proxy (httpx honours proxies)."""
    env = dict(environ)
    for key in ("NO_PROXY", "no_proxy"):
        hosts = [h for h in env.get(key, "").split(",") if h]
        env[key] = ",".join(hosts + [h for h in LOOPBACK_HOSTS if h not in hosts])
    return env
