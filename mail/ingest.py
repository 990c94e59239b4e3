"""Ingest mail from files: single .eml files, folders of them, Maildir folders and mbox files.

Idempotent: a message already stored (same bytes or same Message-ID) is counted as a
duplicate and not handled again, unless an earlier run stopped before handling it.
"""
from __future__ import annotations

import logging
import mailbox
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from mail.headers import message_id_of
from mail.pipeline import MailOptions, Outcome, handle_message
from store.db import Store
from store.messages import Incoming, get_message, store_message

log = logging.getLogger("copdesk.mail")

MBOX_START = b"From "
Progress = Callable[[int, int], None]


class NotMail(Exception):
    """A path is neither a message, a folder of messages, a Maildir nor an mbox file."""


@dataclass
class IngestSummary:
    """What an ingest run read and caused."""

    read: int = 0
    new: int = 0
    duplicates: int = 0
    delegations: int = 0
    reviews: int = 0
    unreadable: int = 0

    def count(self, outcome: Outcome) -> None:
        """Add what handling one message did."""
        if outcome.action == "confirmed":
            self.delegations += 1
        elif outcome.action == "review":
            self.reviews += 1
        elif outcome.action == "unreadable":
            self.unreadable += 1
            self.reviews += 1


@dataclass
class Source:
    """One message to read: where it is and how to get its bytes."""

    label: str
    read: Callable[[], bytes]


def ingest_paths(store: Store, paths: list[str | Path], options: MailOptions,
                 progress: Progress | None = None) -> IngestSummary:
    """Store and handle every message found under paths; return the counts. Raises NotMail for a bad path."""
    sources = [source for path in paths for source in find_sources(Path(path))]
    summary = IngestSummary()
    for done, source in enumerate(sources, start=1):
        ingest_one(store, source, options, summary)
        if progress:
            progress(done, len(sources))
    return summary


def ingest_one(store: Store, source: Source, options: MailOptions, summary: IngestSummary) -> None:
    """Store one message and handle it if it is new (or was left unhandled)."""
    try:
        raw = source.read()
    except (OSError, KeyError, mailbox.Error) as error:
        log.warning("cannot read %s: %s", source.label, error)
        summary.unreadable += 1
        return
    summary.read += 1
    message_id, created = store_message(store, Incoming(raw=raw, source="file", message_id=message_id_of(raw),
                                                        file=source.label))
    if created:
        summary.new += 1
        log.info("message %d received from %s", message_id, source.label)
    else:
        summary.duplicates += 1
        if get_message(store, message_id).handled_at:
            return
    summary.count(handle_message(store, message_id, options))


def find_sources(path: Path) -> list[Source]:
    """Return the messages a path holds, in a stable order. Raises NotMail if it holds none we can read."""
    if path.is_dir():
        if is_maildir(path):
            return list(maildir_sources(path))
        found = [s for child in sorted(path.rglob("*.eml")) if child.is_file() for s in file_sources(child)]
        found += [s for child in sorted(path.rglob("*")) if is_maildir(child) for s in maildir_sources(child)]
        return found
    if path.is_file():
        return file_sources(path)
    raise NotMail(f"{path}: no such file or folder")


def file_sources(path: Path) -> list[Source]:
    """Return the messages of one file: an mbox holds many, anything else is one message."""
    try:
        with path.open("rb") as handle:
            start = handle.read(len(MBOX_START))
    except OSError as error:
        return [Source(str(path), _raiser(error))]
    if start == MBOX_START:
        return list(mbox_sources(path))
    return [Source(str(path), path.read_bytes)]


def is_maildir(path: Path) -> bool:
    """Return True for a folder with cur/ and new/ subfolders."""
    return path.is_dir() and (path / "cur").is_dir() and (path / "new").is_dir()


def maildir_sources(path: Path) -> Iterator[Source]:
    """Yield the messages of a Maildir (cur and new), by file name."""
    box = mailbox.Maildir(path, factory=None, create=False)
    for key in sorted(box.keys()):
        yield Source(f"{path}#{key}", _reader(box, key))


def mbox_sources(path: Path) -> Iterator[Source]:
    """Yield the messages of an mbox file, in file order."""
    box = mailbox.mbox(path, factory=None, create=False)
    for key in box.keys():
        yield Source(f"{path}#{key}", _reader(box, key))


def _reader(box: mailbox.Mailbox, key: str) -> Callable[[], bytes]:
    """Return a function that reads one message's bytes from a mailbox."""
    return lambda: box.get_bytes(key)


def _raiser(error: OSError) -> Callable[[], bytes]:
    """Return a reader that fails as the file did."""
    def read() -> bytes:
        raise error
    return read
