import pytest

from mail.parse.contacts import find_addresses, find_phones, has_head_marker, strip_role_markers


@pytest.mark.parametrize("text, written, valid", [
    ("E-mail: e.okafor@nigeriamission-vienna.org", "e.okafor@nigeriamission-vienna.org", True),
    ("courriel : ML.Faye@Mission.org ;", "ML.Faye@Mission.org", True),
    ('<a>mailto:Jane.Doe@Example.org</a>', "Jane.Doe@Example.org", True),
    ("Email: yaw.boateng@mfa,gov.gh", "yaw.boateng@mfa,gov.gh", False),
])
def test_addresses_are_validated_and_lowercased(text, written, valid):
    address = find_addresses(text)[0]
    assert address.written == written
    assert (address.email == written.lower()) if valid else address.email is None


@pytest.mark.parametrize("text, phone", [
    ("Tel: +43 1 712 66 85 ext. 214", "+43 1 712 66 85 ext. 214"),
    ("tél. : +43 1 920 44 71, courriel : a@b.org", "+43 1 920 44 71"),
    ("teléfono: +52 55 5346 0000 ext. 4512.", "+52 55 5346 0000 ext. 4512"),
    ("Tel.: +43 (1) 512 06 31-24", "+43 (1) 512 06 31-24"),
    ("- +43 1 533 24 01 loc. 25", "+43 1 533 24 01 loc. 25"),
    ("Fax: +43 1 714 14 02 | Tel: +43 1 2", None),
])
def test_phones_keep_what_is_written_and_skip_fax(text, phone):
    phones = find_phones(text)
    assert (phones[0] if phones else None) == phone


@pytest.mark.parametrize("text, head", [
    ("Ambassador - Head of Delegation", True),
    ("(HoD)", True),
    ("(Leader of Delegation)", True),
    ("Chef de la délégation ;", True),
    ("chef de délégation", True),
    ("(Jefa de la Delegación)", True),
    ("глава делегации", True),
    ("(alternate head of delegation)", False),
    ("Head of Division, Ministry of Justice", False),
    ("chef du bureau de la négociation", False),
    ("Chef de service", False),
])
def test_head_markers(text, head):
    assert has_head_marker(text) is head


def test_role_markers_are_removed_from_the_function():
    assert strip_role_markers("Counsellor (alternate head of delegation)").strip() == "Counsellor"
