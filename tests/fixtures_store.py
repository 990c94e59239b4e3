"""Store fixtures: a fresh database with the bundled meeting loaded."""
from __future__ import annotations

from pathlib import Path

import pytest

from store.db import Store, open_store
from store.meetings import BUNDLED, load_meeting, read_meeting_file
from store.records import Meeting


@pytest.fixture
def store(tmp_path: Path) -> Store:
    """A new, migrated store in a temporary folder."""
    opened = open_store(tmp_path / "copdesk.db")
    yield opened
    opened.close()


@pytest.fixture
def meeting(store: Store) -> Meeting:
    """The bundled meeting, loaded into the store."""
    return load_meeting(store, read_meeting_file(BUNDLED))
