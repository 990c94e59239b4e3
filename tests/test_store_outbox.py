"""The outbox queues each mail once and keeps its state through retries."""
from store.outbox import due_mail, mark_retry, mark_sending, mark_sent, queue_mail, requeue_interrupted


def _queue(store, key="k1"):
    return queue_mail(store, kind="confirmation", template="confirmation", to_addr="m@example.org",
                      message_id=f"<{key}@unodc.org>", dedupe_key=key)


def test_dedupe_key_queues_once(store):
    assert _queue(store) is not None
    assert _queue(store) is None


def test_claim_retry_send(store):
    mail = _queue(store)
    assert mark_sending(store, mail.id) and not mark_sending(store, mail.id)
    mark_retry(store, mail.id, "421 busy", 3600)
    assert due_mail(store) == []
    store.execute("UPDATE outbox SET next_attempt_at = '2000-01-01'")
    assert [m.id for m in due_mail(store)] == [mail.id]
    mark_sending(store, mail.id)
    mark_sent(store, mail.id)
    assert due_mail(store) == []


def test_interrupted_send_is_requeued(store):
    mail = _queue(store)
    mark_sending(store, mail.id)
    assert requeue_interrupted(store) == 1
    assert [m.message_id for m in due_mail(store)] == [mail.message_id]
