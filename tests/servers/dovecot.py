"""A private Dovecot IMAP server on 127.0.0.1 for tests (ENGINEERING.md §9).

`DovecotServer` runs `dovecot -F -c DIR/dovecot.conf` as a child process with
its own config, passwd-file user, Maildir and log inside a temporary folder
under /tmp. The fixtures `dovecot_factory` and `dovecot` start servers and kill
them at teardown, whatever the test did.
"""

from __future__ import annotations

import atexit
import contextlib
import itertools
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import pytest
from imapclient import IMAPClient

from tests.servers.loopback import free_port, wait_until

INSTALL_HINT = "apt-get install -y dovecot-imapd"
MAIL_UID = 65534  # nobody: Dovecot refuses uid 0 at login
START_TIMEOUT = 30.0
STOP_TIMEOUT = 15.0

_batches = itertools.count(1)
_alive: set[DovecotServer] = set()


@atexit.register
def _kill_leftovers() -> None:
    """Kill servers a crashed or interrupted test run left behind (they run in their own session)."""
    for server in list(_alive):
        server.close()


class DovecotMissing(RuntimeError):
    """Dovecot is not installed on this machine."""


class DovecotFailed(RuntimeError):
    """The private Dovecot did not start or stop in time."""


def find_dovecot() -> str:
    """Return the path of the dovecot binary. Raises DovecotMissing if absent."""
    found = shutil.which("dovecot") or shutil.which("dovecot", path="/usr/sbin:/usr/local/sbin:/sbin")
    if not found:
        raise DovecotMissing(f"dovecot is not installed; run: {INSTALL_HINT}")
    return found


def _greets(host: str, port: int) -> bool:
    """Return True if an IMAP server at host:port answers with its greeting."""
    try:
        with socket.create_connection((host, port), timeout=5) as sock:
            sock.settimeout(5)
            return sock.recv(64).startswith(b"* OK")
    except OSError:
        return False


def _group_alive(pgid: int) -> bool:
    """Return True while a non-zombie process of process group pgid exists."""
    proc = Path("/proc")
    if not proc.is_dir():
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return False
        return True
    for stat in proc.glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, IndexError, ValueError):
            # Fields after the ")" that closes the command name: state ppid pgrp ...
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[2]) == pgid and fields[0] != "Z":
                return True
    return False


