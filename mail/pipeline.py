"""What an incoming message causes: parse it, record what it says, queue answers or a review.

Parsing runs outside any transaction (it may take seconds); recording, acting and marking the
message handled happen in one transaction, so a crash leaves a message either untouched (it is
handled again on restart) or completely handled — never half.
"""
from __future__ import annotations

import dataclasses
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from email.message import Message as EmailHeaders
from typing import Any

from mail.headers import header_text, read_headers
from mail.loops import automatic_kind, is_own_address, referenced_ids, refusal
from mail.parse import parse_message
from store.audit import log_action
from store.db import Store
from store.delegations import find_delegation, record_list
from store.messages import claim_message, get_message, get_raw, record_parse, unhandled_messages
from store.outbox import answers_since, find_sent_by_message_id
from store.participants import mark_email_failing
from store.records import Message
from store.registration import confirm_message, decline_message, mail_language
from store.reviews import open_review

log = logging.getLogger("copdesk.mail")

# Warnings about one person's contact details: the list is still right; the confirmation names the
# invalid address to the mission and that person simply gets no photo link.
RETURNED_ID = re.compile(rb"(?im)^message-id:[ \t]*(<[^<>\s]+>)")
MAX_BOUNCE_SCAN = 1_000_000
CONTACT_WARNINGS = ("invalid e-mail address for ", "participant without e-mail: ")


@dataclass
class MailOptions:
    """How the pipeline answers: which meeting, our domain and addresses, when to hold for a human."""

    meeting_code: str
    domain: str
    own_addresses: tuple[str, ...] = ()
    always_review: bool = False
    max_answers_per_day: int = 3


@dataclass
class Outcome:
    """What handling one message did."""

    message: int
    action: str  # confirmed, review, declined, bounce, ignored, recorded, unreadable, skipped
    reason: str = ""
    kind: str | None = None
    sender_code: str | None = None
    delegation: int | None = None


def handle_pending(store: Store, options: MailOptions) -> list[Outcome]:
    """Handle every stored message not handled yet, oldest first; return what each caused."""
    outcomes: list[Outcome] = []
    while True:
        batch = [m.id for m in unhandled_messages(store, limit=200) if m.id not in {o.message for o in outcomes}]
        if not batch:
            return outcomes
        outcomes.extend(handle_message(store, message_id, options) for message_id in batch)


def handler_for(store: Store, options: MailOptions) -> Callable[[int], Outcome]:
    """Return handle(message_id) for the poller and the file ingest."""
    return lambda message_id: handle_message(store, message_id, options)


def handle_message(store: Store, message_id: int, options: MailOptions) -> Outcome:
    """Parse one stored message, record what it says and act on it, once. Raises NotFound if it is gone."""
    if get_message(store, message_id).handled_at:
        return Outcome(message_id, "skipped", "already handled")
    raw = get_raw(store, message_id)
    try:
        extraction = parse_message(raw)
    except Exception as error:  # a parser crash must flag the message, never lose it
        log.exception("parser failed on message %d", message_id)
        return _flag_unreadable(store, message_id, raw, options, f"parser crashed: {type(error).__name__}: {error}")
    try:
        with store.tx():
            if not claim_message(store, message_id):
                return Outcome(message_id, "skipped", "already handled")
            record_parse(store, message_id, parse_record(extraction, options, get_message(store, message_id)))
            outcome = act(store, get_message(store, message_id), extraction, raw, read_headers(raw), options)
    except Exception as error:  # a bug acting on one message must not stop the mailbox
        log.exception("acting on message %d failed", message_id)
        return _flag_unreadable(store, message_id, raw, options, f"handling failed: {type(error).__name__}: {error}")
    _log_outcome(outcome)
    return outcome


