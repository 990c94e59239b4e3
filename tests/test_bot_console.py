"""The console: the demo's scripted tour gets the same answers as Telegram, as plain text."""
from __future__ import annotations

import io

from bot.console import run_console
from bot.options import BotOptions
from store.db import Store
from store.outbox import list_mail
from tests.bot_fixtures import Seeded


def test_scripted_tour(store: Store, options: BotOptions, seeded: Seeded) -> None:
    out = io.StringIO()
    run_console(store, options, output=out, script=["/status", "/country Nigeria", "/missing", "/digest"])
    text = out.getvalue()
    assert "> /status\n" in text and "Registered: 2 of 193 invited" in text
    assert "Nigeria — delegation confirmed, 2 participants" in text
    assert "H.E. Mr. Ade Bello (head of delegation) — Ambassador" in text
    assert "Mr. <b>Bob</b> & Co" in text  # plain text: the name as written, no markup of ours
    assert "Not answered: 191 of 193 invited" in text
    assert "Digest — Working Group on Trafficking in Persons" in text
    assert "<b>Digest" not in text


def test_buttons_are_numbered_choices_and_the_console_user_is_an_admin(store: Store, options: BotOptions,
                                                                     seeded: Seeded) -> None:
    out = io.StringIO()
    run_console(store, options, output=out, script=["/remind photos", "1"])
    text = out.getvalue()
    assert "  [1] Confirm: send 2\n  [2] Cancel" in text and "Queued 2 reminders." in text
    assert len(list_mail(store)) == 2


def test_reads_lines_until_quit(store: Store, options: BotOptions, seeded: Seeded) -> None:
    out = io.StringIO()
    run_console(store, options, input=io.StringIO("/agenda\nquit\n/status\n"), output=out)
    assert "Organization of work" in out.getvalue() and "Registered" not in out.getvalue()
