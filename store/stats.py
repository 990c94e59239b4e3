"""Counts for /status, the digest and `copdesk status --json`."""
from __future__ import annotations

from store.db import Store


def status_counts(store: Store, meeting_code: str | None = None) -> dict:
    """Return the whole store's counts (or one meeting's) as a JSON-ready dict."""
    where, params = ("", []) if meeting_code is None else (" WHERE d.meeting_code = ?", [meeting_code])
    joined = f"FROM participants p JOIN delegations d ON d.id = p.delegation{where}"
    outbox = {state: 0 for state in ("queued", "sending", "sent", "failed", "cancelled")}
    for row in store.rows("SELECT state, count(*) AS n FROM outbox GROUP BY state"):
        outbox[row["state"]] = row["n"]
    delegations = {state: 0 for state in ("received", "needs_review", "confirmed", "declined")}
    for row in store.rows(f"SELECT d.state, count(*) AS n FROM delegations d{where} GROUP BY d.state", params):
        delegations[row["state"]] = row["n"]
    review_where = " WHERE state = 'open'" + ("" if meeting_code is None else " AND meeting_code = ?")
    return {
        "messages": store.value("SELECT count(*) FROM messages"),
        "delegations": sum(delegations.values()),
        "delegations_by_state": delegations,
        "participants": store.value(f"SELECT count(*) {joined}", params),
        "heads": store.value(f"SELECT count(*) {joined}{' AND' if where else ' WHERE'} p.head = 1", params),
        "photos": store.value(f"SELECT count(*) {joined}{' AND' if where else ' WHERE'} p.photo_state = 'received'",
                              params),
        "review": store.value(f"SELECT count(*) FROM reviews{review_where}", params),
        "outbox": outbox,
        "unparsed": store.value("SELECT count(*) FROM messages WHERE parse_status != 'parsed'"),
    }
