"""The Telegram application: wiring only — every answer comes from bot.commands; runs on the caller's loop."""
from __future__ import annotations

import asyncio
import datetime as dt
import logging
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, LinkPreviewOptions, Update
from telegram.constants import ChatType, ParseMode
from telegram.error import TelegramError
from telegram.ext import (AIORateLimiter, Application, ApplicationBuilder, ApplicationHandlerStop,
                          CallbackQueryHandler, CommandHandler, ContextTypes, Defaults, MessageHandler,
                          TypeHandler, filters)

from bot.access import REFUSAL, is_admin, may_ask
from bot.commands import COMMANDS, digest_time, run_button, run_command, run_text
from bot.desk import Desk
from bot.digest import compose_digest, record_digest
from bot.options import BotOptions
from bot.replies import Asker, Reply
from bot.texts import split_text
from store.audit import log_action
from store.db import Store

log = logging.getLogger(__name__)
DIGEST_JOB = "digest"


def build_application(store: Store, options: BotOptions) -> Application:
    """Return the bot's Application (not started): gate, commands, plain text, buttons and the daily digest."""
    app = (ApplicationBuilder().token(options.token).base_url(options.base_url)
           .defaults(Defaults(parse_mode=ParseMode.HTML, tzinfo=ZoneInfo(options.timezone),
                              link_preview_options=LinkPreviewOptions(is_disabled=True)))
           .rate_limiter(AIORateLimiter(max_retries=2))
           .build())
    app.bot_data["desk"] = Desk(store, options)
    app.add_handler(TypeHandler(Update, gate), group=-1)
    only_messages = filters.UpdateType.MESSAGE
    app.add_handler(CommandHandler(list(COMMANDS), answer_command, filters=only_messages))
    app.add_handler(MessageHandler(only_messages & filters.COMMAND, answer_command))
    app.add_handler(MessageHandler(only_messages & filters.TEXT & ~filters.COMMAND, answer_text))
    app.add_handler(CallbackQueryHandler(answer_button))
    app.add_error_handler(report_error)
    schedule_digest(app)
    return app


async def start_bot(app: Application, poll_timeout: int = 30) -> None:
    """Start polling and dispatching on the running loop (never run_polling, which owns the loop)."""
    await app.initialize()
    try:
        await app.bot.set_my_commands([(c.name, c.summary[:256]) for c in COMMANDS.values()])
    except TelegramError as e:
        log.warning("could not set the command menu: %s", e)
    await app.updater.start_polling(allowed_updates=Update.ALL_TYPES, timeout=poll_timeout)
    await app.start()


async def stop_bot(app: Application) -> None:
    """Stop polling, then dispatching and the job queue, then release the HTTP client."""
    if app.updater.running:
        await app.updater.stop()
    if app.running:
        await app.stop()
    await app.shutdown()


def desk_of(context: ContextTypes.DEFAULT_TYPE) -> Desk:
    """Return the desk the application was built with."""
    return context.application.bot_data["desk"]


def asker_of(update: Update, desk: Desk) -> Asker:
    """Return who sent an update, and where."""
    user_id = update.effective_user.id if update.effective_user else 0
    chat_id = update.effective_chat.id if update.effective_chat else user_id
    return Asker(user_id, chat_id, admin=is_admin(desk.options, user_id))


