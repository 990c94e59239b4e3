"""Registration: turn a stored extraction into a delegation and queue the mail it causes.

Both the mail pipeline (confident extractions) and the bot (a human accepting a review) call
confirm_message; nothing is rendered here: outbox rows carry a template and its context, and
the sender renders them (and issues photo-link tokens) just before sending.
"""
from __future__ import annotations

from store.db import Store
from store.delegations import record_declined, record_list
from store.messages import get_message
from store.outbox import make_message_id, queue_mail
from store.records import DelegationUpdate, Message, PersonIn, Participant

LANGUAGES = ("en", "fr", "es")


def mail_language(language: str | None) -> str:
    """Return the language we write in: the sender's if we have templates for it, else English."""
    return language if language in LANGUAGES else "en"


def people_of(message: Message) -> list[PersonIn]:
    """Return the participants a stored extraction lists."""
    found = (message.extraction or {}).get("participants", [])
    keys = PersonIn.__dataclass_fields__
    return [PersonIn(**{k: v for k, v in p.items() if k in keys}) for p in found]


def reply_headers(message: Message) -> dict:
    """Return In-Reply-To and References for an answer threaded under message."""
    extraction = message.extraction or {}
    own = message.message_id
    refs = [r for r in extraction.get("references", []) if r]
    if own and own not in refs:
        refs.append(own)
    return {"in_reply_to": own, "references": " ".join(refs[-20:]) or None}


def confirm_message(store: Store, message_id: int, entity_code: str, meeting_code: str, domain: str,
                    reply_to: str | None = None) -> DelegationUpdate:
    """Record a message's list as a confirmed delegation and queue the confirmation and photo links."""
    message = get_message(store, message_id)
    extraction = message.extraction or {}
    language = mail_language(message.language or extraction.get("language"))
    with store.tx():
        update = record_list(store, meeting_code, entity_code, people_of(message), message=message_id,
                             state="confirmed", language=language)
        to_addr = reply_to or extraction.get("reply_to") or message.from_addr
        if to_addr:
            queue_confirmation(store, message, update, to_addr, language, domain, bool(extraction.get("amendment")))
        for participant in update.added + update.updated:
            queue_photo_link(store, participant, meeting_code, domain)
    return update


def queue_confirmation(store: Store, message: Message, update: DelegationUpdate, to_addr: str, language: str,
                       domain: str, amendment: bool) -> None:
    """Queue the answer to the mission, threaded under its message, once per message."""
    extraction = message.extraction or {}
    invalid = [p.get("email_as_written") for p in extraction.get("participants", []) if p.get("email_as_written")]
    queue_mail(store, kind="confirmation", template="confirmation", to_addr=to_addr, language=language,
               message_id=make_message_id(domain), dedupe_key=f"confirmation:{message.id}",
               delegation=update.delegation.id, source_message=message.id,
               context={"delegation": update.delegation.id, "entity_code": update.delegation.entity_code,
                        "meeting_code": update.delegation.meeting_code, "amendment": amendment,
                        "added": [p.id for p in update.added], "updated": [p.id for p in update.updated],
                        "invalid_addresses": invalid, "subject": message.subject or ""},
               **reply_headers(message))


def queue_photo_link(store: Store, participant: Participant, meeting_code: str, domain: str,
                     round_: int = 0) -> bool:
    """Queue a photo-upload link to a participant with a usable address; False if none or already queued."""
    if not participant.email or participant.email_state == "failing" or participant.photo_state == "received":
        return False
    key = f"photo_link:{participant.id}:{participant.email.casefold()}" + (f":{round_}" if round_ else "")
    queued = queue_mail(store, kind="photo_link", template="photo_link", to_addr=participant.email,
                        language=mail_language(participant.language), message_id=make_message_id(domain),
                        dedupe_key=key, participant=participant.id,
                        context={"participant": participant.id, "meeting_code": meeting_code})
    return queued is not None


def decline_message(store: Store, message_id: int, entity_code: str, meeting_code: str):
    """Record a message that says the entity will not attend."""
    message = get_message(store, message_id)
    return record_declined(store, meeting_code, entity_code, message_id, mail_language(message.language))
