"""Dates as letters and pages write them in English, French and Spanish."""
from __future__ import annotations

import datetime as dt

MONTHS = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"),
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
           "novembre", "décembre"),
    "es": ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
           "noviembre", "diciembre"),
}


def format_day(day: dt.date, lang: str, year: bool = True) -> str:
    """Return a date as written in running text: 27 January 2010, 1er février 2010, 27 de enero de 2010."""
    lang = lang if lang in MONTHS else "en"
    month = MONTHS[lang][day.month - 1]
    if lang == "es":
        return f"{day.day} de {month}" + (f" de {day.year}" if year else "")
    number = "1er" if lang == "fr" and day.day == 1 else str(day.day)
    return f"{number} {month}" + (f" {day.year}" if year else "")
