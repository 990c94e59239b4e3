"""Tests for mail.imap: the poller against a real private Dovecot."""
from __future__ import annotations

import contextlib
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from mail.imap import (FolderMissing, ImapAccount, LoginFailed, MailboxUnavailable, Poller, check_mailbox,
                       poll_once)
from mail.pipeline import MailOptions, handler_for
from store.db import Store
from store.outbox import list_mail
from tests.mails import AUSTRIA, OUR_ADDRESS, delegation_mail, filler
from tests.servers.certs import make_certificate
from tests.servers.dovecot import DovecotServer, free_port

REPO = Path(__file__).resolve().parents[1]
INVALID = ("Pol. Comr.", "Andi Saputra", "Criminal Investigation Agency", "andi.saputra@@polri.go.id")
CHILD_POLL = """\
import sys
from mail.imap import ImapAccount, poll_once
from mail.pipeline import MailOptions, handler_for
from store.db import open_store
store = open_store(sys.argv[1])
account = ImapAccount(host="127.0.0.1", port=int(sys.argv[2]), user="cop", password="cop-secret", ssl=False)
options = MailOptions(sys.argv[3], "copdesk.test", ("untoc.cop@unodc.org",))
poll_once(account, store, handler_for(store, options), batch_size=25)
"""


class TlsDovecot(DovecotServer):
    """The test Dovecot with TLS on: STARTTLS on its IMAP port and implicit TLS on tls_port."""

    def _write_config(self) -> None:
        """Write the plain config, then switch TLS on with a self-signed certificate for 127.0.0.1."""
        super()._write_config()
        if not hasattr(self, "tls_port"):
            self.tls_port = free_port()
            self.certificate = make_certificate(self.root, self.host)
            self.cafile = self.certificate.cert
        conf = self.root / "dovecot.conf"
        text = conf.read_text().replace("ssl = no", f"ssl = yes\nssl_cert = <{self.cafile}\n"
                                        f"ssl_key = <{self.certificate.key}")
        conf.write_text(text.replace("inet_listener imaps {\n    port = 0", f"inet_listener imaps {{\n"
                                     f"    address = {self.host}\n    port = {self.tls_port}"))


class DeadLinkRelay:
    """A TCP relay to the test Dovecot that can make its open connections die silently (no FIN, no RST)."""

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.links: list[threading.Event] = []
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        """Accept connections and relay each to Dovecot in both directions."""
        while True:
            try:
                near, _ = self.listener.accept()
            except OSError:
                return
            far = socket.create_connection(("127.0.0.1", self.target_port))
            dead = threading.Event()
            self.links.append(dead)
            for source, sink in ((near, far), (far, near)):
                threading.Thread(target=self._pump, args=(source, sink, dead), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, sink: socket.socket, dead: threading.Event) -> None:
        """Copy bytes until EOF; once the link is dead, swallow everything and tell nobody."""
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                if not dead.is_set():
                    sink.sendall(data)
            if not dead.is_set():
                sink.shutdown(socket.SHUT_WR)

    def cut(self) -> None:
        """Make every connection open now go silent, as a dropped network path does."""
        for dead in self.links:
            dead.set()

    def close(self) -> None:
        """Stop accepting connections."""
        self.listener.close()


@pytest.fixture
def tls_dovecot() -> Iterator[TlsDovecot]:
    """A started private Dovecot that speaks TLS."""
    server = TlsDovecot()
    try:
        server.start()
        yield server
    finally:
        server.close()


@pytest.fixture
def options(meeting) -> MailOptions:
    """Pipeline options for the bundled meeting."""
    return MailOptions(meeting.code, "copdesk.test", (OUR_ADDRESS,))


@pytest.fixture
def account(dovecot: DovecotServer) -> ImapAccount:
    """The test Dovecot's INBOX as an ImapAccount (plain loopback, IDLE on)."""
    return ImapAccount(dovecot.host, dovecot.port, dovecot.user, dovecot.password, ssl=False, poll_seconds=600,
                       timeout=30)


@pytest.fixture
def poller(account: ImapAccount, store: Store, options: MailOptions) -> Iterator[Callable[..., Poller]]:
    """Return start(**poller options) -> a Poller running in a thread; stopped at teardown."""
    running: list[tuple[threading.Event, threading.Thread]] = []

    def start(**kwargs: object) -> Poller:
        watcher = Poller(account, store, handler_for(store, options), **{"max_backoff": 1.0, **kwargs})
        stop = threading.Event()
        thread = threading.Thread(target=watcher.run, args=(stop,), daemon=True)
        thread.start()
        running.append((stop, thread))
        assert watcher.synced.wait(30), "the poller did not finish its first catch-up"
        return watcher

    yield start
    for stop, thread in running:
        stop.set()
    for stop, thread in running:
        thread.join(30)
        assert not thread.is_alive(), "the poller did not stop"


