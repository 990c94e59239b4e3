"""A second list from the same mission updates its delegation without duplicating people."""
from store.delegations import history, list_participants, name_key, record_list
from store.records import PersonIn


def test_name_key_ignores_order_case_and_commas():
    assert name_key("GONZÁLEZ PÉREZ, María") == name_key("María González Pérez")
    assert name_key("Müller-Brandt") != name_key("Muller-Brandt")


def test_second_list_updates_and_adds(store, meeting):
    first = [PersonIn("Ana SILVA", "Ms.", "Counsellor", "ana@mre.gov.br", head=True),
             PersonIn("João COSTA", "Mr.", None, None)]
    record_list(store, meeting.code, "BRA", first, message=None, state="confirmed")
    second = [PersonIn("Silva, Ana", None, "Minister Counsellor", "ana@mre.gov.br"),
              PersonIn("João Costa", None, None, "joao@mre.gov.br"),
              PersonIn("Rita LIMA", "Ms.", "Expert", "rita@mre.gov.br")]
    update = record_list(store, meeting.code, "BRA", second, message=None, state="confirmed")
    people = list_participants(store, update.delegation.id)
    assert [p.name for p in people] == ["Ana SILVA", "João COSTA", "Rita LIMA"]
    assert people[0].function == "Minister Counsellor" and people[0].head
    assert people[1].email == "joao@mre.gov.br"
    assert [p.name for p in update.added] == ["Rita LIMA"]
    assert len(update.updated) == 2
    changes = [(c.action, c.field, c.old, c.new) for c in history(store, update.delegation.id)]
    assert ("updated", "function", "Counsellor", "Minister Counsellor") in changes


def test_new_head_replaces_old(store, meeting):
    record_list(store, meeting.code, "AUT", [PersonIn("A B", head=True)], message=None, state="confirmed")
    update = record_list(store, meeting.code, "AUT", [PersonIn("C D", head=True)], message=None, state="confirmed")
    heads = [p.name for p in list_participants(store, update.delegation.id) if p.head]
    assert heads == ["C D"]
