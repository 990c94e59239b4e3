"""Tests for mail.ingest: .eml files, folders, Maildir and mbox, stored once and handled."""
from __future__ import annotations

import mailbox
from pathlib import Path

import pytest

from mail.headers import message_id_of
from mail.ingest import NotMail, ingest_paths
from mail.pipeline import MailOptions
from store.db import Store
from store.messages import Incoming, store_message
from store.outbox import list_mail
from store.reviews import open_reviews
from tests.mails import OUR_ADDRESS, auto_reply, delegation_mail, filler

DEMO = Path(__file__).resolve().parents[1] / "copdesk" / "data" / "demo-mailbox"


@pytest.fixture
def options(meeting) -> MailOptions:
    """Pipeline options for the bundled meeting."""
    return MailOptions(meeting.code, "copdesk.test", (OUR_ADDRESS,))


@pytest.fixture
def maildir(tmp_path: Path) -> Path:
    """A Maildir with three messages, two new and one read."""
    box = mailbox.Maildir(tmp_path / "Maildir", create=True)
    for index in range(3):
        message = mailbox.MaildirMessage(filler(index))
        message.set_subdir("cur" if index == 2 else "new")
        box.add(message)
    return tmp_path / "Maildir"


@pytest.fixture
def mbox(tmp_path: Path) -> Path:
    """An mbox file with a delegation list, an auto-reply and a filler message."""
    box = mailbox.mbox(tmp_path / "missions.mbox", create=True)
    for raw in (delegation_mail(), auto_reply(), filler(10)):
        box.add(raw)
    box.flush()
    return tmp_path / "missions.mbox"


def message_count(store: Store) -> int:
    """Return how many messages are stored."""
    return store.value("SELECT count(*) FROM messages")


def test_demo_folder_is_read_stored_and_handled(store, options):
    summary = ingest_paths(store, [DEMO], options)
    assert (summary.read, summary.new, summary.duplicates, summary.unreadable) == (13, 13, 0, 0)
    assert summary.delegations == len([m for m in list_mail(store) if m.kind == "confirmation"]) > 0
    assert summary.reviews == len(open_reviews(store))
    assert store.value("SELECT count(*) FROM messages WHERE handled_at IS NULL") == 0


def test_ingesting_twice_stores_and_answers_once(store, options):
    ingest_paths(store, [DEMO], options)
    outbox = len(list_mail(store))
    again = ingest_paths(store, [DEMO], options)
    assert (again.read, again.new, again.duplicates, again.delegations) == (13, 0, 13, 0)
    assert (message_count(store), len(list_mail(store))) == (13, outbox)


def test_single_eml_file(store, options):
    summary = ingest_paths(store, [DEMO / "02-austria-delegation-list.eml"], options)
    assert (summary.read, summary.new, summary.delegations) == (1, 1, 1)


def test_maildir_cur_and_new(store, options, maildir):
    summary = ingest_paths(store, [maildir], options)
    assert (summary.read, summary.new) == (3, 3)
    assert sorted(r["message_id"] for r in store.rows("SELECT message_id FROM messages")) == [
        f"<{i:07d}.bulk@example.org>" for i in range(3)]


def test_mbox_file(store, options, mbox):
    summary = ingest_paths(store, [mbox], options)
    assert (summary.read, summary.new, summary.delegations) == (3, 3, 1)
    assert [m.kind for m in list_mail(store)].count("confirmation") == 1


def test_same_message_in_an_eml_and_an_mbox_is_stored_once(store, options, mbox, tmp_path):
    (tmp_path / "copy.eml").write_bytes(filler(10))
    summary = ingest_paths(store, [mbox, tmp_path / "copy.eml"], options)
    assert (summary.new, summary.duplicates) == (3, 1)
    assert message_count(store) == 3


def test_stored_but_unhandled_message_is_handled_on_ingest(store, options, tmp_path):
    raw = delegation_mail()
    store_message(store, Incoming(raw=raw, message_id=message_id_of(raw)))  # as if a run died before handling
    (tmp_path / "list.eml").write_bytes(raw)
    summary = ingest_paths(store, [tmp_path / "list.eml"], options)
    assert (summary.new, summary.duplicates, summary.delegations) == (0, 1, 1)


def test_progress_reports_each_message(store, options, maildir, mbox):
    calls = []
    ingest_paths(store, [maildir, mbox], options, progress=lambda done, total: calls.append((done, total)))
    assert calls == [(i, 6) for i in range(1, 7)]


def test_missing_path_changes_nothing(store, options, tmp_path):
    with pytest.raises(NotMail, match="no such file or folder"):
        ingest_paths(store, [DEMO, tmp_path / "nowhere.eml"], options)
    assert message_count(store) == 0


def test_empty_file_is_kept_and_flagged(store, options, tmp_path):
    (tmp_path / "empty.eml").write_bytes(b"")
    summary = ingest_paths(store, [tmp_path], options)
    assert (summary.read, summary.new, summary.unreadable) == (1, 1, 1)
    assert [r.reason for r in open_reviews(store)] == ["malformed mail"]
