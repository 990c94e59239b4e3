"""UN Member States, observer States and organizations: records, name lookup and sender resolution."""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from email.utils import parseaddr
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
def _catalog() -> _Catalog:
    """Load and compile the bundled data file once."""
    text = files("store").joinpath("data/entities.json").read_text(encoding="utf-8")
    return _build(json.loads(text))


def all_entities() -> list[Entity]:
    """Return every known State and organization, sorted by name."""
    return list(_catalog().entities)


def entity_by_code(code: str) -> Entity | None:
    """Return the entity with this code (ISO 3166-1 alpha-3 for States, an acronym otherwise)."""
    return _catalog().by_code.get(code.strip().upper())


def find_entity(name: str) -> Entity | None:
    """Return the entity whose name or alias, in any language, is the whole of name."""
    catalog = _catalog()
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
    for key, entity in _catalog().by_key.items():
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
    catalog = _catalog()
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


_GENERIC_MAIL = frozenset(
    "gmail googlemail yahoo ymail rocketmail hotmail outlook live msn aol icloud me mac gmx web t-online "
    "mail yandex protonmail proton zoho qq 163 126 sina rediffmail inbox bk list rambler libero orange "
    "wanadoo free laposte sfr aon chello a1 btinternet comcast verizon att bluewin telenet skynet".split()
)
_SECOND_LEVEL = frozenset("co com net org gov gob gouv go govt gv ac edu or ne mil nic int".split())
_SECRETARIAT_DOMAINS = ("unodc.org", "un.org", "unvienna.org", "unov.org")
_VANITY_TLDS = frozenset("tv co me io ly fm to ws la cc ai nu tk gg im sh ac vc ag ms st cd".split())
_GOV_LABELS = frozenset("gov gob gouv go govt gv gc mfa mofa".split())


def entity_from_domain(domain_or_address: str) -> Entity | None:
    """Return the State or organization an e-mail domain belongs to, or None for generic providers."""
    address = parseaddr(domain_or_address)[1] or domain_or_address
    domain = address.rpartition("@")[2].strip().strip(".<>").lower()
    labels = [label for label in domain.split(".") if label]
    if not labels:
        return None
    domain = ".".join(labels)
    if any(domain == d or domain.endswith("." + d) for d in _SECRETARIAT_DOMAINS):
        return None
    catalog = _catalog()
    for k in range(len(labels)):
        entity = catalog.domains.get(".".join(labels[k:]))
        if entity:
            return entity
    owner = labels[-3] if len(labels) > 2 and labels[-2] in _SECOND_LEVEL else labels[max(len(labels) - 2, 0)]
    if owner in _GENERIC_MAIL:
        return None
    tld = labels[-1]
    if tld in ("gov", "mil"):
        return catalog.by_code["USA"]
    if tld == "at" and "gv" not in labels:
        return None  # missions in Vienna use Austrian providers and .at names
    if tld in _VANITY_TLDS and not _GOV_LABELS.intersection(labels):
        return None
    return catalog.iso2.get(tld)


_POST = (r"(?:permanent |observer |permanent observer )?(?:mission|embassy|delegation|representation"
         r"|consulate(?: general)?|high commission|chancery|observer office)")
# "Mission permanente de la République de X": a formal style between the post and a short name.
_STYLE = (r"(?:(?:[\w'-]+\s+){0,3}(?:(?:republic|kingdom|state|principality|sultanate|grand duchy|republique|royaume"
          r"|etat|principaute|sultanat|republica|reino|estado|principado)\s+(?:of\s+(?:the\s+)?|de\s+la\s+|de\s+l'"
          r"|du\s+|des\s+|del\s+|de\s+|d')|(?:республик|королевств|княжеств|государств|султанат)\w*\s+))?")
