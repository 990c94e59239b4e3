"""Photo links: unguessable, hashed at rest, expiring, revocable."""
from store.delegations import record_list
from store.links import issue_link, participant_for_token, revoke_links
from store.records import PersonIn


def _participant(store, meeting):
    update = record_list(store, meeting.code, "FRA", [PersonIn("Jean DUPONT", email="j@diplomatie.gouv.fr")],
                         message=None, state="confirmed")
    return update.added[0]


def test_token_is_long_and_not_stored(store, meeting):
    person = _participant(store, meeting)
    token = issue_link(store, person.id)
    assert len(token) >= 43
    assert store.value("SELECT count(*) FROM photo_links WHERE token_hash = ?", [token]) == 0
    assert participant_for_token(store, token).id == person.id


def test_new_link_revokes_old(store, meeting):
    person = _participant(store, meeting)
    old = issue_link(store, person.id)
    new = issue_link(store, person.id)
    assert participant_for_token(store, old) is None
    assert participant_for_token(store, new).id == person.id
    revoke_links(store, person.id)
    assert participant_for_token(store, new) is None


def test_expired_and_forged(store, meeting):
    person = _participant(store, meeting)
    token = issue_link(store, person.id, days=-1)
    assert participant_for_token(store, token) is None
    assert participant_for_token(store, "forged") is None
    assert participant_for_token(store, "") is None
