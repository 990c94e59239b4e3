"""Find the people a text lists: numbered/bulleted blocks, one-line entries, tables."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from mail.parse.contacts import has_head_marker, strip_contacts, strip_role_markers
from mail.parse.names import (_HONORIFIC, NAME_END, PARTICLES, POSTPOSED_RE, is_upper_word, looks_like_name,
                              lower_case_given, split_honorific, take_name)

BULLET_RE = re.compile(r"^\s*(?:\(?\d{1,2}\s*[.)\-–:/]\)?(?!\d)|\(?[a-zA-Z]\)|\(?(?-i:[ivx]{2,5}|[IVX]{2,5})[.)](?=\s)|[a-z]\.(?=\s)|[-•*·–—▪○●►➢✓]|\d{1,2}(?=\s))\s*")
_HEAD_LABEL = (r"(?:head|leader|chair(?:man|woman|person)?)\s+of\s+(?:the\s+)?(?:(?-i:[A-Z][\w'’\-]+)\s+)?delegation"
               r"|delegation\s+(?:head|leader)|HoD"
               r"|chef(?:fe)?\s+de\s+(?:la\s+)?d[ée]l[ée]gation|jef[ea]\s+de\s+(?:la\s+)?delegaci[oó]n"
               r"|presidente?\s+de\s+(?:la\s+)?delegaci[oó]n|chefe\s+d[ae]\s+delega[çc][ãa]o|глава\s+делегации|руководитель\s+делегации")
_OTHER_LABEL = (r"(?:alternate|deputy)\s+head(?:\s+of\s+(?:the\s+)?delegation)?|(?:other\s+|delegation\s+)?members?"
                r"(?:\s+of\s+(?:the\s+)?delegation)?|"
                r"delegates?|participants?|advis[eo]rs?|experts?|observers?|alternates?|representatives?|membres?|"
                r"d[ée]l[ée]gu[ée]s?|conseillers?|miembros?|delegad[oa]s?|asesor(?:es)?|representantes?|suplentes?|"
                r"члены\s+делегации|участники")
LABEL_RE = re.compile(rf"^\s*(?:(?P<head>{_HEAD_LABEL})|(?P<other>{_OTHER_LABEL}))\s*:\s*", re.IGNORECASE)
BARE_LABEL_RE = re.compile(rf"^\s*(?:(?P<head>{_HEAD_LABEL})\s*:?|(?P<other>{_OTHER_LABEL})\s*:|(?P<group>members|membres|"
                           rf"miembros|delegates|participants|d[ée]l[ée]gu[ée]s|delegados))\s*$", re.IGNORECASE)
NAME_LABEL_RE = re.compile(
    r"^\s*(?:full\s+)?(?:name|nom(?:\s+et\s+pr[ée]nom)?|nombre(?:\s+y\s+apellidos?|\s+completo)?|"
    r"apellidos?\s+y\s+nombres?|имя|ф\.?\s*и\.?\s*о\.?|participant|delegate|d[ée]l[ée]gu[ée]e?|delegad[oa])\s*:\s*",
    re.IGNORECASE)
# A sentence that announces the list below it: "Norway will be represented by the following persons."
INTRO_RE = re.compile(r"as follows|the following|composed of|consist\w* of|represented by|compos[ée]e de|suivante"
                      r"|integrad[ao] por|compuesta por|conformad[ao] por|siguiente", re.IGNORECASE)
CLOSING_RE = re.compile(
    r"avails itself|renew to|assurances? of (?:its|our) highest|saisit cette occasion|renouveler|aprovecha la oportunidad|"
    r"hacemos propicia|las seguridades|thank you|we (?:would )?(?:remain|appreciate)|please (?:do not hesitate|accept)|"
    r"je vous remercie|le agradecemos|counting on|the delegation will|no other changes", re.IGNORECASE)
NOT_NAME_WORDS = {
    "mission", "ministry", "embassy", "department", "division", "office", "permanent", "republic", "united",
    "nations", "vienna", "secretariat", "director", "unit", "section", "centre", "center", "council",
    "commission", "agency", "police", "service", "government", "federal", "national", "international",
    "head", "minister", "counsellor", "secretary", "delegation", "note", "verbale", "ref", "kingdom",
    "state", "tel", "fax", "email", "e-mail", "dear", "madam", "members", "annex", "list", "name", "no",
    "position", "title", "phone", "mr", "ms", "total", "organization", "organisation", "ambassador",
    "representative", "meeting", "group", "working", "conference", "mission", "misión", "mision", "délégation",
    "delegación", "ministère", "ministerio", "embajada", "ambassade", "vienne", "viena", "wien", "subject",
    "from", "to", "cc", "date", "sent", "objet", "asunto", "re", "fw", "fwd", "regards", "thanks", "best",
    "excellency", "sir", "nota", "verbal", "uk", "usa", "un", "unodc", "onudc", "undp", "european", "union",
    "african", "university", "institute", "programme", "program", "project", "bureau", "affairs", "justice",
    "interior", "foreign", "attache", "attaché", "expert", "adviser", "advisor", "officer", "chief", "deputy",
    "senior", "first", "second", "third", "general", "director-general", "prosecutor", "judge", "inspector",
}


@dataclass
class Record:
    """The lines of text that describe one listed person."""

    honorific: str | None
    name: str
    rest: str
    lines: list[str] = field(default_factory=list)
    head: bool = False
    lead: str = ""
    wrap: bool = False
    cells: dict[str, str] | None = None
    origin: str = ""
    share: int | None = None  # position of this person in an entry that names several
    post: str | None = None  # the post a sentence states ('in my capacity as …'), preferred to the lines
    starred: bool = False  # a footnote mark follows the name ('Pieter van der BERG*'); a footnote may explain it


# A footnote mark right after a word ('BERG*', 'BERG (*)', 'BERG¹') and the footnote that explains it.
_MARK = r"(?:\*{1,3}|\(\*{1,3}\)|[¹²³])"
_MARK_AFTER_NAME = re.compile(rf"(?<=[^\W\d_.])\s?{_MARK}(?=[\s,;:)–—-]|$)")
_FOOTNOTE_RE = re.compile(rf"^\s*{_MARK}\s*[:=–—-]?\s*(?:{_HEAD_LABEL})\b", re.IGNORECASE)


def strip_bullet(line: str) -> str:
    """Remove a list bullet or number from the start of a line."""
    return BULLET_RE.sub("", line, count=1)


def _only_titles(name: str) -> bool:
    """Whether a would-be name is itself nothing but courtesy or rank words ('Consejera', 'Colonel')."""
    found, rest = split_honorific(name + " ")
    return bool(found) and not rest.strip()


def person_start(text: str, weak: bool = False) -> tuple[str | None, str, str] | None:
    """Return (honorific, name, rest) if the line opens a person entry, else None.

    weak also accepts a title-case name with no honorific and no capitalised family name
    (for labelled 'Name:' fields and bulleted list lines)."""
    honorific, rest = split_honorific(text)
    name, after = take_name(rest)
    named = _DISPLAY_NAME.match(rest)
    if named and len(named.group(1).split()) >= 2:  # 'Juan Pérez Ortega <jperez@mire.gob.pa> - Director'
        name, after = named.group(1), rest[named.end(1):]
    name = name.strip(" .")
    if not name or any(t.lower().strip(".") in NOT_NAME_WORDS for t in name.split()):
        return None
    inverted = _family_comma_given(name, after, weak)
    if inverted:
        name, after = inverted
        return honorific, name, after
    if honorific and _only_titles(name):  # 'Ministra Consejera': a post on its own line, no name after it
        return None
    if honorific and (looks_like_name(name, strict=False) or lower_case_given(name)):
        return honorific, name, after
    if not honorific and looks_like_name(name, strict=True) and _name_led(text, name):
        return None, name, after
    if not honorific and named and looks_like_name(name, False):
        return None, name, after
    if not honorific and re.match(r"\s*\((?:Mr|Mrs|Ms|Miss|Dr|Mme|M)\.?\)", after) and looks_like_name(name, False) \
            and len(name.split()) >= 2:
        return None, name, after
    if weak and not honorific and 2 <= len(name.split()) <= 5 and looks_like_name(name, False) \
            and _name_led(text, name) and not text.rstrip().endswith(":"):
        return None, name, after
    return None


_DISPLAY_NAME = re.compile(r"^\s*([^\W\d_][^<>@,;:()\t|]{2,60}?)\s*<[^<>\s@]+@[^<>\s]+>")
_GIVEN_AFTER_COMMA = re.compile(r"^\s*,\s*([^\W\d_][\w'’.\-]*(?:\s+[^\W\d_][\w'’.\-]*){0,3})"
                                r"(?=\s*\((?:Mr|Mrs|Ms|Miss|Dr|Mme|M|Sr|Sra|Prof)\.?\)|\s*$|\s+[–—-]\s|\s*[,;:\t|])")


def _family_comma_given(name: str, after: str, weak: bool = False) -> tuple[str, str] | None:
    """Return ('FAMILY, Given', rest) when a line opens with a family name, a comma and given names.

    The family name is in capitals, or in title case when a postposed '(Ms)' follows the given names
    or the line is an entry of a list (weak)."""
    tokens = [t for t in name.split() if t.lower() not in PARTICLES]
    if not tokens or not looks_like_name(name, False) or len(tokens) > 3:
        return None
    match = _GIVEN_AFTER_COMMA.match(after)
    if not match:
        return None
    if not all(is_upper_word(t) for t in tokens) and not (weak or POSTPOSED_RE.match(after[match.end():])):
        return None
    given, rest = match.group(1).strip(), after[match.end():]
    if not rest.strip(" ,;:–—-") or any(is_upper_word(t) for t in given.split()) or not looks_like_name(given, False) \
            or any(t.lower().strip(".") in NOT_NAME_WORDS for t in given.split()) or _is_place(given):
        return None  # "ABUJA, Nigeria" on its own is an address line
    return f"{name}, {given}", rest


def _is_place(text: str) -> bool:
    """Whether text names a State or organization (so it is not a given name)."""
    try:
        from store.entities import find_entity
    except ImportError:
        return False
    return find_entity(text) is not None


def _name_led(text: str, name: str) -> bool:
    """A name without honorific must stand alone or be followed by a separator."""
    after = text[text.find(name) + len(name):]
    return not after.strip() or bool(NAME_END.match(after))


_FAMILY_FIELD = re.compile(r"^\s*(?:surname|family\s+name|last\s+name|nom(?:\s+de\s+famille)?|apellidos?|фамилия)\s*:\s*(\S.*)$",
                           re.IGNORECASE)
_GIVEN_FIELD = re.compile(r"^\s*(?:first\s+names?|given\s+names?|forenames?|pr[ée]noms?|nombres?|имя)\s*:\s*(\S.*)$",
                          re.IGNORECASE)


def join_name_fields(lines: list[str]) -> list[str]:
    """Write a 'Surname: X' line next to a 'First name: Y' line (either order) as one 'Name: Y X' line."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        pair = lines[i:i + 2]
        if len(pair) == 2:
            family = _FAMILY_FIELD.match(pair[0]) or _FAMILY_FIELD.match(pair[1])
            given = _GIVEN_FIELD.match(pair[1]) or _GIVEN_FIELD.match(pair[0])
            if family and given and family.string != given.string:
                out.append(f"Name: {given.group(1).strip()} {family.group(1).strip()}")
                i += 2
                continue
        out.append(lines[i])
        i += 1
    return out


