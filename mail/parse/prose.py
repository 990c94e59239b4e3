"""People named in running text: 'the delegation will be headed by H.E. Mr. X, … and include Ms. Y'."""
from __future__ import annotations

import re

from mail.parse.classify import CANCEL_RE
from mail.parse.contacts import find_addresses, has_head_marker
from mail.parse.extraction import Person
from mail.parse.layouts import NOT_NAME_WORDS, Record, _is_place
from mail.parse.names import _HONORIFIC, PARTICLES, looks_like_name, take_name

CUE_RE = re.compile(
    r"composed of|composed as follows|consist(?:s|ing)? of|headed by|led by|will include|includ(?:e|es|ing)|"
    r"represented by|attended by|compos[ée]e de|conduite par|dirig[ée]e par|pr[ée]sid[ée]e par|integrad[ao] por|"
    r"compuesta por|encabezad[ao] por|presidid[ao] por|conformad[ao] por|в составе|возглавля|"
    r"will be represented|will (?:also )?(?:attend|participate|join|take part)|will replace|accompanied by|"
    r"accompagn[ée]e?s? (?:de|par)|acompañad[ao]s? (?:de|por)|will be the head|"
    r"participera(?:nt)? (?:également |aussi )?[àa]|remplacera|asistir[áa]n? (?:tambi[ée]n )?a|sustituir[áa]|reemplazar[áa]|"
    r"participar[áa]n? (?:tambi[ée]n )?en",
    re.IGNORECASE)
PAST_RE = re.compile(r"previously|as advised|already|continue to|d[ée]j[àa]|anteriormente|ya (?:fue|ha)|"
                     r"assumed (?:his|her) duties|focal point|\b(?:our|the|its) (?:earlier|previous|first) (?:note|e-?mail|"
                     r"message|letter|list)|as (?:planned|foreseen|announced|communicated)|comme pr[ée]vu|como estaba previsto",
                     re.IGNORECASE)
# A paragraph below a list that adds someone: "In addition, Ms. X, Second Secretary, will also attend."
ADDITION_RE = re.compile(r"\bin addition\b|\badditionally\b|\bwill also (?:attend|participate|join|take part|be)\b|"
                         r"\bde plus\b|\ben outre\b|\bparticipera (?:également|aussi)\b|\badem[áa]s\b|\basimismo\b|"
                         r"\btambi[ée]n (?:asistir|participar)", re.IGNORECASE)
QUESTION_RE = re.compile(r"\?|\bwhether\b|\bsi (?:M\.|Mme)|\bsi (?:el|la) (?:Sr|Sra)\.", re.IGNORECASE)  # asked, not announced
HEAD_CUE_RE = re.compile(r"(?:headed|led|conduite|dirig[ée]e|pr[ée]sid[ée]e|encabezad[ao]|presidid[ao])\s+(?:by|par|por)\s*$"
                         r"|возглавля\w*\s*$", re.IGNORECASE)
MENTION_RE = re.compile(rf"(?<![\w.])((?:{_HONORIFIC}\s+)*{_HONORIFIC})\s+(?=[^\W\d_])", re.IGNORECASE)
# "…, and will include", "…, et comprendra", "… y estará integrada por": the joint before the next mention.
_JOIN_RE = re.compile(r"[,;]?\s+(?:and|et|y|e|as well as|ainsi que|и)(?:\s+(?-i:[a-zà-ÿ]\w*)){0,4}\s*$|[,;]\s*$",
                      re.IGNORECASE)


def addition_records(lines: list[str]) -> list[Record]:
    """Return records for people a paragraph below a list adds ('In addition, Mr. X will also attend')."""
    records: list[Record] = []
    for paragraph in "\n".join(lines).split("\n\n"):
        text = " ".join(paragraph.split())
        if ADDITION_RE.search(text) and CUE_RE.search(text) and not PAST_RE.search(text) \
                and not QUESTION_RE.search(text):
            records.extend(_mentions(text))
    return records


