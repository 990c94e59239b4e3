"""Tests for store.senders: e-mail domains and sender resolution."""

import pytest

from store.senders import entity_from_domain, resolve_sender


@pytest.mark.parametrize("address, code", [
    ("someone@mfa.gov.ng", "NGA"),
    ("x@bmeia.gv.at", "AUT"),
    ("fco.gov.uk", "GBR"),
    ("Someone <tesfayem@au.int>", "AU"),
    ("x@africa-union.org", "AU"),
    ("x@icmpd.org", "ICMPD"),
    ("x@europol.europa.eu", "EUROPOL"),
    ("x@eurojust.europa.eu", "EUROJUST"),
    ("x@ec.europa.eu", "EU"),
    ("x@wien.diplo.de", "DEU"),
    ("x@state.gov", "USA"),
    ("x@mofa.go.jp", "JPN"),
])
def test_entity_from_domain(address, code):
    assert entity_from_domain(address).code == code


@pytest.mark.parametrize("address", [
    "x@gmail.com", "x@yahoo.fr", "x@yahoo.co.uk", "x@hotmail.com", "x@outlook.com", "x@mail.ru",
    "untoc.cop@unodc.org", "x@un.org", "x@rusmission.at", "x@example.com", "",
])
def test_entity_from_domain_none(address):
    assert entity_from_domain(address) is None


NOTES = [
    ("The Permanent Mission of the Federal Republic of Nigeria to the United Nations (Vienna) presents its "
     "compliments to the Secretariat and has the honour to forward the delegation.", "NGA"),
    ("The Embassy of the Republic of Moldova in Austria would like to communicate the participants.", "MDA"),
    ("La Mission permanente de la République du Sénégal auprès de l'Office des Nations Unies à Vienne "
     "présente ses compliments au Secrétariat.", "SEN"),
    ("L'Ambassade du Japon présente ses compliments.", "JPN"),
    ("La Misión Permanente de la República Bolivariana de Venezuela ante las Naciones Unidas saluda "
     "atentamente a la Secretaría.", "VEN"),
    ("La Embajada del Perú saluda atentamente.", "PER"),
    ("Постоянное представительство Российской Федерации свидетельствует свое уважение Секретариату.", "RUS"),
    ("On behalf of the Government of Ghana, I submit the names of the delegation from Ghana.", "GHA"),
    ("Please find below the list of the delegation of the Republic of Korea to the meeting.", "KOR"),
    ("Dear colleagues,\nPlease see the list below.\n\nBest regards,\nAnna\nPermanent Mission of Japan\n"
     "Vienna, Austria", "JPN"),
    ("The African Union Commission will be represented by Dr. X, Addis Ababa.", "AU"),
    ("The Delegation of the European Union to the International Organisations in Vienna presents "
     "its compliments.", "EU"),
    ("La Mission permanente de la République de Guinée équatoriale présente ses compliments.", "GNQ"),
    ("La Mission permanente d'Haïti présente ses compliments.", "HTI"),
    ("Permanente Vertegenwoordiging van België bij de internationale organisaties te Wenen", "BEL"),
    ("A Missão Permanente do Brasil junto às Organizações Internacionais em Viena", "BRA"),
    ("Постоянное представительство Китайской Народной Республики при международных организациях.", "CHN"),
    ("Kindly issue visa letters for the Embassy of Germany in Nairobi.\nThe Permanent Mission of the Republic "
     "of Kenya thanks the Secretariat.\n\nRegards,\nPermanent Mission of Kenya", "KEN"),
]


@pytest.mark.parametrize("note, code", NOTES)
def test_resolve_sender_notes(note, code):
    assert resolve_sender(note).code == code


def test_resolve_sender_ignores_the_venue_and_quoted_invitation():
    body = ("Dear Secretariat,\nWell received with thanks.\n\nRegards,\nJane\nSingapore Mission, Vienna, Austria\n\n"
            "-----Original Message-----\nFrom: UNTOC COP [mailto:untoc.cop@unodc.org]\nSent: Friday\n"
            "Subject: meeting\n\nThe Secretariat invites the Permanent Representative of (..) to the "
            "United Nations to a meeting at the Vienna International Centre, Vienna, Austria.")
    assert resolve_sender(body).code == "SGP"


@pytest.mark.parametrize("subject, from_addr, code", [
    ("Delegation of Japan", "x@example.org", "JPN"),
    ("Registration", '"Permanent Mission of I.R. Iran - Vienna" <info@example.org>', "IRN"),
    ("Registration", "someone@mfa.gov.gh", "GHA"),
    ("Registration", "someone@gmail.com", None),
])
def test_resolve_sender_falls_back_to_subject_and_domain(subject, from_addr, code):
    found = resolve_sender("Please register me for the meeting in Vienna.", subject, from_addr)
    assert (found.code if found else None) == code


def test_resolve_sender_venue_only_when_nothing_else():
    assert resolve_sender("The meeting takes place in Vienna, Austria.").code == "AUT"
    assert resolve_sender("The Permanent Mission of Austria presents its compliments.").code == "AUT"
    assert resolve_sender("Meeting in Vienna, Austria.", from_addr="x@mfa.gov.ng").code == "NGA"


def test_resolve_sender_never_returns_the_secretariat():
    assert resolve_sender("Thank you, UNODC, for the invitation.", "Re: UNODC meeting") is None


def test_resolve_sender_uses_given_signature():
    assert resolve_sender("Please register me.", signature="Embassy of Brazil\nVienna").code == "BRA"


@pytest.mark.parametrize("body, from_addr, code", [
    ("Please register me.\n\nBest regards,\nJordan Whitfield\nSecond Secretary", "jw@international.gc.ca", "CAN"),
    ("Please register Mr. Chad MILLER.", "x@state.gov", "USA"),
    ("The Permanent Mission of Jordan presents its compliments.", "", "JOR"),
])
def test_resolve_sender_countries_that_are_given_names(body, from_addr, code):
    assert resolve_sender(body, from_addr=from_addr).code == code
