"""Send the outbox over SMTP: claim a row, render it, send it to its one recipient, record the outcome.

Temporary failures (4xx, no connection, timeouts) go back to the queue with a growing delay; permanent
refusals (5xx) fail the row with the server's words. A row left 'sending' by a crash is sent again with the
same bytes and Message-ID (see docs/outbox.md).
"""
from __future__ import annotations

import asyncio
import contextlib
import logging
import ssl
from dataclasses import dataclass

import aiosmtplib

from mail.compose import MailObsolete, Renderer
from mail.envelope import ComposeError, recipient_for
from store.db import Store
from store.outbox import due_mail, mark_cancelled, mark_failed, mark_retry, mark_sending, mark_sent, \
    requeue_interrupted
from store.records import OutboxMail

log = logging.getLogger(__name__)

FIRST_RETRY_SECONDS = 30
MAX_RETRY_SECONDS = 3600
CONNECTION_ERRORS = (aiosmtplib.SMTPServerDisconnected, aiosmtplib.SMTPTimeoutError, ConnectionError, OSError,
                     asyncio.TimeoutError)


class SmtpProblem(Exception):
    """The SMTP server cannot be used for sending."""


class SmtpUnavailable(SmtpProblem):
    """The SMTP server cannot be reached, or refuses the conversation (TLS, greeting)."""


class SmtpAuthFailed(SmtpProblem):
    """The SMTP server refused our user name and password."""


@dataclass
class SmtpAccount:
    """Where and how to send: plain SMTP only when both ssl and starttls are False."""

    host: str
    port: int = 587
    user: str = ""
    password: str = ""
    starttls: bool = True
    ssl: bool = False
    cafile: str = ""
    timeout: float = 30.0

    def __post_init__(self) -> None:
        if self.ssl:
            self.starttls = False  # implicit TLS already encrypts; STARTTLS on top is an error


@dataclass
class SendSummary:
    """What one pass over the outbox did."""

    sent: int = 0
    retried: int = 0
    failed: int = 0
    cancelled: int = 0
    requeued: int = 0


class ConnectionLost(Exception):
    """The connection broke while sending one mail (internal: ends the pass)."""


def retry_delay(attempts: int) -> float:
    """Return seconds to wait after the given number of failed attempts: 30 s doubling, at most an hour."""
    return float(min(FIRST_RETRY_SECONDS * 2 ** max(attempts - 1, 0), MAX_RETRY_SECONDS))


def make_client(account: SmtpAccount) -> aiosmtplib.SMTP:
    """Return an unconnected aiosmtplib client for the account (TLS as the account says)."""
    context = None
    if account.ssl or account.starttls:
        context = ssl.create_default_context(cafile=account.cafile or None)
    return aiosmtplib.SMTP(hostname=account.host, port=account.port, timeout=account.timeout,
                           use_tls=account.ssl, start_tls=account.starttls, tls_context=context,
                           username=account.user or None, password=account.password or None)


async def open_connection(account: SmtpAccount) -> aiosmtplib.SMTP:
    """Connect (TLS, EHLO, AUTH as configured) and return the client.

    Raises SmtpAuthFailed if the login is refused, SmtpUnavailable if the server cannot be used.
    """
    client = make_client(account)
    try:
        await client.connect()
    except aiosmtplib.SMTPAuthenticationError as e:
        await close_quietly(client)
        raise SmtpAuthFailed(f"SMTP {account.host}:{account.port} refused user {account.user!r}: "
                             f"{e.code} {e.message}") from e
    except (aiosmtplib.SMTPException, *CONNECTION_ERRORS) as e:
        await close_quietly(client)
        if account.user and "auth" in str(e).lower():
            raise SmtpAuthFailed(f"SMTP {account.host}:{account.port}: {e}") from e
        raise SmtpUnavailable(f"SMTP {account.host}:{account.port} unavailable: {e or type(e).__name__}") from e
    return client


async def close_quietly(client: aiosmtplib.SMTP) -> None:
    """Say QUIT if we can, else just drop the connection."""
    try:
        if client.is_connected:
            await client.quit()
    except (aiosmtplib.SMTPException, *CONNECTION_ERRORS):
        client.close()


async def check_smtp(account: SmtpAccount) -> None:
    """Make sure the server answers EHLO and accepts our login (for start-up checks).

    Raises SmtpUnavailable or SmtpAuthFailed.
    """
    await close_quietly(await open_connection(account))


