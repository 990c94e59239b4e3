"""End-to-end: synthetic messages of each layout and language through parse_message."""
import pytest

from mail.parse import parse_message


def mail(body: str, subject: str = "Delegation", extra: str = "", ctype: str = "text/plain") -> bytes:
    head = (f"From: Writer <writer@mfa.gov.xx>\nTo: untoc.cop@unodc.org\nSubject: {subject}\n"
            f"Message-ID: <1@mfa.gov.xx>\n{extra}Content-Type: {ctype}; charset=utf-8\n"
            "Content-Transfer-Encoding: 8bit\n\n")
    return (head + body).encode("utf-8")


def people(raw: bytes) -> list[tuple]:
    return [(p.honorific, p.name, p.function, p.email, p.phone, p.head) for p in parse_message(raw).participants]


LAYOUTS = {
    "numbered blocks": ("""With reference to note CU 2009/180(A), the delegation is as follows:

1. H.E. Mr. Emeka OKAFOR
   Ambassador - Head of Delegation
   Tel: +43 1 712 66 85
   E-mail: e.okafor@mission.org

2. Mrs. Halima ABUBAKAR
   Director, Legal Department, Abuja
   E-mail: h.abubakar@gov.ng

Best regards,
Chinedu OBI
Tel: +43 1 712 66 85
E-mail: c.obi@mission.org
""", [("H.E. Mr.", "Emeka OKAFOR", "Ambassador", "e.okafor@mission.org", "+43 1 712 66 85", True),
      ("Mrs.", "Halima ABUBAKAR", "Director, Legal Department, Abuja", "h.abubakar@gov.ng", None, False)]),
    "dash lines": ("""Please find our delegation:

Dr. Jürgen Hoffmann – Head of Division, Ministry of Justice (Head of Delegation) – jh@bmj.de
Ms. Katrin Müller-Brandt – Senior Official – kmb@bmfsfj.de
""", [("Dr.", "Jürgen Hoffmann", "Head of Division, Ministry of Justice", "jh@bmj.de", None, True),
      ("Ms.", "Katrin Müller-Brandt", "Senior Official", "kmb@bmfsfj.de", None, False)]),
    "french note": ("""La Mission a l'honneur de communiquer la composition de la délégation :

- S.E. M. Ousmane DIOP, Ambassadeur, Représentant permanent, Chef de délégation ;
- Mme Fatou SARR, Magistrat, courriel : fsarr@justice.sn, tél. : +221 33 123 45 67.

Vienne, le 11 janvier 2010
""", [("S.E. M.", "Ousmane DIOP", "Ambassadeur, Représentant permanent", None, None, True),
      ("Mme", "Fatou SARR", "Magistrat", "fsarr@justice.sn", "+221 33 123 45 67", False)]),
    "spanish note": ("""la delegación estará integrada de la siguiente manera:

- Embajadora Alejandra RUIZ, Representante Permanente, Jefa de la Delegación.
- Lic. Jorge Medina Ochoa, Agente del Ministerio Público, correo electrónico: jmedina@pgr.gob.mx.
""", [("Embajadora", "Alejandra RUIZ", "Representante Permanente", None, None, True),
      ("Lic.", "Jorge Medina Ochoa", "Agente del Ministerio Público", "jmedina@pgr.gob.mx", None, False)]),
    "dash numbered": ("""The list of the delegation:

1- Mr. Ali Rahimi, Counsellor, Permanent Mission (Head of the Delegation), e-mail: ar@mission.ir
2- Ms. Maryam Karimi, Legal Expert, e-mail: mk@judiciary.ir
""", [("Mr.", "Ali Rahimi", "Counsellor, Permanent Mission", "ar@mission.ir", None, True),
      ("Ms.", "Maryam Karimi", "Legal Expert", "mk@judiciary.ir", None, False)]),
    "letter list": ("""Our delegation:

(a) Mr. Paul MARTIN, Director; e-mail: pm@gov.ca
(b) Ms. Lucy CHEN, Adviser; e-mail: lc@gov.ca
""", [("Mr.", "Paul MARTIN", "Director", "pm@gov.ca", None, False),
      ("Ms.", "Lucy CHEN", "Adviser", "lc@gov.ca", None, False)]),
    "head and members blocks": ("""The delegation of Japan:

Head of Delegation:
  Mr. Hiroshi TANAKA
  Director, Ministry of Foreign Affairs
  E-mail: h.tanaka@mofa.go.jp

Members:
  Ms. Yuko SATO
  Deputy Director, Ministry of Justice
  E-mail: y-sato@moj.go.jp
""", [("Mr.", "Hiroshi TANAKA", "Director, Ministry of Foreign Affairs", "h.tanaka@mofa.go.jp", None, True),
      ("Ms.", "Yuko SATO", "Deputy Director, Ministry of Justice", "y-sato@moj.go.jp", None, False)]),
    "tab separated, family first": ("""Head of Delegation: Mr. KIM Sung-ho, Director, Ministry of Justice

Name\tTitle\tOrganization\tE-mail\tTel
Mr. KIM Sung-ho\tDirector\tMinistry of Justice\tshkim@moj.go.kr\t+82 2 2110 3255
Ms. LEE Ji-young\tPublic Prosecutor\tSupreme Prosecutors' Office\tjylee@spo.go.kr\t
""", [("Mr.", "KIM Sung-ho", "Director, Ministry of Justice", "shkim@moj.go.kr", "+82 2 2110 3255", True),
      ("Ms.", "LEE Ji-young", "Public Prosecutor, Supreme Prosecutors' Office", "jylee@spo.go.kr", None, False)]),
    "contacts on a second line": ("""represented by the following officials:

1. Dr. Thandiwe MOKOENA, Head of Division, African Union Commission (Head of Delegation)
   Email: tm@africa-union.org | Tel: +251 11 551 7700 ext. 2130
""", [("Dr.", "Thandiwe MOKOENA", "Head of Division, African Union Commission", "tm@africa-union.org",
       "+251 11 551 7700 ext. 2130", True)]),
    "postposed honorific": ("""The delegation:

Sarah THOMPSON (Ms) - Head, Policy Unit, Home Office (HoD) - Sarah.Thompson@ho.gov.uk - +44 20 7035 4881
""", [("Ms", "Sarah THOMPSON", "Head, Policy Unit, Home Office", "sarah.thompson@ho.gov.uk", "+44 20 7035 4881", True)]),
    "labelled fields": ("""Our participant:

Name: Mr. John SMITH
Position: Director, Ministry of Interior
E-mail: john.smith@moi.gov.xx
""", [("Mr.", "John SMITH", "Director, Ministry of Interior", "john.smith@moi.gov.xx", None, False)]),
    "russian": ("""Состав делегации:

1. Г-н Иван ПЕТРОВ, директор департамента, глава делегации, ivan.petrov@mid.ru
""", [("Г-н", "Иван ПЕТРОВ", "директор департамента", "ivan.petrov@mid.ru", None, True)]),
    "bullets, tel/fax, head on the name line": ("""Veuillez trouver ci-dessous notre délégation :

• M. Ahmed AL-MANSOURI, Directeur, chef de la délégation, Mobile : +971 50 123 4567, a.mansouri@moi.gov.ae
• Mme Leïla BEN ALI, Conseillère, Tel/Fax : +43 1 234 56 78, leila.benali@mofa.ae

1. Mr. John SMITH, Head of Delegation
   Adviser
""", [("M.", "Ahmed AL-MANSOURI", "Directeur", "a.mansouri@moi.gov.ae", "+971 50 123 4567", True),
      ("Mme", "Leïla BEN ALI", "Conseillère", "leila.benali@mofa.ae", "+43 1 234 56 78", False),
      ("Mr.", "John SMITH", "Adviser", None, None, False)]),
    "prose": ("""The delegation will be headed by H.E. Mr. Carlos MENDOZA, Ambassador, and will include Ms. Laura PEREZ, First Secretary (laura.perez@mfa.gov.fd).
""", [("H.E. Mr.", "Carlos MENDOZA", "Ambassador", None, None, True),
      ("Ms.", "Laura PEREZ", "First Secretary", "laura.perez@mfa.gov.fd", None, False)]),
    "roman numerals": ("""The delegation will be as follows:

(i)   Mrs. Ada OBI,
      Director, Ministry of Justice,
      Leader of the Delegation;
      e-mail: ada.obi@moj.gov.xx

(ii)  Mr. Tunde BALOGUN,
      First Secretary;
      e-mail: tbalogun@mission.xx
""", [("Mrs.", "Ada OBI", "Director, Ministry of Justice", "ada.obi@moj.gov.xx", None, True),
      ("Mr.", "Tunde BALOGUN", "First Secretary", "tbalogun@mission.xx", None, False)]),
    "two on one line": ("""Our delegation:

1. Ms. Kadri TAMM, Adviser (Head of Delegation) - kt@sm.xx
2. Mr. Rein SAAR and Ms. Liis KASK, both Counsellors, Permanent Mission - rs@mfa.xx, lk@mfa.xx
""", [("Ms.", "Kadri TAMM", "Adviser", "kt@sm.xx", None, True),
      ("Mr.", "Rein SAAR", "Counsellors, Permanent Mission", "rs@mfa.xx", None, False),
      ("Ms.", "Liis KASK", "Counsellors, Permanent Mission", "lk@mfa.xx", None, False)]),
    "title case lines, addresses below": ("""We will be represented by the following:

Ingrid Haugland, Senior Adviser, Ministry of Justice (head of delegation)
Per Olav Strand, Police Superintendent

E-mail addresses:
ih@jd.xx
pos@politiet.xx
""", [(None, "Ingrid Haugland", "Senior Adviser, Ministry of Justice", "ih@jd.xx", None, True),
      (None, "Per Olav Strand", "Police Superintendent", "pos@politiet.xx", None, False)]),
    "family comma given in title case": ("""Please find the delegation below:

Sørensen, Mette (Ms) – Head of Section, Ministry of Justice – mso@jm.xx
Kjær, Lars Bo (Mr) – Minister Counsellor – lbk@um.xx

Mr Kjær will head the delegation.
""", [("Ms", "Mette Sørensen", "Head of Section, Ministry of Justice", "mso@jm.xx", None, False),
      ("Mr", "Lars Bo Kjær", "Minister Counsellor", "lbk@um.xx", None, True)]),
    "prose without honorifics": ("""Zambia will be represented at the meeting by Chanda Mwila Kabwe (ck@ha.gov.xx), Director of Immigration, who will head the delegation, and Bwalya Phiri (bp@mission.xx), First Secretary.
""", [(None, "Chanda Mwila Kabwe", "Director of Immigration", "ck@ha.gov.xx", None, True),
      (None, "Bwalya Phiri", "First Secretary", "bp@mission.xx", None, False)]),
    "title case lines after an introducing sentence": ("""Norway will be represented by the following persons.

Ingrid Haugland, Senior Adviser, ih@jd.xx
Per Olav Strand, Police Superintendent, pos@politiet.xx
""", [(None, "Ingrid Haugland", "Senior Adviser", "ih@jd.xx", None, False),
      (None, "Per Olav Strand", "Police Superintendent", "pos@politiet.xx", None, False)]),
    "replacement in prose": ("""Further to our note, please be informed that Mr. Azamat ISAKOV, Senior Inspector, Ministry of Internal Affairs, will replace Ms. Gulnara TOKTOSUNOVA.
""", [("Mr.", "Azamat ISAKOV", "Senior Inspector, Ministry of Internal Affairs", None, None, False)]),
}


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_layout(layout):
    body, expected = LAYOUTS[layout]
    result = parse_message(mail(body))
    assert result.kind == "delegation"
    assert people(mail(body)) == expected


