"""Plain questions to commands: keyword matching in English, French and Spanish (no external AI)."""
from __future__ import annotations

import re
import unicodedata

from store.entities import find_mentions

# Checked in order; the first rule whose pattern matches wins. Patterns see lower-case text without accents.
RULES: tuple[tuple[str, str], ...] = (
    ("help", r"^(help|aide|ayuda)\b|what can you do|que sais-tu faire|que puedes hacer"),
    ("nophoto", r"\b(photo|photos|foto|fotos|picture|pictures)\b"),
    ("missing", r"not (yet )?(answered|replied|registered)|(hasn'?t|haven'?t|has not|have not) (answered|replied|registered)"
                r"|\bmissing (countries|states|delegations)|\bwho is missing|n'?(a|ont) pas (encore )?repondu"
                r"|pas (encore )?inscrit|no (han|ha) (respondido|contestado)|\bfaltan? (paises|estados|delegaciones)"
                r"|qui manque|quien falta"),
    ("review", r"\b(review|to check|a verifier|a revoir|revisar|revision|pendiente)\b"),
    ("digest", r"\b(digest|summary|resume|resumen)\b"),
    ("agenda", r"\b(agenda|programme|program|ordre du jour|programa|organization of work|organisation des travaux)\b"),
    ("attendance", r"\b(attendance|presence|asistencia|who attended)\b"),
    ("status", r"\b(status|how many|etat|combien|cuantos|cuantas|estado|overview|deadline|date limite|plazo)\b"),
)
FIND = re.compile(r"^(?:find|search|look for|cherche[rz]?|recherche[rz]?|busca[r]?|buscame)\s+(.+)$")
COUNTRY = re.compile(r"\b(who|which|qui|quien|quienes|delegation|delegacion|participants|participantes|coming|vient"
                     r"|viennent|viene|vienen)\b")


def fold(text: str) -> str:
    """Return text lower-cased and without accents, for matching."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("’", "'")


def match_intent(text: str) -> tuple[str, str] | None:
    """Return (command, arguments) for a plain question, or None if it is not understood."""
    folded = fold(text.strip()).rstrip("?!. ")
    found = FIND.match(folded)
    if found:
        return "find", text.strip().rstrip("?!. ")[-len(found.group(1)):]
    if COUNTRY.search(folded) or len(folded.split()) <= 3:
        mentioned = _mentioned(text)
        if mentioned is not None:
            return "country", mentioned
    for command, pattern in RULES:
        if re.search(pattern, folded):
            return command, ""
    return None


def _mentioned(text: str) -> str | None:
    try:
        entities = find_mentions(text)
    except (TypeError, ValueError):
        return None
    return entities[0].entity.name if entities else None
