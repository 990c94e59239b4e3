"""UN Member States, observer States and organizations: records and name lookup (senders: store.senders)."""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files

STATE_KINDS = ("member_state", "observer_state")
SECRETARIAT = frozenset({"UNODC", "UNOV"})  # the addressee, never a sender
VENUE = "AUT"  # the host country shows up in every Vienna address block

_ARTICLES = frozenset({"the", "la", "le", "les", "l", "el", "los", "las"})
_MARKS = "\u0300-\u036f\u064b-\u065f\u0670"  # combining accents and Arabic vowel signs
_TOKEN = re.compile(rf"[^\W_](?:[^\W_]|[{_MARKS}])*")
_MARK = re.compile(rf"[{_MARKS}]")
_PLAIN_TOKEN = re.compile(r"[^\W_]+")
_GAP_OK = re.compile(r"[ \t\r\n'\-.,()&/]*")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")


@dataclass(frozen=True)
class Entity:
    """A State or organization that can send a delegation."""

    code: str
    name: str
    iso3: str | None
    iso2: str | None
    kind: str
    region: str | None
    names: dict[str, str] = field(hash=False)
    aliases: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()

    @property
    def is_state(self) -> bool:
        """Return True for Member States and observer States."""
        return self.kind in STATE_KINDS


@dataclass(frozen=True)
class Mention:
    """One place in a text where an entity is named."""

    entity: Entity
    start: int
    end: int
    text: str


def _fold_table() -> dict[int, str]:
    """Map each accented or upper-case letter to one plain lower-case letter, so folding keeps offsets."""
    table: dict[int, str] = {}
    for cp in [*range(0x80, 0x250), *range(0x370, 0x530), *range(0x1E00, 0x1F00)]:
        plain = "".join(c for c in unicodedata.normalize("NFKD", chr(cp)) if not unicodedata.combining(c))
        plain = plain.lower()
        if len(plain) == 1 and plain != chr(cp):
            table[cp] = plain
    for cp in range(0x41, 0x5B):
        table[cp] = chr(cp + 32)
    table.update({ord(c): "'" for c in "\u2019\u2018\u02bc`\u00b4\u2032"})
    table.update({ord(c): "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"})
    table.update({0xA0: " ", 0x202F: " ", 0x2007: " "})
    return table


_FOLD = _fold_table()


def fold(text: str) -> str:
    """Return text lower-cased, without accents and with plain punctuation, at the same length."""
    return text.translate(_FOLD)


def _key(text: str) -> tuple[str, ...]:
    """Return the comparable token sequence of a name."""
    return tuple(_TOKEN.findall(fold(_MARK.sub("", unicodedata.normalize("NFC", text)))))


def _strip_articles(key: tuple[str, ...]) -> tuple[str, ...]:
    """Drop leading articles ("the", "la", "l'", "el"...) unless nothing would remain."""
    while len(key) > 1 and key[0] in _ARTICLES:
        key = key[1:]
    return key


def _is_acronym(alias: str) -> bool:
    """Return True for short capitalised aliases ("US", "EU", "CoE") that only match case-sensitively."""
    letters = [c for c in alias if c.isalpha()]
    return len(letters) <= 4 and sum(c.isupper() for c in letters) >= 2


# Russian notes name the sender in the genitive ("Постоянное представительство Российской Федерации"),
# so Russian names also match in their oblique cases: genitive, dative, instrumental, prepositional.
_RU_ENDINGS = (
    ("ская", ("ской", "ской", "ской", "ской")), ("ая", ("ой", "ой", "ой", "ой")), ("яя", ("ей", "ей", "ей", "ей")),
    ("ое", ("ого", "ому", "ым", "ом")), ("ый", ("ого", "ому", "ым", "ом")), ("ий", ("ого", "ому", "им", "ом")),
    ("ые", ("ых", "ым", "ыми", "ых")), ("ие", ("их", "им", "ими", "их")), ("овы", ("овых", "овым", "овыми", "овых")),
    ("ия", ("ии", "ии", "ией", "ии")), ("ея", ("еи", "ее", "еей", "ее")), ("ство", ("ства", "ству", "ством", "стве")),
    ("ова", ("овов", "овам", "овами", "овах")), ("ы", ("ов", "ам", "ами", "ах")), ("ль", ("ля", "лю", "лем", "ле")),
    ("ь", ("и", "и", "ью", "и")), ("й", ("я", "ю", "ем", "е")), ("я", ("и", "е", "ей", "е")),
)
_RU_ADJ = ("ая", "яя", "ое", "ый", "ий", "ые", "ие", "овы")


