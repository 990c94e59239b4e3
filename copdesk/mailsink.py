"""A local SMTP server that writes each received mail as an .eml file (used by the demo)."""
from __future__ import annotations

import socket
from pathlib import Path

from aiosmtpd.controller import Controller


class FileHandler:
    """aiosmtpd handler: one numbered .eml file per accepted mail."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.count = 0

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        self.count += 1
        target = self.folder / f"{self.count:03d}.eml"
        target.write_bytes(envelope.original_content)
        return "250 OK written"


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that is free right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_sink(folder: Path) -> Controller:
    """Start the sink on a free loopback port; the caller stops it with .stop()."""
    folder.mkdir(parents=True, exist_ok=True)
    controller = Controller(FileHandler(folder), hostname="127.0.0.1", port=free_port(), enable_SMTPUTF8=True)
    controller.start()
    return controller
