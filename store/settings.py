"""Runtime settings kept in the store (the settings table): small named values such as the last digest time."""
from __future__ import annotations

from store.db import Store


def get_setting(store: Store, key: str, default: str | None = None) -> str | None:
    """Return a stored setting, or default if it was never set."""
    value = store.value("SELECT value FROM settings WHERE key = ?", [key])
    return default if value is None else value


def set_setting(store: Store, key: str, value: str) -> None:
    """Store (or replace) a setting."""
    store.execute("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                  [key, value])
