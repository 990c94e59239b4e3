"""A small stop-word guess at the language of the mission's own text."""
from __future__ import annotations

import re

_STOP = {
    "en": "the of and to in with for is will be please our we this that as are by from have",
    "fr": "le la les des du de et à au aux est sont pour une dans avec nous vous votre sur par",
    "es": "el la los las del de y en con para por una su que se al nos les esta sus como",
    "de": "der die das und ist mit für den dem des ein eine wir sie nicht auf",
}
_WORDS = {lang: set(words.split()) for lang, words in _STOP.items()}
_SCRIPTS = [("ru", re.compile(r"[\u0400-\u04FF]")), ("ar", re.compile(r"[\u0600-\u06FF]")),
            ("zh", re.compile(r"[\u4E00-\u9FFF]"))]


def guess_language(text: str) -> str:
    """Return 'en', 'fr', 'es', 'ru', 'ar', 'zh' … for a text (default 'en')."""
    sample = text[:5000]
    words = re.findall(r"[^\W\d_]+", sample.lower())
    if not words:
        return "en"
    for lang, script in _SCRIPTS:
        if len(script.findall(sample)) > len(sample) * 0.3:
            return lang
    scores = {lang: sum(1 for w in words if w in stop) for lang, stop in _WORDS.items()}
    best = max(scores, key=lambda lang: scores[lang])
    return best if scores[best] > 0 else "en"
