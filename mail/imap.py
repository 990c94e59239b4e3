"""The IMAP poller: fetch new mail by UID, store it with the checkpoint in one transaction, then handle it.

Blocking (imapclient); the long-running `Poller.run` belongs in its own thread. The mailbox is
never changed, except for an optional keyword flag on handled messages.
"""
from __future__ import annotations

import logging
import os
import select
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from imapclient import IMAPClient, SocketTimeout
from imapclient.exceptions import IMAPClientAbortError, IMAPClientError, LoginError

from mail.headers import message_id_of
from store.db import Store
from store.messages import Incoming, checkpoint, reset_checkpoint, store_batch, unhandled_messages

log = logging.getLogger("copdesk.mail")

FETCH_ITEMS = ["BODY.PEEK[]", "INTERNALDATE"]
CONNECT_SECONDS = 15
IDLE_SECONDS = 300  # re-issue IDLE well before the 29 minutes of RFC 2177
CHECK_SECONDS = 1.0  # how often a waiting poller looks at its stop flag
MAX_BACKOFF_SECONDS = 300.0
Handler = Callable[[int], Any]


class ImapError(Exception):
    """The mailbox could not be read."""


class MailboxUnavailable(ImapError):
    """The IMAP server cannot be reached (wrong host or port, TLS failure, network down)."""


class LoginFailed(ImapError):
    """The IMAP server refused the user name or password."""


class FolderMissing(ImapError):
    """The configured folder does not exist on the server."""


class ConnectionLost(ImapError):
    """The server closed the connection or stopped answering."""


@dataclass
class ImapAccount:
    """Where the mailbox is and how to watch it."""

    host: str
    port: int = 993
    user: str = ""
    password: str = ""
    ssl: bool = True
    starttls: bool = False
    folder: str = "INBOX"
    idle: bool = True
    poll_seconds: float = 60
    processed_flag: str = ""
    cafile: str = ""
    timeout: float = 120

    @property
    def where(self) -> str:
        """Return host:port for messages."""
        return f"{self.host}:{self.port}"


