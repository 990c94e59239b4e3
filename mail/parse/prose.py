"""People named in running text: 'the delegation will be headed by H.E. Mr. X, … and include Ms. Y'."""
from __future__ import annotations

import re

from mail.parse.contacts import has_head_marker
from mail.parse.layouts import NOT_NAME_WORDS, Record
from mail.parse.names import _HONORIFIC, looks_like_name, take_name

CUE_RE = re.compile(
    r"composed of|composed as follows|consist(?:s|ing)? of|headed by|led by|will include|includ(?:e|es|ing)|"
    r"represented by|attended by|compos[ée]e de|conduite par|dirig[ée]e par|pr[ée]sid[ée]e par|integrad[ao] por|"
    r"compuesta por|encabezad[ao] por|presidid[ao] por|conformad[ao] por|в составе|возглавля", re.IGNORECASE)
PAST_RE = re.compile(r"previously|as advised|already|continue to|d[ée]j[àa]|anteriormente|ya (?:fue|ha)|"
                     r"assumed (?:his|her) duties|focal point", re.IGNORECASE)
HEAD_CUE_RE = re.compile(r"(?:headed|led|conduite|dirig[ée]e|pr[ée]sid[ée]e|encabezad[ao]|presidid[ao])\s+(?:by|par|por)\s*$"
                         r"|возглавля\w*\s*$", re.IGNORECASE)
MENTION_RE = re.compile(rf"(?<![\w.])((?:{_HONORIFIC}\s+)*{_HONORIFIC})\s+(?=[^\W\d_])", re.IGNORECASE)
_JOIN_RE = re.compile(r"[,;]?\s+(?:and|et|y|as well as|ainsi que|и)\s*(?:will\s+include|includ\w*)?\s*$|[,;]\s*$",
                      re.IGNORECASE)


def prose_records(lines: list[str]) -> list[Record]:
    """Return records for people named in paragraphs that announce a delegation."""
    records: list[Record] = []
    for paragraph in "\n".join(lines).split("\n\n"):
        text = " ".join(paragraph.split())
        if CUE_RE.search(text) and not PAST_RE.search(text):
            records.extend(_mentions(text))
    return records


def _mentions(text: str) -> list[Record]:
    """Return a record per 'Honorific Name, function' mention in a paragraph."""
    matches = [m for m in MENTION_RE.finditer(text)]
    records = []
    for i, match in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        name, rest = take_name(text[match.end():end])
        name = name.strip(" .")
        if not looks_like_name(name, strict=False) or any(t.lower() in NOT_NAME_WORDS for t in name.split()):
            continue
        rest = _JOIN_RE.sub("", rest.split(". ")[0])
        head = bool(HEAD_CUE_RE.search(text[: match.start()])) or has_head_marker(rest)
        records.append(Record(" ".join(match.group(1).split()), name, rest, head=head, wrap=True, origin="prose"))
    return records
