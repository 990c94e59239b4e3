"""Honorifics and personal names: recognise, split off, and normalise them."""
from __future__ import annotations

import re

from mail.parse.contacts import strip_role_markers

# Courtesy and rank prefixes of the six UN languages (and a few more), kept as written.
_HONORIFIC_WORDS = [
    r"H\.\s?E\.", r"S\.\s?E\.", r"Excm[oa]\.", r"Excelent[íi]sim[oa]", r"His Excellency",
    r"Her Excellency", r"Son Excellence", r"Mrs\.?", r"Mr\.?", r"Ms\.?", r"Miss", r"Mx\.?",
    r"(?-i:M\.)", r"(?-i:MM\.)", r"Mme\.?", r"Mlle\.?", r"Sr\.", r"Sra\.", r"Srta\.", r"Sres\.",
    r"Dr\.?", r"Dra\.", r"Prof\.?", r"Profa\.", r"Pr\.", r"Amb\.", r"Ambassador", r"Ambassadeur",
    r"Ambassadrice", r"Embajador(?:a)?", r"Lic\.", r"Licd[oa]\.", r"Mtro\.", r"Mtra\.", r"Ing\.",
    r"Atty\.", r"Judge", r"Juez(?:a)?", r"Counsellor", r"Hon\.", r"Rev\.", r"Sir", r"Dame",
    # police and military ranks, clergy, academic and professional prefixes (German-speaking, Iberian)
    r"Col\.", r"Lt\.(?:\s?Col\.)?", r"Maj\.", r"Capt\.", r"Gen\.", r"Brig\.", r"Cdr\.", r"Cmdr\.", r"Insp\.",
    r"Supt\.", r"Det\.", r"Sgt\.", r"Comm\.", r"Cmsr\.", r"Msgr\.", r"Mons\.", r"Mgr\.?", r"Fr\.", r"(?-i:Sister)",
    r"Mag\.(?:a\.)?", r"Dipl\.-Ing\.", r"(?-i:DI)", r"Univ\.-Prof\.", r"Abg\.", r"Ph\.D\.", r"Eng\.", r"Arq\.",
    r"Abog\.", r"Cnel\.", r"Gral\.", r"Tte\.", r"Cap\.", r"Dña\.", r"D\.ª", r"Dª", r"Doña", r"(?-i:Me)",
    r"(?-i:Brigadier(?:\s+General)?)", r"(?-i:Colonel)", r"(?-i:Lieutenant(?:\s+Colonel)?)", r"(?-i:Major(?:\s+General)?)",
    r"(?-i:Captain)", r"(?-i:Coronel)", r"(?-i:Teniente(?:\s+Coronel)?)", r"(?-i:Comandante)", r"(?-i:Capit[áa]n)",
    r"(?-i:Comisari[oa](?:\s+(?:Principal|General|Mayor|Inspector))?)", r"(?-i:Subcomisari[oa])",
    r"(?-i:Commissaire(?:\s+divisionnaire|\s+principal)?)", r"(?-i:Justice)", r"Licda\.", r"Abog\.",
    r"Sheikh", r"Shaikh", r"Excma\.", r"Ilmo\.", r"Ilma\.", r"Hr\.", r"Frau", r"Herr",
    r"Г-н", r"Г-жа", r"г-н", r"г-жа", r"Господин", r"Госпожа", r"السيد", r"السيدة", r"الدكتور",
    r"سعادة",
    # Central European academic degrees ('JUDr.', 'PhDr.', 'Bc.'), South Asian and Malay courtesy titles,
    # French and Spanish titles written out, the South African 'Adv.' of advocates
    r"(?-i:(?:JU|MU|Ph|RN|Paed|Pharm|Th|MVD|MDDr|Ing)Dr\.)", r"(?-i:Bc\.)", r"(?-i:doc\.)", r"Shri", r"Smt\.?",
    r"Shrimati", r"Kumari", r"Dato'?", r"Datuk", r"Datin", r"Tan\s+Sri", r"Puan", r"Encik", r"Sheikha",
    r"(?-i:Monsieur)", r"(?-i:Madame)", r"(?-i:Mademoiselle)", r"(?-i:Señora?)", r"(?-i:Doctora?)",
    r"(?-i:Ministr[oa](?:\s+Consejer[oa])?)", r"(?-i:Consejer[oa])", r"(?-i:Pol\.)", r"(?-i:Comr\.)", r"(?-i:Honou?rable)", r"(?-i:The\s+Hon\.)", r"(?-i:Rt\.?\s+Hon\.)", r"Adv\.", r"(?-i:Advocate)", r"(?-i:Senator)",
    # the French ambassador's style written out ('S.E. l'Ambassadeur'), Italian and Portuguese titles
    r"(?-i:(?:Monsieur\s+|Madame\s+)?l['’]Ambassad(?:eur|rice))", r"(?-i:Dott\.(?:ssa)?)", r"(?-i:Dr\.ssa)",
    r"(?-i:Prof\.ssa)", r"(?-i:Avv\.)", r"(?-i:Sig\.(?:ra)?)", r"(?-i:On\.)", r"(?-i:Exm[oa]\.)",
    r"(?-i:Embaixador(?:a)?)", r"(?-i:Sr\.ª)", r"(?-i:Sra\.ª)",
    # Bhutanese titles; ranks written out in full, of police and armed forces ('Police Brigadier General')
    r"(?-i:Dasho)", r"(?-i:Lyonpo)",
    r"(?-i:(?:Police|Army|Air|Naval|Navy)\s+(?:Senior\s+|Chief\s+|Deputy\s+|Assistant\s+)?"
    r"(?:Brigadier|Major|Lieutenant|Colonel|General|Captain|Commander|Commissioner|Superintendent|Inspector|Admiral"
    r"|Commodore|Marshal)(?:\s+(?:General|Colonel|Commander))?)",
    r"(?-i:(?:Lieutenant|Major|Brigadier)\s+General)", r"(?-i:(?:Vice|Rear)\s+Admiral)",
]
_HONORIFIC = r"(?:" + "|".join(_HONORIFIC_WORDS) + r")"
HONORIFICS_RE = re.compile(rf"^\s*((?:{_HONORIFIC}\s+)*{_HONORIFIC})(?=\s)\s*", re.IGNORECASE)
POSTPOSED_RE = re.compile(r"^\s*\((Mr|Mrs|Ms|Miss|Dr|Mme|M|Sr|Sra|Prof)(\.?)\)", re.IGNORECASE)
PARTICLES = {"de", "del", "della", "di", "da", "das", "do", "dos", "du", "des", "la", "le", "van",
             "von", "der", "den", "ten", "ter", "y", "e", "zu", "bin", "ibn", "bint", "al", "el",
             "ben", "af", "av", "st", "mac", "abu", "ould", "binti", "bte", "bt", "wa", "a/l", "a/p", "dela",
             "degli", "dei", "lo", "ap", "ferch", "mc", "ní", "nic", "ua", "dello", "vander",
             "épouse", "ép.", "née", "veuve", "vve", "geb.", "los", "las"}
