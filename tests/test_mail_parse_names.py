import pytest

from mail.parse.names import looks_like_name, name_warning, normalise_name, parse_name_cell, split_honorific


@pytest.mark.parametrize("text, honorific, rest", [
    ("H.E. Mr. Emeka OKAFOR", "H.E. Mr.", "Emeka OKAFOR"),
    ("S.E. M. Ousmane DIOP", "S.E. M.", "Ousmane DIOP"),
    ("S.E. Sr. Juan PÉREZ", "S.E. Sr.", "Juan PÉREZ"),
    ("Excmo. Sr. Luis GARCÍA", "Excmo. Sr.", "Luis GARCÍA"),
    ("Ms Rebecca O'CONNOR", "Ms", "Rebecca O'CONNOR"),
    ("Mme Claire DUBOIS-LEROY", "Mme", "Claire DUBOIS-LEROY"),
    ("Sra. Lucía Treviño", "Sra.", "Lucía Treviño"),
    ("Srta. Ana Gómez", "Srta.", "Ana Gómez"),
    ("Dra. Ana Gómez", "Dra.", "Ana Gómez"),
    ("Prof. Dr. Hans MEIER", "Prof. Dr.", "Hans MEIER"),
    ("Embajadora María LÓPEZ", "Embajadora", "María LÓPEZ"),
    ("Ambassadeur Jean DUPONT", "Ambassadeur", "Jean DUPONT"),
    ("Lic. Jorge Medina", "Lic.", "Jorge Medina"),
    ("Mtra. Verónica Salgado", "Mtra.", "Verónica Salgado"),
    ("Atty. Ma. Lourdes D. SANTOS", "Atty.", "Ma. Lourdes D. SANTOS"),
    ("Judge Amina BELLO", "Judge", "Amina BELLO"),
    ("Juez Pedro ROJAS", "Juez", "Pedro ROJAS"),
    ("Г-н Иван ПЕТРОВ", "Г-н", "Иван ПЕТРОВ"),
    ("Г-жа Анна СМИРНОВА", "Г-жа", "Анна СМИРНОВА"),
    ("Amb. Ali KHAN", "Amb.", "Ali KHAN"),
    ("Col. Hubert MUKENDI", "Col.", "Hubert MUKENDI"),
    ("Insp. Marco ROSSI", "Insp.", "Marco ROSSI"),
    ("Rev. Msgr. Tomasz GRYSA", "Rev. Msgr.", "Tomasz GRYSA"),
    ("Mag. Gerald WÖGERBAUER", "Mag.", "Gerald WÖGERBAUER"),
    ("Di Stefano ROSSI", None, "Di Stefano ROSSI"),
    ("Mark EVANS", None, "Mark EVANS"),
])
def test_split_honorific_keeps_it_as_written(text, honorific, rest):
    assert split_honorific(text) == (honorific, rest)


@pytest.mark.parametrize("written, expected", [
    ("GONZÁLEZ PÉREZ, María Alejandra", "María Alejandra GONZÁLEZ PÉREZ"),
    ("HERNÁNDEZ, Luisana", "Luisana HERNÁNDEZ"),
    ("KIM Sung-ho", "KIM Sung-ho"),
    ("  Hiroshi   TANAKA ", "Hiroshi TANAKA"),
])
def test_normalise_name_puts_family_last_only_after_a_comma(written, expected):
    assert normalise_name(written) == expected


@pytest.mark.parametrize("text, strict, expected", [
    ("Sarah THOMPSON", True, True),
    ("KIM Sung-ho", True, True),
    ("Ludwig van der BERG", True, True),
    ("Omar EL-SAYED", True, True),
    ("Sarah Thompson", True, False),
    ("Sarah Thompson", False, True),
    ("NOTE VERBALE", True, False),
    ("the delegation", False, False),
])
def test_looks_like_name(text, strict, expected):
    assert looks_like_name(text, strict) is expected


def test_parse_name_cell_takes_a_postposed_honorific():
    assert parse_name_cell("Tom HARGREAVES (Mr)") == ("Mr", "Tom HARGREAVES")


def test_single_word_name_gets_a_warning():
    assert name_warning("Madonna")
    assert name_warning("Anna SMITH") is None
