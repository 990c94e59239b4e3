"""Tests for store.entities: the entity list, name lookup and mentions."""

import unicodedata
from collections import Counter

import pytest

from store.entities import (
    Entity,
    all_entities,
    entity_by_code,
    find_entity,
    find_mentions,
    search_entities,
)


def codes(text: str) -> list[str]:
    """Return the codes of the entities mentioned in text, in order."""
    return [m.entity.code for m in find_mentions(text)]


def test_counts_by_kind():
    kinds = Counter(e.kind for e in all_entities())
    assert kinds["member_state"] == 193
    assert kinds["observer_state"] == 2
    assert {e.name for e in all_entities() if e.kind == "observer_state"} == {"Holy See", "State of Palestine"}
    assert kinds["regional_organization"] == 1


def test_kinds_are_known():
    kinds = {"member_state", "observer_state", "regional_organization", "un_entity", "specialized_agency", "igo",
             "other_entity"}
    assert {e.kind for e in all_entities()} <= kinds


def test_codes_are_unique_and_iso3_for_states():
    entities = all_entities()
    assert len({e.code for e in entities}) == len(entities)
    for e in entities:
        if e.is_state:
            assert e.code == e.iso3 and len(e.iso2) == 2 and {"en", "fr", "es"} <= set(e.names)
        else:
            assert e.iso3 is None and e.iso2 is None and e.region is None


def test_sorted_by_name():
    names = [e.name for e in all_entities()]
    assert names.index("Afghanistan") < names.index("Zimbabwe")
    assert isinstance(all_entities()[0], Entity)


def test_member_states_have_a_regional_group():
    groups = Counter(e.region for e in all_entities() if e.kind == "member_state")
    assert groups == {
        "African States": 54, "Asia-Pacific States": 54, "Eastern European States": 23,
        "Latin American and Caribbean States": 33, "Western European and other States": 29,
    }


def test_every_name_and_alias_leads_back_to_its_entity():
    """An alias that two entities share would send one of them to the other."""
    wrong = [(e.code, alias) for e in all_entities()
             for alias in (*e.names.values(), *e.aliases) if find_entity(alias) is not e]
    assert wrong == []


def test_no_sender_entity_owns_the_secretariat_domain():
    domains = [d for e in all_entities() for d in e.domains]
    assert len(domains) == len(set(domains))
    assert not [d for d in domains if d in ("unodc.org", "un.org") or d.endswith((".unodc.org", ".un.org"))]


@pytest.mark.parametrize("code, name", [
    ("IRN", "Iran (Islamic Republic of)"),
    ("GBR", "United Kingdom of Great Britain and Northern Ireland"),
    ("TUR", "Türkiye"),
    ("VEN", "Venezuela (Bolivarian Republic of)"),
    ("BOL", "Bolivia (Plurinational State of)"),
    ("KOR", "Republic of Korea"),
    ("PRK", "Democratic People's Republic of Korea"),
    ("CIV", "Côte d'Ivoire"),
    ("NLD", "Netherlands (Kingdom of the)"),
    ("CZE", "Czechia"),
    ("MDA", "Republic of Moldova"),
    ("TZA", "United Republic of Tanzania"),
    ("LAO", "Lao People's Democratic Republic"),
    ("FSM", "Micronesia (Federated States of)"),
    ("PSE", "State of Palestine"),
    ("VAT", "Holy See"),
    ("ICMPD", "International Centre for Migration Policy Development"),
    ("AU", "African Union"),
    ("EU", "European Union"),
])
def test_un_short_names(code, name):
    assert entity_by_code(code).name == name


@pytest.mark.parametrize("code, lang, name", [
    ("GBR", "fr", "Royaume-Uni de Grande-Bretagne et d'Irlande du Nord"),
    ("GBR", "es", "Reino Unido de Gran Bretaña e Irlanda del Norte"),
    ("IRN", "es", "Irán (República Islámica del)"),
    ("DEU", "fr", "Allemagne"),
    ("DEU", "es", "Alemania"),
    ("USA", "fr", "États-Unis d'Amérique"),
    ("RUS", "ru", "Российская Федерация"),
    ("CHN", "zh", "中国"),
])
def test_names_in_other_languages(code, lang, name):
    assert entity_by_code(code).names[lang] == name


