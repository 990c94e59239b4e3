"""Bench the bot's handler logic on a large store: 100,000 participants over 200 meetings.

Run: python bench/bench_bot.py [--participants 100000] [--meetings 200] [--runs 200]
The outbox holds one photo link per participant (95 % sent, 3 % queued, 2 % failed).
Prints p50/p95/max per handler (/status, /country, /find, digest) against the targets
(p95 <= 20 ms for queries, <= 200 ms for the digest). Not part of the test run.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.desk import Desk  # noqa: E402
from bot.digest import compose_digest  # noqa: E402
from bot.options import BotOptions  # noqa: E402
from bot.queries import country, find, status  # noqa: E402
from bot.replies import Asker, Turn  # noqa: E402
from store.db import Store, open_store  # noqa: E402
from store.delegations import name_key  # noqa: E402
from store.entities import all_entities  # noqa: E402
from store.meetings import BUNDLED, load_meeting, read_meeting_file  # noqa: E402

SURNAMES = ("Smith Garcia Müller Dubois Rossi Silva Kim Nguyen Okafor Haddad Ivanova Tanaka Kowalski Jensen Novak "
            "Hassan Mendoza Costa Fischer Moreau Ricci Santos Lee Tran Adeyemi Khalil Petrov Sato Nowak Larsen "
            "Horvat Ali Rojas Pereira Weber Laurent Bianchi Oliveira Park Pham Bello Mansour Sokolov Suzuki Wojcik "
            "Nielsen Kovac Ahmed Castro Almeida").split()
GIVEN = ("Anna John Maria Ahmed Li Carlos Fatima Pierre Olga Kenji Amina David Sofia Ivan Laura Omar Elena Paul "
         "Chen Ana Yusuf Marta Louis Nadia Hiro").split()
FUNCTIONS = ("Ambassador", "Counsellor", "First Secretary", "Legal Adviser", "Expert", "Director", "Attaché",
             "Minister Plenipotentiary", "Deputy Permanent Representative", "Police Officer")
TARGETS = {"/status": 20.0, "/country": 20.0, "/find": 20.0, "digest": 200.0}


def fill(store: Store, participants: int, meetings: int, seed: int = 7) -> list[str]:
    """Fill the store with meetings, delegations, messages, participants and outbox rows; return meeting codes."""
    rng = random.Random(seed)
    base = read_meeting_file(BUNDLED)
    entities = all_entities()
    per_meeting = participants // meetings
    codes, now = [], dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    pid = mid = did = oid = 0
    for m in range(meetings):
        code = f"bench-{m:03d}"
        load_meeting(store, {**base, "code": code})
        codes.append(code)
        chosen = rng.sample(entities, min(len(entities), max(1, per_meeting // 5)))
        delegations, messages, people, outbox = [], [], [], []
        first_did, first_mid = did + 1, mid + 1
        for i in range(per_meeting):
            entity = chosen[i % len(chosen)]
            if i < len(chosen):
                did += 1
                mid += 1
                at = (now + dt.timedelta(minutes=mid)).isoformat()
                messages.append({"id": mid, "sha256": f"{mid:064x}", "message_id": f"<{mid}@bench>", "source": "imap",
                                 "received_at": at, "size": 2048, "from_addr": f"mission{mid}@example.org",
                                 "subject": f"Delegation of {entity.name}", "date": at, "language": "en",
                                 "kind": "delegation", "sender_code": entity.code, "meeting_code": code,
                                 "parse_status": "parsed", "handled_at": at})
                delegations.append({"id": did, "meeting_code": code, "entity_code": entity.code,
                                    "state": "confirmed" if rng.random() < 0.9 else "received", "message": mid,
                                    "language": "en", "created_at": at, "updated_at": at})
            pid += 1
            name = f"{rng.choice(GIVEN)} {rng.choice(SURNAMES)}"
            email = f"p{pid}@example.org"
            photo = rng.random() < 0.6
            at = (now + dt.timedelta(minutes=pid)).isoformat()
            people.append({"id": pid, "delegation": first_did + i % len(chosen), "name": name,
                           "name_key": name_key(name), "honorific": rng.choice(("Mr.", "Ms.")),
                           "function": rng.choice(FUNCTIONS), "email": email, "email_state": "ok",
                           "head": int(i < len(chosen)), "language": "en",
                           "photo_state": "received" if photo else "missing",
                           "photo_path": f"{pid}.jpg" if photo else None, "photo_at": at if photo else None,
                           "message": first_mid + i % len(chosen), "created_at": at, "updated_at": at})
            oid += 1
            outbox.append({"id": oid, "kind": "photo_link", "dedupe_key": f"photo_link:{pid}", "template": "photo_link",
                           "to_addr": email, "message_id": f"<o{oid}@bench>", "context": json.dumps({"participant": pid}),
                           "state": rng.choices(("sent", "queued", "failed"), (95, 3, 2))[0], "participant": pid,
                           "next_attempt_at": at, "created_at": at})
        with store.tx() as db:
            db["messages"].insert_all(messages)
            db["delegations"].insert_all(delegations)
            db["participants"].insert_all(people)
            db["outbox"].insert_all(outbox)
    store.execute("ANALYZE")
    return codes


def timed(runs: int, call) -> list[float]:
    """Return the durations (ms) of runs calls of call(i)."""
    out = []
    for i in range(runs):
        start = time.perf_counter()
        call(i)
        out.append((time.perf_counter() - start) * 1000)
    return out


def p95(values: list[float]) -> float:
    """Return the 95th percentile."""
    return statistics.quantiles(values, n=20)[-1]


def main(argv: list[str] | None = None) -> int:
    """Fill a temporary store, time each handler, print the figures; exit 1 if a target is missed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=100_000)
    parser.add_argument("--meetings", type=int, default=200)
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "bench.db")
        started = time.perf_counter()
        codes = fill(store, args.participants, args.meetings)
        print(f"filled {args.participants} participants over {args.meetings} meetings "
              f"in {time.perf_counter() - started:.1f} s")
        rng = random.Random(11)
        desks = {code: Desk(store, BotOptions(meeting_code=code)) for code in codes}
        countries = [r["name"] for r in store.rows(
            "SELECT DISTINCT e.name FROM delegations d JOIN entities e ON e.code = d.entity_code")]
        asker = Asker(1, 1, admin=True)
        runs = {
            "/status": lambda i: status(desks[rng.choice(codes)], Turn(asker)),
            "/country": lambda i: country(desks[rng.choice(codes)], Turn(asker, rng.choice(countries))),
            "/find": lambda i: find(desks[rng.choice(codes)], Turn(asker, rng.choice(SURNAMES))),
            "digest": lambda i: compose_digest(desks[rng.choice(codes)]),
        }
        failed = False
        for name, call in runs.items():
            timed(5, call)  # warm caches
            ms = timed(args.runs, call)
            ok = p95(ms) <= TARGETS[name]
            failed |= not ok
            print(f"{name:9} p50 {statistics.median(ms):7.2f} ms  p95 {p95(ms):7.2f} ms  max {max(ms):7.2f} ms  "
                  f"(target p95 <= {TARGETS[name]:.0f} ms) {'ok' if ok else 'MISSED'}")
        store.close()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
