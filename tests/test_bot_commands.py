"""Dispatch: /help covers every command, admins only where it matters, every turn audited without personal data."""
from __future__ import annotations

import json

from bot.commands import BUTTONS, COMMANDS, digest_time, run_button, run_command, run_text
from bot.desk import Desk
from bot.replies import Asker
from store.audit import recent_actions
from store.outbox import list_mail
from store.reviews import get_review
from tests.bot_fixtures import ADMIN, USER, Seeded

USER_ASKER = Asker(USER, USER)
ADMIN_ASKER = Asker(ADMIN, ADMIN, admin=True)


def test_help_lists_every_command(desk: Desk, seeded: Seeded) -> None:
    (reply,) = run_command(desk, USER_ASKER, "help")
    for name in COMMANDS:
        assert f"\n/{name}" in reply.text


def test_admin_commands_and_buttons_are_refused_to_users(desk: Desk, seeded: Seeded) -> None:
    for name in ("remind", "resend"):
        (reply,) = run_command(desk, USER_ASKER, name, "photos")
        assert reply.text == "Only admins can do that."
    for prefix, (_, admin) in BUTTONS.items():
        if admin:
            (reply,) = run_button(desk, USER_ASKER, f"{prefix}:{seeded.review}")
            assert reply.text == "Only admins can do that."
    assert get_review(desk.store, seeded.review).state == "open" and list_mail(desk.store) == []


def test_every_turn_is_audited_with_ids_not_personal_data(desk: Desk, seeded: Seeded) -> None:
    run_command(desk, USER_ASKER, "find", "bob")
    run_command(desk, USER_ASKER, "country", "Nigeria")
    country, find = recent_actions(desk.store, 2)
    assert (find.actor, find.action, find.detail) == (f"tg:{USER}", "command:find",
                                                      {"chat": USER, "participants": [seeded.bob]})
    assert country.detail["entity"] == ["NGA"]
    assert "bob" not in json.dumps([find.detail, country.detail]).casefold()


def test_change_sender_takes_the_next_message_as_the_name(desk: Desk, seeded: Seeded) -> None:
    run_button(desk, ADMIN_ASKER, f"rv:s:{seeded.review}")
    retargeted, card = run_text(desk, ADMIN_ASKER, "Chili")
    assert "now from <b>Chile</b>" in retargeted.text and "Sender: Chile" in card.text
    assert get_review(desk.store, seeded.review).entity_code == "CHL"
    (status,) = run_text(desk, ADMIN_ASKER, "Chile")  # the question was answered once; now a plain question
    assert "Chile" in status.text and "has not answered yet" in status.text


def test_settings_digest_time_for_admins_only(desk: Desk, seeded: Seeded) -> None:
    (refused,) = run_command(desk, USER_ASKER, "settings", "digest_time 09:15")
    (bad,) = run_command(desk, ADMIN_ASKER, "settings", "digest_time 25:00")
    (done,) = run_command(desk, ADMIN_ASKER, "settings", "digest_time 09:15")
    assert "Only admins" in refused.text and "I can change" in bad.text and "09:15" in done.text
    assert digest_time(desk) == "09:15"


def test_unknown_command_and_question(desk: Desk, seeded: Seeded) -> None:
    (unknown,) = run_text(desk, USER_ASKER, "/frobnicate")
    (puzzled,) = run_text(desk, USER_ASKER, "lunch at noon, anyone")
    assert "/help" in unknown.text and "/help" in puzzled.text
