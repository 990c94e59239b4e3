"""Reminders and links: /remind missing|photos (preview, then Confirm) and /resend NAME."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from bot.desk import Desk
from bot.queries import missing_entities
from bot.replies import Button, Reply, Turn, say
from bot.texts import esc, plural
from store.db import NotFound
from store.delegations import get_participant
from store.links import revoke_links
from store.outbox import make_message_id, queue_mail
from store.overview import entity_contact, find_participants, photo_link_rounds
from store.participants import without_photo
from store.records import Participant
from store.registration import mail_language, queue_photo_link

MAX_LISTED = 30
MAX_CHOICES = 8
GIST = {
    "photos": {"en": "Your photograph for the conference badge has not reached us yet. "
                     "Please upload it with your personal link (a fresh link is included).",
               "fr": "Nous n'avons pas encore reçu votre photographie pour le badge. "
                     "Veuillez la déposer grâce à votre lien personnel (un nouveau lien est joint).",
               "es": "Aún no hemos recibido su fotografía para el pase de conferencia. "
                     "Le rogamos que la cargue con su enlace personal (se incluye un enlace nuevo)."},
    "missing": {"en": "The secretariat has not yet received the composition of your delegation; "
                      "please send it by the deadline.",
                "fr": "Le secrétariat n'a pas encore reçu la composition de votre délégation ; "
                      "veuillez la communiquer avant la date limite.",
                "es": "La secretaría aún no ha recibido la composición de su delegación; "
                      "le rogamos que la envíe antes de la fecha límite."},
}
TEMPLATES = {"photos": "reminder_photo", "missing": "reminder_missing"}


@dataclass
class Recipient:
    """One reminder to queue: to whom, in which language, and what it is about."""

    label: str
    to_addr: str
    language: str
    participant: int | None = None
    entity_code: str | None = None


def photo_recipients(desk: Desk, meeting_code: str) -> tuple[list[Recipient], list[Participant]]:
    """Return the participants a photo reminder can reach, and those it cannot (no usable address)."""
    reachable, unreachable = [], []
    for p in without_photo(desk.store, meeting_code):
        if p.email and p.email_state not in ("failing", "invalid"):
            reachable.append(Recipient(f"{p.display_name} ({p.entity_name})", p.email, mail_language(p.language),
                                       participant=p.id))
        else:
            unreachable.append(p)
    return reachable, unreachable


def missing_recipients(desk: Desk, meeting_code: str) -> tuple[list[Recipient], list[str]]:
    """Return the silent entities with a known address (their last message), and the names of those without."""
    reachable, unreachable = [], []
    for entity in missing_entities(desk, desk.meeting()):
        contact = entity_contact(desk.store, entity.code)
        if contact:
            reachable.append(Recipient(entity.name, contact[0], mail_language(contact[1]), entity_code=entity.code))
        else:
            unreachable.append(entity.name)
    return reachable, unreachable


def _recipients(desk: Desk, which: str) -> tuple[list[Recipient], list[str]]:
    code = desk.meeting().code
    if which == "photos":
        reachable, people = photo_recipients(desk, code)
        return reachable, [f"{p.display_name} ({p.entity_name})" for p in people]
    return missing_recipients(desk, code)


def remind(desk: Desk, turn: Turn) -> list[Reply]:
    """Answer /remind missing|photos with a preview (how many, to whom, the text) and a Confirm button."""
    which = turn.args.strip().casefold()
    if which not in TEMPLATES:
        return say("Remind whom? <code>/remind missing</code> (delegations not received) or "
                   "<code>/remind photos</code> (photos not received).")
    reachable, unreachable = _recipients(desk, which)
    turn.note(recipients=len(reachable))
    if not reachable:
        extra = f" ({plural(len(unreachable), 'has', 'have')} no usable address)" if unreachable else ""
        return say(f"Nobody to remind{extra}.")
    languages = Counter(r.language for r in reachable)
    title = "Photo reminder" if which == "photos" else "Reminder to send the delegation"
    lines = [f"<b>{title}</b>: {plural(len(reachable), 'e-mail')}, each in its recipient's language "
             f"({', '.join(f'{lang} {n}' for lang, n in sorted(languages.items()))}):"]
    lines += [f"• {esc(r.label)} — {esc(r.to_addr)} [{r.language}]" for r in reachable[:MAX_LISTED]]
    if len(reachable) > MAX_LISTED:
        lines.append(f"… and {len(reachable) - MAX_LISTED} more")
    if unreachable:
        lines.append(f"Not reachable (no usable address): {len(unreachable)}")
    for lang in sorted(languages):
        lines.append(f"\n<i>{lang}</i>: {esc(GIST[which].get(lang, GIST[which]['en']))}")
    return say("\n".join(lines), [[Button(f"Confirm: send {len(reachable)}", f"rm:{which}"),
                                   Button("Cancel", "rm:cancel")]])


def confirm_reminders(desk: Desk, turn: Turn) -> list[Reply]:
    """Queue the reminders previewed (at most one per recipient and day, whatever is pressed twice)."""
    which = turn.args
    if which == "cancel":
        return say("Cancelled: no reminder was queued.")
    if which not in TEMPLATES:
        return say("That reminder is no longer valid.")
    meeting_code = desk.meeting().code
    reachable, _ = _recipients(desk, which)
    day = desk.today().isoformat()
    queued = 0
    with desk.store.tx():
        for r in reachable:
            key = f"{TEMPLATES[which]}:{meeting_code}:{r.participant or r.entity_code}:{day}"
            context = {"meeting_code": meeting_code, "participant": r.participant, "entity_code": r.entity_code}
            mail = queue_mail(desk.store, kind=TEMPLATES[which], template=TEMPLATES[which], to_addr=r.to_addr,
                              language=r.language, message_id=make_message_id(desk.options.domain),
                              dedupe_key=key, participant=r.participant,
                              context={k: v for k, v in context.items() if v is not None})
            if mail is not None:
                queued += 1
                turn.note(outbox=mail.id)
    skipped = len(reachable) - queued
    tail = f" ({skipped} had already been reminded today)" if skipped else ""
    return say(f"Queued {plural(queued, 'reminder')}{tail}.")


def resend(desk: Desk, turn: Turn) -> list[Reply]:
    """Answer /resend NAME: revoke the participant's link and queue a new one (or offer a choice)."""
    text = turn.args.strip()
    if not text:
        return say("Whose link? For example: <code>/resend smith</code>")
    found = find_participants(desk.store, desk.meeting().code, text)
    if not found:
        return say(f"Nobody matches “{esc(text)}”.")
    if len(found) > 1:
        buttons = [[Button(f"{p.display_name} ({p.entity_name})"[:60], f"rs:{p.id}")] for p in found[:MAX_CHOICES]]
        return say(f"Several people match “{esc(text)}”. Whose link should I send again?", buttons)
    return resend_link(desk, turn, found[0])


def resend_button(desk: Desk, turn: Turn) -> list[Reply]:
    """Answer the button that picks whose link to send again."""
    try:
        return resend_link(desk, turn, get_participant(desk.store, int(turn.args)))
    except (NotFound, ValueError):
        return say("That participant is no longer registered.")


def resend_link(desk: Desk, turn: Turn, person: Participant) -> list[Reply]:
    """Revoke a participant's links and queue a new photo link."""
    turn.note(participant=person.id)
    name = f"<b>{esc(person.display_name)}</b>"
    if person.photo_state == "received":
        return say(f"{name} has already sent a photo; no new link was sent.")
    if not person.email or person.email_state in ("failing", "invalid"):
        return say(f"{name} has no usable e-mail address; no link was sent.")
    with desk.store.tx():
        revoked = revoke_links(desk.store, person.id)
        rounds = photo_link_rounds(desk.store, person.id)
        queued = queue_photo_link(desk.store, person, person.meeting_code, desk.options.domain, round_=rounds + 1)
    if not queued:
        return say(f"A new link for {name} is already queued.")
    return say(f"New photo link queued for {name} ({esc(person.email)}); {plural(revoked, 'old link')} revoked.")
