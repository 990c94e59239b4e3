"""`copdesk doctor`: check each configured part for real and print one line each with what to fix."""
from __future__ import annotations

import asyncio
import socket
import tempfile
from collections.abc import Callable
from pathlib import Path

from copdesk.errors import explain
from copdesk.settings import Settings

Check = tuple[str, Callable[[Settings], str]]


def check_store(settings: Settings) -> str:
    """Open the store and take a write lock."""
    from store.db import open_store

    store = open_store(settings.store.path)
    try:
        store.execute("BEGIN IMMEDIATE")
        store.execute("ROLLBACK")
    finally:
        store.close()
    Path(settings.store.photos).mkdir(parents=True, exist_ok=True)
    return f"store {settings.store.path} writable"


def check_imap(settings: Settings) -> str:
    """Log in and open the folder."""
    from copdesk.services import Services

    from mail.imap import session

    if not settings.imap.host:
        raise ValueError("imap.host is not set (or switch the poller off: imap.enabled = false)")
    account = Services(settings, None, None).imap_account
    with session(account) as (_, status):
        count = status.get(b"EXISTS", "?")
    return f"IMAP {settings.imap.user}@{settings.imap.host}:{settings.imap.port} folder {settings.imap.folder}: {count} messages"


def check_smtp(settings: Settings) -> str:
    """EHLO and log in."""
    from copdesk.services import Services
    from mail.smtp import check_smtp as ehlo

    if not settings.smtp.host:
        raise ValueError("smtp.host is not set (or switch sending off: smtp.enabled = false)")
    asyncio.run(ehlo(Services(settings, None, None).smtp_account))
    return f"SMTP {settings.smtp.host}:{settings.smtp.port} answers" + (" and accepts the login" if settings.smtp.user else "")


def check_telegram(settings: Settings) -> str:
    """Call getMe with the token."""
    from telegram import Bot

    async def get_me() -> str:
        async with Bot(settings.telegram.token, base_url=settings.telegram.base_url) as bot:
            return (await bot.get_me()).username

    if not settings.telegram.token:
        raise ValueError("no token: set telegram.token (or COPDESK_TELEGRAM_TOKEN)")
    if not settings.telegram.allowed_users:
        raise ValueError("telegram.allowed_users is empty: nobody could use the bot")
    return f"Telegram bot @{asyncio.run(get_me())}, {len(settings.telegram.allowed_users)} allowed users"


def check_web(settings: Settings) -> str:
    """Make sure the photo page's port is free."""
    with socket.socket() as sock:
        try:
            sock.bind((settings.web.host, settings.web.port))
        except OSError as e:
            raise ValueError(f"cannot listen on {settings.web.host}:{settings.web.port} ({e.strerror}): "
                             "choose another web.port or stop what uses it") from e
    return f"web port {settings.web.host}:{settings.web.port} free; links go to {settings.web.public_url}/photo/…"


def check_templates(settings: Settings) -> str:
    """Render every mail template in every language from a throwaway store."""
    from copdesk.services import open_services
    from mail.compose import TEMPLATES
    from store.delegations import record_list
    from store.outbox import make_message_id, queue_mail
    from store.records import PersonIn

    with tempfile.TemporaryDirectory() as folder:
        trial = Settings(meeting=settings.meeting, smtp=settings.smtp, web=settings.web)
        trial.store.path = str(Path(folder) / "check.db")
        app = open_services(trial)
        update = record_list(app.store, app.meeting.code, "AUT", [PersonIn("Test PERSON", email="t@example.org")],
                             message=None, state="confirmed")
        person = update.added[0]
        rendered = 0
        for language in ("en", "fr", "es"):
            for template in TEMPLATES:
                context = {"participant": person.id, "meeting_code": app.meeting.code, "delegation": update.delegation.id,
                           "entity_code": "AUT", "amendment": False, "added": [person.id], "updated": [],
                           "invalid_addresses": [], "subject": "Delegation", "text": "digest", "html": "<p>digest</p>"}
                mail = queue_mail(app.store, kind=template, template=template, to_addr="t@example.org",
                                  language=language, message_id=make_message_id("example.org"), context=context,
                                  participant=person.id, delegation=update.delegation.id)
                app.renderer.render(app.store, mail)
                rendered += 1
        app.store.close()
    return f"{rendered} mail templates render (en, fr, es)"


CHECKS: list[tuple[str, str, Callable[[Settings], str]]] = [
    ("store", "", check_store), ("imap", "imap", check_imap), ("smtp", "smtp", check_smtp),
    ("telegram", "telegram", check_telegram), ("web", "web", check_web), ("templates", "", check_templates),
]


def run_checks(settings: Settings) -> int:
    """Run every check of an enabled part; print one line each; return 0 if all passed."""
    failed = 0
    print(f"configuration: {settings.source}")
    for name, section, check in CHECKS:
        if section and not getattr(settings, section).enabled:
            print(f"  off   {name}: switched off ({section}.enabled = false)")
            continue
        try:
            print(f"  ok    {name}: {check(settings)}")
        except Exception as error:  # doctor reports every failure instead of stopping at the first
            failed += 1
            print(f"  FAIL  {name}: {explain(error) or f'{type(error).__name__}: {error}'}")
    return 1 if failed else 0