def find_records(lines: list[str], origin: str) -> list[Record]:
    """Return the person records of a run of text lines, tables included."""
    records: list[Record] = []
    for chunk_is_table, chunk in _chunks(join_name_fields(lines)):
        if chunk_is_table:
            from mail.parse.tables import table_records

            records.extend(table_records(chunk, origin))
        else:
            records.extend(_text_records(chunk, origin))
    return records


def _chunks(lines: list[str]) -> list[tuple[bool, list[str]]]:
    """Split lines into runs of table rows (tab or wide-column separated) and of text."""
    lines = columns_to_tabs(lines)
    chunks: list[tuple[bool, list[str]]] = []
    for line in lines:
        is_table = line.count("\t") >= 1 and sum(1 for c in line.split("\t") if c.strip()) >= 2
        if not line.strip() and chunks and chunks[-1][0]:
            continue
        if chunks and chunks[-1][0] == is_table:
            chunks[-1][1].append(line)
        else:
            chunks.append((is_table, [line]))
    return chunks


def columns_to_tabs(lines: list[str]) -> list[str]:
    """Turn a plain-text table (header + rows aligned with runs of spaces) into tab rows.

    An indented line below a row, blank under the first column, carries the wrapped second lines of that row's
    cells: each piece joins the cell above it, found by the header's column positions."""
    from mail.parse.tables import header_kinds

    out: list[str] = []
    starts: list[int] = []  # where the header's columns begin; empty outside a table
    above: list[tuple[int, str]] = []  # the last row's cells with their columns
    for line in lines:
        cells = [c for c in re.split(r"\s{2,}", line.strip()) if c]
        if "\t" not in line and len(cells) >= 3 and len([k for k in header_kinds(cells) if k]) >= 3:
            starts, above = [m.start() for m in _CELL_RE.finditer(line)], []
        elif not line.strip() or "\t" in line:
            starts = []
        if starts and above and len(line) - len(line.lstrip()) >= starts[1] - 1:
            above = _continue_cells(above, line, starts)
            out[-1] = "\t".join(text for _, text in above)
            continue
        if starts:
            above = [(_column(m.start(), starts), m.group(0)) for m in _CELL_RE.finditer(line)]
        out.append("\t".join(cells) if starts else line)
    return out


