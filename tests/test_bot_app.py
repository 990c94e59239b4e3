"""End to end: python-telegram-bot polls the Bot API look-alike over real HTTP and answers through it."""
from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from zoneinfo import ZoneInfo

import pytest_asyncio
from telegram.ext import Application

from bot.access import REFUSAL
from bot.app import DIGEST_JOB, build_application, start_bot, stop_bot
from bot.options import BotOptions
from store.audit import recent_actions
from store.db import Store
from store.outbox import list_mail
from store.reviews import get_review
from tests.bot_fixtures import ADMIN, GROUP, STRANGER, USER, Seeded
from tests.servers.telegram import BotApiServer, Call


@pytest_asyncio.fixture
async def bot(telegram: BotApiServer, store: Store, options: BotOptions, seeded: Seeded) -> AsyncIterator[Application]:
    """The bot, started against the look-alike."""
    options.base_url = telegram.base_url
    app = build_application(store, options)
    await start_bot(app, poll_timeout=1)
    try:
        yield app
    finally:
        await stop_bot(app)


def to(chat_id: int):
    """Return a predicate for calls to one chat."""
    return lambda call: call.chat_id == chat_id


async def ask(telegram: BotApiServer, user_id: int, text: str, chat_id: int | None = None) -> Call:
    """Send a message as user_id and return the bot's first sendMessage back to that chat."""
    telegram.send_text(user_id, text, chat_id=chat_id, chat_type="private" if chat_id is None else "group")
    return await telegram.wait_for_call("sendMessage", to(chat_id or user_id))


async def test_allowed_user_gets_the_status(telegram: BotApiServer, bot: Application) -> None:
    answer = await ask(telegram, USER, "/status")
    assert "Registered: <b>2</b> of 193 invited" in answer.text
    assert "Review queue: <b>1</b> open" in answer.text


async def test_plain_question_is_answered(telegram: BotApiServer, bot: Application) -> None:
    answer = await ask(telegram, USER, "who is coming from Nigeria?")
    assert "Ade Bello" in answer.text


async def test_stranger_gets_only_the_refusal(telegram: BotApiServer, bot: Application, store: Store) -> None:
    refusal = await ask(telegram, STRANGER, "/country Nigeria")
    await ask(telegram, USER, "/status")  # handled after the stranger's update
    assert refusal.text == REFUSAL
    assert [c.text for c in telegram.calls_of("sendMessage") if c.chat_id == STRANGER] == [REFUSAL]
    assert any(a.actor == f"tg:{STRANGER}" and a.action == "refused" for a in recent_actions(store))


async def test_digest_group_may_ask(telegram: BotApiServer, bot: Application) -> None:
    answer = await ask(telegram, STRANGER, "/status", chat_id=GROUP)
    assert "Registered" in answer.text


async def test_stranger_button_press_is_refused(telegram: BotApiServer, bot: Application, store: Store,
                                                seeded: Seeded) -> None:
    await ask(telegram, ADMIN, "/review")
    card = await telegram.wait_for_call("sendMessage", lambda c: ("Accept", f"rv:a:{seeded.review}") in c.buttons)
    telegram.press_button(STRANGER, f"rv:a:{seeded.review}", card)
    answered = await telegram.wait_for_call("answerCallbackQuery", lambda c: c.fields.get("text") == REFUSAL)
    assert answered.fields.get("show_alert") in ("true", "True")
    await ask(telegram, USER, "/status")
    assert get_review(store, seeded.review).state == "open"
    assert list_mail(store) == []


async def test_user_who_is_not_admin_cannot_accept(telegram: BotApiServer, bot: Application, store: Store,
                                                   seeded: Seeded) -> None:
    await ask(telegram, USER, "/review")
    card = await telegram.wait_for_call("sendMessage", lambda c: ("Accept", f"rv:a:{seeded.review}") in c.buttons)
    telegram.press_button(USER, f"rv:a:{seeded.review}", card)
    answer = await telegram.wait_for_call("sendMessage", to(USER))
    assert "Only admins" in answer.text
    assert get_review(store, seeded.review).state == "open"


async def test_markup_in_a_name_is_escaped(telegram: BotApiServer, bot: Application) -> None:
    answer = await ask(telegram, USER, "/country Nigeria")
    assert "&lt;b&gt;Bob&lt;/b&gt; &amp; Co" in answer.text
    assert "<b>Bob</b> & Co" in answer.result["text"]  # what the person sees, after Telegram's HTML parse


