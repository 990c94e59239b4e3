"""The upload pages: Jinja2 templates per language, and meeting dates written the way each language writes them."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from store.dates import format_day

LANGUAGES = ("en", "fr", "es")
TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "web"


def page_language(*candidates: str | None) -> str:
    """Return the first candidate we have pages for, else English."""
    for candidate in candidates:
        code = (candidate or "").strip().lower()[:2]
        if code in LANGUAGES:
            return code
    return "en"


def format_dates(start: dt.date, end: dt.date, lang: str) -> str:
    """Return a meeting's span: 27–29 January 2010, 30 January – 2 February 2010, or one day."""
    if start == end:
        return format_day(start, lang)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{format_day(end, lang)}"
    return f"{format_day(start, lang, year=start.year != end.year)} – {format_day(end, lang)}"


class Pages:
    """Renders the upload pages from templates/web/<lang>/ and the shared layout."""

    def __init__(self, folder: str | Path = TEMPLATES) -> None:
        self.env = Environment(loader=FileSystemLoader(str(folder)), autoescape=select_autoescape(["html"]),
                               undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)

    def render(self, name: str, lang: str, **context: object) -> str:
        """Return page name (photo, received, refused) in lang; 'invalid' is one page in every language."""
        path = "invalid.html" if name == "invalid" else f"{lang}/{name}.html"
        return self.env.get_template(path).render(lang=lang, languages=LANGUAGES, **context)