def test_html_table_with_spanish_headers():
    html = ("<p>Composición de la delegación:</p><table>"
            "<tr><td>N°</td><td>Apellidos y nombres</td><td>Cargo</td><td>Correo electrónico</td><td>Teléfono</td></tr>"
            "<tr><td>1</td><td>GONZÁLEZ PÉREZ, María</td><td>Directora<br><i>(Jefa de la Delegación)</i></td>"
            "<td><a href='mailto:mg@x.gob.ve'>mg@x.gob.ve</a></td><td>+58 212 506 1234</td></tr></table>")
    assert people(mail(html, ctype="text/html")) == [
        (None, "María GONZÁLEZ PÉREZ", "Directora", "mg@x.gob.ve", "+58 212 506 1234", True)]


def test_html_table_with_french_headers_and_separate_name_columns():
    html = ("<table><tr><th>Nom</th><th>Prénom</th><th>Fonction</th><th>Courriel</th><th>Tél.</th></tr>"
            "<tr><td>DUPONT</td><td>Jean</td><td>Conseiller</td><td>jd@gouv.fr</td><td></td></tr></table>")
    assert people(mail(html, ctype="text/html")) == [(None, "Jean DUPONT", "Conseiller", "jd@gouv.fr", None, False)]


def test_amendment_yields_only_the_person_added():
    body = """Further to our email of 11 January, we would be grateful if the following officer could be added:

Ms Rebecca O'CONNOR
Policy Officer, Attorney-General's Department
Email: r.oconnor@ag.gov.au

The delegation will continue to be led by Mr David Harrington, as previously advised.
"""
    result = parse_message(mail(body))
    assert result.amendment and result.reason == "amendment"
    assert [p.name for p in result.participants] == ["Rebecca O'CONNOR"]


