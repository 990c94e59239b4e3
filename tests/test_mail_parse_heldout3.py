"""Aggregate scores on a third held-out set (tests/data/heldout3), written blind row by row after the dev corpus table.

37 files: each dev row again with another State, wording and layout (lettered and roman lists, em-dash lines,
'1/' entries, split name columns, a hand-made PDF, a .docx 'Contacts' cell, a qmail bounce, an unknown closing),
plus prose additions below a list, prose lists without addresses, a self-registering writer who states the post,
and an NGO the entity list does not know (sender 25/26: null is the wanted answer there, and it still counts as
a miss). Blind it scored names F1 0.853, sender 0.962, kind 0.946; the targets allow one lost person or file.
Unit cases below pin the general rules added for it.
"""
from pathlib import Path

import pytest

from mail.parse import parse_message
from store.senders import resolve_sender
from tests.test_mail_parse_heldout import cases, score
from tests.test_mail_parse_parser import mail, people

HELDOUT3 = Path(__file__).parent / "data" / "heldout3"
TARGETS = {"names_f1": 0.97, "email": 0.97, "sender": 0.92, "kind": 0.95, "head": 0.95}


def test_heldout3_set_is_annotated():
    pairs = cases(HELDOUT3)
    assert len(pairs) >= 30
    assert {gold["kind"] for _, gold in pairs} == {"delegation", "other"}
    assert all(gold["participants"] == [] for _, gold in pairs if gold["kind"] == "other")


def test_heldout3_scores_stay_above_targets():
    scores = score(HELDOUT3)
    assert all(scores[key] >= target for key, target in TARGETS.items()), scores


@pytest.mark.parametrize("line, honorific, name", [
    ("JUDr. Tomáš Procházka — Public Prosecutor — tp@nsz.cz", "JUDr.", "Tomáš Procházka"),
    ("Shri Rajiv Kumar SINHA, Joint Secretary, rk@nic.in", "Shri", "Rajiv Kumar SINHA"),
    ("Smt. Anuradha IYER, Director, ai@nic.in", "Smt.", "Anuradha IYER"),
    ("Adv. Thandeka NKOSI - Chief State Law Adviser - tn@justice.gov.za", "Adv.", "Thandeka NKOSI"),
    ("Monsieur Alpha Oumar SOW, Premier Secrétaire, ao@amb.org", "Monsieur", "Alpha Oumar SOW"),
    ("Madame Kadiatou DIALLO épouse BAH, Magistrat, kd@justice.gov.gn", "Madame", "Kadiatou DIALLO épouse BAH"),
    ("Ministro Consejero Rodrigo Pérez Soto, Misión Permanente, rp@minrel.gob.cl", "Ministro Consejero",
     "Rodrigo Pérez Soto"),
])
def test_honorifics_written_out_or_academic(line, honorific, name):
    found = people(mail(f"The delegation is as follows:\n\n- {line}\n- Mr. Ali KHAN, Counsellor, ak@mfa.gov.xx\n"))
    assert (found[0][0], found[0][1]) == (honorific, name)


def test_slash_numbered_entries_and_chairman_marker():
    body = ("Our delegation:\n\n1/ Dr. Bassam Al-Sabbagh, Judge, Ministry of Justice (Chairman of the Delegation), "
            "email: bs@moj.gov.sy\n2/ Mrs. Rana Haddad, Second Secretary, email: rh@mission.at\n")
    assert [(p[1], p[5]) for p in people(mail(body))] == [("Bassam Al-Sabbagh", True), ("Rana Haddad", False)]


def test_line_broken_mid_phrase_goes_on():
    body = ("La délégation est composée de :\n\n1. Monsieur Mamadi CAMARA, Directeur, Ministère de la\n"
            "   Sécurité, Conakry ; courriel : mc@securite.gov.gn\n2. Monsieur Alpha SOW, Conseiller\n")
    found = people(mail(body))
    assert [p[1] for p in found] == ["Mamadi CAMARA", "Alpha SOW"]
    assert found[0][3] == "mc@securite.gov.gn"


def test_french_mel_label_and_double_dot_address():
    body = ("Composition :\n\n1) M. Codjo AHOUANDJINOU, Directeur, mél : ca@police.gouv.bj ;\n"
            "2) Mr. Farai MARARIKE, Chief Law Officer, E-mail: fm@yahoo..com\n")
    found = people(mail(body))
    assert [(p[2], p[3]) for p in found] == [("Directeur", "ca@police.gouv.bj"), ("Chief Law Officer", None)]


