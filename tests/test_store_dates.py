"""Dates in running text, per language."""
import datetime as dt

import pytest

from store.dates import format_day


@pytest.mark.parametrize("day, lang, text", [
    (dt.date(2010, 1, 15), "en", "15 January 2010"),
    (dt.date(2010, 2, 1), "fr", "1er février 2010"),
    (dt.date(2010, 1, 27), "es", "27 de enero de 2010"),
    (dt.date(2010, 1, 27), "ru", "27 January 2010"),
])
def test_format_day(day, lang, text):
    assert format_day(day, lang) == text


def test_without_year():
    assert format_day(dt.date(2010, 1, 27), "es", year=False) == "27 de enero"
