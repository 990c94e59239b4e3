"""Meetings: load a meeting's TOML definition into the store and read it back."""
from __future__ import annotations

import datetime as dt
import json
import tomllib
from pathlib import Path

from store.db import NotFound, Store, StoreError, utcnow
from store.records import Meeting

BUNDLED = Path(__file__).resolve().parent.parent / "meetings" / "wg-tip-2010.toml"
REQUIRED = ("code", "title", "start", "end", "deadline", "mailbox")


class MeetingInvalid(StoreError):
    """A meeting file is missing or lacks a required key."""


def read_meeting_file(path: str | Path) -> dict:
    """Return a meeting definition from a TOML file.

    Raises MeetingInvalid if the file cannot be read or lacks a required key.
    """
    try:
        with open(path, "rb") as f:
            definition = tomllib.load(f)
    except (OSError, tomllib.TOMLDecodeError) as e:
        raise MeetingInvalid(f"meeting file {path}: {e}") from e
    missing = [k for k in REQUIRED if k not in definition]
    if missing:
        raise MeetingInvalid(f"meeting file {path} lacks: {', '.join(missing)}")
    return definition


def _jsonable(value: object) -> object:
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    raise TypeError(f"cannot store {value!r}")


def load_meeting(store: Store, definition: dict) -> Meeting:
    """Store (or replace) a meeting definition and return it."""
    text = json.dumps(definition, default=_jsonable, ensure_ascii=False)
    with store.tx() as db:
        db["meetings"].upsert(
            {"code": definition["code"], "title": definition["title"], "definition": text, "loaded_at": utcnow()},
            pk="code",
        )
    return get_meeting(store, definition["code"])


def get_meeting(store: Store, code: str) -> Meeting:
    """Return the meeting with that code. Raises NotFound if there is none."""
    row = store.row("SELECT code, title, definition FROM meetings WHERE code = ?", [code])
    if row is None:
        raise NotFound(f"no meeting {code!r}")
    return Meeting(code=row["code"], title=row["title"], definition=json.loads(row["definition"]))


def list_meetings(store: Store) -> list[Meeting]:
    """Return every stored meeting."""
    rows = store.rows("SELECT code, title, definition FROM meetings ORDER BY code")
    return [Meeting(r["code"], r["title"], json.loads(r["definition"])) for r in rows]


def meeting_date(meeting: Meeting, key: str) -> dt.date:
    """Return one of the meeting's dates (start, end, deadline) as a date."""
    return dt.date.fromisoformat(str(meeting[key]))


def shift_dates(definition: dict, deadline: dt.date) -> dict:
    """Return a copy of a definition moved so that its deadline falls on the given day."""
    delta = deadline - dt.date.fromisoformat(str(definition["deadline"]))
    moved = json.loads(json.dumps(definition, default=_jsonable))
    for key in ("start", "end", "deadline"):
        moved[key] = (dt.date.fromisoformat(str(moved[key])) + delta).isoformat()
    for session in moved.get("sessions", []):
        if "date" in session:
            session["date"] = (dt.date.fromisoformat(session["date"]) + delta).isoformat()
    moved["shifted_by_days"] = delta.days
    return moved
