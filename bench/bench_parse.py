"""Parse 1,000 synthetic corpus-like messages; print messages/s and peak memory.

Run by hand: python bench/bench_parse.py [N]
"""
from __future__ import annotations

import random
import resource
import sys
import time
import tracemalloc

from mail.parse import parse_message

GIVEN = ["Emeka", "Halima", "Jürgen", "Katrin", "María José", "Ousmane", "Hiroshi", "Olena", "Ștefan", "Ana Lucía"]
FAMILY = ["OKAFOR", "ABUBAKAR", "HOFFMANN", "MÜLLER-BRANDT", "GONZÁLEZ PÉREZ", "DIOP", "TANAKA", "SHEVCHUK", "EL AMRANI"]
HONORIFIC = ["Mr.", "Ms.", "Mrs.", "Dr.", "H.E. Mr.", "M.", "Mme", "Sr.", "Sra."]
POSTS = ["Director, Ministry of Justice", "First Secretary, Permanent Mission, Vienna", "Legal Adviser",
         "Chief Superintendent of Police, Anti-Trafficking Unit"]


def person(rng: random.Random, i: int) -> tuple[str, str, str, str]:
    given, family = rng.choice(GIVEN), rng.choice(FAMILY)
    email = f"{given.split()[0].lower()}.{i}@mfa.gov.xx".encode("ascii", "ignore").decode()
    return rng.choice(HONORIFIC), f"{given} {family}", rng.choice(POSTS), email


def body(rng: random.Random) -> str:
    people = [person(rng, i) for i in range(rng.randint(1, 8))]
    layout = rng.randrange(4)
    if layout == 0:
        rows = [f"{i}. {h} {n}\n   {p}\n   Tel: +43 1 712 66 8{i}\n   E-mail: {e}\n" for i, (h, n, p, e) in enumerate(people, 1)]
    elif layout == 1:
        rows = [f"{h} {n} – {p} – {e}" for h, n, p, e in people]
    elif layout == 2:
        rows = ["Name\tTitle\tE-mail\tTel"] + [f"{h} {n}\t{p}\t{e}\t+43 1 2" for h, n, p, e in people]
    else:
        return "Dear Sir/Madam,\n\nKindly advise whether visa letters can be issued?\n\nBest regards,\nA. WRITER\n"
    return ("Dear Sir/Madam,\n\nThe Permanent Mission of Nigeria has the honour to forward the composition of the "
            "delegation as follows:\n\n" + "\n".join(rows) + "\n\nBest regards,\n\nChinedu OBI\nTel: +43 1 712 66 85\n")


def message(rng: random.Random, i: int) -> bytes:
    return (f"From: Mission <m{i}@mission.example>\nTo: untoc.cop@unodc.org\nSubject: Delegation {i}\n"
            f"Message-ID: <{i}@mission.example>\nDate: Fri, 08 Jan 2010 14:27:05 +0100\n"
            f"Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n{body(rng)}").encode("utf-8")


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    rng = random.Random(2010)
    messages = [message(rng, i) for i in range(count)]
    parse_message(messages[0])  # warm caches and imports
    started = time.perf_counter()
    found = sum(len(parse_message(raw).participants) for raw in messages)
    elapsed = time.perf_counter() - started
    tracemalloc.start()
    for raw in messages[:200]:
        parse_message(raw)
    peak = tracemalloc.get_traced_memory()[1]
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"{count} messages, {found} participants in {elapsed:.2f} s: {count / elapsed:.0f} messages/s")
    print(f"peak traced allocation {peak / 1e6:.1f} MB, max RSS {rss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
