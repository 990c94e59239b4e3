"""DOCX and PDF attachments are read in a bounded child process."""
import io
from email.message import EmailMessage

import pytest

from mail.parse import parse_message
from mail.parse.sandbox import MAX_ATTACHMENT_BYTES, AttachmentUnreadable, extract_text


def docx_bytes() -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("DELEGATION OF FREEDONIA")
    table = document.add_table(rows=3, cols=4)
    for row, cells in zip(table.rows, [("No.", "Name", "Position", "E-mail"),
                                        ("1", "Mr. Oleksandr KOVALENKO", "Deputy Minister, Head of Delegation", "ok@msms.gov.ua"),
                                        ("2", "Ms. Olena SHEVCHUK", "Head of Division", "os@mvs.gov.ua")]):
        for cell, text in zip(row.cells, cells):
            cell.text = text
    document.add_paragraph("Permanent Mission of Freedonia")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def pdf_bytes(lines: list[str]) -> bytes:
    """A minimal one-page PDF with a real text layer."""
    text = " ".join(f"({line}) Tj T*" for line in lines)
    stream = f"BT /F1 11 Tf 14 TL 50 780 Td {text} ET".encode("latin-1")
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def with_attachment(data: bytes, filename: str, maintype: str, subtype: str) -> bytes:
    message = EmailMessage()
    message["From"] = "mission@mfa.gov.ua"
    message["To"] = "untoc.cop@unodc.org"
    message["Subject"] = "Delegation"
    message.set_content("Please find attached the list of our delegation.")
    message.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    return message.as_bytes()


def test_docx_table_is_read_in_document_order():
    text = extract_text("docx", docx_bytes())
    assert text.split("\n")[:2] == ["DELEGATION OF FREEDONIA", "No.\tName\tPosition\tE-mail"]


def test_docx_attachment_gives_participants():
    raw = with_attachment(docx_bytes(), "list.docx", "application",
                          "vnd.openxmlformats-officedocument.wordprocessingml.document")
    result = parse_message(raw)
    assert [(p.name, p.function, p.head) for p in result.participants] == [
        ("Oleksandr KOVALENKO", "Deputy Minister", True), ("Olena SHEVCHUK", "Head of Division", False)]


def test_pdf_attachment_gives_participants():
    pdf = pdf_bytes(["La delegation sera composee comme suit :",
                     "- M. Karim ALAOUI, Conseiller, courriel : k.alaoui@maec.gov.ma ;",
                     "- Mme Nadia BENNANI, Chef de service, courriel : n.bennani@maec.gov.ma."])
    result = parse_message(with_attachment(pdf, "note.pdf", "application", "pdf"))
    assert [(p.honorific, p.name, p.email) for p in result.participants] == [
        ("M.", "Karim ALAOUI", "k.alaoui@maec.gov.ma"), ("Mme", "Nadia BENNANI", "n.bennani@maec.gov.ma")]


@pytest.mark.parametrize("kind, data, reason", [
    ("pdf", pdf_bytes([]), "no text layer"),
    ("pdf", b"%PDF-1.4 garbage", "extractor failed"),
    ("docx", b"PK\x03\x04 not a zip", "extractor failed"),
    ("docx", b"x" * (MAX_ATTACHMENT_BYTES + 1), "too big"),
])
def test_unreadable_attachments_raise_a_named_error(kind, data, reason):
    with pytest.raises(AttachmentUnreadable, match=reason):
        extract_text(kind, data)


def test_legacy_doc_and_broken_pdf_become_warnings():
    for data, name, subtype in [(b"\xd0\xcf\x11\xe0", "list.doc", "msword"), (b"%PDF-1.4 x", "note.pdf", "pdf")]:
        result = parse_message(with_attachment(data, name, "application", subtype))
        assert result.kind == "other"
        assert any(name in w and "could not be read" in w for w in result.warnings)
