"""parse_message: raw bytes to an Extraction. Never raises."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from mail.parse import classify
from mail.parse.coverage import incomplete_warning
from mail.parse.extraction import Extraction, Person, unreadable
from mail.parse.language import guess_language
from mail.parse.layouts import INTRO_RE, Record, find_records, person_start
from mail.parse.message import Mail, parse_addresses, parse_date, read_mail
from mail.parse.names import looks_like_name, take_name
from mail.parse.prose import (CUE_RE, PAST_RE, addition_records, addresses_in_order, apposition_post,
                              contacts_from_possessives, correction_records, mark_head_from_sentence,
                              posts_from_appositions, prose_records)
from mail.parse.people import build_person, check_person, merge_people
from mail.parse.quotes import Segment, split_segments, split_signature, signature_block
from mail.parse.sandbox import AttachmentUnreadable, extract_text

_FORWARD_SUBJECT = re.compile(r"^\s*(?:(?:re|aw|sv|rv|r)\s*:\s*)*(?:fw|fwd|tr|rv|wg|enc|reenv|пересл)\s*:", re.I)


@dataclass
class Texts:
    """The parts of a message the extraction reads."""

    own: list[str] = field(default_factory=list)
    signature: list[str] = field(default_factory=list)
    forwarded: list[Segment] = field(default_factory=list)
    attachments: list[tuple[str, list[str]]] = field(default_factory=list)


def parse_message(raw: bytes) -> Extraction:
    """Read one raw message into an Extraction; any failure becomes kind 'other' + warning."""
    try:
        if not isinstance(raw, (bytes, bytearray)):
            raw = str(raw).encode("utf-8", "replace")
        return _parse(bytes(raw))
    except Exception as error:  # the contract: never raise on arbitrary bytes
        return unreadable("unreadable", f"parser error: {type(error).__name__}")


def _parse(raw: bytes) -> Extraction:
    """Do the work of parse_message."""
    mail = read_mail(raw)
    ex = Extraction(kind="other", reason="", sender=None, participants=[], language="en",
                    warnings=list(mail.warnings))
    _fill_headers(ex, mail)
    ex.automatic = classify.automatic_kind(mail)
    if ex.automatic == "bounce":
        ex.reason, ex.bounced_addresses = "bounce", classify.bounced_addresses(mail)
        return ex
    texts = _gather(mail, ex)
    own = "\n".join(texts.own)
    ex.language = guess_language(own)
    ex.sender = _resolve_sender(texts, ex)
    if ex.automatic:
        ex.reason = ex.automatic
        return ex
    people, contact_dropped = _extract_people(mail, texts, ex)
    _decide(ex, people, own, contact_dropped)
    return ex


def _fill_headers(ex: Extraction, mail: Mail) -> None:
    """Copy the threading and address headers into the extraction."""
    header = mail.header
    ex.subject = header("subject")
    ex.message_id = _angle(header("message-id"))
    ex.in_reply_to = _angle(header("in-reply-to"))
    ex.references = re.findall(r"<[^<>\s]+>", header("references"))[:50]
    sender = parse_addresses(header("from"))
    if sender:
        ex.from_name, ex.from_addr = sender[0][0] or None, sender[0][1]
    elif header("from"):
        ex.warnings.append(f"malformed header: From {header('from')[:100]!r}")
    reply_to = parse_addresses(header("reply-to"))
    ex.reply_to = reply_to[0][1] if reply_to else None
    ex.date = parse_date(header("date"))
    ex.return_path_null = classify.is_null_return_path(mail)


def _angle(value: str) -> str | None:
    """Return the first <id> of a header, or None."""
    match = re.search(r"<[^<>\s]+>", value)
    return match.group(0) if match else (value.strip() or None)


def _gather(mail: Mail, ex: Extraction) -> Texts:
    """Split the body into own text, signature and forwarded parts; read attachments."""
    texts = Texts()
    body = "\n\n".join(s.text for s in mail.sections if s.origin == "body")
    for segment in split_segments(body):
        if segment.kind == "own":
            texts.own.extend(segment.lines + [""])
        elif not segment.is_secretariat():
            texts.forwarded.append(segment)
    texts.own, texts.signature = split_signature(texts.own)
    for section in mail.sections:
        if section.origin == "attached":
            segment = Segment("forwarded", section.text.split("\n"), section.sender)
            if not segment.is_secretariat():
                texts.forwarded.append(segment)
        elif section.origin == "attachment":
            texts.attachments.append((section.name, section.text.split("\n")))
    for attachment in mail.attachments:
        _read_attachment(attachment, texts, ex)
    return texts


def _read_attachment(attachment, texts: Texts, ex: Extraction) -> None:  # noqa: ANN001
    """Add an attachment's text, or a warning that a human must read it."""
    if attachment.kind == "image":
        return
    if attachment.kind == "legacy":
        ex.warnings.append(f"attachment could not be read (legacy format): {attachment.name}")
        return
    try:
        text = extract_text(attachment.kind, attachment.data)
    except AttachmentUnreadable as error:
        ex.warnings.append(f"attachment could not be read ({error}): {attachment.name}")
        return
    texts.attachments.append((attachment.name, text.split("\n")))


