"""Compose outgoing mail: render an outbox row from its templates into the exact bytes to send.

The sender calls Renderer.render just before SMTP; photo-link tokens are issued here, and the bytes are
kept on the row (store.outbox.set_raw) so that a retry sends exactly the same message, link included.
"""
from __future__ import annotations

import datetime as dt
import html as html_lib
import re
from pathlib import Path

import jinja2
from markupsafe import Markup

from mail.envelope import ComposeError, Envelope, Recipient, build_message, clean_line, recipient_for, \
    reply_subject
from store.dates import format_day
from store.db import NotFound, Store
from store.delegations import get_delegation, get_participant, list_participants
from store.entities import entity_by_code
from store.links import issue_link
from store.meetings import get_meeting
from store.outbox import set_raw
from store.records import Meeting, OutboxMail, Participant

LANGUAGES = ("en", "fr", "es")
TEMPLATES = ("confirmation", "photo_link", "reminder_photo", "reminder_missing", "digest")
PARTS = ("subject.txt", "txt", "html")
PHOTO_TEMPLATES = ("photo_link", "reminder_photo")
REPLIES = ("confirmation",)
DEFAULT_REQUIREMENTS = ("recent photograph", "in colour", "plain light background", "face centred and uncovered",
                        "JPEG or PNG file", "at least 600 x 800 pixels", "at most 10 MB")
SENTENCE_LOWER = frozenset({"First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth", "Ninth",
                            "Tenth", "Eleventh", "Twelfth", "Meeting", "Session", "Resumed", "Special", "Regular",
                            "Première", "Premier", "Deuxième", "Troisième", "Réunion", "Session", "Primera",
                            "Segunda", "Tercera", "Reunión", "Sesión"})
DIGEST_TAGS = "b|strong|i|em|u|s|code|pre|p|br|ul|ol|li|h2|h3|h4|table|thead|tbody|tr|th|td|blockquote"


class MailObsolete(ComposeError):
    """The mail is no longer wanted (the photo arrived, the address changed); cancel it."""


def mail_language(language: str | None) -> str:
    """Return the language we write in: the row's if we have templates for it, else English."""
    return language if language in LANGUAGES else "en"


def format_date(value: dt.date | str, language: str) -> str:
    """Return a date as a letter writes it: 15 January 2010, 15 janvier 2010, 15 de enero de 2010."""
    day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])
    return format_day(day, mail_language(language))


def format_period(start: dt.date | str, end: dt.date | str, language: str) -> str:
    """Return "from 27 to 29 January 2010" (du 27 au 29 janvier 2010, del 27 al 29 de enero de 2010)."""
    first, last = (d if isinstance(d, dt.date) else dt.date.fromisoformat(str(d)[:10]) for d in (start, end))
    to_text = format_date(last, language)
    if first == last:
        return {"fr": "le ", "es": "el "}.get(language, "on ") + to_text
    from_text = format_date(first, language)
    if first.year == last.year:
        from_text = from_text.rsplit(" ", 2 if language == "es" else 1)[0]
        if first.month == last.month:
            from_text = from_text.split(" ")[0]
    words = {"fr": ("du ", " au "), "es": ("del ", " al ")}.get(language, ("from ", " to "))
    return f"{words[0]}{from_text}{words[1]}{to_text}"


def meeting_view(meeting: Meeting, language: str) -> dict:
    """Return what templates show of a meeting, in the language where the definition offers it."""
    def pick(key: str) -> str:
        return str(meeting.get(f"{key}_{language}") or meeting.get(key) or "")

    title = pick("title")
    own_language = language == "en" or bool(meeting.get(f"title_{language}"))
    return {"title": sentence_title(title) if own_language else title, "short_title": pick("short_title") or pick("title"), "body": pick("body"),
            "venue": pick("venue"), "city": pick("city"), "country": pick("country"),
            "dates": format_period(meeting["start"], meeting["end"], language),
            "start": format_date(meeting["start"], language), "opening_time": pick("opening_time"),
            "deadline": format_date(meeting["deadline"], language), "reference": pick("reference"),
            "symbol": pick("symbol"), "mailbox": pick("mailbox"), "documentation_url": pick("documentation_url"),
            "badge_pickup": pick("badge_pickup"), "place": ", ".join(x for x in (pick("venue"), pick("city")) if x)}


def sentence_title(title: str) -> str:
    """Return a title as it reads after "the": "Second meeting of ..." becomes "second meeting of ..."."""
    first = title.split(" ", 1)[0]
    return first.lower() + title[len(first):] if first in SENTENCE_LOWER else title