_CELL_RE = re.compile(r"\S+(?: \S+)*")


def _column(offset: int, starts: list[int]) -> int:
    """The column a piece of an aligned line starting at offset falls under (one space of slack)."""
    return max([i for i, start in enumerate(starts) if start <= offset + 1] or [0])


def _continue_cells(cells: list[tuple[int, str]], line: str, starts: list[int]) -> list[tuple[int, str]]:
    """Add the pieces of a wrapped line to the cells above them, by column; a piece under no cell is left out."""
    cells = list(cells)
    for match in _CELL_RE.finditer(line):
        column = _column(match.start(), starts)
        at = next((i for i, (c, _) in enumerate(cells) if c == column), None)
        if at is not None:
            cells[at] = (column, f"{cells[at][1]} {match.group(0)}")
    return cells


def _text_records(lines: list[str], origin: str) -> list[Record]:
    """Group text lines into person records."""
    records: list[Record] = []
    current: Record | None = None
    lead: list[str] = []
    pending_head = False
    listed = False  # after an introducing 'as follows:' line or a one-line entry, bare names may open entries
    for raw in lines:
        line = raw.strip()
        if not line:
            current = None
            continue
        starred = [r for r in records if r.starred]
        if _FOOTNOTE_RE.match(line) and len(starred) == 1:
            starred[0].head, current = True, None  # '* Head of delegation' under the list
            continue
        bare = BARE_LABEL_RE.match(strip_bullet(line))
        if bare and bare.group("head") and current and not line.endswith(":"):
            current.head = True  # "Head of Delegation" as a line of the entry above, not a heading
            continue
        if bare:
            current, pending_head, listed = None, bool(bare.group("head")), True
            lead.append(line)
            continue
        opened = [] if current and _dangles(current) else _open_records(line, pending_head, lead, origin, listed)
        record = opened[-1] if opened else None
        if record:
            records.extend(opened)
            current, pending_head = record, False
            listed = record.wrap
        elif current and not _ends_record(current, line):
            current.lines.append(line)
            listed = False
        else:
            current = None
            lead.append(line)
            listed = (line.endswith(":") and not NAME_LABEL_RE.match(strip_bullet(line))) \
                or (line.endswith(".") and bool(INTRO_RE.search(line)))
    return records


