"""web.pages: the page language, meeting dates per language, and every page renders in every language."""
from __future__ import annotations

import datetime as dt

import pytest

from web.pages import LANGUAGES, Pages, format_dates, page_language


@pytest.mark.parametrize("candidates, lang", [(("fr",), "fr"), ((None, "es"), "es"), (("de", "ar"), "en"),
                                              (("FR-ca",), "fr"), ((), "en"), (("", None), "en")])
def test_page_language(candidates: tuple, lang: str) -> None:
    assert page_language(*candidates) == lang


@pytest.mark.parametrize("start, end, lang, text", [
    ("2010-01-27", "2010-01-29", "en", "27–29 January 2010"),
    ("2010-01-27", "2010-01-29", "fr", "27–29 janvier 2010"),
    ("2010-01-27", "2010-01-29", "es", "27–29 de enero de 2010"),
    ("2010-01-30", "2010-02-01", "fr", "30 janvier – 1er février 2010"),
    ("2009-12-30", "2010-01-02", "es", "30 de diciembre de 2009 – 2 de enero de 2010"),
    ("2010-03-01", "2010-03-01", "en", "1 March 2010"),
])
def test_format_dates(start: str, end: str, lang: str, text: str) -> None:
    assert format_dates(dt.date.fromisoformat(start), dt.date.fromisoformat(end), lang) == text


CONTEXT = {"token": "t" * 43, "person": "Ms. <b>Anna</b>", "min_width": 600, "min_height": 800, "max_mb": 10,
           "max_bytes": 10485760, "has_photo": True, "received_on": "2 January 2010", "expires_on": "1 March 2010",
           "meeting": {"title": "A meeting", "dates": "27–29 January 2010", "venue": "VIC, Vienna",
                       "badge_pickup": "Gate 1"},
           "width": 900, "height": 1200, "found_width": 10, "found_height": 20}


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", ["photo", "received", "refused"])
def test_every_page_renders_escaped_in_every_language(name: str, lang: str) -> None:
    for reason in ("not_photo", "too_small", "too_large", "too_many_pixels", "damaged", "no_file", "other"):
        page = Pages().render(name, lang, reason=reason, **CONTEXT)
        assert f'<html lang="{lang}">' in page
        assert "Ms. &lt;b&gt;Anna&lt;/b&gt;" in page or name == "refused"
        assert "<script>" not in page and "style=" not in page


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_refusal_reason_has_its_own_words(lang: str) -> None:
    reasons = ("not_photo", "too_small", "too_large", "too_many_pixels", "damaged", "no_file", "other")
    pages = {Pages().render("refused", lang, reason=r, **CONTEXT) for r in reasons}
    assert len(pages) == len(reasons)


def test_the_invalid_page_speaks_three_languages() -> None:
    page = Pages().render("invalid", "en")
    assert "no longer valid" in page and 'lang="fr"' in page and 'lang="es"' in page
