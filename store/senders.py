"""Who sent a message: the State or organization behind an e-mail domain or a note verbale's opening."""

from __future__ import annotations

import re
from email.utils import parseaddr

from store.entities import SECRETARIAT, VENUE, Entity, Mention, find_mentions, fold, load_catalog

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
    catalog = load_catalog()
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


def _corroborated(openings: list[Mention], signed: list[Mention], elsewhere: list[Mention],
                  domain: Entity | None) -> list[Mention]:
    """Of openings (the signature's among them) naming several entities, those the signature, subject,
    display name or mail domain confirm.

    "The Permanent Mission of Bhutan … the side event proposed by the delegation of Nepal": Nepal is named
    as often, but only Bhutan signs; "apply at the Embassy of Belgium" above "Embassy of Rwanda" in the
    signature. Without any confirmation every opening stays.
    """
    if len({m.entity.code for m in openings + signed}) < 2:
        return openings
    confirmed = {m.entity.code for m in elsewhere} | ({domain.code} if domain else set())
    return [m for m in openings + signed if m.entity.code in confirmed] or openings


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
    sig_openings, sig_all = _candidates(signature or _signature(own))
    head = _candidates(f"{subject}\n{parseaddr(from_addr)[0]}")
    if not own_openings and _writer_is_ngo(own) and all(m.entity.is_state for m in own_all):
        return None  # an NGO the list does not know: better no sender (human review) than a State it names
    domain = entity_from_domain(from_addr) if from_addr else None
    own_openings = _corroborated(own_openings, sig_openings, sig_all + head[0] + head[1], domain)
    for level in (own_openings, sig_all, head[0] + head[1], own_all, quoted_openings, quoted_all):
        found = _best(level, venue)
        if found:
            return found
    host = _best(own_openings, venue, want_venue=True)
    if host:
        return host
    if domain and domain.code not in SECRETARIAT:
        return domain
    return _best(own_all + head[1] + quoted_all, venue, want_venue=True)