def _ru_word(word: str, case: int) -> str:
    """Return one Russian word in the given oblique case (0 gen, 1 dat, 2 ins, 3 prep)."""
    for end, forms in _RU_ENDINGS:
        if word.endswith(end):
            return word[: -len(end)] + forms[case]
    if word.endswith("а"):
        hush = word[-2:-1] in "гкхжчшщ"
        return word[:-1] + ("и" if hush else "ы", "е", "ей" if word[-2:-1] in "жчшщц" else "ой", "е")[case]
    if word[-1:] in "оеиуюэ" or not word[-1:].isalpha():
        return word
    return word + ("а", "у", "ом", "е")[case]


def _russian_forms(name: str) -> set[str]:
    """Return the oblique-case forms of a Russian name, inflecting its head noun phrase only."""
    words = name.split()
    forms = set()
    for case in range(4):
        out, inflect = [], True
        for i, word in enumerate(words):
            if word == "и":  # "Босния и Герцеговина": both conjuncts follow the head's case
                out.append(word)
                continue
            out.append(_ru_word(word, case) if inflect else word)
            if inflect and not word.endswith(_RU_ADJ):
                inflect = i + 1 < len(words) and words[i + 1] == "и"
        forms.add(" ".join(out))
    forms.discard(name)
    return forms


@dataclass
class _Catalog:
    """Everything compiled once from the data file."""

    entities: list[Entity]
    by_code: dict[str, Entity]
    by_key: dict[tuple[str, ...], Entity]
    names_trie: dict
    acronym_trie: dict
    cjk: re.Pattern | None
    cjk_names: dict[str, Entity]
    domains: dict[str, Entity]
    iso2: dict[str, Entity]


def _insert(trie: dict, key: tuple[str, ...], entity: Entity) -> None:
    """Add a token sequence to a token trie; the empty token marks an end."""
    node = trie
    for token in key:
        node = node.setdefault(token, {})
    node.setdefault("", entity)


def _variants(alias: str, official: bool = False) -> list[tuple[str, ...]]:
    """Return the keys an alias is known by: as written, possessives glued, "and"/"Saint" spelt short.

    A leading article is dropped ("The Gambia"), except from official names ("El Salvador").
    """
    key = _key(alias) if official else _strip_articles(_key(alias))
    keys = [key]
    if "s" in key[1:]:
        glued = []
        for token in key:
            if token == "s" and glued:
                glued[-1] += "s"
            else:
                glued.append(token)
        keys.append(tuple(glued))
    if "and" in key:
        keys.append(tuple(t for t in key if t != "and"))
    if key[0] in ("saint", "sainte"):
        keys.append(("st" if key[0] == "saint" else "ste",) + key[1:])
    if any("\u0400" <= c <= "\u04ff" for c in alias):
        keys += [_key(form) for form in _russian_forms(alias)]
    return keys


def _build(raw: list[dict]) -> _Catalog:
    """Compile records, indexes and tries from the parsed data file."""
    entities = sorted(
        (Entity(r["code"], r["name"], r["iso3"], r["iso2"], r["kind"], r["region"], dict(r["names"]),
                tuple(r["aliases"]), tuple(r["domains"])) for r in raw),
        key=lambda e: fold(e.name),
    )
    by_key: dict[tuple[str, ...], Entity] = {}
    names_trie: dict = {}
    acronym_trie: dict = {}
    cjk_names: dict[str, Entity] = {}
    for entity in entities:
        for alias in (*entity.names.values(), *entity.aliases):
            if _CJK.search(alias):
                cjk_names.setdefault(alias, entity)
                continue
            if _is_acronym(alias):
                _insert(acronym_trie, tuple(_TOKEN.findall(alias)), entity)
            for key in _variants(alias, official=alias in entity.names.values()):
                if by_key.setdefault(key, entity) is entity and not _is_acronym(alias):
                    _insert(names_trie, key, entity)
    cjk = re.compile("|".join(map(re.escape, sorted(cjk_names, key=len, reverse=True)))) if cjk_names else None
    domains = {d.lower(): e for e in entities for d in e.domains}
    iso2 = {e.iso2.lower(): e for e in entities if e.iso2}
    iso2["uk"] = iso2["gb"]
    by_code = {e.code: e for e in entities}
    return _Catalog(entities, by_code, by_key, names_trie, acronym_trie, cjk, cjk_names, domains, iso2)