def postpone(store: Store, mail: OutboxMail, error: str, summary: SendSummary) -> None:
    """Claim a mail and put it back in the queue for later, counting the attempt."""
    if mark_sending(store, mail.id):
        mark_retry(store, mail.id, error, retry_delay(mail.attempts + 1))
        summary.retried += 1


def refuse(store: Store, mail: OutboxMail, code: int, message: str, summary: SendSummary) -> None:
    """Record an SMTP refusal: permanent (5xx) fails the mail, anything else retries it."""
    error = f"{code} {message}".strip()
    if 500 <= code < 600:
        mark_failed(store, mail.id, f"refused by the SMTP server: {error}")
        summary.failed += 1
    else:
        mark_retry(store, mail.id, error, retry_delay(mail.attempts + 1))
        summary.retried += 1


async def send_mail(store: Store, client: aiosmtplib.SMTP, renderer: Renderer, mail: OutboxMail,
                    summary: SendSummary) -> None:
    """Send one claimed-or-claimable mail and record the outcome. Raises ConnectionLost if the connection broke."""
    if not mark_sending(store, mail.id):
        return
    try:
        raw = renderer.render(store, mail)
        to = renderer.recipient(mail)
        sender = recipient_for(renderer.from_addr, test_environment=True)
    except MailObsolete as e:
        mark_cancelled(store, mail.id, str(e))
        summary.cancelled += 1
        return
    except ComposeError as e:
        mark_failed(store, mail.id, str(e))
        summary.failed += 1
        return
    except Exception as e:  # a bug must fail this one mail visibly, not leave it 'sending'
        log.exception("cannot compose outbox mail %s", mail.id)
        mark_failed(store, mail.id, f"cannot compose: {type(e).__name__}: {e}")
        summary.failed += 1
        return
    options = ["SMTPUTF8"] if to.smtputf8 or sender.smtputf8 or not raw.isascii() else []
    try:
        await client.sendmail(sender.address, [to.address], raw, mail_options=options)
    except aiosmtplib.SMTPRecipientsRefused as e:
        first = e.recipients[0]
        refuse(store, mail, first.code, first.message, summary)
    except aiosmtplib.SMTPResponseException as e:
        refuse(store, mail, e.code, e.message, summary)
    except aiosmtplib.SMTPNotSupported as e:
        mark_failed(store, mail.id, f"the SMTP server cannot take this mail: {e}")
        summary.failed += 1
    except CONNECTION_ERRORS as e:
        mark_retry(store, mail.id, f"connection lost: {e or type(e).__name__}", retry_delay(mail.attempts + 1))
        summary.retried += 1
        raise ConnectionLost(str(e)) from e
    else:
        mark_sent(store, mail.id)
        summary.sent += 1
        log.info("sent outbox mail %s (%s) to %s", mail.id, mail.kind, to.address)


async def send_once(store: Store, account: SmtpAccount, renderer: Renderer, *, recover: bool = False,
                    limit: int = 100) -> SendSummary:
    """Send every due mail over one connection and return what happened.

    recover=True first requeues mail a crash left 'sending' (for a one-shot `copdesk send --once`).
    """
    summary = SendSummary()
    if recover:
        summary.requeued = requeue_interrupted(store)
    due = due_mail(store, limit)
    if not due:
        return summary
    try:
        client = await open_connection(account)
    except SmtpProblem as e:
        for mail in due:
            postpone(store, mail, str(e), summary)
        log.warning("%s; %d mail(s) postponed", e, len(due))
        return summary
    try:
        for mail in due:
            await send_mail(store, client, renderer, mail, summary)
    except ConnectionLost as e:
        log.warning("SMTP connection lost (%s); the rest waits for the next pass", e)
    finally:
        await close_quietly(client)
    return summary


async def run_sender(store: Store, account: SmtpAccount, renderer: Renderer, stop: asyncio.Event,
                     interval: float = 5) -> None:
    """Send due mail every interval seconds until stop is set (for `copdesk run`)."""
    requeued = requeue_interrupted(store)
    if requeued:
        log.warning("%d mail(s) interrupted by a crash will be sent again (same Message-ID)", requeued)
    while not stop.is_set():
        try:
            await send_once(store, account, renderer)
        except Exception:  # the service edge: one bad pass must not stop the sender
            log.exception("outbox pass failed")
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=interval)