def parse_record(extraction: Any, options: MailOptions, message: Message) -> dict:
    """Return the message columns to save from an extraction."""
    sender = extraction.sender
    record = {
        "kind": extraction.kind, "reason": extraction.reason, "language": extraction.language,
        "automatic": extraction.automatic, "sender_code": sender.code if sender else None,
        "meeting_code": options.meeting_code, "parse_status": "failed" if malformation(extraction) else "parsed",
        "warnings": list(extraction.warnings),
        "extraction": extraction_dict(extraction), "from_addr": extraction.from_addr,
        "from_name": extraction.from_name, "subject": extraction.subject,
        "date": extraction.date.isoformat() if extraction.date else None,
    }
    if not message.message_id and extraction.message_id:
        record["message_id"] = extraction.message_id
    return record


def malformation(extraction: Any) -> str | None:
    """Return what makes a message unreadable as mail (broken structure, no sender header), or None."""
    if extraction.reason == "unreadable":
        return "unreadable"
    broken = [w for w in extraction.warnings if w.startswith(("malformed", "parser error"))]
    if broken:
        return broken[0]
    if not extraction.from_addr and not extraction.message_id:
        return "no From and no Message-ID"
    return None


def extraction_dict(extraction: Any) -> dict:
    """Return every field of an extraction as JSON-able values (sender as code, name, iso3)."""
    data = {f.name: getattr(extraction, f.name) for f in dataclasses.fields(extraction)}
    sender = extraction.sender
    data["sender"] = {"code": sender.code, "name": sender.name, "iso3": sender.iso3} if sender else None
    data["participants"] = [dataclasses.asdict(p) for p in extraction.participants]
    data["date"] = extraction.date.isoformat() if extraction.date else None
    data["references"] = list(extraction.references or [])
    data["bounced_addresses"] = list(extraction.bounced_addresses or [])
    data["warnings"] = list(extraction.warnings or [])
    return data


def act(store: Store, message: Message, extraction: Any, raw: bytes, headers: EmailHeaders,
        options: MailOptions) -> Outcome:
    """Do what a parsed message asks: confirm, decline, hold for review, note a bounce, or nothing."""
    code = extraction.sender.code if extraction.sender else None
    automatic = extraction.automatic or automatic_kind(headers)
    if message.parse_status == "failed":
        open_review(store, message.id, options.meeting_code, "malformed mail", code)
        return Outcome(message.id, "unreadable", malformation(extraction) or "", extraction.kind, code)
    if automatic == "bounce":
        return note_bounce(store, message, extraction, raw, code)
    if is_own_address(extraction.from_addr or message.from_addr, options.own_addresses):
        return Outcome(message.id, "ignored", "our own mail", extraction.kind, code)
    if automatic:
        if automatic == "mailing-list" and extraction.kind == "delegation" and extraction.participants:
            return hold_for_review(store, message, extraction, code, options, "mailing-list mail")
        return Outcome(message.id, "ignored", f"automatic mail ({automatic})", extraction.kind, code)
    if extraction.declined:
        if code is None:
            return hold_for_review(store, message, extraction, code, options, "declined, sender unknown")
        delegation = decline_message(store, message.id, code, options.meeting_code)
        return Outcome(message.id, "declined", "", extraction.kind, code, delegation.id)
    if extraction.kind == "delegation":
        return register(store, message, extraction, headers, code, options)
    if code is not None:
        return hold_for_review(store, message, extraction, code, options, "question")
    return Outcome(message.id, "recorded", extraction.reason or "", extraction.kind, code)


def register(store: Store, message: Message, extraction: Any, headers: EmailHeaders, code: str | None,
             options: MailOptions) -> Outcome:
    """Confirm a delegation list when the extraction is confident and answering is safe, else hold it."""
    answer_to = extraction.reply_to or extraction.from_addr or message.from_addr
    reason = confidence_gap(extraction, options) or answer_gap(store, message, headers, answer_to, options)
    if reason:
        return hold_for_review(store, message, extraction, code, options, reason)
    update = confirm_message(store, message.id, code, options.meeting_code, options.domain, reply_to=answer_to)
    return Outcome(message.id, "confirmed", f"{len(update.added)} added, {len(update.updated)} updated",
                   extraction.kind, code, update.delegation.id)


