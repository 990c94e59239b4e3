"""People named in running text: 'the delegation will be headed by H.E. Mr. X, … and include Ms. Y'."""
from __future__ import annotations

import re

from mail.parse.classify import CANCEL_RE
from mail.parse.contacts import find_addresses, has_head_marker
from mail.parse.extraction import Person
from mail.parse.layouts import NOT_NAME_WORDS, Record
from mail.parse.names import _HONORIFIC, PARTICLES, looks_like_name, take_name

CUE_RE = re.compile(
    r"composed of|composed as follows|consist(?:s|ing)? of|headed by|led by|will include|includ(?:e|es|ing)|"
    r"represented by|attended by|compos[ée]e de|conduite par|dirig[ée]e par|pr[ée]sid[ée]e par|integrad[ao] por|"
    r"compuesta por|encabezad[ao] por|presidid[ao] por|conformad[ao] por|в составе|возглавля|"
    r"will be represented|will (?:also )?(?:attend|participate|join|take part)|will replace|"
    r"participera(?:nt)? (?:également |aussi )?[àa]|remplacera|asistir[áa]n? (?:tambi[ée]n )?a|sustituir[áa]|reemplazar[áa]",
    re.IGNORECASE)
PAST_RE = re.compile(r"previously|as advised|already|continue to|d[ée]j[àa]|anteriormente|ya (?:fue|ha)|"
                     r"assumed (?:his|her) duties|focal point", re.IGNORECASE)
QUESTION_RE = re.compile(r"\?|\bwhether\b|\bsi (?:M\.|Mme)|\bsi (?:el|la) (?:Sr|Sra)\.", re.IGNORECASE)  # asked, not announced
HEAD_CUE_RE = re.compile(r"(?:headed|led|conduite|dirig[ée]e|pr[ée]sid[ée]e|encabezad[ao]|presidid[ao])\s+(?:by|par|por)\s*$"
                         r"|возглавля\w*\s*$", re.IGNORECASE)
MENTION_RE = re.compile(rf"(?<![\w.])((?:{_HONORIFIC}\s+)*{_HONORIFIC})\s+(?=[^\W\d_])", re.IGNORECASE)
# "…, and will include", "…, et comprendra", "… y estará integrada por": the joint before the next mention.
_JOIN_RE = re.compile(r"[,;]?\s+(?:and|et|y|as well as|ainsi que|и)(?:\s+(?-i:[a-zà-ÿ]\w*)){0,3}\s*$|[,;]\s*$",
                      re.IGNORECASE)


def prose_records(lines: list[str]) -> list[Record]:
    """Return records for people named in paragraphs that announce a delegation."""
    records: list[Record] = []
    for paragraph in "\n".join(lines).split("\n\n"):
        text = " ".join(paragraph.split())
        if CUE_RE.search(text) and not PAST_RE.search(text) and not QUESTION_RE.search(text):
            records.extend(_mentions(text))
    return records


# A name without honorific, made known by the address in brackets right after it: "Chanda Kabwe (ck@gov.zm)".
_BARE_MENTION_RE = re.compile(r"(?<![\w.])((?:[A-ZÀ-Ý][\w'’\-]+\s+(?:(?:de|da|dos|van|von|del|al|el)\s+)?){1,4}"
                              r"[A-ZÀ-Ý][\w'’\-]+)(?=\s*\(\s*(?:e-?mail\s*:?\s*)?(?:mailto:)?[\w.+'’\-]+@)")
# The outgoing half of a swap: "Mr. X will replace Ms. Y", "en remplacement de M. Y".
_REPLACED_RE = re.compile(r"(?:replace|replacing|instead of|in place of|remplacer(?:a)?|en remplacement de|rempla[çc]ant"
                          r"|sustituir[áa]? a|sustituye a|reemplazar[áa]? a|en (?:lugar|sustituci[oó]n|reemplazo) de)\s*$",
                          re.IGNORECASE)
# What follows a post in a sentence: ", who will head the delegation", ", will also attend the meeting".
_CLAUSE_RE = re.compile(r",?\s+(?:who|which|will|shall|would|qui|quien(?:es)?)\b.*$", re.IGNORECASE | re.DOTALL)