@dataclass
class PollSummary:
    """What one catch-up did."""

    fetched: int = 0
    new: int = 0
    duplicates: int = 0
    handled: int = 0
    vanished: int = 0
    uidvalidity_changed: bool = False
    last_uid: int = 0

    def add(self, other: PollSummary) -> None:
        """Add another summary's counts to this one."""
        for name in ("fetched", "new", "duplicates", "handled", "vanished"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.uidvalidity_changed = self.uidvalidity_changed or other.uidvalidity_changed
        self.last_uid = max(self.last_uid, other.last_uid)


def connect(account: ImapAccount) -> IMAPClient:
    """Return a logged-in client. Raises MailboxUnavailable or LoginFailed with a clear message."""
    context = ssl.create_default_context(cafile=account.cafile or None) if account.ssl or account.starttls else None
    try:
        client = IMAPClient(account.host, account.port, ssl=account.ssl, ssl_context=context,
                            timeout=SocketTimeout(connect=CONNECT_SECONDS, read=account.timeout))
        if account.starttls:
            client.starttls(context)
    except (OSError, IMAPClientError) as error:
        raise MailboxUnavailable(f"cannot reach the IMAP server at {account.where}: {error}") from error
    try:
        client.login(account.user, account.password)
    except LoginError as error:
        _drop(client)
        raise LoginFailed(f"the IMAP server at {account.where} refused the login of {account.user!r}: "
                          f"{_text(error)}") from error
    except (OSError, IMAPClientError) as error:
        _drop(client)
        raise MailboxUnavailable(f"the IMAP server at {account.where} failed during login: {error}") from error
    return client


def open_folder(client: IMAPClient, account: ImapAccount) -> dict:
    """Select the account's folder (read-only unless a processed flag is set); return its status."""
    try:
        return client.select_folder(account.folder, readonly=not account.processed_flag)
    except IMAPClientAbortError:
        raise
    except IMAPClientError as error:
        raise FolderMissing(f"folder {account.folder!r} cannot be opened at {account.where}: {_text(error)}") from error


@contextmanager
def session(account: ImapAccount) -> Iterator[tuple[IMAPClient, dict]]:
    """Yield a connected client with the folder selected; log out afterwards, or just close after an error."""
    client = connect(account)
    try:
        yield client, open_folder(client, account)
    except BaseException:
        with suppress(Exception):  # the connection may be dead: a LOGOUT would wait for a read timeout
            client.shutdown()
        raise
    _drop(client)


def check_mailbox(account: ImapAccount) -> dict[str, object]:
    """Connect, log in and open the folder; return what a start-up check shows.

    Raises MailboxUnavailable, LoginFailed or FolderMissing with a message naming the problem.
    """
    with session(account) as (client, status):
        return {"server": account.where, "folder": account.folder, "messages": int(status.get(b"EXISTS", 0)),
                "uidvalidity": int(status[b"UIDVALIDITY"]), "idle": bool(client.has_capability("IDLE"))}


def poll_once(account: ImapAccount, store: Store, handle: Handler, batch_size: int = 100) -> PollSummary:
    """Fetch what is new, store it, and handle every new or still unhandled message; return counts.

    Raises MailboxUnavailable, LoginFailed or FolderMissing when the mailbox cannot be read.
    """
    summary = PollSummary()
    summary.handled += handle_leftovers(store, handle)
    with session(account) as (client, status):
        summary.add(sync_folder(client, status, account, store, handle, batch_size))
    return summary


def handle_leftovers(store: Store, handle: Handler) -> int:
    """Handle messages stored earlier but not handled (a crash between the two); return how many."""
    done = 0
    seen: set[int] = set()
    while batch := [m.id for m in unhandled_messages(store, limit=200) if m.id not in seen]:
        for message_id in batch:
            handle(message_id)
            seen.add(message_id)
            done += 1
    return done


def sync_folder(client: IMAPClient, status: dict, account: ImapAccount, store: Store, handle: Handler,
                batch_size: int = 100) -> PollSummary:
    """Fetch every message above the checkpoint in batches: store each batch with the checkpoint, then handle it."""
    summary = PollSummary()
    uidvalidity = int(status[b"UIDVALIDITY"])
    last = resume_point(store, account.folder, uidvalidity, summary)
    uids = sorted(uid for uid in client.search(["UID", f"{last + 1}:*"]) if uid > last)  # n:* matches the top UID
    flag = _usable_flag(status, account.processed_flag)
    for start in range(0, len(uids), batch_size):
        wanted = uids[start:start + batch_size]
        batch = fetch_batch(client, wanted, account.folder, uidvalidity)
        summary.add(store_and_handle(store, account.folder, uidvalidity, batch, handle))
        summary.vanished += len(wanted) - len(batch)
        if flag and batch:
            client.add_flags([i.uid for i in batch], [flag], silent=True)
    return summary


def resume_point(store: Store, folder: str, uidvalidity: int, summary: PollSummary) -> int:
    """Return the last UID already stored; 0 (a re-scan) when the folder is new or its UIDVALIDITY changed."""
    known = checkpoint(store, folder)
    if known is not None and known[0] == uidvalidity:
        return known[1]
    if known is not None:
        log.warning("UIDVALIDITY of %s changed (%s -> %s): re-scanning, known mail is recognised",
                    folder, known[0], uidvalidity)
        summary.uidvalidity_changed = True
    reset_checkpoint(store, folder, uidvalidity)
    return 0


def store_and_handle(store: Store, folder: str, uidvalidity: int, batch: list[Incoming],
                     handle: Handler) -> PollSummary:
    """Store a fetched batch with the checkpoint in one transaction, then handle what is not handled yet."""
    created = store_batch(store, folder, uidvalidity, batch)
    for message_id in created:
        log.info("message %d received from the IMAP folder %s", message_id, folder)
    return PollSummary(fetched=len(batch), new=len(created), duplicates=len(batch) - len(created),
                       handled=handle_leftovers(store, handle),
                       last_uid=max((i.uid for i in batch), default=0))


def fetch_batch(client: IMAPClient, uids: list[int], folder: str, uidvalidity: int) -> list[Incoming]:
    """Fetch the raw bytes of some UIDs without setting \\Seen; UIDs expunged meanwhile are left out."""
    response = client.fetch(uids, FETCH_ITEMS)
    missing = [uid for uid in uids if response.get(uid, {}).get(b"BODY[]") is None]
    if missing:  # an unsolicited FETCH (a flag change) can stand in for ours: ask once more
        response.update({uid: data for uid, data in client.fetch(missing, FETCH_ITEMS).items()
                         if data.get(b"BODY[]") is not None})
    batch = []
    for uid in uids:
        data = response.get(uid, {})
        raw = data.get(b"BODY[]")
        if raw is None:
            continue
        batch.append(Incoming(raw=bytes(raw), source="imap", message_id=message_id_of(raw), folder=folder,
                              uidvalidity=uidvalidity, uid=uid, received_at=_iso(data.get(b"INTERNALDATE"))))
    return batch


class Poller:
    """Watch one folder for as long as asked: IDLE when offered, else poll; reconnect with backoff."""

    def __init__(self, account: ImapAccount, store: Store, handle: Handler, batch_size: int = 100,
                 idle_seconds: float = IDLE_SECONDS, check_seconds: float = CHECK_SECONDS,
                 max_backoff: float = MAX_BACKOFF_SECONDS) -> None:
        self.account = account
        self.store = store
        self.handle = handle
        self.batch_size = batch_size
        self.idle_seconds = idle_seconds
        self.check_seconds = check_seconds
        self.max_backoff = max_backoff
        self.connections = 0
        self.delay = 1.0  # seconds before the next reconnect; doubles per failure, reset by a good catch-up
        self.synced = threading.Event()  # set after each catch-up, for whoever waits on the poller

    def run(self, stop: threading.Event) -> None:
        """Catch up, then wait for mail and catch up again, until stop is set; never raises for network trouble."""
        while not stop.is_set():
            try:
                self.watch(stop)
            except (ImapError, IMAPClientError, OSError) as error:
                level = logging.ERROR if isinstance(error, (LoginFailed, FolderMissing)) else logging.WARNING
                log.log(level, "IMAP %s: %s; reconnecting in %.0f s", self.account.where, _text(error), self.delay)
            except Exception:  # the thread's edge: a store or handler failure must not end the poller
                log.exception("IMAP %s: poller failed; retrying in %.0f s", self.account.where, self.delay)
            else:
                continue
            stop.wait(self.delay)
            self.delay = min(self.delay * 2, self.max_backoff)

    def watch(self, stop: threading.Event) -> None:
        """Hold one connection: catch up after connecting and after every sign of new mail."""
        with session(self.account) as (client, status):
            self.connections += 1
            if self.connections > 1:
                log.info("IMAP %s: connected again, catching up", self.account.where)
            idle = self.account.idle and client.has_capability("IDLE")
            while not stop.is_set():
                sync_folder(client, status, self.account, self.store, self.handle, self.batch_size)
                self.delay = 1.0
                self.synced.set()
                if idle:
                    self.wait_idle(client, stop)
                else:
                    self.wait_poll(client, stop)
                if stop.is_set():
                    return
                status = open_folder(client, self.account)  # fresh UIDVALIDITY before every catch-up

    def wait_idle(self, client: IMAPClient, stop: threading.Event) -> None:
        """IDLE until the server reports new mail, idle_seconds pass, or stop is set. Raises ConnectionLost."""
        client.idle()
        started = time.monotonic()
        while not stop.is_set() and time.monotonic() - started < self.idle_seconds:
            responses = client.idle_check(timeout=self.check_seconds)
            if any(r and r[0] == b"BYE" for r in responses):
                raise ConnectionLost("the server said BYE")
            if any(len(r) > 1 and r[1] in (b"EXISTS", b"RECENT") for r in responses):
                break
            if not responses and _socket_closed(client):
                raise ConnectionLost("the server closed the connection")
        _end_idle(client)  # a link that died silently shows here, as a read timeout

    def wait_poll(self, client: IMAPClient, stop: threading.Event) -> None:
        """Wait poll_seconds (or until stop), keeping the connection alive."""
        deadline = time.monotonic() + self.account.poll_seconds
        while not stop.is_set() and time.monotonic() < deadline:
            stop.wait(min(self.check_seconds * 10, max(0.0, deadline - time.monotonic())))
        if not stop.is_set():
            client.noop()


def _end_idle(client: IMAPClient) -> None:
    """Leave IDLE; a dead connection becomes ConnectionLost instead of a hang."""
    try:
        client.idle_done()
    except (IMAPClientError, OSError) as error:
        raise ConnectionLost(f"leaving IDLE failed: {error}") from error


def _socket_closed(client: IMAPClient) -> bool:
    """Return True when the socket is readable but has no data: the peer closed it."""
    try:
        fd = client.socket().fileno()
        readable, _, _ = select.select([fd], [], [], 0)
        if not readable:
            return False
        # Peek on a duplicate of the descriptor: works under TLS too and leaves the client's timeouts alone.
        with socket.socket(fileno=os.dup(fd)) as raw:
            return raw.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) == b""
    except BlockingIOError:
        return False
    except (OSError, ValueError):
        return True


def _usable_flag(status: dict, flag: str) -> bytes | None:
    """Return the processed keyword if the folder lets us keep it (PERMANENTFLAGS), else None."""
    if not flag:
        return None
    wanted = flag.encode()
    permanent = status.get(b"PERMANENTFLAGS", ())
    if b"\\*" in permanent or wanted in permanent:
        return wanted
    log.warning("folder does not keep the keyword %s; handled mail stays unflagged", flag)
    return None


def _iso(value: object) -> str | None:
    """Return an INTERNALDATE as ISO 8601 UTC, or None."""
    if not isinstance(value, datetime):
        return None
    if value.tzinfo is None:
        value = value.astimezone()
    return value.astimezone(timezone.utc).replace(microsecond=0).isoformat()


def _text(error: BaseException) -> str:
    """Return an exception's message as text (imapclient gives bytes)."""
    args = getattr(error, "args", ())
    first = args[0] if args else error
    return first.decode(errors="replace") if isinstance(first, bytes) else str(first)


def _drop(client: IMAPClient) -> None:
    """Log out, or just close the socket if the server is gone."""
    try:
        client.logout()
    except Exception:
        with suppress(Exception):
            client.shutdown()
