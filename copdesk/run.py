"""`copdesk run`: poller, sender, bot, photo page and scheduler on one asyncio loop."""
from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import threading

from copdesk.services import Services, open_services
from copdesk.settings import Settings, SettingsError

log = logging.getLogger("copdesk")


def check_parts(settings: Settings) -> None:
    """Refuse to start a part that is switched on but not configured. Raises SettingsError naming the setting."""
    if settings.imap.enabled and not (settings.imap.host and settings.imap.user):
        raise SettingsError("set imap.host and imap.user (and COPDESK_IMAP_PASSWORD), or imap.enabled = false")
    if settings.smtp.enabled and not settings.smtp.host:
        raise SettingsError("set smtp.host, or smtp.enabled = false")
    if settings.telegram.enabled and not settings.telegram.token:
        raise SettingsError("set telegram.token (or COPDESK_TELEGRAM_TOKEN), or telegram.enabled = false")
    if settings.telegram.enabled and not settings.telegram.allowed_users:
        raise SettingsError("set telegram.allowed_users (the Telegram user ids who may use the bot)")


async def _poller(app: Services, stop: threading.Event) -> None:
    from mail.imap import Poller
    from mail.pipeline import handler_for

    poller = Poller(app.imap_account, app.store, handler_for(app.store, app.mail_options))
    await asyncio.to_thread(poller.run, stop)


def check_imap(app: Services) -> None:
    """Log in and open the folder once. Raises MailboxUnavailable, LoginFailed or FolderMissing."""
    from mail.imap import session

    with session(app.imap_account):
        pass


async def serve(app: Services, stop: asyncio.Event) -> None:
    """Run every enabled part until stop is set, then shut them down in order."""
    settings = app.settings
    thread_stop = threading.Event()
    tasks: list[asyncio.Task] = []
    bot_app = None
    if settings.imap.enabled:
        await asyncio.to_thread(check_imap, app)
        tasks.append(asyncio.create_task(_poller(app, thread_stop), name="poller"))
    if settings.smtp.enabled:
        from mail.smtp import check_smtp, run_sender

        await check_smtp(app.smtp_account)
        tasks.append(asyncio.create_task(run_sender(app.store, app.smtp_account, app.renderer, stop), name="sender"))
    if settings.web.enabled:
        from web.app import create_app
        from web.server import serve_web

        web_app = create_app(app.store, app.photos_dir, link_days=settings.web.link_days)
        tasks.append(asyncio.create_task(serve_web(web_app, settings.web.host, settings.web.port, stop), name="web"))
    if settings.telegram.enabled:
        from bot.app import build_application, start_bot

        bot_app = build_application(app.store, app.bot_options)
        await start_bot(bot_app)
    log.info("copdesk running: %s", ", ".join(t.get_name() for t in tasks) + (", bot" if bot_app else ""))
    try:
        await _wait(stop, tasks)
    finally:
        stop.set()
        thread_stop.set()
        if bot_app is not None:
            from bot.app import stop_bot

            await stop_bot(bot_app)
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.wait_for(task, timeout=60)
        log.info("copdesk stopped")


async def _wait(stop: asyncio.Event, tasks: list[asyncio.Task]) -> None:
    stopper = asyncio.create_task(stop.wait())
    done, _ = await asyncio.wait([stopper, *tasks], return_when=asyncio.FIRST_COMPLETED)
    for task in done:
        if task is not stopper and task.exception() is not None:
            stop.set()
            raise task.exception()
    stopper.cancel()


async def _main(app: Services) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await serve(app, stop)


def run_all(settings: Settings) -> int:
    """Check the configuration, then run everything until SIGINT/SIGTERM; return the exit status."""
    check_parts(settings)
    asyncio.run(_main(open_services(settings)))
    return 0


def run_web_only(settings: Settings) -> int:
    """Serve the photo page alone until SIGINT/SIGTERM."""
    from web.app import create_app
    from web.server import serve_web

    app = open_services(settings)

    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        web_app = create_app(app.store, app.photos_dir, link_days=settings.web.link_days)
        await serve_web(web_app, settings.web.host, settings.web.port, stop)

    asyncio.run(main())
    return 0