def test_quoted_invitation_yields_nobody():
    body = """Well received with thanks.

On 18/12/2009 11:42, UNTOC COP wrote:
> Governments are kindly requested to send information on the composition of the delegation.
> For any queries, please contact:
> Ms. Elena MARCHETTI
> E-mail: elena.marchetti@unodc.org
"""
    result = parse_message(mail(body, subject="RE: CU 2009/180(A)"))
    assert result.kind == "other" and result.participants == []
    assert result.reason == "acknowledgement"


def test_signature_is_not_a_participant_unless_the_writer_registers():
    plain = "Dear Sir,\n\nCould you send the agenda?\n\nBest regards,\n\nGrace W. KAMAU (Ms.)\nSecond Secretary\nEmail: gk@mission.ke\n"
    assert parse_message(mail(plain)).participants == []
    self = ("Dear Sir,\n\nI will represent Freedonia, as head of delegation, at the meeting.\n\nKind regards,\n\n"
            "João Ferreira da Silva\nSecond Secretary\nPermanent Mission of Brazil\nPestalozzigasse 4/2, 1010 Vienna\n"
            "Tel.: +43 (1) 512 06 31-24\nE-mail: joao.silva@itamaraty.gov.br\n")
    assert people(mail(self)) == [(None, "João Ferreira da Silva", "Second Secretary, Permanent Mission of Brazil",
                                   "joao.silva@itamaraty.gov.br", "+43 (1) 512 06 31-24", True)]