_PAIR_RE = re.compile(rf"\s+(?:and|et|y|e|und|&)\s+(?=(?:{_HONORIFIC})\s)", re.IGNORECASE)
_BOTH_RE = re.compile(r"^[\s,;:–—-]*(?:both|each|tous\s+(?:les\s+)?deux|toutes\s+(?:les\s+)?deux|ambos|ambas)\b\s*",
                      re.IGNORECASE)


def _open_records(line: str, pending_head: bool, lead: list[str], origin: str, listed: bool) -> list[Record]:
    """Open the entry a line starts; two when it names two people ('Mr. A and Ms. B, both Counsellors')."""
    text = strip_bullet(line)
    joint = _PAIR_RE.search(text)
    if joint:
        first = person_start(text[: joint.start()])
        second = _open_record(text[joint.end():], False, lead, origin, listed)
        if first and second and not first[2].strip() and not NAME_END.search(first[1]):
            second.rest = _BOTH_RE.sub(", ", second.rest)
            second.share = 1
            twin = Record(first[0], first[1], second.rest, lines=second.lines, head=pending_head, lead=second.lead,
                          wrap=second.wrap, origin=origin, share=0)
            return [twin, second]
    record = _open_record(line, pending_head, lead, origin, listed)
    return [record] if record else []


