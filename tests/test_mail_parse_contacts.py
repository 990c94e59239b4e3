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


@pytest.mark.parametrize("text, written", [
    ("E-mail: cbanda@@immigration.gov.mw", "cbanda@@immigration.gov.mw"),
    ("E-mail: tmvula @justice.gov.mw", "tmvula @justice.gov.mw"),
    ("E-mail: yphiri(at)gender.gov.mw", "yphiri(at)gender.gov.mw"),
    ("Email: hungnv.c45@mps..gov.vn", "hungnv.c45@mps..gov.vn"),
    ("email: ines.moura.dgpj.mj.pt", "ines.moura.dgpj.mj.pt"),
    ("email: paulo.dias@ pj.pt", "paulo.dias@ pj.pt"),
    ("Email: le thi hoa@mofa.gov.vn", "le thi hoa@mofa.gov.vn"),
])
def test_broken_addresses_are_kept_as_written_and_invalid(text, written):
    assert [(a.written, a.email) for a in find_addresses(text)] == [(written, None)]


def test_a_label_letter_is_not_taken_from_the_address():
    assert find_addresses("Vienna, emre.ozturk@mfa.gov.tr")[0].email == "emre.ozturk@mfa.gov.tr"


@pytest.mark.parametrize("text, phone", [
    ("Tel.: +54 11 4331 2100 int. 245", "+54 11 4331 2100 int. 245"),
    ("+51 1 518 0000 anexo 2101", "+51 1 518 0000 anexo 2101"),
])
def test_extensions_in_other_languages(text, phone):
    assert find_phones(text) == [phone]


@pytest.mark.parametrize("text, head", [
    ("Head of the Austrian Delegation", True),
    ("Delegation leader", True),
    ("Deputy Head of the Austrian Delegation", False),
    ("Head of Department IV.1", False),
])
def test_more_head_markers(text, head):
    assert has_head_marker(text) is head
