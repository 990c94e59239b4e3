"""Bench: raw imapclient fetch vs poll_once (fetch + store + parse + queue) from a private Dovecot.

    python bench/bench_ingest.py [--count 2000] [--batch 100] [--lists-every 10]

Seeds a private Dovecot (tests/servers/dovecot.py) with COUNT messages, one in LISTS_EVERY a
mission's delegation list (confirmed and answered), the rest short ordinary mail; then, in the
same run, times a bare BODY.PEEK[] fetch in batches and a full poll_once into a fresh store.
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from mail.imap import ImapAccount, poll_once  # noqa: E402
from mail.pipeline import MailOptions, handler_for  # noqa: E402
from store.db import open_store  # noqa: E402
from store.meetings import BUNDLED, load_meeting, read_meeting_file  # noqa: E402
from tests.mails import OUR_ADDRESS, delegation_mail, filler  # noqa: E402
from tests.servers.dovecot import DovecotServer  # noqa: E402


def seed(server: DovecotServer, count: int, lists_every: int) -> int:
    """Deliver count messages into INBOX; return their total size in bytes."""
    raws = [delegation_mail(sender=f"mission{i}@bmeia.gv.at", msg_id=f"<{i}.bench@bmeia.gv.at>")
            if lists_every and i % lists_every == 0 else filler(i) for i in range(count)]
    server.append_many(raws)
    return sum(len(r) for r in raws)


def time_raw_fetch(server: DovecotServer, batch: int) -> tuple[int, float]:
    """Fetch every message's bytes with imapclient alone; return (messages, seconds)."""
    started = time.perf_counter()
    imap = server.client(timeout=120)
    imap.select_folder("INBOX", readonly=True)
    uids = sorted(imap.search(["ALL"]))
    fetched = 0
    for start in range(0, len(uids), batch):
        response = imap.fetch(uids[start:start + batch], ["BODY.PEEK[]", "INTERNALDATE"])
        fetched += sum(1 for data in response.values() if data.get(b"BODY[]") is not None)
    imap.logout()
    return fetched, time.perf_counter() - started


def time_poll_once(server: DovecotServer, batch: int, folder: Path) -> tuple[int, int, float]:
    """Run poll_once into a fresh store; return (messages stored, mails queued, seconds)."""
    store = open_store(folder / "bench.db")
    meeting = load_meeting(store, read_meeting_file(BUNDLED))
    account = ImapAccount(server.host, server.port, server.user, server.password, ssl=False, timeout=120)
    options = MailOptions(meeting.code, "copdesk.bench", (OUR_ADDRESS,))
    started = time.perf_counter()
    summary = poll_once(account, store, handler_for(store, options), batch_size=batch)
    seconds = time.perf_counter() - started
    queued = store.value("SELECT count(*) FROM outbox")
    store.close()
    return summary.new, queued, seconds


def main() -> None:
    """Seed, measure both ways in the same run, print messages/s and the ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--lists-every", type=int, default=10)
    args = parser.parse_args()
    server = DovecotServer()
    folder = Path(tempfile.mkdtemp(prefix="copdesk-bench-"))
    try:
        server.start()
        size = seed(server, args.count, args.lists_every)
        print(f"seeded {args.count} messages ({size / 1e6:.1f} MB), batch {args.batch}")
        fetched, raw_seconds = time_raw_fetch(server, args.batch)
        stored, queued, poll_seconds = time_poll_once(server, args.batch, folder)
        raw_rate, poll_rate = fetched / raw_seconds, stored / poll_seconds
        print(f"raw imapclient fetch : {fetched:6d} messages in {raw_seconds:6.2f} s = {raw_rate:7.0f} messages/s")
        print(f"poll_once (full)     : {stored:6d} messages in {poll_seconds:6.2f} s = {poll_rate:7.0f} messages/s"
              f"  ({queued} mails queued)")
        print(f"ratio poll_once / raw fetch: {poll_rate / raw_rate:.2f}")
    finally:
        server.close()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