@cache
def load_catalog() -> _Catalog:
    """Load and compile the bundled data file once."""
    text = files("store").joinpath("data/entities.json").read_text(encoding="utf-8")
    return _build(json.loads(text))


def all_entities() -> list[Entity]:
    """Return every known State and organization, sorted by name."""
    return list(load_catalog().entities)


def entity_by_code(code: str) -> Entity | None:
    """Return the entity with this code (ISO 3166-1 alpha-3 for States, an acronym otherwise)."""
    return load_catalog().by_code.get(code.strip().upper())


def find_entity(name: str) -> Entity | None:
    """Return the entity whose name or alias, in any language, is the whole of name."""
    catalog = load_catalog()
    for key in (_key(name), _strip_articles(_key(name))):
        if key in catalog.by_key:
            return catalog.by_key[key]
    plain = name.strip()
    if plain in catalog.cjk_names:
        return catalog.cjk_names[plain]
    if plain.isalpha() and plain.isupper() and len(plain) in (2, 3):
        return next((e for e in catalog.entities if plain in (e.iso2, e.iso3)), None)
    return None


def search_entities(query: str, limit: int = 10) -> list[Entity]:
    """Return entities for a typed query: the exact match first, then prefix, word-prefix and substring matches."""
    exact = find_entity(query)
    needle = " ".join(_strip_articles(_key(query)))
    if not needle:
        return [exact] if exact else []
    best: dict[str, tuple[int, Entity]] = {}
    for key, entity in load_catalog().by_key.items():
        text = f" {' '.join(key)} "
        at = text.find(f" {needle}")
        if at < 0 and needle not in text:
            continue
        # whole-word prefix, partial prefix, whole word later, word start later, anywhere
        whole = at >= 0 and text[at + len(needle) + 1] == " "
        rank = 5 if at < 0 else (1 if whole else 2) if at == 0 else (3 if whole else 4)
        if rank < best.get(entity.code, (9, entity))[0]:
            best[entity.code] = (rank, entity)
    if exact:
        best[exact.code] = (0, exact)
    ranked = sorted(best.values(), key=lambda item: (item[0], not item[1].is_state, len(item[1].name)))
    return [entity for _, entity in ranked[:limit]]


def _walk(trie: dict, tokens: list[str], spans: list[tuple[int, int]], i: int, folded: str
          ) -> tuple[int, Entity] | None:
    """Return (index past the last token, entity) of the longest trie match starting at token i."""
    node, found, j = trie, None, i
    while j < len(tokens) and tokens[j] in node:
        if j > i:
            gap = folded[spans[j - 1][1]:spans[j][0]]
            if not _GAP_OK.fullmatch(gap) or gap.count("\n") > 1:
                break
        node = node[tokens[j]]
        j += 1
        if "" in node:
            found = (j, node[""])
    return found


def find_mentions(text: str) -> list[Mention]:
    """Return every non-overlapping mention of a known name or alias in text; the longest match wins."""
    catalog = load_catalog()
    folded = fold(text)
    marked = _MARK.search(folded) is not None
    spans = [m.span() for m in (_TOKEN if marked else _PLAIN_TOKEN).finditer(folded)]
    lower = [folded[s:e] for s, e in spans]
    if marked:  # decomposed accents: compare tokens without them
        lower = [_MARK.sub("", token) for token in lower]
    exact = [text[s:e] for s, e in spans]
    names, acronyms = catalog.names_trie, catalog.acronym_trie
    mentions: list[Mention] = []
    i = 0
    while i < len(spans):
        hits = []
        if lower[i] in names:
            hits.append(_walk(names, lower, spans, i, folded))
        if exact[i] in acronyms:
            hits.append(_walk(acronyms, exact, spans, i, folded))
        hits = [h for h in hits if h]
        if not hits:
            i += 1
            continue
        j, entity = max(hits, key=lambda h: h[0])
        start, end = spans[i][0], spans[j - 1][1]
        if text[end:end + 1] == ")" and "(" in text[start:end]:
            end += 1
        mentions.append(Mention(entity, start, end, text[start:end]))
        i = j
    if catalog.cjk and _CJK.search(text):
        mentions += [Mention(catalog.cjk_names[m.group()], m.start(), m.end(), m.group())
                     for m in catalog.cjk.finditer(text)]
        mentions.sort(key=lambda m: m.start)
    return mentions