def _extract_people(mail: Mail, texts: Texts, ex: Extraction) -> tuple[list[Person], bool]:
    """Find the listed participants: own text, attachments, then a forward from the capital."""
    records = find_records(texts.own, "body")
    sources = [texts.own]
    for name, lines in texts.attachments:
        if not _is_invitation(lines):
            sources.append(split_signature(lines)[0])
            records.extend(find_records(sources[-1], "attachment"))
    if not records and (texts.forwarded and (_FORWARD_SUBJECT.match(ex.subject) or _points_below(texts.own)
                                            or any(s.text for s in texts.forwarded if s.kind == "forwarded"))):
        for segment in texts.forwarded:
            sources.append(split_signature(segment.lines)[0])
            records.extend(find_records(sources[-1], "forwarded"))
        if records:  # "In addition, Ms. X, Third Secretary at this Mission, will also attend" above the forward
            records[:0] = [r for r in prose_records(texts.own) if not classify.CONTACT_RE.search(r.rest)]
    signer = _trailing_signer(records, texts.own)
    if signer and not classify.registers_self("\n".join(texts.own)):
        records.remove(signer)  # a signature block without a closing formula above it
        ex.warnings.append(f"signature block not read as a participant: {signer.name}")
    records = _sentences_as_prose(records, texts.own)
    records = [r for r in records if not _cancelled(r) and not _announced_before(r) and not _helper(r, ex)]
    kept = [r for r in records if not classify.CONTACT_RE.search(r.lead)]
    contact_dropped = len(kept) < len(records)
    if kept and any(r.origin == "body" for r in kept):  # "In addition, Ms. X … will also attend" below the list
        kept += [r for r in addition_records(texts.own) if not classify.CONTACT_RE.search(r.rest) and not _cancelled(r)]
    if not kept and not contact_dropped:  # "the correct address of Ms X is A, not B": she is annotated again
        kept = correction_records(texts.own)
    if not kept and not contact_dropped and classify.registers_self("\n".join(texts.own)):
        kept = _self_registration(texts)
    if not kept and not contact_dropped:
        kept = [r for r in prose_records(texts.own) if not classify.CONTACT_RE.search(r.rest) and not _cancelled(r)]
        if kept:
            ex.warnings.append("participants read from running text: check names and functions")
    if kept and _unrelated_circular("\n".join(texts.own)):
        ex.warnings.append("circular note that names no delegation: people in it not read as participants: "
                           + ", ".join(r.name for r in kept))
        kept = []
    people = merge_people([build_person(r) for r in kept], ex.warnings)
    if kept and (all(r.origin == "prose" for r in kept) or (len(people) >= 2 and all(r.origin == "body" for r in kept))):
        addresses_in_order(people, "\n".join(texts.own))  # 'E-mail addresses:' listed after the names
    mark_head_from_sentence(people, "\n".join(texts.own))
    contacts_from_possessives(people, "\n".join(texts.own))
    if posts_from_appositions(people, "\n".join(texts.own)):
        ex.warnings.append("a post was taken from running text: check it")
    for person in people:
        check_person(person, ex.warnings)
    incomplete = incomplete_warning(sources, len(people))
    if incomplete:
        ex.warnings.append(incomplete)
    return people, contact_dropped


def _trailing_signer(records: list[Record], own: list[str]) -> Record | None:
    """The record a signature block makes when no closing formula sets it apart: the only entry read from the
    writer's text, a name without honorific opening its last paragraph, below running text that announces no list."""
    body = [r for r in records if r.origin == "body"]
    if len(body) != 1 or body[0].honorific or body[0].cells is not None or body[0].head or body[0].rest.strip():
        return None  # a one-line entry ('John SMITH, Counsellor, js@…') is a listed person
    paragraphs = [p.strip() for p in "\n".join(own).split("\n\n") if p.strip()]
    if len(paragraphs) < 2 or not paragraphs[-1].startswith(body[0].name):
        return None
    above = paragraphs[-2].rstrip()
    return None if above.endswith(":") or INTRO_RE.search(above) else body[0]


def _sentences_as_prose(records: list[Record], own: list[str]) -> list[Record]:
    """Read an 'entry' that is really a sentence naming more people ('Mr. X, …, will head the delegation.
    He will be accompanied by Ms. Y') as running text: one record per person it names."""
    sentence_like = [r for r in records if r.origin == "body" and r.cells is None and not r.lines
                     and len(r.rest) > 80 and CUE_RE.search(r.rest)]
    if not sentence_like:
        return records
    prose = prose_records(own)
    out: list[Record] = []
    for record in records:
        named = [p for p in prose if p.name != record.name and p.name in record.rest]
        if record in sentence_like and named:
            out.extend([p for p in prose if p.name == record.name][:1] + named)
        else:
            out.append(record)
    return out


