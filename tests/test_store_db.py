"""The store opens, migrates once, and knows every entity."""
from store.db import open_store


def test_reopen_applies_no_migration_twice(tmp_path):
    first = open_store(tmp_path / "c.db")
    first.close()
    again = open_store(tmp_path / "c.db")
    names = [r["name"] for r in again.rows("SELECT name FROM _sqlite_migrations")]
    assert len(names) == len(set(names)) >= 2


def test_entities_are_loaded(store):
    assert store.value("SELECT count(*) FROM entities WHERE kind = 'member_state'") == 193
    assert store.value("SELECT name FROM entities WHERE code = 'KOR'") == "Republic of Korea"


def test_wal_mode(store):
    assert store.value("PRAGMA journal_mode") == "wal"