class DovecotServer:
    """A private Dovecot with one passwd-file user and a Maildir, on 127.0.0.1."""

    host = "127.0.0.1"

    def __init__(self, user: str = "cop", password: str = "cop-secret", port: int | None = None) -> None:
        self.binary = find_dovecot()
        self.user = user
        self.password = password
        self._fixed_port = port is not None
        self.port = port if port is not None else free_port()
        self.root = Path(tempfile.mkdtemp(prefix="copdesk-dovecot-", dir="/tmp"))
        self.root.chmod(0o755)  # auth and imap run as other users and must reach the files
        self.maildir = self.root / "mail" / user / "Maildir"
        self.log_path = self.root / "dovecot.log"
        self._process: subprocess.Popen[bytes] | None = None
        self._clients: list[IMAPClient] = []
        self._write_config()
        _alive.add(self)

    # -- configuration -------------------------------------------------------

    def _write_config(self) -> None:
        """Write dovecot.conf, the passwd file and the mail folder into root."""
        root = self.root
        for sub in ("run", "state", "mail"):
            (root / sub).mkdir(exist_ok=True)
        uid, gid, internal_user, login_user, chroot = self._identity()
        (root / "mail").chmod(0o755)
        os.chown(root / "mail", uid, gid)
        (root / "passwd").write_text(
            f"{self.user}:{{PLAIN}}{self.password}:{uid}:{gid}::{root / 'mail' / self.user}::\n"
        )
        (root / "passwd").chmod(0o644)
        (root / "dovecot.conf").write_text(
            f"""\
base_dir = {root}/run
state_dir = {root}/state
log_path = {self.log_path}
protocols = imap
listen = {self.host}
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = {internal_user}
default_login_user = {login_user}
first_valid_uid = 1
mail_location = maildir:{root}/mail/%u/Maildir
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = passwd-file
  args = username_format=%u {root}/passwd
}}
service imap-login {{
  {chroot}
  inet_listener imap {{
    address = {self.host}
    port = {self.port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  {chroot}
}}
"""
        )

    @staticmethod
    def _identity() -> tuple[int, int, str, str, str]:
        """Return (mail uid, mail gid, internal user, login user, chroot line) for this euid."""
        if os.geteuid() == 0:
            return MAIL_UID, MAIL_UID, "dovecot", "dovenull", ""
        # Rootless (wiki2 HowTo/Rootless): everything runs as us, no chroot.
        me = pwd.getpwuid(os.geteuid()).pw_name
        return os.geteuid(), os.getegid(), me, me, "chroot ="

    # -- process -------------------------------------------------------------

    @property
    def running(self) -> bool:
        """True while the Dovecot master process runs."""
        return self._process is not None and self._process.poll() is None

    def start(self, timeout: float = START_TIMEOUT) -> None:
        """Start Dovecot and wait until its port greets. Raises DovecotFailed if it does not."""
        if self.running:
            return
        for attempt in range(3):
            self._launch()
            if self._wait_ready(timeout):
                return
            log = self.log_tail()
            self.kill()
            if "Address already in use" in log and not self._fixed_port and attempt < 2:
                self.port = free_port()  # someone took the port between our probe and Dovecot's bind
                self._write_config()
                continue
            raise DovecotFailed(f"dovecot did not start on {self.host}:{self.port}:\n{log}")

    def _launch(self) -> None:
        """Spawn `dovecot -F` in its own process group, after clearing a stale master.pid."""
        (self.root / "run" / "master.pid").unlink(missing_ok=True)
        out = open(self.root / "stdout.log", "ab")
        try:
            self._process = subprocess.Popen(
                [self.binary, "-F", "-c", str(self.root / "dovecot.conf")],
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        finally:
            out.close()

    def _wait_ready(self, timeout: float) -> bool:
        """Return True once the IMAP port greets, False if Dovecot exits or time runs out."""
        return wait_until(lambda: not self.running or _greets(self.host, self.port), timeout) and self.running

    def stop(self, timeout: float = STOP_TIMEOUT) -> None:
        """Stop Dovecot gracefully (SIGTERM), killing it if it lingers."""
        self._close_clients()
        process = self._process
        if process is None:
            return
        if process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                process.send_signal(signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout)
        if process.poll() is None or not wait_until(lambda: not _group_alive(process.pid), timeout):
            self.kill()
        self._process = None

    def kill(self) -> None:
        """Kill Dovecot and all its children at once (SIGKILL), like a crash; master.pid stays."""
        self._close_clients()
        process = self._process
        if process is None:
            return
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(STOP_TIMEOUT)
        wait_until(lambda: not _group_alive(process.pid), STOP_TIMEOUT)
        self._process = None

    def restart(self) -> None:
        """Stop and start again on the same port."""
        self.stop()
        self.start()

    def close(self) -> None:
        """Kill the server (its data is going anyway; SIGTERM costs Dovecot a second) and delete its folder."""
        try:
            self.kill()
        finally:
            shutil.rmtree(self.root, ignore_errors=True)
            _alive.discard(self)

    def log_tail(self, lines: int = 40) -> str:
        """Return the last lines of Dovecot's own log and its stdout, for error messages."""
        text = []
        for path in (self.root / "stdout.log", self.log_path):
            with contextlib.suppress(OSError):
                text.extend(path.read_text(errors="replace").splitlines()[-lines:])
        return "\n".join(text)

    # -- IMAP ---------------------------------------------------------------

    def client(self, timeout: float = 30) -> IMAPClient:
        """Return a new IMAPClient logged in as the test user; closed when the server stops."""
        imap = IMAPClient(self.host, self.port, ssl=False, timeout=timeout)
        imap.login(self.user, self.password)
        self._clients.append(imap)
        return imap

    @contextlib.contextmanager
    def _session(self) -> Iterator[IMAPClient]:
        """Yield a short-lived logged-in client and log it out afterwards."""
        imap = self.client()
        try:
            yield imap
        finally:
            with contextlib.suppress(Exception):
                imap.logout()
            self._clients.remove(imap)

    def _close_clients(self) -> None:
        """Drop the sockets of every client handed out (the server is going away)."""
        for imap in self._clients:
            with contextlib.suppress(Exception):
                imap.shutdown()
        self._clients.clear()

    def settings(self, folder: str = "INBOX") -> dict[str, object]:
        """Return the `[imap]` config section that points copdesk at this server."""
        return {
            "host": self.host,
            "port": self.port,
            "user": self.user,
            "password": self.password,
            "ssl": False,
            "folder": folder,
        }

    def append(
        self,
        raw: bytes,
        folder: str = "INBOX",
        flags: Iterable[bytes | str] = (),
        msg_time: object = None,
    ) -> int:
        """APPEND one message and return its UID (from APPENDUID)."""
        with self._session() as imap:
            self._ensure_folder(imap, folder)
            response = imap.append(folder, raw, flags=tuple(flags), msg_time=msg_time)
        match = re.search(rb"APPENDUID \d+ (\d+)", response)
        if not match:
            raise DovecotFailed(f"APPEND gave no APPENDUID: {response!r}")
        return int(match.group(1))

    def append_many(self, raws: Iterable[bytes], folder: str = "INBOX") -> list[int]:
        """Deliver messages straight into the folder's Maildir/new (fast) and return their UIDs in order."""
        with self._session() as imap:
            self._ensure_folder(imap, folder)
            first_uid = imap.folder_status(folder, [b"UIDNEXT"])[b"UIDNEXT"]
            count = self._deliver(raws, self.folder_path(folder))
            imap.select_folder(folder, readonly=True)  # Dovecot assigns UIDs now, in file-name order
            uids = sorted(uid for uid in imap.search(["UID", f"{first_uid}:*"]) if uid >= first_uid)
        if len(uids) < count:
            raise DovecotFailed(f"delivered {count} messages into {folder} but Dovecot lists {len(uids)}")
        return uids[:count]

    def _deliver(self, raws: Iterable[bytes], path: Path) -> int:
        """Write each message to path/tmp and rename it into path/new; return how many."""
        uid, gid = self.maildir.stat().st_uid, self.maildir.stat().st_gid
        batch, seconds, pid = next(_batches), int(time.time()), os.getpid()
        count = 0
        for count, raw in enumerate(raws, start=1):
            # Dovecot numbers new files by the time stamp in their names: keep it increasing.
            name = f"{seconds + count // 1_000_000}.M{count % 1_000_000:06d}P{pid}Q{batch}.copdesk"
            tmp = path / "tmp" / name
            tmp.write_bytes(raw)
            os.chown(tmp, uid, gid)
            tmp.rename(path / "new" / name)
        return count

    def folder_path(self, folder: str = "INBOX") -> Path:
        """Return the Maildir++ directory that holds folder (the folder must exist)."""
        if folder.upper() == "INBOX":
            return self.maildir
        done = subprocess.run(
            ["doveadm", "-c", str(self.root / "dovecot.conf"), "mailbox", "path", "-u", self.user, folder],
            capture_output=True,
            text=True,
            timeout=60,
        )
        if done.returncode != 0 or not done.stdout.strip():
            raise DovecotFailed(f"doveadm mailbox path {folder!r} failed: {done.stderr.strip()}")
        return Path(done.stdout.strip())

    @staticmethod
    def _ensure_folder(imap: IMAPClient, folder: str) -> None:
        """Create and subscribe folder unless it exists (INBOX always does)."""
        if folder.upper() != "INBOX" and not imap.folder_exists(folder):
            imap.create_folder(folder)
            imap.subscribe_folder(folder)

    def uidvalidity(self, folder: str = "INBOX") -> int:
        """Return the folder's current UIDVALIDITY."""
        with self._session() as imap:
            return imap.folder_status(folder, [b"UIDVALIDITY"])[b"UIDVALIDITY"]

    def recreate_folder(self, folder: str = "INBOX") -> int:
        """Make Dovecot rebuild folder: same messages, UIDs renumbered from 1, new UIDVALIDITY (returned).

        Works on INBOX too. Clients that have the folder selected are disconnected
        by Dovecot ("IMAP session state is inconsistent"), as after a real rebuild.
        """
        before = self.uidvalidity(folder)
        path = self.folder_path(folder)
        for index in [path / "dovecot-uidlist", *path.glob("dovecot.index*")]:
            index.unlink(missing_ok=True)
        after = self.uidvalidity(folder)
        if after == before:
            raise DovecotFailed(f"UIDVALIDITY of {folder} stayed {before}")
        return after


@pytest.fixture
def dovecot_factory() -> Iterator[Callable[..., DovecotServer]]:
    """Return make(user=..., password=..., port=None) -> a started DovecotServer; all are killed at teardown."""
    servers: list[DovecotServer] = []

    def make(**options: object) -> DovecotServer:
        try:
            server = DovecotServer(**options)  # type: ignore[arg-type]
        except DovecotMissing as missing:
            pytest.fail(str(missing), pytrace=False)
        servers.append(server)
        server.start()
        return server

    yield make
    for server in servers:
        server.close()


@pytest.fixture
def dovecot(dovecot_factory: Callable[..., DovecotServer]) -> DovecotServer:
    """A started private Dovecot with user `cop` / `cop-secret` and an empty INBOX."""
    return dovecot_factory()
