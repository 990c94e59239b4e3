"""Smoke tests for the test servers: private Dovecot, aiosmtpd, the Bot API look-alike."""

from __future__ import annotations

import asyncio
import shutil
import smtplib
import threading
from email.message import EmailMessage

import pytest
import telegram as tg
from telegram.ext import Application, CommandHandler, ContextTypes, MessageHandler, filters

from tests.servers.dovecot import DovecotServer
from tests.servers.smtp import SmtpServer
from tests.servers.telegram import TOKEN, BotApiProcess, BotApiServer

RAW = b"From: Mission <mission@example.test>\r\nTo: cop@example.test\r\nSubject: Delegation\r\n\r\nHello.\r\n"


def mail(to: str = "delegate@example.test", subject: str = "Note verbale") -> EmailMessage:
    message = EmailMessage()
    message["From"] = "untoc.cop@unodc.test"
    message["To"] = to
    message["Subject"] = subject
    message.set_content("Body text.")
    return message


# -- Dovecot ---------------------------------------------------------------------


def test_dovecot_login_append_fetch(dovecot: DovecotServer) -> None:
    uid = dovecot.append(RAW)
    imap = dovecot.client()
    imap.select_folder("INBOX", readonly=True)
    fetched = imap.fetch([uid], ["BODY.PEEK[]"])
    assert fetched[uid][b"BODY[]"] == RAW


def test_dovecot_append_many_keeps_order(dovecot: DovecotServer) -> None:
    raws = [b"Subject: m%d\r\n\r\nbody\r\n" % i for i in range(300)]
    uids = dovecot.append_many(raws)
    imap = dovecot.client()
    imap.select_folder("INBOX", readonly=True)
    fetched = imap.fetch(uids, ["BODY.PEEK[]"])
    assert [fetched[uid][b"BODY[]"] for uid in uids] == raws


def test_dovecot_recreate_folder_changes_uidvalidity(dovecot: DovecotServer) -> None:
    dovecot.append_many([RAW, RAW.replace(b"Hello", b"Again")])
    before = dovecot.uidvalidity()
    after = dovecot.recreate_folder()
    imap = dovecot.client()
    status = imap.select_folder("INBOX")
    assert after != before
    assert status[b"UIDVALIDITY"] == after
    assert status[b"EXISTS"] == 2


def test_dovecot_recreate_other_folder(dovecot: DovecotServer) -> None:
    dovecot.append(RAW, folder="Processed")
    before = dovecot.uidvalidity("Processed")
    assert dovecot.recreate_folder("Processed") != before


def test_dovecot_idle_sees_append_from_another_connection(dovecot: DovecotServer) -> None:
    watcher = dovecot.client()
    watcher.select_folder("INBOX")
    watcher.idle()
    threading.Timer(0.2, dovecot.append, args=(RAW,)).start()
    responses = watcher.idle_check(timeout=30)
    watcher.idle_done()
    assert any(r[1] == b"EXISTS" for r in responses)


def test_dovecot_survives_kill_and_restart(dovecot: DovecotServer) -> None:
    dovecot.append(RAW)
    dovecot.kill()
    assert (dovecot.root / "run" / "master.pid").exists()  # stale, as after a crash
    dovecot.start()
    dovecot.restart()
    assert dovecot.client().select_folder("INBOX")[b"EXISTS"] == 1


def test_missing_dovecot_fails_with_install_hint(dovecot_factory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda *args, **kwargs: None)
    with pytest.raises(pytest.fail.Exception, match="apt-get install -y dovecot-imapd"):
        dovecot_factory()


# -- SMTP --------------------------------------------------------------------------


def test_smtp_receives(smtp: SmtpServer) -> None:
    with smtplib.SMTP(smtp.host, smtp.port, timeout=30) as client:
        client.send_message(mail())
    [envelope] = smtp.wait_for(1)
    assert envelope.mail_from == "untoc.cop@unodc.test"
    assert envelope.rcpt_tos == ["delegate@example.test"]
    assert envelope.message["Subject"] == "Note verbale"
    assert b"Body text." in envelope.original_content


def test_smtp_utf8_address(smtp: SmtpServer) -> None:
    with smtplib.SMTP(smtp.host, smtp.port, timeout=30) as client:
        client.send_message(mail(to="délégué@exemple.test"))
    assert smtp.wait_for(1)[0].rcpt_tos == ["délégué@exemple.test"]


@pytest.mark.parametrize(
    ("refuse", "code"),
    [(SmtpServer.reject_temporarily, 451), (SmtpServer.reject_permanently, 550)],
)
def test_smtp_refuses_chosen_recipient(smtp: SmtpServer, refuse, code: int) -> None:
    refuse(smtp, "gone@example.test")
    with smtplib.SMTP(smtp.host, smtp.port, timeout=30) as client:
        with pytest.raises(smtplib.SMTPRecipientsRefused) as refused:
            client.send_message(mail(to="gone@example.test"))
        client.send_message(mail(to="here@example.test"))
    assert refused.value.recipients["gone@example.test"][0] == code
    assert [e.rcpt_tos for e in smtp.wait_for(1)] == [["here@example.test"]]


def test_smtp_down_then_up_on_same_port(smtp: SmtpServer) -> None:
    port = smtp.port
    smtp.stop()
    with pytest.raises(OSError):
        smtplib.SMTP(smtp.host, port, timeout=10)
    smtp.start()
    with smtplib.SMTP(smtp.host, port, timeout=30) as client:
        client.send_message(mail())
    assert len(smtp.wait_for(1)) == 1