_STOP = re.compile(r"\.\s+")
_NO_STOP_AFTER = re.compile(r"(?:^|[\s(])(?:tel|t[ée]l|ext|loc|no|nr|n°|ph|mob|fax|(?-i:[A-Z]|Mrs?|Ms|Dr|Sra?|Jr|St|Av))$",
                            re.IGNORECASE)


def first_sentence(text: str) -> str:
    """The text up to the first full stop that ends a sentence (not 'tel.', 'Mr.', nor one inside brackets)."""
    for match in _STOP.finditer(text):
        before = text[:match.start()]
        if before.count("(") > before.count(")") or _NO_STOP_AFTER.search(before):
            continue
        return before
    return text


def prose_records(lines: list[str]) -> list[Record]:
    """Return records for people named in paragraphs that announce a delegation."""
    records: list[Record] = []
    for paragraph in "\n".join(lines).split("\n\n"):
        text = " ".join(paragraph.split())
        if (CUE_RE.search(text) or HEAD_SENTENCE_RE.search(text)) and not PAST_RE.search(text) \
                and not QUESTION_RE.search(text):
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
CLAUSE_RE = re.compile(r",?\s+(?:who|which|will|shall|would|qui|quien(?:es)?|participar[áa]n?|asistir[áa]n?|encabezar[áa]"
                        r"|presidir[áa]|participera(?:nt)?|assistera(?:nt)?|conduira|dirigera|pr[ée]sidera)\b.*$",
                        re.IGNORECASE | re.DOTALL)


def _mentions(text: str) -> list[Record]:
    """Return a record per 'Honorific Name, function' or 'Name (address), function' mention in a paragraph."""
    records = _records_at(text, [(m.start(), m.end(), " ".join(m.group(1).split())) for m in MENTION_RE.finditer(text)])
    if not records:  # names without honorifics only where no one has one: a post before '(' is not a name
        records = _records_at(text, [(bare.start(1), bare.start(1), None) for bare in _BARE_MENTION_RE.finditer(text)])
    if not records:  # "… will consist of Kari Nordmann, Senior Adviser, …, and Ola Hansen, First Secretary"
        records = _records_at(text, [(at, at, None) for at in _bare_list_starts(text)])
    return records


def _records_at(text: str, starts: list[tuple[int, int, str | None]]) -> list[Record]:
    """Return the records of the people named at (start, name start, honorific) positions of a paragraph."""
    starts = [start for start in starts if _names_someone(text, *start)]  # 'Ministro Consejero de esta Misión' is a post
    records = []
    for i, (start, body, honorific) in enumerate(starts):
        end = starts[i + 1][0] if i + 1 < len(starts) else len(text)
        name, rest = take_name(text[body:end])
        name = name.strip(" .")
        if _REPLACED_RE.search(text[max(0, start - 40):start]):
            continue
        rest = _JOIN_RE.sub("", first_sentence(rest))
        if CANCEL_RE.search(rest):
            continue  # "Mr. X, who was included …, will no longer be able to attend"
        head = bool(HEAD_CUE_RE.search(text[:start])) or has_head_marker(rest) or bool(HEAD_SENTENCE_RE.search(rest))
        rest = _JOIN_RE.sub("", CLAUSE_RE.sub("", rest))
        records.append(Record(honorific, name, rest, head=head, wrap=True, origin="prose"))
    return records


def _names_someone(text: str, start: int, body: int, honorific: str | None) -> bool:
    """Whether a mention position is followed by a personal name."""
    name = take_name(text[body:body + 120])[0].strip(" .")
    if not looks_like_name(name, strict=False) or any(t.lower() in NOT_NAME_WORDS for t in name.split()):
        return False
    return honorific is not None or len(name.split()) >= 2


_BARE_JOIN = re.compile(r"^(?:and|et|y|e|as well as|ainsi que)\s+", re.IGNORECASE)


