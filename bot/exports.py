"""Exports of the confirmed participants: /export csv|xlsx|docx (the List of Participants)."""
from __future__ import annotations

import csv
import io
from itertools import groupby

from bot.categories import CATEGORIES, ORDER, category_of
from bot.desk import Desk
from bot.replies import Document, Reply, Turn, say
from bot.texts import plural
from store.entities import entity_by_code
from store.participants import meeting_participants
from store.records import Meeting, Participant

COLUMNS = ("category", "entity", "honorific", "name", "function", "head", "email", "phone", "language", "photo")
FORMATS = ("csv", "xlsx", "docx")


def ordered_participants(desk: Desk, meeting: Meeting) -> list[tuple[str, Participant]]:
    """Return (category, participant) for every confirmed participant, in List-of-Participants order."""
    kinds: dict[str, str] = {}
    rows = []
    for p in meeting_participants(desk.store, meeting.code):
        if p.entity_code not in kinds:
            entity = entity_by_code(p.entity_code)
            kinds[p.entity_code] = category_of(entity.kind if entity else None)
        rows.append((kinds[p.entity_code], p))
    rows.sort(key=lambda cp: (ORDER.get(cp[0], 99), cp[1].entity_name.casefold(), not cp[1].head, cp[1].id))
    return rows


def _row(category: str, p: Participant) -> list[str]:
    return [category, p.entity_name, p.honorific or "", p.name, p.function or "", "yes" if p.head else "",
            p.email or "", p.phone or "", p.language, p.photo_state]


def to_csv(rows: list[tuple[str, Participant]]) -> bytes:
    """Return participants as CSV in UTF-8 with a byte-order mark (so Excel reads non-Latin names)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    writer.writerows(_row(c, p) for c, p in rows)
    return out.getvalue().encode("utf-8-sig")


def to_xlsx(rows: list[tuple[str, Participant]]) -> bytes:
    """Return participants as an Excel workbook."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Participants"
    sheet.append(list(COLUMNS))
    for category, p in rows:
        sheet.append(_row(category, p))
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def to_docx(meeting: Meeting, rows: list[tuple[str, Participant]]) -> bytes:
    """Return the List of Participants as the UN publishes it: by category, entity, then each person."""
    from docx import Document as WordDocument

    doc = WordDocument()
    doc.add_heading("List of participants", level=0)
    doc.add_paragraph(meeting.title)
    where = ", ".join(str(x) for x in (meeting.get("city"), meeting.get("start"), meeting.get("end")) if x)
    if where:
        doc.add_paragraph(where)
    for category, group in groupby(rows, key=lambda cp: cp[0]):
        doc.add_heading(dict((c, h) for c, h, _ in CATEGORIES)[category], level=1)
        for entity, members in groupby(group, key=lambda cp: cp[1].entity_name):
            doc.add_heading(entity, level=2)
            for _, p in members:
                text = p.display_name + (f", {p.function}" if p.function else "")
                doc.add_paragraph(text)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def export(desk: Desk, turn: Turn) -> list[Reply]:
    """Answer /export csv|xlsx|docx with the confirmed participants as a file."""
    form = (turn.args.strip().casefold() or "xlsx").lstrip(".")
    if form not in FORMATS:
        return say("Which format? <code>/export csv</code>, <code>/export xlsx</code> or <code>/export docx</code>.")
    meeting = desk.meeting()
    rows = ordered_participants(desk, meeting)
    data = {"csv": lambda: to_csv(rows), "xlsx": lambda: to_xlsx(rows), "docx": lambda: to_docx(meeting, rows)}[form]()
    entities = len({p.entity_code for _, p in rows})
    turn.note(format=form, participants=len(rows))
    name = f"participants-{meeting.code}.{form}" if form != "docx" else f"list-of-participants-{meeting.code}.docx"
    return [Reply(f"{plural(len(rows), 'participant')} from {plural(entities, 'delegation')}",
                  document=Document(name, data))]