def _open_record(line: str, pending_head: bool, lead: list[str], origin: str, listed: bool = False) -> Record | None:
    """Start a record if the line opens a person entry."""
    text = strip_bullet(line)
    bulleted = text != line.strip() or listed
    label = LABEL_RE.match(text)
    head = pending_head
    if label:
        head = bool(label.group("head"))
        text = text[label.end():]
    name_label = NAME_LABEL_RE.match(text)
    if name_label:
        text = text[name_label.end():]
    mark = _MARK_AFTER_NAME.search(text[:80])
    if mark:
        text = text[: mark.start()] + text[mark.end():]
    start = person_start(text)
    if not start and (name_label or bulleted):
        start = person_start(text, weak=True)
        if start and not name_label and not start[2].strip(" ,;:–—-"):
            start = None
    if not start:
        return None
    honorific, name, rest = start
    wrap = bool(strip_role_markers(strip_contacts(rest)).strip(" ,;:–—-()"))
    return Record(honorific, name, rest, head=head, lead=" ".join(lead[-3:]), wrap=wrap, origin=origin,
                  starred=bool(mark) and mark.start() <= len(name) + 40)


_DANGLING_RE = re.compile(r"(?:^|\s)(?:de|la|le|les|du|des|del|of|the|and|et|y|for|pour|à|au|aux|en|in|on|to|para|por"
                          r"|with|avec|con|d'|l')$", re.IGNORECASE)


def _dangles(record: Record) -> bool:
    """Whether the record's last line breaks off mid-phrase ('…, Ministère de la'), so the next line goes on."""
    last = record.lines[-1] if record.lines else record.rest
    return bool(_DANGLING_RE.search(last.rstrip()))


def _ends_record(record: Record, line: str) -> bool:
    """Whether a line after a record is prose rather than more of the record."""
    if CLOSING_RE.search(line) and not has_head_marker(line):
        return True
    last = record.lines[-1] if record.lines else record.rest
    if record.wrap and last.rstrip().endswith((".", ";")) and not last.rstrip().endswith(("ext.", "loc.", "Tel.")):
        return not re.match(r"^\W*(?:e-?mail|tel|t[ée]l|phone|courriel|correo|fax)", line, re.IGNORECASE)
    return len(line) > 200
