"""Delegation lists laid out as tables: header rows in any language, or guessed columns."""
from __future__ import annotations

import re

from mail.parse.contacts import EMAIL_RE, PHONE_RE
from mail.parse.layouts import Record, person_start
from mail.parse.names import looks_like_name, parse_name_cell, split_honorific

_HEADERS = [
    ("number", r"^(?:no\.?|n[°ºo]\.?|#|№|s/?n|nr\.?|item)$"),
    ("full", r"nom(?:s)?\s+(?:et|&)\s+pr[ée]nom|pr[ée]nom(?:s)?\s+(?:et|&)\s+nom|apellidos?\s+y\s+nombres?|nombres?\s+y\s+apellidos?"
             r"|full\s+name|name\s+and\s+surname|surname\s*(?:and|,|/)\s*(?:first\s+)?name|ф\.?\s*и\.?\s*о|^имя\s+и\s+фамилия"),
    ("family", r"^(?:surname|family\s+name|last\s+name|apellidos?|nom\s+de\s+famille|nom|фамилия)$"),
    ("given", r"^(?:given\s+names?|first\s+names?|forenames?|nombres?|pr[ée]noms?|имя)$"),
    ("honorific", r"^(?:salutation|courtesy\s+title|civilit[ée]|tratamiento|mr\.?/ms\.?|m\.?/mme|sr\.?/sra\.?|обращение)$"),
    ("name", r"^(?:names?|participants?|delegates?|nombre|nom|участник|ф\.?и\.?о\.?|name of (?:the )?(?:participant|delegate))$|\bname\b"),
    ("function", r"title|position|function|fonction|designation|d[ée]signation|cargo|puesto|titre|qualit[ée]|rank|grade"
                 r"|post\b|job|должность|функция"),
    ("organization", r"organi[sz]ation|organisme|organismo|ministry|minist[eè]re|ministerio|institution|instituci[oó]n"
                     r"|department|agency|entidad|dependencia|affiliation|office|agency|учреждение|организация|ведомство"),
    ("email", r"e-?mail|courriel|correo|mail|[ée]lectronique|electr[oó]nic[oa]|адрес\s+электронной|эл\.\s*почта"),
    ("phone", r"tel|phone|t[ée]l[ée]phone|tel[ée]fono|mobile|m[oó]vil|fax|телефон|contact"),
    ("role", r"role|r[ôo]le|funci[oó]n en la delegaci[oó]n|remarks?|observations?|observaciones|notes?|status|статус"),
]
_COMPILED = [(kind, re.compile(pattern, re.IGNORECASE)) for kind, pattern in _HEADERS]


def header_kinds(cells: list[str]) -> list[str | None]:
    """Return the column kind of each header cell (None when not a known header)."""
    kinds = []
    for cell in cells:
        text = " ".join(cell.split()).strip(" :*")
        kind = None
        if len(text) <= 50 and "@" not in text:
            kind = next((k for k, rx in _COMPILED if rx.search(text)), None)
        kinds.append(kind)
    return kinds


def table_records(lines: list[str], origin: str) -> list[Record]:
    """Return one record per data row of a tab-separated table."""
    rows = [line.split("\t") for line in lines if line.strip()]
    records, columns, after_header = [], None, False
    for at, row in enumerate(rows):
        kinds = header_kinds(row)
        if _is_header(row, kinds):
            columns = _merge_headers(columns, kinds) if after_header else kinds
            columns = _honorific_columns(row, columns, rows[at + 1:])
            after_header = True
            continue
        after_header = False
        record = _row_record(row, columns or _guess_columns(row), origin)
        if record:
            records.append(record)
    return records


def _is_header(row: list[str], kinds: list[str | None]) -> bool:
    """Whether a row names the columns below it."""
    return sum(1 for k in kinds if k) >= 2 and not any("@" in c for c in row)


def _honorific_columns(header: list[str], kinds: list[str | None], below: list[list[str]]) -> list[str | None]:
    """Read a 'Title' column as the honorific when each of its cells is nothing but one ('H.E. Mr.', 'Ms.', 'Pol. Col.')."""
    data = []
    for row in below:
        if _is_header(row, header_kinds(row)):
            break
        data.append(row)
    kinds = list(kinds)
    for i, kind in enumerate(kinds):
        if kind != "function" or "honorific" in kinds or not _TITLE_HEADER.match(" ".join(header[i].split())):
            continue
        cells = [" ".join(row[i].split()) for row in data if i < len(row) and row[i].strip()]
        if cells and all(split_honorific(cell + " x")[1] == "x" for cell in cells):
            kinds[i] = "honorific"
    return kinds


_TITLE_HEADER = re.compile(r"^(?:title|titre|t[íi]tulo|tratamiento)\W*$", re.IGNORECASE)


def _merge_headers(upper: list[str | None] | None, lower: list[str | None]) -> list[str | None]:
    """Combine a two-row header: a sub-header cell ('E-mail' under 'Contact') replaces the cell above it."""
    upper = upper or []
    width = max(len(upper), len(lower))
    upper, lower = upper + [None] * (width - len(upper)), lower + [None] * (width - len(lower))
    return [below or above for above, below in zip(upper, lower)]


def _guess_columns(row: list[str]) -> list[str | None]:
    """Guess column kinds of a row with no header: address, phone, name, then function."""
    kinds: list[str | None] = []
    named = False
    for cell in row:
        text = cell.strip()
        if EMAIL_RE.search(text):
            kinds.append("email")
        elif PHONE_RE.fullmatch(text) or re.fullmatch(r"\+?[\d\s().\-/]{6,}", text or "x"):
            kinds.append("phone")
        elif re.fullmatch(r"\d{1,3}\.?", text):
            kinds.append("number")
        elif not named and (person_start(text) or looks_like_name(parse_name_cell(text)[1], False)):
            kinds.append("name")
            named = True
        else:
            kinds.append("function" if text else None)
    return kinds


def _row_record(row: list[str], kinds: list[str | None], origin: str) -> Record | None:
    """Build a record from one table row, or None if the row names nobody."""
    cells: dict[str, list[str]] = {}
    for kind, cell in zip(kinds, row):
        text = " ".join(cell.split())
        if kind and text:
            cells.setdefault(kind, []).append(text)
    honorific, name = _row_name(cells)
    if not name or not looks_like_name(name, False):
        return None
    if cells.get("honorific"):
        honorific = cells["honorific"][0]
    joined = {k: ", ".join(v) for k, v in cells.items()}
    return Record(honorific, name, "", cells=joined, origin=origin)


def _row_name(cells: dict[str, list[str]]) -> tuple[str | None, str]:
    """Return (honorific, name) from the name column(s) of a row."""
    if "full" in cells or "name" in cells:
        return parse_name_cell((cells.get("full") or cells["name"])[0])
    if "family" in cells or "given" in cells:
        family = parse_name_cell(cells.get("family", [""])[0])
        given = parse_name_cell(cells.get("given", [""])[0])
        honorific = given[0] or family[0]
        return honorific, " ".join(p for p in (given[1], family[1]) if p)
    return None, ""
