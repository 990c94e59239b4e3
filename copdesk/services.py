"""Build copdesk's parts from the settings, and the small CLI jobs that use them."""
from __future__ import annotations

import asyncio
import datetime as dt
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from copdesk.settings import PACKAGE_ROOT, Settings, mail_domain
from store.db import Store, open_store
from store.meetings import load_meeting, read_meeting_file
from store.records import Meeting

TEMPLATES = PACKAGE_ROOT / "templates"


@dataclass
class Services:
    """The opened store, the current meeting and the settings, passed to each part."""

    settings: Settings
    store: Store
    meeting: Meeting

    @property
    def domain(self) -> str:
        """The domain of our Message-IDs."""
        return mail_domain(self.settings)

    @property
    def mail_options(self):
        """What the mail pipeline needs to know."""
        from mail.pipeline import MailOptions

        own = {self.settings.smtp.from_addr.casefold(), str(self.meeting.get("mailbox", "")).casefold()}
        return MailOptions(meeting_code=self.meeting.code, domain=self.domain,
                           own_addresses=tuple(sorted(a for a in own if a)),
                           always_review=self.settings.meeting.always_review,
                           max_answers_per_day=self.settings.smtp.max_answers_per_day)

    @property
    def imap_account(self):
        """The IMAP account from [imap]."""
        from mail.imap import ImapAccount

        s = self.settings.imap
        return ImapAccount(host=s.host, port=s.port, user=s.user, password=s.password, ssl=s.ssl,
                           starttls=s.starttls, folder=s.folder, idle=s.idle, poll_seconds=s.poll_seconds,
                           processed_flag=s.processed_flag, cafile=s.cafile)

    @property
    def smtp_account(self):
        """The SMTP account from [smtp]."""
        from mail.smtp import SmtpAccount

        s = self.settings.smtp
        return SmtpAccount(host=s.host, port=s.port, user=s.user, password=s.password, starttls=s.starttls,
                           ssl=s.ssl, cafile=s.cafile)

    @property
    def renderer(self):
        """The outgoing-mail renderer."""
        from mail.compose import Renderer

        return Renderer(TEMPLATES / "email", self.settings.web.public_url.rstrip("/"), self.settings.web.link_days,
                        self.settings.smtp.from_addr, self.settings.smtp.from_name)

    @property
    def photos_dir(self) -> Path:
        """Where badge photos are kept (never served)."""
        path = Path(self.settings.store.photos)
        if not path.is_absolute():
            path = Path(self.settings.store.path).resolve().parent / path
        return path

    @property
    def bot_options(self):
        """What the bot needs to know."""
        from bot.options import BotOptions

        t = self.settings.telegram
        return BotOptions(token=t.token, base_url=t.base_url, allowed_users=list(t.allowed_users),
                          admins=list(t.admins), digest_chats=list(t.digest_chats), digest_time=t.digest_time,
                          timezone=t.timezone, meeting_code=self.meeting.code, domain=self.domain,
                          photos_dir=str(self.photos_dir))


def open_services(settings: Settings, definition: dict | None = None) -> Services:
    """Open the store and load the configured meeting (or the given definition) into it."""
    store = open_store(settings.store.path)
    meeting = load_meeting(store, definition or read_meeting_file(settings.meeting.file))
    return Services(settings, store, meeting)


def progress_bar(label: str) -> Callable[[int, int], None]:
    """Return a progress callback drawing a bar on stderr (only when it is a terminal or the job is large)."""
    def draw(done: int, total: int) -> None:
        if total < 20 and not sys.stderr.isatty():
            return
        width = 30
        filled = width * done // max(total, 1)
        end = "\n" if done >= total else "\r"
        sys.stderr.write(f"{label} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}{end}")
        sys.stderr.flush()
    return draw


def describe(summary: object) -> str:
    """Return a one-line account of a summary dataclass."""
    fields = getattr(summary, "__dataclass_fields__", {})
    return ", ".join(f"{name.replace('_', ' ')}: {getattr(summary, name)}" for name in fields)


def status_text(counts: dict) -> str:
    """Return the store's counts as lines for a human."""
    outbox = counts["outbox"]
    return "\n".join([
        f"messages      {counts['messages']}",
        f"delegations   {counts['delegations']}  ({', '.join(f'{k} {v}' for k, v in counts['delegations_by_state'].items())})",
        f"participants  {counts['participants']}  (heads {counts['heads']}, photos {counts['photos']})",
        f"review queue  {counts['review']}",
        f"outbox        queued {outbox['queued']}, sent {outbox['sent']}, failed {outbox['failed']}",
    ])


def registrations_text(app: Services) -> str:
    """Return every delegation of the current meeting with its participants, as plain lines."""
    from store.delegations import list_delegations, list_participants

    lines = []
    for delegation in list_delegations(app.store, app.meeting.code):
        lines.append(f"{delegation.entity_name} [{delegation.state}]")
        for p in list_participants(app.store, delegation.id):
            head = " (head of delegation)" if p.head else ""
            details = ", ".join(x for x in (p.function, p.email) if x)
            lines.append(f"  - {p.display_name}{head}" + (f": {details}" if details else ""))
    return "\n".join(lines) or "no delegations registered yet"


def poll(app: Services, once: bool) -> int:
    """Fetch, store, parse and act on new mail; once, or until interrupted."""
    import threading

    from mail.imap import Poller, poll_once
    from mail.pipeline import handler_for

    handle = handler_for(app.store, app.mail_options)
    if once:
        print(describe(poll_once(app.imap_account, app.store, handle)))
        return 0
    stop = threading.Event()
    try:
        Poller(app.imap_account, app.store, handle).run(stop)
    except KeyboardInterrupt:
        stop.set()
    return 0


def send(app: Services, once: bool) -> int:
    """Send due mail; once, or until interrupted."""
    from mail.smtp import run_sender, send_once

    if once:
        print(describe(asyncio.run(send_once(app.store, app.smtp_account, app.renderer, recover=True))))
        return 0
    asyncio.run(run_sender(app.store, app.smtp_account, app.renderer, asyncio.Event()))
    return 0


def console(app: Services) -> int:
    """Run the bot in this terminal."""
    from bot.console import run_console

    run_console(app.store, app.bot_options)
    return 0


def purge(app: Services, meeting_code: str, after_days: int = 0, assume_yes: bool = False) -> int:
    """Delete a meeting's photos and personal data after confirmation; idempotent."""
    from store.audit import log_action
    from store.meetings import get_meeting, meeting_date
    from store.purge import purge_meeting

    meeting = get_meeting(app.store, meeting_code)
    ended = meeting_date(meeting, "end")
    if after_days and dt.date.today() < ended + dt.timedelta(days=after_days):
        print(f"copdesk: {meeting_code} ended on {ended}; purge is allowed from "
              f"{ended + dt.timedelta(days=after_days)} (--after {after_days})", file=sys.stderr)
        return 1
    if not assume_yes:
        answer = input(f"Delete all photos, names, e-mail addresses, phone numbers and raw messages of "
                       f"{meeting.title} ({meeting_code})? Type the meeting code to confirm: ")
        if answer.strip() != meeting_code:
            print("Nothing deleted.")
            return 1
    photos = purge_meeting(app.store, meeting_code)
    removed = 0
    for path in photos:
        try:
            Path(path).unlink()
            removed += 1
        except FileNotFoundError:
            pass
    log_action(app.store, "cli", "purge", meeting=meeting_code, photos=removed)
    print(f"Purged {meeting_code}: personal data deleted, {removed} photo files removed; anonymous counts kept.")
    return 0