async def test_review_change_sender_then_accept_queues_the_confirmation(
        telegram: BotApiServer, bot: Application, store: Store, seeded: Seeded) -> None:
    await ask(telegram, ADMIN, "/review")
    card = await telegram.wait_for_call("sendMessage", lambda c: ("Accept", f"rv:a:{seeded.review}") in c.buttons)
    telegram.press_button(ADMIN, f"rv:s:{seeded.review}", card)
    question = await telegram.wait_for_call("sendMessage", to(ADMIN))
    assert "send the name" in question.text
    await ask(telegram, ADMIN, "Chile")
    card = await telegram.wait_for_call("sendMessage", lambda c: ("Accept", f"rv:a:{seeded.review}") in c.buttons)
    assert "Sender: Chile" in card.text
    telegram.press_button(ADMIN, f"rv:a:{seeded.review}", card)
    done = await telegram.wait_for_call("sendMessage", lambda c: "accepted" in (c.text or ""))
    assert "Chile" in done.text
    mail = {m.kind: m for m in list_mail(store)}
    assert mail["confirmation"].to_addr == "mission@minrel.gob.cl"
    assert mail["confirmation"].language == "es"
    assert mail["photo_link"].to_addr == "crojas@minrel.gob.cl"
    assert get_review(store, seeded.review).state == "accepted"


async def test_show_original_sends_the_eml(telegram: BotApiServer, bot: Application, seeded: Seeded) -> None:
    await ask(telegram, USER, "/review")
    card = await telegram.wait_for_call("sendMessage", lambda c: ("Show original", f"rv:o:{seeded.review}") in c.buttons)
    telegram.press_button(USER, f"rv:o:{seeded.review}", card)
    sent = await telegram.wait_for_call("sendDocument")
    assert sent.files["document"].filename == f"message-{seeded.review_message}.eml"
    assert b"Subject: Delegaci" in sent.files["document"].content


async def test_remind_preview_then_confirm_queues_reminders(telegram: BotApiServer, bot: Application,
                                                            store: Store) -> None:
    preview = await ask(telegram, ADMIN, "/remind photos")
    assert "ade@nigeria.gov.ng" in preview.text and "bob@nigeria.gov.ng" in preview.text
    assert list_mail(store) == []
    telegram.press_button(ADMIN, "rm:photos", preview)
    done = await telegram.wait_for_call("sendMessage", to(ADMIN))
    assert "Queued 2 reminders" in done.text
    reminders = list_mail(store)
    assert sorted(m.to_addr for m in reminders) == ["ade@nigeria.gov.ng", "bob@nigeria.gov.ng"]
    assert {m.template for m in reminders} == {"reminder_photo"}


async def test_photo_is_sent_with_send_photo(telegram: BotApiServer, bot: Application) -> None:
    telegram.send_text(USER, "/photo Amina")
    sent = await telegram.wait_for_call("sendPhoto")
    assert sent.files["photo"].content.startswith(b"\x89PNG")


async def test_export_is_sent_as_a_document(telegram: BotApiServer, bot: Application) -> None:
    telegram.send_text(USER, "/export csv")
    sent = await telegram.wait_for_call("sendDocument")
    assert sent.files["document"].filename == "participants-wg-tip-2010.csv"
    assert sent.files["document"].content.startswith("\ufeff".encode())


async def test_digest_job_runs_at_the_configured_time_and_posts_to_the_group(
        telegram: BotApiServer, bot: Application) -> None:
    (job,) = bot.job_queue.get_jobs_by_name(DIGEST_JOB)
    vienna = ZoneInfo("Europe/Vienna")
    next_t = job.next_t.astimezone(vienna)
    assert (next_t.hour, next_t.minute) == (8, 0)
    assert dt.timedelta(0) < next_t - dt.datetime.now(vienna) <= dt.timedelta(days=1)
    await job.run(bot)
    posted = await telegram.wait_for_call("sendMessage", to(GROUP))
    assert "Digest" in posted.text and "Photos received: <b>1</b> of 3 confirmed" in posted.text


async def test_long_answer_is_split(telegram: BotApiServer, bot: Application) -> None:
    telegram.send_text(USER, "/missing")
    first = await telegram.wait_for_call("sendMessage", to(USER))
    assert "Not answered: 191 of 193" in first.text
    assert all(len(c.text) <= 4096 for c in telegram.calls_of("sendMessage"))