def photo_requirements(meeting: Meeting, language: str) -> list[str]:
    """Return the meeting's photo requirements in the language, or [] for the template's own standard list."""
    translated = meeting.get(f"photo_requirements_{language}")
    if translated:
        return [clean_line(r) for r in translated]
    stated = meeting.get("photo_requirements") or []
    if language != "en" and _loose(stated) == _loose(DEFAULT_REQUIREMENTS):
        return []
    return [clean_line(r) for r in stated]


def _loose(items: list[str] | tuple[str, ...]) -> list[str]:
    return [re.sub(r"\W+", "", str(i).casefold().replace("×", "x")) for i in items]


def entity_name(code: str, language: str, fallback: str = "") -> str:
    """Return an entity's name in the language (English if the list has none)."""
    entity = entity_by_code(code)
    if entity is None:
        return clean_line(fallback or code)
    names = entity.names if isinstance(entity.names, dict) else {}
    return clean_line(names.get(language) or entity.name)


def person_view(person: Participant, added: set[int] = frozenset(), updated: set[int] = frozenset()) -> dict:
    """Return one participant as a list in a letter shows them (every value cleaned to one line)."""
    usable = bool(person.email) and person.email_state != "failing"
    return {"name": clean_line(person.name), "honorific": clean_line(person.honorific, 40),
            "function": clean_line(person.function, 300), "head": bool(person.head),
            "email": clean_line(person.email, 254) if usable else "",
            "photo_received": person.photo_state == "received",
            "added": person.id in added, "updated": person.id in updated}


def unusable_addresses(written: list[str], people: list[Participant]) -> list[str]:
    """Return the addresses (as written) that could not be used: invalid ones and ones that bounced."""
    found = list(written or [])
    found += [p.email_as_written for p in people if p.email_state == "invalid" and p.email_as_written]
    found += [p.email for p in people if p.email_state == "failing" and p.email]
    return list(dict.fromkeys(clean_line(a, 254) for a in found if clean_line(a, 254)))


def is_amendment(context: dict, people: list[Participant]) -> bool:
    """Return True if the message changed a delegation registered before (said by the parser, or shown by the ids)."""
    added, updated = set(context.get("added", [])), set(context.get("updated", []))
    if context.get("amendment") or updated:
        return True
    if not added:
        return bool(people)
    return any(p.id < min(added) for p in people)


def confirmation_context(meeting: Meeting, entity: str, people: list[Participant], context: dict,
                         language: str) -> dict:
    """Return the template context of a confirmation to a mission."""
    added, updated = set(context.get("added", [])), set(context.get("updated", []))
    listed = [person_view(p, added, updated) for p in people]
    return {"meeting": meeting_view(meeting, language), "entity_name": clean_line(entity),
            "original_subject": reply_subject(context.get("subject", "")),
            "amendment": is_amendment(context, people), "participants": listed,
            "changes": [p for p in listed if p["added"] or p["updated"]],
            "unusable": unusable_addresses(context.get("invalid_addresses", []), people)}


def photo_context(meeting: Meeting, person: Participant, entity: str, url: str, expires: dt.date,
                  language: str) -> dict:
    """Return the template context of a photo-upload link (first mail or reminder)."""
    return {"meeting": meeting_view(meeting, language), "entity_name": clean_line(entity),
            "participant": person_view(person), "url": url, "expires": format_date(expires, language),
            "requirements": photo_requirements(meeting, language)}


def missing_context(meeting: Meeting, entity: str, today: dt.date, language: str) -> dict:
    """Return the template context of a reminder to a mission that has not answered."""
    return {"meeting": meeting_view(meeting, language), "entity_name": clean_line(entity),
            "today": format_date(today, language)}


def digest_context(context: dict, today: dt.date, language: str) -> dict:
    """Return the template context of a digest whose text and HTML the bot prepared."""
    return {"subject": clean_line(context.get("subject", ""), 200), "text": str(context.get("text", "")),
            "body_html": digest_html(str(context.get("html", ""))), "today": format_date(today, language)}


def digest_html(text: str) -> Markup:
    """Return digest HTML escaped, except plain formatting tags and http(s) links, which are kept."""
    escaped = html_lib.escape(text, quote=True)
    escaped = re.sub(rf"&lt;(/?)({DIGEST_TAGS})\s*/?&gt;", r"<\1\2>", escaped, flags=re.IGNORECASE)
    escaped = re.sub(r"&lt;a href=&quot;(https?://(?:(?!&quot;)[^\s<>])+)&quot;&gt;", r'<a href="\1">', escaped)
    return Markup(escaped.replace("&lt;/a&gt;", "</a>"))