def _bare_list_starts(text: str) -> list[int]:
    """Where names without honorific or address start in a sentence that lists people after a cue.

    A name is the first comma piece after the cue or a piece opened by 'and'; the pieces between are its post."""
    starts: set[int] = set()
    for cue in CUE_RE.finditer(text):
        end = cue.end() + len(first_sentence(text[cue.end():]))
        first = True
        for piece in re.finditer(r"[^,;:]+", text[cue.end():end]):
            body = piece.group().strip()
            at = cue.end() + piece.start() + piece.group().find(body[:1] or " ")
            joined = _BARE_JOIN.match(body)
            if joined:
                body, at = body[joined.end():], at + joined.end()
            if (first or joined) and _is_bare_name(body.rstrip(" .")):
                starts.add(at)
            first = False
    return sorted(starts)


def _is_bare_name(text: str) -> bool:
    """Whether a comma piece is a whole personal name written without honorific."""
    tokens = text.split()
    return 2 <= len(tokens) <= 4 and looks_like_name(text, strict=False) and all(t[0].isupper() for t in tokens) \
        and not any(t.lower().strip(".") in NOT_NAME_WORDS for t in tokens) and not _is_place(text)


HEAD_SENTENCE_RE = re.compile(
    r"(?:will|shall|is to)\s+(?:also\s+)?(?:head|lead)\s+(?:the|our|this)\s+(?:[\w'’\-]+\s+)?delegation"
    r"|(?:will|shall)\s+(?:also\s+)?(?:act|serve)\s+as\s+head"
    r"|(?:will|shall)\s+(?:also\s+)?(?:take\s+over|assume\s+the\s+role)\b[^;\n]{0,60}?\bas\s+(?:the\s+)?(?:head|leader)\s+of\s+"
    r"(?:the|our|this)\s+(?:[\w'’\-]+\s+)?delegation"
    r"|(?:will|shall)\s+be\s+the\s+(?:head|leader)\s+of\s+(?:the|our|this)\s+(?:[\w'’\-]+\s+)?delegation"
    r"|(?:headed|led)\s+by|(?:sera|est)\s+(?:conduite|dirig[ée]e|pr[ée]sid[ée]e)\s+par|chef(?:fe)?\s+de\s+(?:la\s+)?d[ée]l[ée]gation\s+sera"
    r"|(?:estar[áa]|ser[áa])\s+(?:encabezad[ao]|presidid[ao]|dirigid[ao])\s+por|(?:presidir|encabezar|dirigir)[áa]\s+la\s+delegaci[oó]n"
    r"|(?:conduira|dirigera|pr[ée]sidera)\s+(?:la|notre|cette)\s+d[ée]l[ée]gation", re.IGNORECASE)
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
    text = "\n".join("" if "\t" in line else line for line in text.split("\n"))  # a table row ends a sentence
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


# The verb or bracket that ends an apposition: "Ms X, Assistant Principal, …, was incorrect".
_APPOSITION_END = re.compile(r",?\s+(?:was|were|is|are|has|have|had|who|will|remains?|est|sera|a été|fue|es|ser[áa]|ha)\b"
                             r"|\s*\(|[.;:]\s|[.;:]?$")


def posts_from_appositions(people: list[Person], text: str) -> bool:
    """Give a participant without a post the one an apposition elsewhere in the text states ('…, the address
    given for Ms X, Assistant Principal, Anti-Human Trafficking Unit, was incorrect'); True if one was taken."""
    taken = False
    for person in people:
        if not person.function:
            person.function = apposition_post(person.name, text)
            taken = taken or person.function is not None
    return taken


def apposition_post(name: str, text: str) -> str | None:
    """The post an apposition after a name states in running text ('…, Marta Oliveira, Child Protection Specialist, …')."""
    from mail.parse.people import clean_function

    flat = " ".join(text.split())
    for match in re.finditer(re.escape(name) + r"\s*,\s*", flat):
        tail = flat[match.end():match.end() + 300]
        if _APPOSITION_END.match(" " + tail):
            continue  # 'I, Carlos Silva, will represent …' states no post
        end = _APPOSITION_END.search(tail)
        post = clean_function([tail[: end.start()] if end else ""])
        if post and 1 <= post.count(",") + 1 <= 6 and not find_addresses(post) and not MENTION_RE.search(post):
            return post
    return None