def test_addition_in_prose_below_a_list():
    body = ("Please find below our delegation:\n\n1. Mrs. Eleni CHRISTODOULOU, Senior Counsel, ec@law.gov.cy\n"
            "2. Mr. Andreas GEORGIOU, Police Inspector, ag@police.gov.cy\n\n"
            "In addition, Ms. Maria PAPADOPOULOU, Second Secretary at this Mission (mp@mfa.gov.cy, "
            "tel. +43 1 513 06 30 17), will also attend the meetings.\n")
    last = people(mail(body))[-1]
    assert last == ("Ms.", "Maria PAPADOPOULOU", "Second Secretary at this Mission", "mp@mfa.gov.cy",
                    "+43 1 513 06 30 17", False)


def test_someone_named_in_an_earlier_note_is_not_added():
    body = ("Please add the following member:\n\nMrs Sharlene RAMDEEN\nSenior State Counsel\nE-mail: sr@dpp.gov.tt\n\n"
            "Ambassador Charles Gomes, who was nominated as leader of the delegation in our earlier note, "
            "will attend as planned.\n")
    assert [p[1] for p in people(mail(body))] == ["Sharlene RAMDEEN"]


def test_prose_list_of_bare_names():
    body = ("Dear Secretariat,\n\nThe Norwegian delegation will consist of Kari Nordmann, Senior Adviser, Ministry of "
            "Justice and Public Security, who will head the delegation, and Ola Hansen, First Secretary at the "
            "Mission.\n\nBest regards,\nPer Olsen\n")
    assert [(p[1], p[2], p[5]) for p in people(mail(body))] == [
        ("Kari Nordmann", "Senior Adviser, Ministry of Justice and Public Security", True),
        ("Ola Hansen", "First Secretary at the Mission", False)]


def test_accompanied_by_and_will_be_the_head():
    body = ("Dear Sir/Madam,\n\nMr. Luis QUISPE, Minister Counsellor, will be the head of the Peruvian delegation. "
            "He will be accompanied by Ms. Rosa HUAMÁN, Director, Ministry of Women (rh@mimp.gob.pe).\n\nRegards\n")
    assert [(p[1], p[2], p[5]) for p in people(mail(body))] == [
        ("Luis QUISPE", "Minister Counsellor", True), ("Rosa HUAMÁN", "Director, Ministry of Women", False)]


def test_surname_and_first_name_fields():
    body = ("Please register:\n\nSurname: TREMBLAY\nFirst name: Julie\nTitle: Senior Policy Analyst\n"
            "Email: jt@ps-sp.gc.ca\n\nThank you.\n")
    assert [(p[1], p[2], p[3]) for p in people(mail(body))] == [("Julie TREMBLAY", "Senior Policy Analyst",
                                                                  "jt@ps-sp.gc.ca")]


def test_self_registration_takes_the_post_stated_in_prose():
    body = ("Dear colleagues,\n\nMalta will be represented at the meeting by myself, in my capacity as Attaché "
            "(Justice and Home Affairs) at the Permanent Mission.\n\nKind regards,\n\nJoseph Camilleri\n"
            "Tel: +43 1 586 50 10 23\nEmail: jc@gov.mt\n")
    assert people(mail(body)) == [(None, "Joseph Camilleri", "Attaché (Justice and Home Affairs) at the Permanent "
                                   "Mission", "jc@gov.mt", "+43 1 586 50 10 23", False)]


def test_unknown_closing_ends_the_text():
    body = ("Dear Sir/Madam,\n\nCould the Secretariat send a note verbale to support visas? Names will follow.\n\n"
            "Vinaka vakalevu,\n\nMr. Sailosi TUIVAGA\nCounsellor\nTel: +32 2 736 90 50\nEmail: st@fiji.be\n")
    result = parse_message(mail(body))
    assert (result.kind, result.participants) == ("other", [])


@pytest.mark.parametrize("body", [
    "La Fundación Nueva Aurora Colombia, organización no gubernamental, informa que asistirán:\n\n"
    "- Sra. Luz Ospina, Directora\n\nCordialmente,\nFundación Nueva Aurora Colombia\nBogotá",
    "La Strada International, the European NGO network against trafficking, would like to attend "
    "with Ivana Petrova, Programme Officer, La Strada Bulgaria.\n\nKind regards,\nLa Strada International",
])
def test_unknown_ngo_gets_no_state_as_sender(body):
    assert resolve_sender(body, "Registration", "info@ngo.org") is None


def test_state_mission_naming_an_ngo_keeps_its_state():
    body = ("The Permanent Mission of Colombia has the honour to inform that Ms. Luz Ospina of the Fundación "
            "Nueva Aurora Colombia, a non-governmental organization, will join the delegation.")
    assert resolve_sender(body).code == "COL"