@pytest.mark.parametrize("text, code", [
    ("the United Kingdom", "GBR"), ("UK", "GBR"), ("Great Britain", "GBR"), ("Reino Unido", "GBR"),
    ("la France", "FRA"), ("l'Autriche", "AUT"), ("Irán", "IRN"), ("IRAN", "IRN"), ("Iran", "IRN"),
    ("USA", "USA"), ("Etats-Unis", "USA"), ("Russia", "RUS"), ("Russie", "RUS"), ("Rusia", "RUS"),
    ("Czech Republic", "CZE"), ("Turkey", "TUR"), ("Turquía", "TUR"), ("Venezuela", "VEN"), ("Bolivia", "BOL"),
    ("South Korea", "KOR"), ("Korea", "KOR"), ("Corée du Sud", "KOR"), ("North Korea", "PRK"), ("DPRK", "PRK"),
    ("Ivory Coast", "CIV"), ("Cape Verde", "CPV"), ("Swaziland", "SWZ"), ("Macedonia", "MKD"), ("Burma", "MMR"),
    ("Syria", "SYR"), ("Laos", "LAO"), ("Vietnam", "VNM"), ("Tanzania", "TZA"), ("Moldova", "MDA"),
    ("Palestine", "PSE"), ("Vatican", "VAT"), ("European Community", "EU"), ("Europol", "EUROPOL"),
    ("Interpol", "INTERPOL"), ("AU", "AU"), ("OSCE", "OSCE"), ("the Netherlands", "NLD"), ("Niger", "NER"),
    ("Nigeria", "NGA"), ("Sudan", "SDN"), ("South Sudan", "SSD"), ("Guinea", "GIN"), ("Dominica", "DMA"),
    ("Dominican Republic", "DOM"), ("Congo", "COG"), ("Democratic Republic of the Congo", "COD"),
    ("Россия", "RUS"), ("中国", "CHN"), ("DEU", "DEU"),
])
def test_find_entity(text, code):
    assert find_entity(text).code == code


@pytest.mark.parametrize("text", ["", "Vienna", "Ministry of Justice", "United Nations", "Republic"])
def test_find_entity_unknown(text):
    assert find_entity(text) is None


@pytest.mark.parametrize("query, first, also", [
    ("Guinea", "GIN", {"GNQ", "GNB", "PNG"}),
    ("Korea", "KOR", {"PRK"}),
    ("Congo", "COG", {"COD"}),
    ("Sudan", "SDN", {"SSD"}),
    ("Niger", "NER", {"NGA"}),
    ("Dominica", "DMA", {"DOM"}),
])
def test_search_entities(query, first, also):
    found = [e.code for e in search_entities(query)]
    assert found[0] == first and also <= set(found)


def test_search_entities_limit_and_empty():
    assert len(search_entities("a", limit=3)) == 3
    assert search_entities("   ") == []


@pytest.mark.parametrize("text, expected", [
    ("the Democratic People's Republic of Korea", ["PRK"]),
    ("the Republic of Korea", ["KOR"]),
    ("Nigeria", ["NGA"]),
    ("Niger", ["NER"]),
    ("South Sudan", ["SSD"]),
    ("Papua New Guinea", ["PNG"]),
    ("Equatorial Guinea and Guinea-Bissau", ["GNQ", "GNB"]),
    ("Dominican Republic", ["DOM"]),
    ("Democratic Republic of the Congo", ["COD"]),
    ("Nigerian delegation, Sudanese, Nigerien", []),
    ("CÔTE D'IVOIRE, cote d’ivoire", ["CIV", "CIV"]),
    ("Iran (Islamic Republic of) and Irán", ["IRN", "IRN"]),
    ("United Kingdom of Great Britain and Northern Ireland", ["GBR"]),
    ("Постоянное представительство Российской Федерации", ["RUS"]),
    ("日本国政府代表部", ["JPN"]),
    (unicodedata.normalize("NFD", "République du Sénégal"), ["SEN"]),
    ("El Salvador; Salvador Dalí; Antigua Guatemala", ["SLV", "GTM"]),
])
def test_find_mentions(text, expected):
    assert codes(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("The US and the UK", ["USA", "GBR"]),
    ("Tell us about it", []),
    ("The AU and the EU", ["AU", "EU"]),
    ("au revoir, merci beaucoup, eu", []),
    ("Australia and Austria", ["AUS", "AUT"]),
    ("IOM", ["IOM"]),
    ("a geometric iom", []),
])
def test_short_acronyms_are_case_sensitive(text, expected):
    assert codes(text) == expected


def test_mention_offsets():
    text = "Delegation of the Republic of Korea; the ROK and Iran (Islamic Republic of)."
    mentions = find_mentions(text)
    assert [(m.entity.code, m.text) for m in mentions] == [
        ("KOR", "Republic of Korea"), ("KOR", "ROK"), ("IRN", "Iran (Islamic Republic of)")]
    assert all(text[m.start:m.end] == m.text for m in mentions)
