"""Turn person records into participants: function, contacts, head; merge repeats."""
from __future__ import annotations

import re

from mail.parse.contacts import (find_addresses, find_phones, has_head_marker, is_label_only, strip_contacts,
                                 strip_role_markers)
from mail.parse.extraction import Person
from mail.parse.layouts import _DANGLING_RE, Record
from mail.parse.names import POSTPOSED_RE, lower_case_given, name_warning, normalise_name
from mail.parse.prose import CLAUSE_RE, CUE_RE, HEAD_SENTENCE_RE

ADDRESS_RE = re.compile(
    r"(?-i:\b\d{4,5}\s+[A-ZÀ-Ý][\w\-]+)|\bP\.?\s?O\.?\s+Box\b|\bB\.?P\.?\s+\d|\b[\wäöüß\-]+(?:gasse|strasse|straße|platz|weg)\s+\d"
    r"|\b(?:street|avenue|road|rue|calle|avenida|boulevard)\b.*\d|^www\.|https?://", re.IGNORECASE)
FIELD_LABEL_RE = re.compile(
    r"^(?:title|position|post|function|designation|rank|organi[sz]ation|institution|ministry|department|agency|role|"
    r"capacity|status|delegation role|affiliation|r[ôo]le|statut|calidad|rol|"
    r"fonction|titre|qualit[ée]|organisme|cargo|puesto|funci[oó]n|organismo|instituci[oó]n|dependencia|"
    r"должность|организация)\s*:\s*", re.IGNORECASE)
_PIECE_SPLIT = re.compile(r"\s+[–—-]\s+|\s*[|\t;]\s*|\s+/\s+(?=[A-Z])")
_CELL_SPLIT = re.compile(r"\s*[|\t;]\s*")


def build_person(record: Record) -> Person:
    """Return the participant a record describes."""
    if record.cells is not None:
        return _from_cells(record)
    return _from_text(record)


def _from_text(record: Record) -> Person:
    """Build a participant from a text record (one line or a block of lines)."""
    honorific, rest = record.honorific, record.rest
    post = POSTPOSED_RE.match(rest)
    if post:
        honorific = honorific or post.group(1) + post.group(2)
        rest = rest[post.end():]
    everything = " \n".join([rest] + record.lines)
    if record.wrap:
        pieces = [" ".join([rest] + record.lines)]
    else:
        pieces = _join_broken_lines([rest] + record.lines)
    if not record.lines and len(pieces) == 1 and _announces(pieces[0]):
        pieces = [CLAUSE_RE.sub("", pieces[0])]  # 'H.E. Mr. X, Ambassador, will head the delegation.': a sentence
    function = clean_function([record.post]) if record.post else clean_function(pieces)
    head = record.head or has_head_marker(everything) or bool(HEAD_SENTENCE_RE.search(everything))
    return _person(record.name, honorific, function, everything, head, record.share or 0)


def _announces(text: str) -> bool:
    """Whether an entry's text goes on as a sentence that announces the person ('…, will head the delegation')."""
    return bool(HEAD_SENTENCE_RE.search(text) or CUE_RE.search(text))


def _join_broken_lines(lines: list[str]) -> list[str]:
    """Join a line that breaks off mid-phrase ('… for the Prohibition of') to the next one."""
    out: list[str] = []
    for line in lines:
        if out and _DANGLING_RE.search(out[-1].rstrip()):
            out[-1] = f"{out[-1].rstrip()} {line.strip()}"
        else:
            out.append(line)
    return out


def _from_cells(record: Record) -> Person:
    """Build a participant from a table row."""
    cells = record.cells or {}
    function = clean_function([cells.get("function", ""), cells.get("organization", "")], cell=True)
    everything = " \n".join(cells.values())
    head = any(has_head_marker(cells.get(k, "")) for k in ("function", "role", "organization", "name", "full"))
    person = _person(record.name, record.honorific, function, cells.get("email") or everything, head)
    if "phone" in cells:  # a 'Contacts' column may hold only an address: no number then
        phones = find_phones(cells["phone"])
        bare = cells["phone"].strip()
        person.phone = phones[0] if phones else (bare if sum(c.isdigit() for c in bare) >= 6 and "@" not in bare else None)
    return person