# What introduces the author: "The Permanent Mission of", "L'Ambassade du", "on behalf of the Government of".
_BEFORE = re.compile(
    rf"(?:(?:(?:{_POST}|ministry of foreign affairs|foreign ministry|permanent representative|ambassador)"
    r"\s+(?:of|from|for)|on behalf of)\s+(?:the\s+)?(?:government\s+of\s+(?:the\s+)?)?"
    r"|(?:mission permanente|mission|ambassade|delegation|representation permanente|consulat(?: general)?"
    r"|au nom(?: du gouvernement)?|ministere des affaires etrangeres)\s+(?:de\s+la\s+|de\s+l'|du\s+|des\s+|de\s+|d')"
    r"|(?:mision permanente|mision|embajada|delegacion|representacion permanente|consulado(?: general)?"
    r"|en nombre(?: del gobierno)?|ministerio de relaciones exteriores)\s+(?:de\s+la|del|de\s+los|de\s+las|de)\s+"
    r"|(?:standige vertretung|botschaft|delegation)\s+(?:der|des|von)\s+"
    r"|(?:permanente vertegenwoordiging|vertegenwoordiging|ambassade)\s+van\s+"
    r"|(?:missao permanente|embaixada|delegacao)\s+(?:do|da|dos|das|de)\s+"
    r"|(?:постоянное|постоянного|постоянному)\s+представительств\w*\s+|(?:посольств|делегаци)\w*\s+"
    r"|от имени\s+(?:правительства\s+)?)" + _STYLE + "$"
)
_AFTER = re.compile(rf"(?:'s)?[ \t]+(?:{_POST}|permanent mission)\b")
_QUOTE_MARK = re.compile(
    r"-{2,}\s*(?:original message|forwarded message|message d'origine|message transfere|mensaje original"
    r"|mensaje reenviado|urspr\w* nachricht)|_{10,}\s*$|begin forwarded message|on .{5,200} wrote:\s*$"
    r"|le .{5,200} a ecrit\s*:?\s*$|el .{5,200} escribio\s*:?\s*$"
)
_HEADER = re.compile(r"\*?(?:from|de|von|от)\s*:\s*\S")
_HEADER_NEXT = re.compile(
    r"\*?(?:sent|date|to|cc|subject|envoye|a|objet|enviado(?: el)?|fecha|para|asunto|gesendet|an|betreff)\s*:"
)
_CLOSING = re.compile(
    r"(?:(?:best |kind |warm |with best |with kind )?regards|sincerely|yours (?:sincerely|faithfully)|respectfully"
    r"|with respect|many thanks|thank you\.?|cordialement|bien cordialement|salutations|atentamente|saludos"
    r"|saludos cordiales|mit freundlichen grussen|с уважением)\s*[,.!]?\s*$"
)


def _split_quote(body: str) -> tuple[str, str]:
    """Split a body into the writer's own text and the quoted or forwarded text below it."""
    lines = body.splitlines()
    folded = [fold(line).strip() for line in lines]
    cut = len(lines)
    for i, line in enumerate(folded):
        nearby = folded[i + 1:i + 5]
        if _QUOTE_MARK.match(line) or (_HEADER.match(line) and any(_HEADER_NEXT.match(n) for n in nearby)):
            cut = i
            break
    own = [line for line, f in zip(lines[:cut], folded[:cut]) if not f.startswith(">")]
    quoted = [line for line, f in zip(lines[:cut], folded[:cut]) if f.startswith(">")] + lines[cut:]
    return "\n".join(own), "\n".join(quoted)


def _signature(own: str) -> str:
    """Return the signature block of a message: what follows the last closing formula, else its last lines."""
    lines = [line for line in own.splitlines() if line.strip()]
    for i in range(len(lines) - 1, -1, -1):
        if _CLOSING.match(fold(lines[i]).strip()):
            return "\n".join(lines[i + 1:])
    return "\n".join(lines[-6:])


def _is_opening(folded: str, mention: Mention) -> bool:
    """Return True when a mention is introduced as the author ("Permanent Mission of X", "X Embassy")."""
    before = folded[max(0, mention.start - 90):mention.start]
    return bool(_BEFORE.search(before) or _AFTER.match(folded, mention.end))


_GIVEN_NAMES = frozenset({"chad", "jordan", "georgia", "maurice", "israel", "granada"})
_PERSON_AFTER = re.compile(r"[ \t]+[A-Z][a-z]|[ \t]+[A-Z]{2,}\b")
_PERSON_BEFORE = re.compile(r"\b(?:mr|mrs|ms|miss|dr|m|mme|sr|sra|prof)\.?\s*$", re.IGNORECASE)


def _is_person(text: str, mention: Mention) -> bool:
    """Return True when a country that doubles as a given name is someone's name ("Jordan SMITH")."""
    if fold(mention.text) not in _GIVEN_NAMES:
        return False
    return bool(_PERSON_AFTER.match(text, mention.end) or _PERSON_BEFORE.search(text, 0, mention.start))


