"""Every command and button, with who may use it; dispatch shared by Telegram and the console."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot import agenda, digest, exports, queries, reminders, review
from bot.desk import Desk, MeetingMissing
from bot.intents import match_intent
from bot.replies import Asker, Reply, Turn, say
from bot.texts import esc
from store.audit import log_action
from store.db import NotFound
from store.settings import get_setting, set_setting

Handler = Callable[[Desk, Turn], list[Reply]]
DIGEST_TIME_KEY = "bot.digest_time"


@dataclass(frozen=True)
class Command:
    """One command: its name, what /help says, its handler, and whether only admins may use it."""

    name: str
    usage: str
    summary: str
    run: Handler
    admin: bool = False


def start(desk: Desk, turn: Turn) -> list[Reply]:
    """Answer /start: who the bot is and where to begin."""
    return say("Hello. I answer the secretariat's questions about registrations for "
               f"<b>{esc(desk.meeting().title)}</b>.\nTry /status, /country Austria or /help.")


def help_(desk: Desk, turn: Turn) -> list[Reply]:
    """Answer /help: every command, one line each."""
    lines = ["<b>Commands</b>"]
    for c in COMMANDS.values():
        lines.append(f"{esc(c.usage)} — {esc(c.summary)}" + (" (admins)" if c.admin else ""))
    lines.append("\nYou can also ask in plain words, e.g. “who is coming from Austria?”, "
                 "“how many photos are missing?”, “qui n'a pas répondu ?”.")
    return say("\n".join(lines))


def digest_time(desk: Desk) -> str:
    """Return the time of the daily digest (as changed with /settings, else as configured)."""
    return get_setting(desk.store, DIGEST_TIME_KEY) or desk.options.digest_time


def settings(desk: Desk, turn: Turn) -> list[Reply]:
    """Answer /settings: show them; admins change the digest time with /settings digest_time HH:MM."""
    key, _, value = turn.args.strip().partition(" ")
    if key:
        if not turn.asker.admin:
            return say("Only admins can change settings.")
        if key != "digest_time" or not _valid_time(value.strip()):
            return say("I can change <code>digest_time</code>, e.g. <code>/settings digest_time 08:30</code>.")
        set_setting(desk.store, DIGEST_TIME_KEY, value.strip())
        turn.note(setting=key)
        return say(f"The daily digest will now come at {esc(value.strip())} ({esc(desk.options.timezone)}).")
    o = desk.options
    return say(f"Meeting: <code>{esc(o.meeting_code)}</code>\nDaily digest: {esc(digest_time(desk))} "
               f"{esc(o.timezone)} to {len(o.digest_chats)} chat(s)\nAllowed users: {len(o.allowed_users)}, "
               f"admins: {len(o.admins)}")


def _valid_time(text: str) -> bool:
    hours, _, minutes = text.partition(":")
    return hours.isdigit() and minutes.isdigit() and len(minutes) == 2 and int(hours) < 24 and int(minutes) < 60


COMMANDS: dict[str, Command] = {c.name: c for c in (
    Command("start", "/start", "what this bot does", start),
    Command("help", "/help", "this list", help_),
    Command("status", "/status", "registrations, photos, reviews, failed mail, days to deadline and opening",
            queries.status),
    Command("country", "/country NAME", "a State's or organization's delegation (any name: UK, Royaume-Uni, Irán)",
            queries.country),
    Command("find", "/find TEXT", "participants by name, e-mail or function", queries.find),
    Command("missing", "/missing", "invited States that have not answered, by region", queries.missing),
    Command("nophoto", "/nophoto", "participants whose photo has not arrived", queries.nophoto),
    Command("photo", "/photo NAME", "a participant's badge photo", queries.photo),
    Command("review", "/review", "messages waiting for a human, with Accept / Change sender / …", review.review),
    Command("resend", "/resend NAME", "a new photo link for a participant (the old one stops working)",
            reminders.resend, admin=True),
    Command("remind", "/remind missing|photos", "preview reminders, then confirm to queue them",
            reminders.remind, admin=True),
    Command("digest", "/digest", "the daily digest, now", digest.digest),
    Command("export", "/export csv|xlsx|docx", "the participants as a file (docx: List of Participants)",
            exports.export),
    Command("agenda", "/agenda", "agenda and organization of work", agenda.agenda),
    Command("attendance", "/attendance", "draft attendance section for the report", agenda.attendance),
    Command("settings", "/settings", "show settings; admins: /settings digest_time HH:MM", settings),
)}

# Button prefix -> (handler, admin only). Callback data is "<prefix>:<args>".
BUTTONS: dict[str, tuple[Handler, bool]] = {
    "cty": (queries.country_button, False),
    "ph": (queries.photo_button, False),
    "rv:a": (review.accept, True),
    "rv:s": (review.change_sender, True),
    "rv:e": (review.pick_sender, True),
    "rv:d": (review.dismiss, True),
    "rv:o": (review.original, False),
    "rm": (reminders.confirm_reminders, True),
    "rs": (reminders.resend_button, True),
}
ADMIN_ONLY = "Only admins can do that."


def _guarded(desk: Desk, turn: Turn, action: str, handler: Handler) -> list[Reply]:
    try:
        replies = handler(desk, turn)
    except MeetingMissing as e:
        replies = say(esc(str(e)))
    except NotFound:
        replies = say("That record no longer exists.")
    log_action(desk.store, turn.asker.actor, action, chat=turn.asker.chat_id, **turn.records)
    return replies


def run_command(desk: Desk, asker: Asker, name: str, args: str = "") -> list[Reply]:
    """Run one command for an allowed asker and return its answers (unknown commands get a pointer to /help)."""
    command = COMMANDS.get(name.casefold())
    turn = Turn(asker, args)
    if command is None:
        log_action(desk.store, asker.actor, "command:unknown", chat=asker.chat_id)
        return say(f"I don't know /{esc(name)}. See /help.")
    if command.admin and not asker.admin:
        log_action(desk.store, asker.actor, f"refused:{command.name}", chat=asker.chat_id)
        return say(ADMIN_ONLY)
    return _guarded(desk, turn, f"command:{command.name}", command.run)


def run_button(desk: Desk, asker: Asker, data: str) -> list[Reply]:
    """Run the handler of a pressed button and return its answers."""
    for prefix in sorted(BUTTONS, key=len, reverse=True):
        if data.startswith(prefix + ":"):
            handler, admin = BUTTONS[prefix]
            if admin and not asker.admin:
                log_action(desk.store, asker.actor, f"refused:button:{prefix}", chat=asker.chat_id)
                return say(ADMIN_ONLY)
            return _guarded(desk, Turn(asker, data[len(prefix) + 1:]), f"button:{prefix}", handler)
    log_action(desk.store, asker.actor, "button:unknown", chat=asker.chat_id)
    return say("That button is no longer valid.")


def run_text(desk: Desk, asker: Asker, text: str) -> list[Reply]:
    """Answer a plain message: the answer to a question the bot asked, or a question in plain words."""
    expected = desk.take_expected((asker.chat_id, asker.user_id))
    if expected is not None:
        what, record_id = expected
        if what == review.ASK_SENDER:
            return _guarded(desk, Turn(asker, text), "answer:sender",
                            lambda d, t: review.sender_answer(d, t, record_id))
    if text.startswith("/"):
        name, _, args = text[1:].partition(" ")
        return run_command(desk, asker, name.split("@")[0], args.strip())
    intent = match_intent(text)
    if intent is None:
        log_action(desk.store, asker.actor, "question:unknown", chat=asker.chat_id)
        return say("I did not understand. Try /help, or ask e.g. “who is coming from Austria?”.")
    return run_command(desk, asker, *intent)