def _person(name: str, honorific: str | None, function: str | None, text: str, head: bool, share: int = 0) -> Person:
    """Assemble a Person, taking the first address and phone found in text (the n-th for the n-th of a shared entry)."""
    addresses = find_addresses(text)
    phones = find_phones(text)
    addresses = addresses[share:] if share < len(addresses) else addresses[:0]
    phones = phones[share:] if share < len(phones) and len(phones) > 1 else phones
    person = Person(name=normalise_name(name), honorific=honorific, function=function, email=None,
                    phone=phones[0] if phones else None, head=head)
    if addresses:
        person.email = addresses[0].email
        if addresses[0].email is None:
            person.email_as_written = addresses[0].written
    return person


def clean_function(pieces: list[str], cell: bool = False) -> str | None:
    """Return the post as written: contacts, role markers, addresses and labels removed.

    A dash inside a table cell is written text ('Ministerio Público - Fiscalía de la Nación'), not a separator."""
    parts: list[str] = []
    for piece in pieces:
        text = strip_contacts(piece or "")
        if not text.strip() or ADDRESS_RE.search(text):
            continue
        text = FIELD_LABEL_RE.sub("", strip_role_markers(text).strip())
        for part in (_CELL_SPLIT if cell else _PIECE_SPLIT).split(text):
            part = _tidy(part)
            if part and not is_label_only(part) and not _REMARK_RE.match(part):
                parts.append(part)
    return ", ".join(parts) or None


# A bracketed remark in lower case is not part of the post: '(also accredited to the International Organizations …)'.
_REMARK_RE = re.compile(r"^\(\s*[a-zà-ÿ][^()]*\)$")
# A closing abbreviation keeps its period: 'Washington, D.C.'.
_DOTTED_END = re.compile(r"(?:^|[\s,(])(?:[^\W\d_]\.){2,}$")


def _tidy(text: str) -> str:
    """Collapse spaces and stray punctuation left by removed contacts."""
    text = " ".join(text.split())
    text = re.sub(r"\s*,(\s*,)+", ",", text)
    text = re.sub(r"\(\s*[,;/]?(?:\s*[,;/])*\s*\)", "", text)
    text = text.strip(" ,;:–—-/|")
    text = text if _DOTTED_END.search(text) else text.strip(" ,;:.–—-/|")
    if text.count(")") > text.count("(") and text.endswith(")"):
        text = text[:-1].rstrip(" ,;:.")
    if text.count("(") > text.count(")") and text.startswith("("):
        text = text[1:].lstrip()
    if _enclosed(text) and not _REMARK_RE.match(text):  # 'Given FAMILY (Title)': the brackets only set the post off
        text = text[1:-1].strip(" ,;:")
    return " ".join(text.split())


def _enclosed(text: str) -> bool:
    """Whether the whole text is one bracketed group: '(Chief, Unit (VPU))' yes, '(VPU) Unit (X)' no."""
    if not (text.startswith("(") and text.endswith(")")):
        return False
    depth = 0
    for i, char in enumerate(text):
        depth += (char == "(") - (char == ")")
        if depth == 0:
            return i == len(text) - 1
    return False


def check_person(person: Person, warnings: list[str]) -> None:
    """Add the warnings a participant needs for human review."""
    if person.email_as_written:
        warnings.append(f"invalid e-mail address for {person.name}: {person.email_as_written!r}")
    elif person.email is None:
        warnings.append(f"participant without e-mail: {person.name}")
    split = name_warning(person.name)
    if split:
        warnings.append(split)
    if lower_case_given(person.name):
        warnings.append(f"name partly in lower case, check its spelling: {person.name!r}")


def merge_people(people: list[Person], warnings: list[str]) -> list[Person]:
    """Merge people listed twice (e.g. a head line and a table row); keep one head."""
    merged: dict[frozenset[str], Person] = {}
    for person in people:
        key = name_key(person.name)
        if key in merged:
            _fill(merged[key], person)
        else:
            merged[key] = person
    result = list(merged.values())
    heads = [p for p in result if p.head]
    if len(heads) > 1:
        warnings.append("several heads of delegation: " + ", ".join(p.name for p in heads) + " (kept the first)")
        for person in heads[1:]:
            person.head = False
    return result


def name_key(name: str) -> frozenset[str]:
    """Casefolded name tokens without punctuation, for comparing names."""
    return frozenset(re.sub(r"[^\w\s'\-]", " ", name).casefold().split())


def _fill(target: Person, other: Person) -> None:
    """Complete target with what other knows."""
    target.head = target.head or other.head
    for attr in ("honorific", "function", "email", "phone", "email_as_written"):
        if getattr(target, attr) is None and getattr(other, attr) is not None:
            setattr(target, attr, getattr(other, attr))