def test_contact_person_is_not_a_delegate():
    body = """The contact person for all matters relating to the meeting is:

Ms. Ioana MARGINEANU
Second Secretary
E-mail: im@mae.ro

The composition of the delegation will be communicated separately.
"""
    result = parse_message(mail(body))
    assert result.kind == "other" and result.reason == "contact-person"


@pytest.mark.parametrize("body, reason, declined", [
    ("Unfortunately we will not be in a position to send a delegation.", "declined", True),
    ("Nous regrettons : la Mission ne pourra pas participer à la réunion.", "declined", True),
    ("Kindly advise whether visa letters can be issued?", "question", False),
    ("Could you advise whether Mr. Jan BERG, Counsellor, will attend the reception?", "question", False),
    ("The names of the delegates will be communicated as soon as possible.", "names-will-follow", False),
])
def test_messages_without_people(body, reason, declined):
    result = parse_message(mail(body))
    assert (result.kind, result.reason, result.declined) == ("other", reason, declined)


def test_invalid_address_is_kept_as_written_with_a_warning():
    body = "Our delegation:\n\n1. Mr. Yaw BOATENG\n   Minister\n   Email: yaw.boateng@mfa,gov.gh\n"
    result = parse_message(mail(body))
    person = result.participants[0]
    assert person.email is None and person.email_as_written == "yaw.boateng@mfa,gov.gh"
    assert any("yaw.boateng@mfa,gov.gh" in w for w in result.warnings)