# A State named at the end of a body's own proper name: "Fundación Nueva Aurora Colombia",
# "Association for the Protection of Children of Nepal". Such a mention says nothing about the sender.
_ORG_NOUN = ("Foundation|Fundación|Fundacion|Fondation|Fundação|Association|Asociación|Asociacion|Associação|Network"
             "|Red|Réseau|Coalition|Coalición|Alliance|Alianza|Institute|Instituto|Institut|Centre|Center|Centro|Society"
             "|Sociedad|Société|League|Liga|Ligue|Forum|Foro|Trust|Federation|Federación|Fédération|Movement"
             "|Movimiento|Mouvement|Initiative|Iniciativa")
_EMBEDDED = re.compile(rf"\b(?:{_ORG_NOUN})(?:[ \t]+(?:[A-ZÀ-Ý][\w'’\-]*|of|the|for|and|against|de|del|la|las|los|el|y"
                       r"|para|contra|et|pour|contre|des|du))*[ \t]+$")
# The writer introduces its own body as a non-governmental organization.
_NGO_SELF = re.compile(r"\b(?:NGOs?|ONGs?|non-?governmental|no gubernamental|non gouvernementale"
                       r"|civil society organi[sz]ation)\b", re.IGNORECASE)


def _embedded(text: str, mention: Mention) -> bool:
    """Whether a State mention closes the proper name of a body that is not in the list."""
    return mention.entity.is_state and bool(_EMBEDDED.search(text, max(0, mention.start - 120), mention.start))


def _writer_is_ngo(own: str) -> bool:
    """Whether the first paragraph of the writer's text presents the sender as a non-governmental organization."""
    paragraphs = [p for p in re.split(r"\n\s*\n", own) if len(p.split()) > 8]
    return bool(paragraphs) and bool(_NGO_SELF.search(paragraphs[0]))


def _candidates(text: str) -> tuple[list[Mention], list[Mention]]:
    """Return (openings, all mentions) of possible senders in a text."""
    folded = fold(text)
    mentions = [m for m in find_mentions(text) if m.entity.code not in SECRETARIAT and not _embedded(text, m)]
    openings = [m for m in mentions if _is_opening(folded, m)]
    return openings, [m for m in mentions if m in openings or not _is_person(text, m)]


def _best(mentions: list[Mention], venue: str, want_venue: bool = False) -> Entity | None:
    """Return the most often named entity, then the one named at most length, then the first named.

    The venue country is kept only when want_venue is set, and then alone.
    """
    scores: dict[str, tuple[int, int, int]] = {}
    by_code: dict[str, Entity] = {}
    for m in mentions:
        if (m.entity.code == venue) != want_venue:
            continue
        count, longest, first = scores.get(m.entity.code, (0, 0, -m.start))
        scores[m.entity.code] = (count + 1, max(longest, len(m.text)), first)
        by_code[m.entity.code] = m.entity
    return by_code[max(scores, key=scores.__getitem__)] if scores else None


def resolve_sender(body: str, subject: str = "", from_addr: str = "", signature: str = "",
                   venue: str = VENUE) -> Entity | None:
    """Return the State or organization a message comes from, or None when nothing identifies one.

    Evidence is weighed in order: formal openings in the writer's own text, the signature, the
    subject and sender's display name, any mention in the writer's text, openings and mentions in
    quoted text, the mail domain; the venue country counts only when nothing else does.
    """
    own, quoted = _split_quote(body)
    own_openings, own_all = _candidates(own)
    quoted_openings, quoted_all = _candidates(quoted)
    sig_all = _candidates(signature or _signature(own))[1]
    head = _candidates(f"{subject}\n{parseaddr(from_addr)[0]}")
    if not own_openings and _writer_is_ngo(own) and all(m.entity.is_state for m in own_all):
        return None  # an NGO the list does not know: better no sender (human review) than a State it names
    for level in (own_openings, sig_all, head[0] + head[1], own_all, quoted_openings, quoted_all):
        found = _best(level, venue)
        if found:
            return found
    host = _best(own_openings, venue, want_venue=True)
    if host:
        return host
    domain = entity_from_domain(from_addr) if from_addr else None
    if domain and domain.code not in SECRETARIAT:
        return domain
    return _best(own_all + head[1] + quoted_all, venue, want_venue=True)
