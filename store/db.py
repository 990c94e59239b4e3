"""Open the SQLite store: one connection per Store, guarded by a lock, migrated on open."""
from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import sqlite_utils

from store.migrations import migrations


class StoreError(Exception):
    """A store operation could not be carried out."""


class NotFound(StoreError):
    """The record asked for does not exist."""


def utcnow() -> str:
    """Return the current UTC time as an ISO 8601 string (seconds)."""
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


class Store:
    """A handle on the copdesk database; safe to share between threads."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path, timeout=30, check_same_thread=False)
        self.db = sqlite_utils.Database(conn)
        self.lock = threading.RLock()
        self.db.execute("PRAGMA foreign_keys=ON")
        self.db.execute("PRAGMA busy_timeout=30000")
        if self.path != ":memory:":
            self.db.enable_wal()
        self.db.execute("PRAGMA synchronous=NORMAL")
        migrations.apply(self.db)
        self._sync_entities()

    def _sync_entities(self) -> None:
        from store.entities import all_entities  # the data file ships with the package

        rows = [{"code": e.code, "name": e.name, "iso3": e.iso3, "kind": e.kind, "region": e.region}
                for e in all_entities()]
        with self.tx() as db:
            db["entities"].upsert_all(rows, pk="code")

    @contextlib.contextmanager
    def tx(self) -> Iterator[sqlite_utils.Database]:
        """Hold the lock and run the block in one transaction (a savepoint when nested)."""
        with self.lock, self.db.atomic():
            yield self.db

    def rows(self, sql: str, params: Any = ()) -> list[dict]:
        """Return the rows of a read query as dicts."""
        with self.lock:
            cursor = self.db.execute(sql, params)
            names = [d[0] for d in cursor.description]
            return [dict(zip(names, row)) for row in cursor.fetchall()]

    def row(self, sql: str, params: Any = ()) -> dict | None:
        """Return the first row of a read query, or None."""
        found = self.rows(sql, params)
        return found[0] if found else None

    def value(self, sql: str, params: Any = ()) -> Any:
        """Return the first column of the first row, or None."""
        with self.lock:
            got = self.db.execute(sql, params).fetchone()
        return got[0] if got else None

    def execute(self, sql: str, params: Any = ()) -> sqlite3.Cursor:
        """Run one write statement (committed at once unless inside tx())."""
        with self.lock:
            return self.db.execute(sql, params)

    def insert(self, table: str, record: dict) -> int:
        """Insert one row and return its id."""
        with self.lock:
            return self.db[table].insert(record).last_pk

    def close(self) -> None:
        """Close the connection."""
        with self.lock:
            self.db.close()


def open_store(path: str | Path) -> Store:
    """Open (creating and migrating if needed) the store at path."""
    return Store(path)
