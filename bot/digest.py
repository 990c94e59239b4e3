"""The daily digest: what is new since the last one, totals, photos, who is missing, reviews, failed mail."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict

from bot.categories import ORDER, category_of, short_heading_of
from bot.desk import Desk
from bot.queries import days_phrase, invited_entities, long_date, missing_by_region, missing_entities
from bot.replies import Reply, Turn, say
from bot.texts import esc, join_and, plural
from store.meetings import meeting_date
from store.outbox import list_mail
from store.overview import kind_totals, meeting_counts, new_delegations, new_since
from store.settings import get_setting, set_setting

MAX_FAILED = 5
MAX_NAMED = 40


def last_digest_key(meeting_code: str) -> str:
    """Return the settings key that keeps when the last digest of a meeting was sent."""
    return f"digest.last_at.{meeting_code}"


def compose_digest(desk: Desk) -> str:
    """Return the digest of the current meeting as HTML."""
    meeting = desk.meeting()
    store = desk.store
    since = get_setting(store, last_digest_key(meeting.code), "")
    counts = meeting_counts(store, meeting.code)
    lines = [f"<b>Digest — {esc(meeting.get('short_title') or meeting.title)}</b>",
             f"<i>{long_date(desk.today())}</i>", ""]
    lines += _new_lines(desk, meeting.code, since)
    lines.append("<b>Totals</b> (confirmed delegations / participants / photos):")
    totals = _totals_by_category(desk, meeting.code)
    for category, (d, p, ph) in totals:
        lines.append(f"• {short_heading_of(category)}: {d} / {p} / {ph}")
    people, photos = sum(t[1] for _, t in totals), sum(t[2] for _, t in totals)
    lines.append(f"Photos received: <b>{photos}</b> of {people} confirmed participants")
    waiting = missing_entities(desk, meeting)
    invited = len(invited_entities(meeting))
    lines.append(f"Not answered: <b>{len(waiting)}</b> of {invited} invited")
    for region, names in missing_by_region(waiting).items():
        listed = join_and(names) if len(waiting) <= MAX_NAMED else plural(len(names), "State", "States")
        lines.append(f"• {esc(region)}: {listed}")
    if len(waiting) > MAX_NAMED:
        lines.append("  (names: /missing)")
    lines.append(f"Review queue: <b>{counts['review']}</b> open")
    lines += _failed_lines(desk, counts["outbox"]["failed"])
    deadline = meeting_date(meeting, "deadline")
    lines.append(f"Deadline: {long_date(deadline)} ({days_phrase(deadline, desk.today())})")
    return "\n".join(lines)


def _new_lines(desk: Desk, meeting_code: str, since: str) -> list[str]:
    new = new_since(desk.store, meeting_code, since)
    when = f"since {esc(since[:16].replace('T', ' '))} UTC" if since else "so far"
    names = new_delegations(desk.store, meeting_code, since)
    lines = [f"<b>New {when}</b>: {plural(new['delegations'], 'delegation')}"
             + (f" ({join_and([esc(n) for n in names])})" if names else "")
             + f", {plural(new['participants'], 'participant')}, {plural(new['photos'], 'photo')},"
             f" {plural(new['messages'], 'message')}"]
    return lines + [""]


def _totals_by_category(desk: Desk, meeting_code: str) -> list[tuple[str, tuple[int, int, int]]]:
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for kind, row in kind_totals(desk.store, meeting_code).items():
        into = totals[category_of(kind)]
        for i, key in enumerate(("delegations", "participants", "photos")):
            into[i] += row[key]
    return [(c, tuple(v)) for c, v in sorted(totals.items(), key=lambda kv: ORDER.get(kv[0], 99))] or [
        ("state", (0, 0, 0))]


def _failed_lines(desk: Desk, failed: int) -> list[str]:
    lines = [f"Failed mail: <b>{failed}</b>"]
    for mail in list_mail(desk.store, "failed", limit=MAX_FAILED):
        lines.append(f"• {esc(mail.kind)} to {esc(mail.to_addr)}: {esc((mail.last_error or '')[:120])}")
    return lines


def record_digest(desk: Desk, at: dt.datetime | None = None) -> None:
    """Remember when the digest was sent, so the next one says what is new since then."""
    moment = (at or dt.datetime.now(dt.timezone.utc)).astimezone(dt.timezone.utc).replace(microsecond=0)
    set_setting(desk.store, last_digest_key(desk.meeting().code), moment.isoformat())


def digest(desk: Desk, turn: Turn) -> list[Reply]:
    """Answer /digest: the digest now (the daily one still reports everything since the last daily)."""
    turn.note(meeting=desk.options.meeting_code)
    return say(compose_digest(desk))