# A sentence giving a listed person's contacts by family name: "Mr. Isakov's e-mail: …, tel.: …".
_APOSTROPHE_S = re.compile(r"\w['’]s\b")
_POSSESSIVE_RE = re.compile(rf"(?<![\w.]){_HONORIFIC}\s+([^\W\d_][\w\-]+)['’]s\b", re.IGNORECASE)


def contacts_from_possessives(people: list[Person], text: str) -> None:
    """Give a participant the address and phone a sentence states for them ('Mr. Isakov's e-mail: A, tel.: B'),
    where the participant has none."""
    from mail.parse.contacts import find_phones

    if not _APOSTROPHE_S.search(text):
        return  # the honorific pattern is costly: look for it only where a possessive is written
    for sentence in sentences(" ".join(text.split())):
        if not _APOSTROPHE_S.search(sentence):
            continue
        mentions = list(_POSSESSIVE_RE.finditer(sentence))
        for i, mention in enumerate(mentions):
            named = [p for p in people if _family(p.name).casefold() == mention.group(1).casefold()]
            if len(named) != 1:
                continue
            tail = sentence[mention.end(): mentions[i + 1].start() if i + 1 < len(mentions) else len(sentence)]
            person, addresses, phones = named[0], find_addresses(tail), find_phones(tail)
            if person.email is None and person.email_as_written is None and addresses:
                person.email, person.email_as_written = addresses[0].email, None if addresses[0].email else addresses[0].written
            if person.phone is None and phones:
                person.phone = phones[0]


# A sentence that corrects a listed person's address: "the correct e-mail address of Ms X is A (and not B)".
CORRECTION_RE = re.compile(r"\bcorrect(?:ed)?\s+(?:e-?mail\s+)?address|\baddress\s+should\s+(?:read|be)|\bcorrection\b"
                           r"|\b(?:bonne|nouvelle)\s+adresse|\badresse\s+(?:correcte|exacte)|\bcorrecci[oó]n\b"
                           r"|\bdirecci[oó]n\s+(?:correcta|de\s+correo\s+(?:electr[oó]nico\s+)?correcta)", re.IGNORECASE)
_WRONG_BEFORE = re.compile(r"(?:\bnot|instead\s+of|rather\s+than|au\s+lieu\s+de|et\s+non|en\s+(?:lugar|vez)\s+de|y\s+no"
                           r"|incorrect\w*|wrong\w*|erron\w*|given\s+as|indicated\s+as|previously)\W{0,6}$", re.IGNORECASE)
_WORDS_AFTER_NAME = re.compile(r"\s+(?:is|was|should|has|est|sera|doit|es|ser[áa]|debe)\b.*$|\s*:.*$", re.IGNORECASE)


def correction_records(lines: list[str]) -> list[Record]:
    """Return the person whose address a sentence corrects, with the corrected address only."""
    records: list[Record] = []
    for sentence in sentences(" ".join("\n".join(lines).split())):
        if not CORRECTION_RE.search(sentence):
            continue
        right = [m for m in re.finditer(r"[\w.+'’\-]+@[\w\-]+(?:\.[\w\-]+)+", sentence)
                 if not _WRONG_BEFORE.search(sentence[max(0, m.start() - 40):m.start()])]
        starts = [(m.start(), m.end(), " ".join(m.group(1).split())) for m in MENTION_RE.finditer(sentence)]
        named = _records_at(sentence, starts)
        if len(named) != 1 or len({m.group(0).lower().rstrip(".") for m in right}) != 1:
            continue
        record = named[0]
        after = sentence[sentence.find(record.name) + len(record.name):]
        post = _WORDS_AFTER_NAME.sub("", re.split(r"[\w.+'’\-]+@", after)[0])
        record.rest = f"{post} {right[0].group(0).rstrip('.')}"
        record.head = record.head or has_head_marker(post)
        records.append(record)
    return records