async def gate(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Let allowed users and digest chats through; give everyone else one short refusal and stop."""
    desk = desk_of(context)
    user = update.effective_user
    chat = update.effective_chat
    if may_ask(desk.options, user.id if user else None, chat.id if chat else None):
        return
    actor = f"tg:{user.id}" if user else "tg:unknown"
    log.info("refused Telegram user %s in chat %s (add the id to telegram.allowed_users to let them in)",
             user.id if user else "unknown", chat.id if chat else "unknown")
    await asyncio.to_thread(log_action, desk.store, actor, "refused", chat=chat.id if chat else None)
    if update.callback_query:
        await update.callback_query.answer(REFUSAL, show_alert=True)
    elif update.message and chat and (chat.type == ChatType.PRIVATE or (update.message.text or "").startswith("/")):
        await update.message.reply_text(REFUSAL)
    raise ApplicationHandlerStop


async def answer_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer a /command (known or not)."""
    desk = desk_of(context)
    word, _, args = (update.message.text or "").partition(" ")
    name = word.lstrip("/").split("@")[0]
    replies = await asyncio.to_thread(run_command, desk, asker_of(update, desk), name, args.strip())
    await send_replies(context.bot, update.effective_chat.id, replies)
    if name == "settings" and args.strip():
        schedule_digest(context.application)


async def answer_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer a plain message (a question in words, or the answer to the bot's question)."""
    desk = desk_of(context)
    replies = await asyncio.to_thread(run_text, desk, asker_of(update, desk), update.message.text or "")
    await send_replies(context.bot, update.effective_chat.id, replies)


async def answer_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer an inline button press."""
    desk = desk_of(context)
    query = update.callback_query
    await query.answer()
    replies = await asyncio.to_thread(run_button, desk, asker_of(update, desk), query.data or "")
    await send_replies(context.bot, update.effective_chat.id, replies)


def keyboard_of(reply: Reply) -> InlineKeyboardMarkup | None:
    """Return a reply's buttons as an inline keyboard."""
    if not reply.buttons:
        return None
    return InlineKeyboardMarkup([[InlineKeyboardButton(b.label, callback_data=b.data) for b in row]
                                 for row in reply.buttons])


async def send_replies(bot, chat_id: int, replies: list[Reply]) -> None:
    """Send answers: long text split on line boundaries, buttons under the last part, files as documents."""
    for reply in replies:
        markup = keyboard_of(reply)
        if reply.document is not None:
            await bot.send_document(chat_id, document=reply.document.data, filename=reply.document.filename,
                                    caption=reply.text or None, reply_markup=markup)
        elif reply.photo is not None:
            data = await asyncio.to_thread(reply.photo.read_bytes)
            await bot.send_photo(chat_id, photo=data, caption=reply.text or None, reply_markup=markup)
        else:
            parts = split_text(reply.text)
            for i, part in enumerate(parts):
                await bot.send_message(chat_id, part, reply_markup=markup if i == len(parts) - 1 else None)


def schedule_digest(app: Application) -> None:
    """(Re)schedule the daily digest at the configured time in the configured time zone."""
    desk: Desk = app.bot_data["desk"]
    for job in app.job_queue.get_jobs_by_name(DIGEST_JOB):
        job.schedule_removal()
    hours, minutes = (int(x) for x in digest_time(desk).split(":"))
    when = dt.time(hours, minutes, tzinfo=ZoneInfo(desk.options.timezone))
    app.job_queue.run_daily(send_digest, time=when, name=DIGEST_JOB)


async def send_digest(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Post the digest to every digest chat, then remember when (so the next one says what is new)."""
    desk = desk_of(context)
    if not desk.options.digest_chats:
        return
    started = dt.datetime.now(dt.timezone.utc)
    text = await asyncio.to_thread(compose_digest, desk)
    delivered = []
    for chat_id in desk.options.digest_chats:
        try:
            await send_replies(context.bot, chat_id, [Reply(text)])
            delivered.append(chat_id)
        except TelegramError as e:
            log.warning("digest to chat %s failed: %s", chat_id, e)
    if delivered:
        await asyncio.to_thread(record_digest, desk, started)
    await asyncio.to_thread(log_action, desk.store, "bot", "digest:daily", chats=delivered)


async def report_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log a handler's failure first, then tell the person who asked."""
    log.error("bot handler failed", exc_info=context.error)
    if isinstance(update, Update) and update.effective_chat:
        try:
            await context.bot.send_message(update.effective_chat.id,
                                           "Something went wrong on my side; it is in the log. Please try again.")
        except TelegramError:
            log.warning("could not tell chat %s about the failure", update.effective_chat.id)