def confidence_gap(extraction: Any, options: MailOptions) -> str | None:
    """Return why a delegation extraction needs a human, or None when it can be confirmed."""
    if extraction.sender is None:
        return "sender unknown"
    if not extraction.participants:
        return "no participants found"
    doubts = [w for w in extraction.warnings if not w.startswith(CONTACT_WARNINGS)]
    if doubts:
        return f"parser warning: {doubts[0]}"[:200]
    if options.always_review:
        return "always review"
    return None


def answer_gap(store: Store, message: Message, headers: EmailHeaders, answer_to: str | None,
               options: MailOptions) -> str | None:
    """Return why no automatic answer may go out for this message, or None."""
    if not answer_to:
        return "no address to answer"
    own_ids = [i for i in referenced_ids(headers) if find_sent_by_message_id(store, i)]
    blocked = refusal(headers, message.from_addr, answer_to, options.own_addresses, bool(own_ids))
    if blocked:
        return blocked
    if answers_since(store, answer_to) >= options.max_answers_per_day:
        return "daily answer limit reached"
    return None


def hold_for_review(store: Store, message: Message, extraction: Any, code: str | None, options: MailOptions,
                    reason: str) -> Outcome:
    """Open a review; a known sender's delegation waits as needs_review unless it is confirmed already."""
    open_review(store, message.id, options.meeting_code, reason, code)
    delegation = find_delegation(store, options.meeting_code, code) if code else None
    if code and reason != "question" and (delegation is None or delegation.state != "confirmed"):
        update = record_list(store, options.meeting_code, code, [], message=message.id, state="needs_review",
                             language=mail_language(extraction.language))
        delegation = update.delegation
    return Outcome(message.id, "review", reason, extraction.kind, code, delegation.id if delegation else None)


def note_bounce(store: Store, message: Message, extraction: Any, raw: bytes, code: str | None) -> Outcome:
    """Mark the addresses a bounce reports as failing and log it in the audit log."""
    named = [extraction.in_reply_to, *extraction.references, *returned_message_ids(raw, message.message_id)]
    ours = [i for i in dict.fromkeys(named) if i and find_sent_by_message_id(store, i)]
    touched = []
    for address in extraction.bounced_addresses:
        touched.extend(p.id for p in mark_email_failing(store, address))
    log_action(store, "mail", "bounce", message=message.id, addresses=list(extraction.bounced_addresses),
               participants=touched, our_mail=ours[:1])
    return Outcome(message.id, "bounce", ", ".join(extraction.bounced_addresses), extraction.kind, code)


def returned_message_ids(raw: bytes, own: str | None) -> list[str]:
    """Return the Message-IDs quoted anywhere in a bounce (the returned original's headers), except own."""
    found = (i.decode("ascii", "replace") for i in RETURNED_ID.findall(raw[:MAX_BOUNCE_SCAN]))
    return [i for i in found if i != own]


def _flag_unreadable(store: Store, message_id: int, raw: bytes, options: MailOptions, problem: str) -> Outcome:
    """Keep a message the pipeline could not handle, flagged for a human."""
    headers = read_headers(raw)
    with store.tx():
        if not claim_message(store, message_id):
            return Outcome(message_id, "skipped", "already handled")
        record_parse(store, message_id, {
            "parse_status": "failed", "kind": "other", "meeting_code": options.meeting_code,
            "warnings": [problem[:500]], "subject": header_text(headers, "Subject")[:500] or None,
            "from_addr": header_text(headers, "From")[:500] or None})
        open_review(store, message_id, options.meeting_code, "unreadable", None)
    outcome = Outcome(message_id, "unreadable", problem)
    _log_outcome(outcome)
    return outcome


def _log_outcome(outcome: Outcome) -> None:
    """Log one line for the events a human cares about."""
    if outcome.action == "confirmed":
        log.info("delegation of %s recorded from message %d (%s)", outcome.sender_code, outcome.message,
                 outcome.reason)
    elif outcome.action in ("review", "unreadable"):
        log.info("message %d waits for review: %s", outcome.message, outcome.reason)
    elif outcome.action == "declined":
        log.info("%s will not attend (message %d)", outcome.sender_code, outcome.message)
    elif outcome.action == "bounce":
        log.info("bounce (message %d): %s marked failing", outcome.message, outcome.reason or "no address")
