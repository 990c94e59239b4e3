"""A real SMTP server (aiosmtpd) on 127.0.0.1 that records what it receives.

`SmtpServer` wraps an aiosmtpd `Controller` (its own thread and loop). It can be
stopped and started again on the same port ("SMTP down, then back up") and can
refuse chosen recipients with a temporary (4xx) or permanent (5xx) reply. Given a
`Certificate` it speaks TLS: STARTTLS required before anything else (and before
AUTH), or implicit TLS from the first byte with `implicit_tls=True`. The
fixtures `smtp_factory` and `smtp` stop every server at teardown.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from tests.servers.certs import Certificate
from tests.servers.loopback import free_port

TEMPORARY = "451 4.3.0 Temporary failure, try again later"
PERMANENT = "550 5.1.1 Mailbox unavailable"
READY_TIMEOUT = 30.0


def parse_message(content: bytes) -> EmailMessage:
    """Parse bytes with policy.default; fall back to compat32 when the message is too broken for it."""
    try:
        return message_from_bytes(content, policy=policy.default)  # type: ignore[return-value]
    except Exception:
        return message_from_bytes(content, policy=policy.compat32, _class=EmailMessage)  # type: ignore[return-value]


@dataclass
class Envelope:
    """One accepted message: SMTP envelope, exact bytes and the parsed message."""

    mail_from: str
    rcpt_tos: list[str]
    content: bytes
    message: EmailMessage
    smtputf8: bool = False

    @property
    def original_content(self) -> bytes:
        """The DATA bytes as received (aiosmtpd's name)."""
        return self.content


@dataclass
class Recorder:
    """aiosmtpd handler: refuses configured recipients, records accepted envelopes."""

    envelopes: list[Envelope] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)
    rejections: dict[str, str] = field(default_factory=dict)
    changed: threading.Condition = field(default_factory=threading.Condition)
    auth_required: bool = False

    async def handle_MAIL(self, server: Any, session: Any, envelope: Any, address: str, mail_options: list[str]) -> str:
        # Checked here rather than with aiosmtpd's auth_required, which warns about plain-text AUTH.
        if self.auth_required and not session.authenticated:
            return "530 5.7.0 Authentication required"
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    def reply_for(self, address: str) -> str | None:
        """Return the refusal configured for address (or for "*"), else None."""
        return self.rejections.get(address.lower()) or self.rejections.get("*")

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: list[str]) -> str:
        refusal = self.reply_for(address)
        if refusal:
            with self.changed:
                self.refused.append((address, refusal))
                self.changed.notify_all()
            return refusal
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        content = envelope.original_content or b""
        received = Envelope(
            mail_from=envelope.mail_from,
            rcpt_tos=list(envelope.rcpt_tos),
            content=content,
            message=parse_message(content),
            smtputf8=envelope.smtp_utf8,
        )
        with self.changed:
            self.envelopes.append(received)
            self.changed.notify_all()
        return "250 OK"