def stored_ids(store: Store) -> list[str]:
    """Return the Message-IDs of all stored messages (with repeats, if any)."""
    return [r["message_id"] for r in store.rows("SELECT message_id FROM messages ORDER BY id")]


def wait_for(condition: Callable[[], bool], timeout: float) -> float:
    """Wait until condition holds; return the seconds it took. Fails the test on timeout."""
    started = time.monotonic()
    while not condition():
        assert time.monotonic() - started < timeout, f"condition not met within {timeout} s"
        time.sleep(0.05)
    return time.monotonic() - started


def test_poll_stores_mail_and_queues_a_threaded_confirmation(dovecot, account, store, options):
    raw = delegation_mail([*AUSTRIA, INVALID], msg_id="<vienna-1@bmeia.gv.at>")
    dovecot.append(raw)
    summary = poll_once(account, store, handler_for(store, options))
    assert (summary.fetched, summary.new, summary.handled) == (1, 1, 1)
    mail = {m.kind: m for m in list_mail(store)}
    confirmation = mail["confirmation"]
    assert confirmation.to_addr == "elisabeth.brandstaetter@bmeia.gv.at"
    assert confirmation.in_reply_to == "<vienna-1@bmeia.gv.at>"
    assert "<vienna-1@bmeia.gv.at>" in confirmation.references
    links = sorted(m.to_addr for m in list_mail(store) if m.kind == "photo_link")
    assert links == sorted(p[3] for p in AUSTRIA)


def test_second_poll_finds_nothing_and_leaves_the_mailbox_unread(dovecot, account, store, options):
    uid = dovecot.append(filler(1))
    poll_once(account, store, handler_for(store, options))
    again = poll_once(account, store, handler_for(store, options))
    assert (again.fetched, again.new) == (0, 0)
    imap = dovecot.client()
    imap.select_folder("INBOX", readonly=True)
    assert b"\\Seen" not in imap.get_flags([uid])[uid]


def test_processed_flag_marks_handled_mail(dovecot, account, store, options):
    uid = dovecot.append(filler(2))
    account.processed_flag = "$Processed"
    poll_once(account, store, handler_for(store, options))
    imap = dovecot.client()
    imap.select_folder("INBOX", readonly=True)
    assert imap.get_flags([uid])[uid] == (b"$Processed",)


def test_sigkill_mid_ingest_then_restart_stores_every_message_once(dovecot, account, store, options):
    raws = [delegation_mail(msg_id=f"<{i}.kill@bmeia.gv.at>", sender=f"mission{i}@bmeia.gv.at")
            if i % 100 == 0 else filler(i) for i in range(2000)]
    dovecot.append_many(raws)
    child = subprocess.Popen([sys.executable, "-c", CHILD_POLL, store.path, str(dovecot.port), options.meeting_code],
                             cwd=REPO, stderr=subprocess.PIPE)
    probe = sqlite3.connect(f"file:{store.path}?mode=ro", uri=True, timeout=30)
    count = lambda: probe.execute("SELECT count(*) FROM messages").fetchone()[0]  # noqa: E731
    try:
        wait_for(lambda: count() >= 300 or child.poll() is not None, 120)
        child.send_signal(signal.SIGKILL)
        child.wait(30)
        assert child.returncode == -signal.SIGKILL, child.stderr.read().decode()
        assert 300 <= count() < 2000, "the kill did not land in the middle of the ingest"
    finally:
        probe.close()
        child.kill()
    summary = poll_once(account, store, handler_for(store, options))
    assert summary.duplicates == 0
    ids = stored_ids(store)
    assert len(ids) == 2000
    assert set(ids) == {f"<{i:07d}.bulk@example.org>" for i in range(2000) if i % 100} | \
        {f"<{i}.kill@bmeia.gv.at>" for i in range(0, 2000, 100)}
    assert store.value("SELECT count(*) FROM messages WHERE handled_at IS NULL") == 0
    assert store.value("SELECT count(*) FROM outbox WHERE kind = 'confirmation'") == 20
    assert store.value("SELECT count(*) FROM outbox WHERE kind = 'photo_link'") == len(AUSTRIA)


@pytest.mark.parametrize("outage", ["restart", "kill"])
def test_poller_survives_a_dovecot_outage_and_misses_nothing(dovecot, store, poller, outage):
    dovecot.append_many([filler(i) for i in range(400)])
    watcher = poller(batch_size=20)  # the first catch-up is done: 400 stored
    dovecot.append_many([filler(i) for i in range(400, 800)])
    wait_for(lambda: len(stored_ids(store)) > 420, 60)
    dovecot.restart() if outage == "restart" else (dovecot.kill(), dovecot.start())
    dovecot.append(filler(800))
    wait_for(lambda: len(stored_ids(store)) == 801, 60)
    assert watcher.connections >= 2
    assert sorted(stored_ids(store)) == sorted(f"<{i:07d}.bulk@example.org>" for i in range(801))


