"""Split a body into the writer's own text, quoted replies, forwarded messages and signature."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from mail.parse.names import HONORIFICS_RE

SECRETARIAT_DOMAINS = ("unodc.org", "un.org", "unvienna.org")
_REPLY_HEADER = re.compile(
    r"^(?:on\s.{4,200}\swrote:|le\s.{4,200}\sa\s[ée]crit\s?:|el\s.{4,200}\sescribi[oó]:|am\s.{4,200}\sschrieb.*:"
    r"|.{0,100}\s(?:wrote|a écrit|escribió)\s?:)$", re.IGNORECASE)
_SEPARATOR = re.compile(
    r"^(?:-{2,}\s*(?:original message|forwarded message|message d'origine|message transf[ée]r[ée]|"
    r"mensaje original|mensaje reenviado|weitergeleitete nachricht|ursprüngliche nachricht|"
    r"пересылаемое сообщение|исходное сообщение)\s*-{2,}|begin forwarded message:)$", re.IGNORECASE)
_HEADER_FIELD = re.compile(r"^\*?(from|de|von|от|da|enviado por|expéditeur)\s?\*?:\s*(.*)$", re.IGNORECASE)
_NEXT_FIELD = re.compile(r"^\*?(sent|date|envoy[ée]|enviado(?: el)?|fecha|gesendet|datum|отправлено|дата|"
                         r"to|à|a|para|an|кому|subject|objet|asunto|betreff|тема|cc)\s?\*?:", re.IGNORECASE)
_INVITATION = re.compile(r"governments are (?:kindly )?requested|wishes to draw your attention to the attached note"
                         r"|les gouvernements sont pri[ée]s|se ruega a los gobiernos", re.IGNORECASE)
_CLOSING = re.compile(
    r"^(?:(?:with\s+)?(?:best|kind|warm|warmest)?\s*regards|regards|best|(?:very\s+)?(?:sincerely|respectfully|truly)(?:\s+yours)?"
    r"|yours\s+(?:sincerely|faithfully|truly|respectfully)|(?:muy\s+)?atentamente|(?:tr[èe]s\s+)?respectueusement"
    r"|(?:un\s+)?cordial\s+saludo|tr[èe]s\s+cordialement"
    r"|many thanks|thanks(?: (?:and|&) (?:best )?regards)?|thank you(?: very much)?(?: in advance)?|with (?:best )?respect"
    r"|with (?:best )?wishes|cheers|atentamente|cordialmente|saludos(?: cordiales)?|un saludo(?: cordial)?|cordialement"
    r"|bien cordialement|salutations distingu[ée]es|bien [àa] vous|meilleures salutations|mit freundlichen gr[üu](?:ß|ss)en"
    r"|с уважением.*|ngā mihi.*|kia ora.*|--|-- |__+)[\s,.!]*$", re.IGNORECASE)
_SELF = re.compile(r"^\s*(?:--|__+)\s*$")


@dataclass
class Segment:
    """A run of lines from one writer; `kind` is own, quoted or forwarded."""

    kind: str
    lines: list[str] = field(default_factory=list)
    sender: str = ""
    angle: bool = False

    @property
    def text(self) -> str:
        """The segment's lines joined."""
        return "\n".join(self.lines)

    def is_secretariat(self) -> bool:
        """Whether the segment was written by the meeting's secretariat."""
        sender = self.sender.lower()
        if any(d in sender for d in SECRETARIAT_DOMAINS) or "untoc" in sender:
            return True
        return bool(_INVITATION.search(self.text))


def split_segments(text: str) -> list[Segment]:
    """Split a body at reply/forward headers and '>' quotes, in reading order."""
    lines = text.split("\n")
    segments = [Segment("own")]
    i = 0
    while i < len(lines):
        line, stripped = lines[i], lines[i].strip()
        if stripped.startswith(">"):
            if segments[-1].kind != "quoted":
                segments.append(Segment("quoted"))
            segments[-1].lines.append(re.sub(r"^(\s*>)+\s?", "", line))
            segments[-1].angle = True
        elif _REPLY_HEADER.match(stripped):
            segments.append(Segment("quoted", sender=stripped))
        elif _SEPARATOR.match(stripped) or _header_block_at(lines, i):
            i = _start_forward(lines, i, segments)
            continue
        else:
            if segments[-1].kind == "quoted" and segments[-1].angle and stripped:
                segments.append(Segment("own"))
            segments[-1].lines.append(line)
        i += 1
    return [s for s in segments if s.kind == "own" or any(line.strip() for line in s.lines)]