class SmtpServer:
    """An aiosmtpd server on 127.0.0.1 with SMTPUTF8, optional AUTH and TLS, and chosen refusals."""

    host = "127.0.0.1"

    def __init__(self, port: int | None = None, user: str | None = None, password: str | None = None,
                 certificate: Certificate | None = None, implicit_tls: bool = False) -> None:
        if implicit_tls and certificate is None:
            raise ValueError("implicit_tls needs a certificate")
        self.port = port if port is not None else free_port()
        self.user = user
        self.password = password
        self.certificate = certificate
        self.implicit_tls = implicit_tls
        self.handler = Recorder(auth_required=user is not None)
        self._controller: Controller | None = None

    @property
    def envelopes(self) -> list[Envelope]:
        """Every accepted message, in order of arrival."""
        return self.handler.envelopes

    @property
    def messages(self) -> list[EmailMessage]:
        """The parsed messages of `envelopes`."""
        return [envelope.message for envelope in self.envelopes]

    @property
    def refused(self) -> list[tuple[str, str]]:
        """Every (recipient, reply) refused so far."""
        return self.handler.refused

    @property
    def running(self) -> bool:
        """True while the server accepts connections."""
        return self._controller is not None

    def start(self) -> None:
        """Listen on self.port (the same port after a stop). Raises RuntimeError if it cannot."""
        if self._controller is not None:
            return
        deadline = time.monotonic() + READY_TIMEOUT
        while True:
            controller = self._new_controller()
            try:
                controller.start()
                break
            except Exception:
                # The old listener may take a moment to release the port.
                self._discard(controller)
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        self._controller = controller

    def _new_controller(self) -> Controller:
        """Return an unstarted Controller for self.port (a fresh one per start: each owns a loop)."""
        options: dict[str, Any] = {}
        if self.user is not None:
            options = {"authenticator": self._authenticate, "auth_require_tls": False}
        if self.certificate is not None and self.implicit_tls:
            # aiosmtpd counts only STARTTLS as TLS for auth_require_tls, so AUTH stays allowed here.
            options["ssl_context"] = self.certificate.server_context()
        elif self.certificate is not None:
            options.update(tls_context=self.certificate.server_context(), require_starttls=True,
                           auth_require_tls=True)
        return Controller(
            self.handler,
            hostname=self.host,
            port=self.port,
            enable_SMTPUTF8=True,
            ready_timeout=READY_TIMEOUT,
            **options,
        )

    @staticmethod
    def _discard(controller: Controller) -> None:
        """Stop controller's thread if any and close its loop."""
        with contextlib.suppress(Exception):
            controller.stop(no_assert=True)
        with contextlib.suppress(Exception):
            if not controller.loop.is_closed():
                controller.loop.close()

    def stop(self) -> None:
        """Close the listener and drop open sessions; the port refuses connections afterwards."""
        controller, self._controller = self._controller, None
        if controller is not None:
            self._discard(controller)

    def _authenticate(self, server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any) -> AuthResult:
        """Accept exactly self.user / self.password."""
        ok = (
            isinstance(auth_data, LoginPassword)
            and auth_data.login.decode() == self.user
            and auth_data.password.decode() == self.password
        )
        return AuthResult(success=ok, handled=False)

    def reject(self, *addresses: str, reply: str = PERMANENT) -> None:
        """Refuse these recipients (or "*" for all) at RCPT TO with reply, e.g. "550 5.1.1 No such user"."""
        if reply[:1] not in ("4", "5") or not reply[:3].isdigit():
            raise ValueError(f"an SMTP refusal starts with a 4xx or 5xx code, not {reply!r}")
        for address in addresses:
            self.handler.rejections[address.lower()] = reply

    def reject_temporarily(self, *addresses: str) -> None:
        """Refuse these recipients with 451 (the sender should retry later)."""
        self.reject(*addresses, reply=TEMPORARY)

    def reject_permanently(self, *addresses: str) -> None:
        """Refuse these recipients with 550 (the sender should give up)."""
        self.reject(*addresses, reply=PERMANENT)

    def accept(self, *addresses: str) -> None:
        """Accept these recipients again; with no arguments, accept everyone."""
        if not addresses:
            self.handler.rejections.clear()
        for address in addresses:
            self.handler.rejections.pop(address.lower(), None)

    def wait_for(self, n: int, timeout: float = 10) -> list[Envelope]:
        """Block until at least n messages arrived and return all of them. Raises AssertionError on timeout.

        Blocking: from an async test whose loop does the sending, use `await wait_for_async`.
        """
        with self.handler.changed:
            arrived = self.handler.changed.wait_for(lambda: len(self.envelopes) >= n, timeout)
        if not arrived:
            raise AssertionError(self._timeout_message(n, timeout))
        return list(self.envelopes)

    async def wait_for_async(self, n: int, timeout: float = 10) -> list[Envelope]:
        """Like wait_for, without blocking the running event loop."""
        deadline = time.monotonic() + timeout
        while len(self.envelopes) < n:
            if time.monotonic() > deadline:
                raise AssertionError(self._timeout_message(n, timeout))
            await asyncio.sleep(0.02)
        return list(self.envelopes)

    def _timeout_message(self, n: int, timeout: float) -> str:
        return f"expected {n} messages within {timeout}s, got {len(self.envelopes)}; refused: {self.refused}"

    def settings(self, from_addr: str = "untoc.cop@unodc.test") -> dict[str, object]:
        """Return the `[smtp]` config section that points copdesk at this server."""
        section: dict[str, object] = {
            "host": self.host,
            "port": self.port,
            "user": self.user or "",
            "password": self.password or "",
            "starttls": self.certificate is not None and not self.implicit_tls,
            "ssl": self.implicit_tls,
            "from_addr": from_addr,
        }
        if self.certificate is not None:
            section["cafile"] = str(self.certificate.cert)
        return section


@pytest.fixture
def smtp_factory() -> Iterator[Callable[..., SmtpServer]]:
    """Return make(port=None, user=None, password=None, certificate=None, implicit_tls=False) -> a started
    SmtpServer; all stop at teardown."""
    servers: list[SmtpServer] = []

    def make(**options: Any) -> SmtpServer:
        server = SmtpServer(**options)
        servers.append(server)
        server.start()
        return server

    yield make
    for server in servers:
        server.stop()


@pytest.fixture
def smtp(smtp_factory: Callable[..., SmtpServer]) -> SmtpServer:
    """A started SMTP server on 127.0.0.1 that accepts everything (no AUTH)."""
    return smtp_factory()