def test_forward_from_the_capital_counts():
    body = """Please see below.

From: Patel, Anjali [mailto:Anjali.Patel@homeoffice.gov.uk]
Sent: 12 January 2010 16:03
To: Tom
Subject: delegation

Mr Mark EVANS - Inspector, Home Office - Mark.Evans@police.uk
"""
    assert people(mail(body, subject="FW: delegation")) == [
        ("Mr", "Mark EVANS", "Inspector, Home Office", "mark.evans@police.uk", None, False)]


def test_headers_are_copied():
    extra = "In-Reply-To: <inv@unodc.org>\nReferences: <a@x> <inv@unodc.org>\nDate: Fri, 08 Jan 2010 14:27:05 +0100\n"
    result = parse_message(mail("Hello", extra=extra))
    assert result.message_id == "<1@mfa.gov.xx>" and result.in_reply_to == "<inv@unodc.org>"
    assert result.references == ["<a@x>", "<inv@unodc.org>"]
    assert result.from_addr == "writer@mfa.gov.xx" and result.from_name == "Writer"
    assert result.date.year == 2010


def test_contract_object():
    contract = parse_message(mail(LAYOUTS["dash lines"][0])).to_contract("x.eml")
    assert set(contract) == {"file", "kind", "sender", "participants"}
    assert set(contract["participants"][0]) == {"name", "honorific", "function", "email", "phone", "head"}


def test_command_line_prints_one_line_per_file_in_order(tmp_path):
    import json
    import subprocess
    import sys

    good = tmp_path / "a.eml"
    good.write_bytes(mail(LAYOUTS["dash lines"][0]))
    missing = tmp_path / "missing.eml"
    done = subprocess.run([sys.executable, "-m", "mail.parse", str(good), str(missing)], capture_output=True, check=True)
    lines = [json.loads(line) for line in done.stdout.decode("utf-8").splitlines()]
    assert [line["file"] for line in lines] == [str(good), str(missing)]
    assert lines[0]["kind"] == "delegation" and lines[1]["kind"] == "other"


def test_a_list_read_in_part_is_flagged_for_review():
    body = """The delegation is as follows:

1. Mr. Emeka OKAFOR, Ambassador, E-mail: eo@mission.xx
2. Mr. e. e. cummings, Poet, E-mail: ec@poetry.xx
3. Ms. Halima ABUBAKAR, Director, E-mail: ha@gov.xx
"""
    result = parse_message(mail(body))
    assert [p.name for p in result.participants] == ["Emeka OKAFOR", "Halima ABUBAKAR"]
    assert "list may be incomplete: 3 entries seen, 2 read" in result.warnings


def test_a_list_read_in_full_is_not_flagged():
    body = "The delegation:\n\n1. Mr. Emeka OKAFOR, E-mail: eo@mission.xx\n2. Ms. Halima ABUBAKAR, E-mail: ha@gov.xx\n"
    assert not [w for w in parse_message(mail(body)).warnings if w.startswith("list may be incomplete")]