def test_poller_notices_a_silently_dead_connection_and_reconnects(dovecot, account, store, poller):
    relay = DeadLinkRelay(dovecot.port)
    account.port, account.timeout = relay.port, 2
    try:
        watcher = poller(idle_seconds=1)
        relay.cut()
        dovecot.append(filler(13))
        wait_for(lambda: len(stored_ids(store)) == 1, 30)
        assert watcher.connections >= 2
    finally:
        relay.close()


def test_uidvalidity_change_rescans_without_duplicates(dovecot, account, store, options):
    dovecot.append_many([filler(i) for i in range(3)])
    poll_once(account, store, handler_for(store, options))
    dovecot.recreate_folder("INBOX")
    dovecot.append(filler(3))
    summary = poll_once(account, store, handler_for(store, options))
    assert summary.uidvalidity_changed
    assert (summary.new, summary.duplicates) == (1, 3)
    assert sorted(stored_ids(store)) == [f"<{i:07d}.bulk@example.org>" for i in range(4)]
    assert store.value("SELECT count(DISTINCT uidvalidity) FROM messages") == 1


def test_idle_picks_up_mail_appended_by_another_connection_in_seconds(dovecot, store, poller):
    poller()  # poll_seconds is 600: only IDLE can be this quick
    dovecot.append(filler(7))
    assert wait_for(lambda: len(stored_ids(store)) == 1, 10) < 5


def test_poller_without_idle_polls(dovecot, account, store, poller):
    account.idle = False
    account.poll_seconds = 0.5
    poller()
    dovecot.append(filler(8))
    wait_for(lambda: len(stored_ids(store)) == 1, 10)


def test_poller_reissues_idle(dovecot, store, poller):
    poller(idle_seconds=0.5)
    time.sleep(2)  # several IDLE rounds
    dovecot.append(filler(9))
    wait_for(lambda: len(stored_ids(store)) == 1, 10)


def test_wrong_port_is_mailbox_unavailable(store, options):
    account = ImapAccount("127.0.0.1", free_port(), "cop", "x", ssl=False)
    with pytest.raises(MailboxUnavailable, match="cannot reach the IMAP server at 127.0.0.1"):
        poll_once(account, store, handler_for(store, options))


def test_wrong_password_is_login_failed(dovecot, account, store, options):
    account.password = "wrong"
    with pytest.raises(LoginFailed, match="refused the login of 'cop'"):
        poll_once(account, store, handler_for(store, options))


def test_missing_folder_is_folder_missing(account, store, options):
    account.folder = "Nowhere"
    with pytest.raises(FolderMissing, match="'Nowhere'"):
        poll_once(account, store, handler_for(store, options))


def test_implicit_tls_with_our_ca(tls_dovecot, store, options):
    tls_dovecot.append(filler(11))
    account = ImapAccount(tls_dovecot.host, tls_dovecot.tls_port, "cop", "cop-secret", ssl=True,
                          cafile=str(tls_dovecot.cafile))
    assert poll_once(account, store, handler_for(store, options)).new == 1


def test_starttls_with_our_ca(tls_dovecot, store, options):
    tls_dovecot.append(filler(12))
    account = ImapAccount(tls_dovecot.host, tls_dovecot.port, "cop", "cop-secret", ssl=False, starttls=True,
                          cafile=str(tls_dovecot.cafile))
    assert poll_once(account, store, handler_for(store, options)).new == 1


def test_untrusted_certificate_is_mailbox_unavailable(tls_dovecot, store, options):
    account = ImapAccount(tls_dovecot.host, tls_dovecot.tls_port, "cop", "cop-secret", ssl=True)
    with pytest.raises(MailboxUnavailable, match="CERTIFICATE_VERIFY_FAILED"):
        poll_once(account, store, handler_for(store, options))


def test_starttls_refused_by_a_plain_server_is_mailbox_unavailable(account, store, options):
    account.starttls = True
    with pytest.raises(MailboxUnavailable, match="cannot reach the IMAP server"):
        poll_once(account, store, handler_for(store, options))


def test_check_mailbox_reports_the_folder(dovecot, account):
    dovecot.append_many([filler(i) for i in range(2)])
    found = check_mailbox(account)
    assert (found["folder"], found["messages"], found["idle"]) == ("INBOX", 2, True)
    assert found["uidvalidity"] == dovecot.uidvalidity()