def test_smtp_auth(smtp_factory) -> None:
    server = smtp_factory(user="cop", password="pw")
    with smtplib.SMTP(server.host, server.port, timeout=30) as client:
        with pytest.raises(smtplib.SMTPSenderRefused):
            client.send_message(mail())
        with pytest.raises(smtplib.SMTPAuthenticationError):
            client.login("cop", "wrong")
        client.login("cop", "pw")
        client.send_message(mail())
    assert len(server.wait_for(1)) == 1


# -- Bot API look-alike -------------------------------------------------------------


async def test_bot_get_me_and_send_message(telegram: BotApiServer) -> None:
    async with tg.Bot(TOKEN, base_url=telegram.base_url) as bot:
        me = await bot.get_me()
        sent = await bot.send_message(42, "<b>Hello</b> &amp; welcome", parse_mode="HTML")
    assert me.username == "copdesk_test_bot"
    assert sent.text == "Hello & welcome"
    call = await telegram.wait_for_call("sendMessage")
    assert call.chat_id == 42
    assert call.text == "<b>Hello</b> &amp; welcome"


async def test_bot_errors_like_telegram(telegram: BotApiServer) -> None:
    async with tg.Bot(TOKEN, base_url=telegram.base_url) as bot:
        with pytest.raises(tg.error.BadRequest, match="parse entities"):
            await bot.send_message(42, "a <b>bold", parse_mode="HTML")
        sent = await bot.send_message(42, "same")
        with pytest.raises(tg.error.BadRequest, match="not modified"):
            await bot.edit_message_text("same", chat_id=42, message_id=sent.message_id)
        telegram.fail("sendMessage", 403, "Forbidden: bot was blocked by the user")
        with pytest.raises(tg.error.Forbidden):
            await bot.send_message(42, "hello")


async def test_bot_send_document_keeps_file(telegram: BotApiServer) -> None:
    async with tg.Bot(TOKEN, base_url=telegram.base_url) as bot:
        sent = await bot.send_document(7, document=b"a,b\r\n1,2\r\n", filename="delegations.csv", caption="Export")
    call = await telegram.wait_for_call("sendDocument")
    assert call.files["document"].filename == "delegations.csv"
    assert call.files["document"].content == b"a,b\r\n1,2\r\n"
    assert sent.document.file_name == "delegations.csv"


async def status(update: tg.Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer /status with a button."""
    keyboard = tg.InlineKeyboardMarkup([[tg.InlineKeyboardButton("Refresh", callback_data="status:refresh")]])
    await update.effective_message.reply_text(f"status for {update.effective_user.id}", reply_markup=keyboard)


async def echo(update: tg.Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Echo plain text."""
    await update.effective_message.reply_text(f"echo: {update.effective_message.text}")


async def refresh(update: tg.Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer the button and edit the message."""
    await update.callback_query.answer()
    await update.callback_query.edit_message_text("refreshed")


async def test_application_polls_and_replies(telegram: BotApiServer) -> None:
    from telegram.ext import CallbackQueryHandler

    app = Application.builder().token(TOKEN).base_url(telegram.base_url).build()
    app.add_handler(CommandHandler("status", status))
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    app.add_handler(CallbackQueryHandler(refresh, pattern="^status:"))
    async with app:
        await app.updater.start_polling(timeout=10, allowed_updates=tg.Update.ALL_TYPES)
        await app.start()
        try:
            telegram.send_text(1001, "hello there")
            echoed = await telegram.wait_for_call("sendMessage", timeout=30)
            telegram.send_text(1001, "/status")
            reply = await telegram.wait_for_call("sendMessage", lambda c: c.buttons, timeout=30)
            telegram.press_button(1001, "status:refresh", reply)
            await telegram.wait_for_call("answerCallbackQuery", timeout=30)
            edited = await telegram.wait_for_call("editMessageText", timeout=30)
        finally:
            await app.updater.stop()
            await app.stop()
    assert echoed.text == "echo: hello there"
    assert reply.text == "status for 1001"
    assert reply.buttons == [("Refresh", "status:refresh")]
    assert edited.result["text"] == "refreshed"


async def test_get_updates_long_polls(telegram: BotApiServer) -> None:
    async with tg.Bot(TOKEN, base_url=telegram.base_url) as bot:
        loop = asyncio.get_running_loop()
        started = loop.time()
        assert await bot.get_updates(timeout=1) == ()
        assert loop.time() - started >= 0.9
        asyncio.get_running_loop().call_later(0.2, telegram.send_text, 5, "hi")
        [update] = await bot.get_updates(timeout=20)
        assert update.message.text == "hi"
        assert await bot.get_updates(offset=update.update_id + 1, timeout=0) == ()


def test_process_look_alike(telegram_process: BotApiProcess) -> None:
    async def talk() -> tg.Message:
        async with tg.Bot(TOKEN, base_url=telegram_process.base_url) as bot:
            await bot.get_me()
            return await bot.send_message(9, "from a bot", reply_markup=tg.InlineKeyboardMarkup(
                [[tg.InlineKeyboardButton("OK", callback_data="ok:1")]]))

    asyncio.run(talk())
    call = telegram_process.wait_for_call("sendMessage")
    assert call.text == "from a bot"
    update = telegram_process.press_button(9, "ok:1", call)
    assert update["callback_query"]["message"]["message_id"] == call.result["message_id"]
    assert telegram_process.send_text(9, "/help")["message"]["entities"][0]["type"] == "bot_command"
