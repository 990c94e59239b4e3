"""Purge removes a meeting's personal data and keeps anonymous counts."""
from store.delegations import record_list
from store.messages import Incoming, record_parse, store_message
from store.purge import kept_counts, purge_meeting
from store.records import PersonIn


def test_purge_leaves_no_personal_data(store, meeting):
    message, _ = store_message(store, Incoming(b"From: x@mfa.gov.gh\r\n\r\nKwame MENSAH kwame@mfa.gov.gh\r\n"))
    record_parse(store, message, {"meeting_code": meeting.code, "from_addr": "x@mfa.gov.gh",
                                  "extraction": {"participants": [{"name": "Kwame MENSAH"}]}})
    record_list(store, meeting.code, "GHA", [PersonIn("Kwame MENSAH", email="kwame@mfa.gov.gh", phone="+233 1")],
                message=message, state="confirmed")
    purge_meeting(store, meeting.code)
    assert purge_meeting(store, meeting.code) == []
    dump = "\n".join(store.db.iterdump())
    for secret in ("MENSAH", "kwame@", "+233 1", "x@mfa.gov.gh"):
        assert secret not in dump
    assert kept_counts(store, meeting.code)["participants"] == 1
