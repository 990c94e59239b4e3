"""Exports open in openpyxl / python-docx / csv and hold every confirmed participant."""
from __future__ import annotations

import csv
import io

import docx
import openpyxl

from bot.desk import Desk
from bot.exports import export
from bot.replies import Asker, Turn
from store.participants import meeting_participants
from tests.bot_fixtures import USER, Seeded


def exported(desk: Desk, form: str) -> bytes:
    """Return the file /export form answers with."""
    (reply,) = export(desk, Turn(Asker(USER, USER), form))
    return reply.document.data


def confirmed_names(desk: Desk) -> set[str]:
    """Return the names of every confirmed participant."""
    return {p.name for p in meeting_participants(desk.store, "wg-tip-2010")}


def test_csv_has_every_confirmed_participant(desk: Desk, seeded: Seeded) -> None:
    data = exported(desk, "csv")
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert {r["name"] for r in rows} == confirmed_names(desk) == {"Ade Bello", "<b>Bob</b> & Co", "Amina Diallo"}


def test_xlsx_opens_and_has_every_confirmed_participant(desk: Desk, seeded: Seeded) -> None:
    sheet = openpyxl.load_workbook(io.BytesIO(exported(desk, "xlsx"))).active
    header, *rows = list(sheet.values)
    names = {row[header.index("name")] for row in rows}
    assert names == confirmed_names(desk)


def test_docx_is_the_list_of_participants_in_un_order(desk: Desk, seeded: Seeded) -> None:
    document = docx.Document(io.BytesIO(exported(desk, "docx")))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "List of participants"
    order = [texts.index(t) for t in ("States", "Nigeria", "H.E. Mr. Ade Bello, Ambassador", "Mr. <b>Bob</b> & Co, Adviser",
                                      "Intergovernmental organizations", "African Union",
                                      "Ms. Amina Diallo, Legal Officer")]
    assert order == sorted(order)
    assert "Eva Gruber" not in " ".join(texts)  # Austria's list is not confirmed


def test_unknown_format_is_explained(desk: Desk, seeded: Seeded) -> None:
    (reply,) = export(desk, Turn(Asker(USER, USER), "pdf"))
    assert reply.document is None and "/export csv" in reply.text