def _mentions(text: str) -> list[Record]:
    """Return a record per 'Honorific Name, function' or 'Name (address), function' mention in a paragraph."""
    starts = [(m.start(), m.end(), " ".join(m.group(1).split())) for m in MENTION_RE.finditer(text)]
    if not starts:  # names without honorifics only where no one has one: a post before '(' is not a name
        starts = [(bare.start(1), bare.start(1), None) for bare in _BARE_MENTION_RE.finditer(text)]
    records = []
    for i, (start, body, honorific) in enumerate(starts):
        end = starts[i + 1][0] if i + 1 < len(starts) else len(text)
        name, rest = take_name(text[body:end])
        name = name.strip(" .")
        if not looks_like_name(name, strict=False) or any(t.lower() in NOT_NAME_WORDS for t in name.split()):
            continue
        if honorific is None and len(name.split()) < 2:
            continue
        if _REPLACED_RE.search(text[max(0, start - 40):start]):
            continue
        rest = _JOIN_RE.sub("", rest.split(". ")[0])
        if CANCEL_RE.search(rest):
            continue  # "Mr. X, who was included …, will no longer be able to attend"
        head = bool(HEAD_CUE_RE.search(text[:start])) or has_head_marker(rest) or bool(HEAD_SENTENCE_RE.search(rest))
        rest = _JOIN_RE.sub("", _CLAUSE_RE.sub("", rest))
        records.append(Record(honorific, name, rest, head=head, wrap=True, origin="prose"))
    return records



HEAD_SENTENCE_RE = re.compile(
    r"(?:will|shall|is to)\s+(?:head|lead)\s+(?:the|our|this)\s+delegation|(?:will|shall)\s+(?:act|serve)\s+as\s+head"
    r"|(?:headed|led)\s+by|(?:sera|est)\s+(?:conduite|dirig[ée]e|pr[ée]sid[ée]e)\s+par|chef(?:fe)?\s+de\s+(?:la\s+)?d[ée]l[ée]gation\s+sera"
    r"|(?:estar[áa]|ser[áa])\s+(?:encabezad[ao]|presidid[ao]|dirigid[ao])\s+por|presidir[áa]\s+la\s+delegaci[oó]n", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÀ-Ý])|\n\s*\n")
_ABBREVIATION = re.compile(r"(?:^|[\s(])(?:[A-Z][a-z]{0,2}|[A-Z](?:\.[A-Z])*)\.$")


def sentences(text: str) -> list[str]:
    """Split text into sentences, not after abbreviations such as 'Mr.', 'Md.' or 'H.E.'."""
    out, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        if match.group(0).count("\n") >= 2 or not _ABBREVIATION.search(text[max(start, match.start() - 8):match.start()]):
            out.append(text[start:match.start()])
            start = match.end()
    out.append(text[start:])
    return out


def mark_head_from_sentence(people: list[Person], text: str) -> None:
    """Set head on the one listed person a sentence names as head ('Mr. X will head the delegation')."""
    if not people or any(p.head for p in people):
        return
    for sentence in sentences(text):
        if not HEAD_SENTENCE_RE.search(sentence) or PAST_RE.search(sentence):
            continue
        words = set(re.findall(r"[^\W\d_][\w'’\-]*", sentence.casefold()))
        named = [p for p in people if _named_in(p.name, words)] or _named_by_family(people, sentence)
        if len(named) == 1:
            named[0].head = True
            return


def _named_by_family(people: list[Person], sentence: str) -> list[Person]:
    """People whose family name follows an honorific in the sentence ('Mr Kjær will head the delegation')."""
    called = {m.group(1).casefold() for m in re.finditer(rf"(?<![\w.]){_HONORIFIC}\s+([^\W\d_][\w'’\-]+)(?![\w'’\-]*\s+(?-i:[A-Z]))",
                                                           sentence, re.IGNORECASE)}
    return [p for p in people if _family(p.name).casefold() in called] if called else []


def _family(name: str) -> str:
    """The family name of a name as written: its capitalised word, else its last word."""
    tokens = [t for t in name.split() if t.lower() not in PARTICLES]
    upper = [t for t in tokens if len(t) > 1 and t.isupper()]
    return upper[0] if len(upper) == 1 else (tokens[-1] if tokens else "")


def _named_in(name: str, words: set[str]) -> bool:
    """Whether the tokens of a name (particles aside) are all in a sentence's words."""
    tokens = [t for t in re.findall(r"[^\W\d_][\w'’\-]*", name.casefold()) if t not in PARTICLES]
    return len(tokens) >= 2 and all(t in words for t in tokens)


def addresses_in_order(people: list[Person], text: str) -> None:
    """Give people named in prose the addresses a later sentence lists, one each and in the same order."""
    if not people or any(p.email or p.email_as_written for p in people):
        return
    addresses = [a.email for a in find_addresses(text) if a.email]
    if len(addresses) == len(people) and len(set(addresses)) == len(addresses):
        for person, address in zip(people, addresses):
            person.email = address