_TOKEN = re.compile(r"^(?:[^\W\d_][\w'’\-]*\.?|(?:[^\W\d_]\.){1,4})$")  # 'W.A.': initials written together
NAME_END = re.compile(r"\s+[–—-]\s+|\s*(?:[,;:(\t|]|(?<!\ba)/)\s*|\s+[–—-]$")  # 'a/l' is a Malay particle


_ARTICLE_RE = re.compile(r"^\s*(?:El|La|Le|el|la|le)\s+(?=\S)")


def split_honorific(text: str) -> tuple[str | None, str]:
    """Return (honorific as written or None, the rest of the text); an article before it is left out ('el Embajador')."""
    article = _ARTICLE_RE.match(text)
    if article and HONORIFICS_RE.match(text[article.end():]):
        text = text[article.end():]
    match = HONORIFICS_RE.match(text)
    if not match:
        return None, text.strip()
    return " ".join(match.group(1).split()), text[match.end():]


def is_name_token(token: str) -> bool:
    """Whether a word can be part of a personal name."""
    if token.lower() in PARTICLES:
        return True
    if not _TOKEN.match(token):
        return False
    return token[0].isupper() or token[:2].lower() in ("d'", "d’") or "-" in token[:4]


def is_upper_word(token: str) -> bool:
    """Whether a word is written in capitals (a family name by convention)."""
    letters = [c for c in token if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def looks_like_name(text: str, strict: bool) -> bool:
    """Whether text is a personal name; strict asks for a capitalised family name too."""
    tokens = text.split()
    words = [t for t in tokens if t.lower() not in PARTICLES]  # 'María José de los Ángeles GARCÍA y PÉREZ'
    if not 1 <= len(words) <= 7 or len(tokens) > 11 or not all(is_name_token(t) for t in tokens):
        return False
    if not any(t[0].isupper() for t in tokens):
        return False
    if (tokens[-1].lower() in PARTICLES and not is_upper_word(tokens[-1])) or tokens[0].lower() in PARTICLES - {"al", "el", "abu", "ben", "bin", "mac", "van", "von", "de", "da", "di", "du", "le", "la"}:
        return False
    if not strict:
        return True
    upper = [t for t in tokens if is_upper_word(t)]
    mixed = [t for t in tokens if not is_upper_word(t) and t.lower() not in PARTICLES]
    return len(tokens) >= 2 and bool(upper) and bool(mixed)


_FUNCTION_WORDS = {"and", "of", "the", "for", "to", "in", "on", "at", "et", "pour", "en", "und", "für", "para", "por", "con"}


def lower_case_given(name: str) -> bool:
    """Whether a name is a given name typed in lower case before a capitalised family name ('deepak RAMDIN')."""
    tokens = name.split()
    lowered = [t for t in tokens if t[:1].islower() and t.lower() not in PARTICLES]
    if not lowered or any(not t.isalpha() or t in _FUNCTION_WORDS for t in lowered):
        return False
    return looks_like_name(" ".join(t[:1].upper() + t[1:] if t in lowered else t for t in tokens), strict=True)


def take_name(text: str) -> tuple[str, str]:
    """Split text into (leading name, rest) at the first separator."""
    match = NAME_END.search(text)
    if not match:
        return text.strip(), ""
    return text[: match.start()].strip(), text[match.start():]


def normalise_name(name: str) -> str:
    """Return a name in reading order: 'FAMILY, Given' becomes 'Given FAMILY'."""
    name = " ".join(name.replace("\u00a0", " ").split()).strip(" ,;.")
    if name.count(",") == 1:
        family, given = (part.strip() for part in name.split(","))
        if family and given and looks_like_name(family, False) and looks_like_name(given, False):
            return f"{given} {family}"
    return name


def name_warning(name: str) -> str | None:
    """Return a warning when a name cannot be split into given and family names."""
    tokens = [t for t in name.split() if t.lower() not in PARTICLES]
    if len(tokens) < 2:
        return f"name could not be split into given and family names: {name!r}"
    return None


def parse_name_cell(text: str) -> tuple[str | None, str]:
    """Parse a table cell that holds a whole name, honorific perhaps included ('(Head of Delegation)' left out)."""
    honorific, rest = split_honorific(" ".join(strip_role_markers(text).split()))
    post = re.search(r"\((Mr|Mrs|Ms|Miss|Dr|Mme|M|Sr|Sra)\.?\)\s*$", rest, re.IGNORECASE)
    if post and not honorific:
        honorific = post.group(0).strip(" ()")
        rest = rest[: post.start()]
    return honorific, normalise_name(rest)