def _announced_before(record: Record) -> bool:
    """Whether an entry is a sentence about someone named earlier ('…, who was nominated in our earlier note, will attend')."""
    return record.cells is None and bool(PAST_RE.search(record.rest)) \
        and bool(re.search(r"\b(?:who|will|was|were|has been|remains?|continues?|qui|quien)\b", record.rest, re.IGNORECASE))


def _unrelated_circular(text: str) -> bool:
    """Whether the text is a circular note to all missions that speaks of no delegation, meeting or attendance."""
    return bool(classify.CIRCULAR_RE.search(text)) and not classify.MEETING_RE.search(text)


def _helper(record: Record, ex: Extraction) -> bool:
    """Whether the entry is a sentence putting someone in copy or in charge of travel (warned for review)."""
    if record.cells is not None or not classify.names_a_helper(record.rest):
        return False
    ex.warnings.append(f"named in copy or for arrangements, not read as a participant: {record.name}")
    return True


def _cancelled(record: Record) -> bool:
    """Whether the entry itself says this person no longer attends (a cancellation, the outgoing half of a swap)."""
    return bool(classify.CANCEL_RE.search(record.rest if record.cells is None else ""))


def _is_invitation(lines: list[str]) -> bool:
    """Whether an attachment is the secretariat's own invitation coming back."""
    return Segment("forwarded", lines[:80]).is_secretariat()


def _points_below(lines: list[str]) -> bool:
    """Whether the writer points to a list further down (a forward without FW: subject)."""
    return bool(re.search(r"see below|find below|below the|ci-dessous|ci-après|a continuación|abajo|следующ",
                          "\n".join(lines), re.IGNORECASE))


def _self_registration(texts: Texts) -> list[Record]:
    """The writer registers themself: the participant is the signature."""
    lines = signature_block(texts.signature)
    for i, line in enumerate(lines[:4]):
        start = person_start(line)
        if not start:
            name, rest = take_name(line)
            if not looks_like_name(name, strict=False) or len(name.split()) < 2:
                continue
            start = (None, name, rest)
        honorific, name, rest = start
        own = "\n".join(texts.own)
        return [Record(honorific, name, rest, lines=lines[i + 1:], head=classify_head(own), origin="signature",
                       post=_stated_post(own) or apposition_post(name, own))]
    return []


_CAPACITY_RE = re.compile(r"\b(?:in my (?:capacity|quality) as|en ma qualit[ée] de|en mi (?:calidad|condici[oó]n|car[áa]cter) de)"
                          r"\s+(?:the\s+|l[ea]?\s+|l'|el\s+)?(.+?)(?=[.;]\s|[.;]?$|\n\s*\n)", re.IGNORECASE | re.DOTALL)


def _stated_post(text: str) -> str | None:
    """The post a self-registering writer states in the text ('in my capacity as Attaché …'), role markers aside."""
    match = _CAPACITY_RE.search(text)
    if not match:
        return None
    from mail.parse.contacts import strip_role_markers

    post = " ".join(strip_role_markers(match.group(1)).split()).strip(" ,;:")
    return post or None


def classify_head(text: str) -> bool:
    """Whether the writer designates themself head of delegation."""
    from mail.parse.contacts import has_head_marker

    return has_head_marker(text)


def _decide(ex: Extraction, people: list[Person], own: str, contact_dropped: bool) -> None:
    """Set kind, reason, amendment and declined."""
    if people:
        ex.kind, ex.participants = "delegation", people
        ex.amendment = bool(classify.AMENDMENT_RE.search(own + "\n" + ex.subject))
        ex.reason = "amendment" if ex.amendment else "list"
        return
    ex.reason, ex.declined = classify.reason_without_people(own, contact_dropped)


def _resolve_sender(texts: Texts, ex: Extraction):  # noqa: ANN202 - store.entities.Entity
    """Identify the State or organization the message comes from."""
    try:
        from store.senders import resolve_sender
    except ImportError:
        ex.warnings.append("no sender found: entity list unavailable")
        return None
    body = "\n".join(texts.own + [s.text for s in texts.forwarded]
                     + [line for _, lines in texts.attachments for line in lines[:60]])
    try:
        entity = resolve_sender(body, ex.subject, ex.from_addr or "", "\n".join(texts.signature))
    except Exception as error:
        ex.warnings.append(f"no sender found: resolver error {type(error).__name__}")
        return None
    if entity is None:
        ex.warnings.append("no sender found")
    return entity
