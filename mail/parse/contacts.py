"""E-mail addresses, phone numbers and head-of-delegation markers inside a person's text."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from email_validator import EmailNotValidError, validate_email

_EMAIL_LABEL = r"(?:e-?mail|email|courriel|m[ée]l|correo(?:\s+electr[oó]nico)?|e-?post|mail|эл\.\s*почта|E)"
_PHONE_LABEL = (r"(?:tel[ée]fono|t[ée]l[ée]phone|telephone|tel|t[ée]l|phone|ph|mob(?:ile)?|m[oó]vil|"
                r"cell(?:ular)?|cel(?:ular)?|telem[oó]vel|gsm|portable|direct(?:\s+(?:line|dial))?|DID|T|M|тел)(?:\.?\s*/\s*fax)?")
EMAIL_TOKEN = r"(?:mailto:)?(?<![\w.+'’\-])[\w.+'’\-]+@[\w\-]+(?:(?:\.\.?|,)[\w\-]+)*\.\.?[A-Za-z]{2,}"
_EXTENSION = r"(?:ext|extn|extension|loc|local|x|poste|anexo|int|interno|ramal|DW|Durchwahl|доб)"
_PHONE = (rf"\+?\(?\d[\d\s().\-]{{4,}}\d(?:\s*\(?{_EXTENSION}\.?\s*\d+\)?)?")
EMAIL_RE = re.compile(rf"(?:\b{_EMAIL_LABEL}\s*[.:]?\s*)?(<)?({EMAIL_TOKEN})>?", re.IGNORECASE)
# A North American number written without country code: '202-312-9638', '(202) 312-9638', '202.312.9638'.
_NANP = rf"(?<![\w+\-/.])(?:\(\d{{3}}\)\s?|\d{{3}}[.\-])\d{{3}}[.\-]\d{{4}}(?![\w\-/])(?:\s*{_EXTENSION}\.?\s*\d+)?"
# The label may carry a word in brackets ('Tel (mobile):'); a bracketed number after it is an area code ('tel.(505) 2244').
PHONE_RE = re.compile(rf"(?:\b{_PHONE_LABEL}\.?\s*(?:\((?!\d)\w+\))?\s*[:.]?\s*({_PHONE})|(?<![\w+])(\+\d[\d\s().\-]{{5,}}\d"
                      rf"(?:\s*\(?{_EXTENSION}\.?\s*\d+\)?)?)|({_NANP}))", re.IGNORECASE)
# A labelled address as written but broken: spaces inside (also in the domain: 'x@agc gov.my'), a space after '@',
# or no '@' at all.
_LOCAL = r"[\w.+'’\-]+"
BROKEN_EMAIL_RE = re.compile(
    r"\b(?:e-?mail|courriel|correo(?:\s+electr[oó]nico)?|e-?post)\s*[.:]\s*"
    rf"((?-i:[a-z0-9._\-]+ ){{1,3}}{_LOCAL}@[\w\-]+(?:[.,][\w\-]+)+"
    rf"|{_LOCAL}(?:\s*@ +|\s+@|@@+|\s*[(\[{{]\s*(?:at|@)\s*[)\]}}]\s*)[\w\-]+(?:[.,][\w\-]+)+"
    rf"|{_LOCAL}@[\w\-]+ (?-i:[a-z]{{2,}})(?:[.,][\w\-]+)+"
    r"|[\w+'’\-]+(?:\.[\w+'’\-]+){2,}(?![\w.@]))"
    # unlabelled, a space right after '@' still shows an address: 'viengkham_p@ yahoo.com'
    rf"|(?<![\w.+'’\-])({_LOCAL}@ +[\w\-]+(?:\.[\w\-]+)*\.[A-Za-z]{{2,}})\b", re.IGNORECASE)
FAX_RE = re.compile(rf"(?<![/\w])fax\.?\s*[:.]?\s*{_PHONE}", re.IGNORECASE)
LABEL_ONLY_RE = re.compile(rf"^\W*(?:{_EMAIL_LABEL}|{_PHONE_LABEL}|fax)\.?\s*[:.]?\W*$", re.IGNORECASE)

_DELEGATION = r"(?:the\s+)?delegation"
_ALTERNATE = re.compile(
    r"\(?\s*(?:(?:alternate|deputy|vice|acting|substitute)[\s-]+(?:head|leader)\s+of\s+(?:the\s+(?-i:[A-Z]\w+)\s+)?"
    + _DELEGATION + r"|(?:deputy|alternate)\s+delegation\s+(?:head|leader)\b|\b(?:deputy|alternate)\s+HoD\b" +
    r"|chef\s+adjoint\s+de\s+(?:la\s+)?d[ée]l[ée]gation|chef\s+de\s+(?:la\s+)?d[ée]l[ée]gation\s+adjoint"
    r"|jef[ea]\s+(?:altern[oa]|adjunt[oa])\s+de\s+(?:la\s+)?delegaci[oó]n"
    r"|jef[ea]\s+de\s+(?:la\s+)?delegaci[oó]n\s+(?:alterno|alterna|adjunt[oa]|suplente)"
    r"|заместитель\s+главы\s+делегации)\s*\)?", re.IGNORECASE)
_HEAD = re.compile(
    r"\(?\s*(?:head\s+of\s+" + _DELEGATION + r"|leader\s+of\s+" + _DELEGATION + r"|delegation\s+(?:head|leader)"
    r"|(?:head|leader)\s+of\s+the\s+(?-i:[A-Z][\w'’\-]+)\s+delegation|\(\s*(?:team\s+)?leader\s*\)"
    r"|\bHoD\b|chef(?:fe)?\s+de\s+(?:la\s+)?d[ée]l[ée]gation|jef[ea]\s+de\s+(?:la\s+)?delegaci[oó]n"
    r"|(?:chair(?:man|woman|person)?|president)\s+of\s+" + _DELEGATION + r"|pr[ée]sidente?\s+de\s+(?:la\s+)?d[ée]l[ée]gation"
    r"|presidente\s+de\s+(?:la\s+)?delegaci[oó]n|chefe\s+d[ae]\s+delega[çc][ãa]o|глава\s+делегации|руководитель\s+делегации"
    r"|رئيس\s+الوفد|رئيسة\s+الوفد|代表团团长|团长)\s*\)?", re.IGNORECASE)


@dataclass
class Address:
    """An address as written and its validated, lowercased form (None if invalid)."""

    written: str
    email: str | None


@lru_cache(maxsize=4096)
def validate(address: str) -> str | None:
    """Return the lowercased address if email-validator accepts it, else None."""
    try:
        result = validate_email(address, check_deliverability=False)
    except (EmailNotValidError, ValueError, UnicodeError):
        return None
    return result.normalized.lower()


def find_addresses(text: str) -> list[Address]:
    """Return every address-like token in text, validated."""
    broken = [(m.start(m.lastindex), m.end(m.lastindex), m.group(m.lastindex)) for m in BROKEN_EMAIL_RE.finditer(text)]
    found: list[tuple[int, Address]] = [(start, Address(written, None)) for start, _, written in broken]
    for match in EMAIL_RE.finditer(text):
        if any(start <= match.start(2) < end for start, end, _ in broken):
            continue  # the tail of a broken address is not an address of its own
        written = match.group(2)
        if written.lower().startswith("mailto:"):
            written = written[7:]
        written = written.strip(".,;")
        found.append((match.start(2), Address(written, validate(written))))
    return [address for _, address in sorted(found, key=lambda item: item[0])]


def find_phones(text: str) -> list[str]:
    """Return phone numbers as written (labels removed), fax numbers excluded."""
    text = FAX_RE.sub(" ", text)
    phones = []
    for match in PHONE_RE.finditer(EMAIL_RE.sub(" ", text)):
        phone = (match.group(1) or match.group(2) or match.group(3) or "").strip(" .,;-/")
        if sum(c.isdigit() for c in phone) >= 6:
            phones.append(_balance(phone))
    return phones


def _balance(phone: str) -> str:
    """Drop an unmatched trailing parenthesis left by the pattern."""
    if phone.endswith(")") and phone.count(")") > phone.count("("):
        phone = phone[:-1].rstrip()
    if phone.count("(") > phone.count(")"):
        phone = phone[: phone.rfind("(")].rstrip()
    return phone


def strip_contacts(text: str) -> str:
    """Remove addresses, phone and fax numbers and their labels from text."""
    text = EMAIL_RE.sub(" ", BROKEN_EMAIL_RE.sub(" ", text))
    text = FAX_RE.sub(" ", text)
    return PHONE_RE.sub(" ", text)


def has_head_marker(text: str) -> bool:
    """Whether text designates its person as head of delegation (not an alternate)."""
    return bool(_HEAD.search(_ALTERNATE.sub(" ", text)))


def strip_role_markers(text: str) -> str:
    """Remove head and alternate-head markers, with their brackets."""
    return _HEAD.sub(" ", _ALTERNATE.sub(" ", text))


def is_label_only(text: str) -> bool:
    """Whether text is nothing but a contact label such as 'Tel:'."""
    return bool(LABEL_ONLY_RE.match(text))
