"""Messages are stored once, by content hash, Message-ID or IMAP position."""
from store.messages import Incoming, checkpoint, get_raw, reset_checkpoint, store_batch, store_message

RAW = b"From: a@example.org\r\nMessage-ID: <1@example.org>\r\nSubject: hi\r\n\r\nbody\r\n"


def test_same_bytes_stored_once(store):
    first, created = store_message(store, Incoming(RAW, message_id="<1@example.org>"))
    again, created_again = store_message(store, Incoming(RAW, message_id="<1@example.org>"))
    assert created and not created_again and first == again
    assert get_raw(store, first) == RAW


def test_same_mail_delivered_twice_stored_once(store):
    store_message(store, Incoming(RAW, message_id="<1@example.org>"))
    redelivered = b"Received: by relay.example.org\r\n" + RAW.replace(b"Subject: hi", b"Subject:  hi")
    _, created = store_message(store, Incoming(redelivered, message_id="<1@example.org>"))
    assert not created


def test_reused_message_id_on_another_mail_is_kept(store):
    store_message(store, Incoming(RAW, message_id="<1@example.org>"))
    other = RAW.replace(b"Subject: hi", b"Subject: please add Ms. X")
    _, created = store_message(store, Incoming(other, message_id="<1@example.org>"))
    assert created


def test_batch_advances_checkpoint_with_the_messages(store):
    batch = [Incoming(RAW + bytes([i]), source="imap", folder="INBOX", uidvalidity=7, uid=i) for i in (3, 5, 4)]
    created = store_batch(store, "INBOX", 7, batch)
    assert len(created) == 3
    assert checkpoint(store, "INBOX") == (7, 5)
    assert store_batch(store, "INBOX", 7, batch) == []


def test_uidvalidity_change_rescans_without_duplicates(store):
    batch = [Incoming(RAW, source="imap", folder="INBOX", uidvalidity=7, uid=1)]
    store_batch(store, "INBOX", 7, batch)
    reset_checkpoint(store, "INBOX", 9)
    assert checkpoint(store, "INBOX") == (9, 0)
    again = [Incoming(RAW, source="imap", folder="INBOX", uidvalidity=9, uid=1)]
    assert store_batch(store, "INBOX", 9, again) == []
    assert store.value("SELECT count(*) FROM messages") == 1
    assert checkpoint(store, "INBOX") == (9, 1)