class Renderer:
    """Render outbox rows into the exact bytes to send."""

    def __init__(self, templates_dir: str | Path, public_url: str, link_days: int, from_addr: str,
                 from_name: str, test_environment: bool = False) -> None:
        self.templates_dir = Path(templates_dir)
        self.public_url = public_url.rstrip("/")
        self.link_days = link_days
        self.from_addr = from_addr
        self.from_name = from_name
        self.test_environment = test_environment  # accept special-use domains (*.test) as recipients
        self._environments: dict[str, jinja2.Environment] = {}

    def environment(self, language: str) -> jinja2.Environment:
        """Return the Jinja2 environment of a language (its folder first, English as fallback)."""
        language = mail_language(language)
        if language not in self._environments:
            folders = [str(self.templates_dir / language), str(self.templates_dir / "en")]
            self._environments[language] = jinja2.Environment(
                loader=jinja2.FileSystemLoader(folders), autoescape=jinja2.select_autoescape(["html"]),
                undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
        return self._environments[language]

    def render_parts(self, template: str, language: str, context: dict) -> tuple[str, str, str]:
        """Return (subject, text, html) of a template. Raises ComposeError if it is unknown or fails."""
        if template not in TEMPLATES:
            raise ComposeError(f"unknown mail template {clean_line(template, 40)!r}")
        env = self.environment(language)
        context = {**context, "language": mail_language(language)}
        try:
            subject, text, html = (env.get_template(f"{template}.{part}").render(context) for part in PARTS)
        except jinja2.TemplateError as e:
            raise ComposeError(f"template {template} ({language}): {e}") from e
        return " ".join(subject.split()), text.strip() + "\n", html

    def recipient(self, mail: OutboxMail) -> Recipient:
        """Return how the row's address is written. Raises AddressRejected if it may not be mailed."""
        return recipient_for(mail.to_addr, own_address=self.from_addr, test_environment=self.test_environment)

    def check_wanted(self, store: Store, mail: OutboxMail) -> None:
        """Raise MailObsolete if a photo mail is no longer wanted (photo received, address changed or failing)."""
        if mail.template not in PHOTO_TEMPLATES:
            return
        try:
            person = get_participant(store, mail.context["participant"])
        except (KeyError, NotFound) as e:
            raise MailObsolete(f"participant {mail.context.get('participant')} no longer exists") from e
        if person.photo_state == "received":
            raise MailObsolete("photo already received")
        if (person.email or "").casefold() != mail.to_addr.casefold():
            raise MailObsolete("the participant's address has changed since this mail was queued")
        if person.email_state == "failing":
            raise MailObsolete("the participant's address is failing (it bounced)")

    def render(self, store: Store, mail: OutboxMail) -> bytes:
        """Return the bytes to send for a row, rendering them and keeping them on the row the first time.

        Raises AddressRejected (never mail it), MailObsolete (cancel it) or ComposeError (it cannot be built).
        """
        to = self.recipient(mail)
        self.check_wanted(store, mail)
        if mail.raw:
            return bytes(mail.raw)
        language = mail_language(mail.language)
        with store.tx():
            try:
                context = self.context_for(store, mail, language)
            except (KeyError, NotFound) as e:
                raise ComposeError(f"outbox mail {mail.id}: {e}") from e
            subject, text, html = self.render_parts(mail.template, language, context)
            raw = build_message(Envelope(
                from_addr=self.from_addr, from_name=self.from_name, to=to, subject=subject, text=text, html=html,
                message_id=mail.message_id, language=language, in_reply_to=mail.in_reply_to,
                references=mail.references,
                auto_submitted="auto-replied" if mail.template in REPLIES else "auto-generated"))
            set_raw(store, mail.id, raw)
        return raw

    def context_for(self, store: Store, mail: OutboxMail, language: str) -> dict:
        """Return the template context of a row, looked up in the store (issuing a photo link if it needs one)."""
        context = mail.context
        today = dt.datetime.now(dt.timezone.utc).date()
        if mail.template == "digest":
            return digest_context(context, today, language)
        meeting = get_meeting(store, context["meeting_code"])
        if mail.template == "confirmation":
            delegation = get_delegation(store, context["delegation"])
            name = entity_name(delegation.entity_code, language, delegation.entity_name)
            return confirmation_context(meeting, name, list_participants(store, delegation.id), context, language)
        if mail.template == "reminder_missing":
            return missing_context(meeting, entity_name(context["entity_code"], language), today, language)
        if mail.template not in PHOTO_TEMPLATES:
            raise ComposeError(f"unknown mail template {clean_line(mail.template, 40)!r}")
        person = get_participant(store, context["participant"])
        token = issue_link(store, person.id, days=self.link_days)
        expires = today + dt.timedelta(days=self.link_days)
        return photo_context(meeting, person, entity_name(person.entity_code, language, person.entity_name),
                             f"{self.public_url}/photo/{token}", expires, language)