def _header_block_at(lines: list[str], i: int) -> bool:
    """Whether an Outlook-style 'From: … Sent: … Subject:' block starts at line i."""
    if not _HEADER_FIELD.match(lines[i].strip()):
        return False
    following = [line.strip() for line in lines[i + 1:i + 6] if line.strip()]
    return sum(1 for line in following if _NEXT_FIELD.match(line)) >= 2


def _start_forward(lines: list[str], i: int, segments: list[Segment]) -> int:
    """Open a forwarded segment at a separator/header block; return the next line to read."""
    segment = Segment("forwarded")
    if _SEPARATOR.match(lines[i].strip()):
        i += 1
    while i < len(lines) and not lines[i].strip():
        i += 1
    while i < len(lines) and (_HEADER_FIELD.match(lines[i].strip()) or _NEXT_FIELD.match(lines[i].strip())):
        field_match = _HEADER_FIELD.match(lines[i].strip())
        if field_match and not segment.sender:
            segment.sender = field_match.group(2)
        i += 1
    segments.append(segment)
    return i


def split_signature(lines: list[str]) -> tuple[list[str], list[str]]:
    """Split lines at the first closing formula: (text, closing + signature)."""
    for i, line in enumerate(lines):
        stripped = line.strip()
        if stripped and len(stripped) <= 60 and _CLOSING.match(stripped) and i > 0:
            return lines[:i], lines[i:]
    i = _unknown_closing(lines)
    return (lines[:i], lines[i:]) if i else (lines, [])


_SALUTATION = re.compile(r"^(?:dear|excellenc|madam|sir|monsieur|estimad|se[ñn]or|sehr|to whom|hello|hi\b|good (?:morning|"
                         r"afternoon|day)|bonjour|buenos|greetings)", re.IGNORECASE)


# The place and date that close a note ('Vienna, 11 January 2010', 'Vienne, le 8 janvier 2010').
_PLACE_DATE = re.compile(r"^[^\W\d_][\w .'’-]{1,30},\s+(?:(?:le|el|den|am)\s+)?\d{1,2}(?:st|nd|rd|th|er|º)?\.?\s+"
                         r"(?:de\s+)?[^\W\d_]{3,12}\.?\s+(?:de\s+|del\s+)?\d{4}\.?$")


# A closing written as a sentence ('Veuillez agréer, Madame, Monsieur, l'expression de notre haute considération.').
_FORMAL_CLOSING = re.compile(
    r"^(?:veuillez|je vous prie d|nous vous prions d)\S*\s+(?:bien\s+vouloir\s+)?(?:agr[ée]er|recevoir)"
    r"|^(?:please\s+accept|accept,?\s+(?:dear\s+)?(?:sir|madam)).{0,80}\bassurances?\b"
    r"|^(?:reciba|le\s+saluda|sin\s+otro\s+particular)", re.IGNORECASE)


def _unknown_closing(lines: list[str]) -> int | None:
    """Index of a closing in words the patterns do not know ('Vinaka vakalevu,'): a short line ending in ','
    that opens a paragraph and is followed by one last block of at most eight lines.  The place-and-date line
    of a note, below its text and above the signer's block, closes it too."""
    filled = [i for i, line in enumerate(lines) if line.strip()]
    if len(filled) < 4:
        return None
    for i in filled[1:-1]:
        stripped = lines[i].strip()
        block = [j for j in filled if j > i]
        if _PLACE_DATE.match(stripped) and filled.index(i) >= 3 and 2 <= len(block) <= 8 \
                and block[-1] - block[0] == len(block) - 1 and block[0] <= i + 2:
            return i
        if _FORMAL_CLOSING.match(stripped) and not lines[i - 1].strip() and 2 <= len(block) <= 8 \
                and block[-1] - block[0] == len(block) - 1 and block[0] <= i + 2:
            return i
        if not stripped.endswith(",") or len(stripped.split()) > 4 or len(stripped) > 40 or _SALUTATION.match(stripped) \
                or any(c.isdigit() or c in "@:;()" for c in stripped) or lines[i - 1].strip() \
                or HONORIFICS_RE.match(stripped) or any(len(w) > 2 and w.strip(",").isupper() for w in stripped.split()):
            continue
        if 2 <= len(block) <= 8 and block[-1] - block[0] == len(block) - 1 and block[0] <= i + 2:
            return i
    return None


def signature_block(lines: list[str]) -> list[str]:
    """Return the signature lines after the closing formula (non-empty, stripped)."""
    body = [line.strip() for line in lines[1:] if line.strip()]
    return [line for line in body if not _CLOSING.match(line)]
