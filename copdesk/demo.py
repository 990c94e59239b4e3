"""`copdesk demo`: the whole workflow on a bundled sample mailbox, with no configuration and no network."""
from __future__ import annotations

import asyncio
import datetime as dt
import logging
import re
import shutil
import sys
import threading
import urllib.request
from email import message_from_bytes, policy
from pathlib import Path

from copdesk import services
from copdesk.mailsink import free_port, start_sink
from copdesk.settings import PACKAGE_ROOT, Settings
from store.meetings import BUNDLED, read_meeting_file, shift_dates

MAILBOX = PACKAGE_ROOT / "copdesk" / "data" / "demo-mailbox"
MARKER = ".copdesk-demo"
TOUR = ["/status", "/country Nigeria", "who is coming from Austria?", "/missing", "/review", "/digest"]


def prepare_workspace(workspace: str | None) -> Path:
    """Return a fresh, empty workspace folder (an earlier demo's folder is replaced)."""
    folder = Path(workspace or "copdesk-demo").resolve()
    if folder.exists():
        if not (folder / MARKER).exists() and any(folder.iterdir()):
            raise SystemExit(f"copdesk: {folder} exists and is not a demo workspace; choose --workspace")
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    (folder / MARKER).write_text("made by copdesk demo\n")
    return folder


def demo_settings(folder: Path, smtp_port: int, web_port: int) -> Settings:
    """Return settings for a local, offline run: loopback SMTP sink and photo page, no IMAP, no Telegram."""
    settings = Settings()
    settings.store.path = str(folder / "copdesk.db")
    settings.store.photos = str(folder / "photos")
    settings.smtp.host, settings.smtp.port = "127.0.0.1", smtp_port
    settings.smtp.starttls = settings.smtp.ssl = False
    settings.web.port = web_port
    settings.web.public_url = f"http://127.0.0.1:{web_port}"
    settings.imap.enabled = settings.telegram.enabled = False
    settings.source = "demo"
    return settings


def first_link(sent: Path, public_url: str) -> str | None:
    """Return the first photo-upload link found in the mail the sink wrote."""
    pattern = re.compile(re.escape(public_url) + r"/photo/[A-Za-z0-9_\-]+")
    for path in sorted(sent.glob("*.eml")):
        body = message_from_bytes(path.read_bytes(), policy=policy.default).get_body(("plain",))
        found = pattern.search(body.get_content()) if body else None
        if found:
            return found.group(0)
    return None


class WebThread(threading.Thread):
    """The photo page on its own loop in a background thread."""

    def __init__(self, app: services.Services) -> None:
        super().__init__(name="web", daemon=True)
        self.app, self.loop, self.stop_event = app, None, None
        self.ready = threading.Event()

    def run(self) -> None:
        from web.app import create_app
        from web.server import serve_web

        async def main() -> None:
            self.loop, self.stop_event = asyncio.get_running_loop(), asyncio.Event()
            self.ready.set()
            web = create_app(self.app.store, self.app.photos_dir, link_days=self.app.settings.web.link_days)
            await serve_web(web, "127.0.0.1", self.app.settings.web.port, self.stop_event)

        asyncio.run(main())

    def stop(self) -> None:
        """Ask the server to stop and wait for it."""
        if self.loop is not None:
            self.loop.call_soon_threadsafe(self.stop_event.set)
        self.join(timeout=10)


def wait_for_page(url: str) -> int:
    """Return the HTTP status of url once the server answers (or 0)."""
    for _ in range(100):
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.status
        except urllib.error.HTTPError as e:
            return e.code
        except OSError:
            threading.Event().wait(0.1)
    return 0


def run_demo(workspace: str | None = None, interactive: bool = True) -> int:
    """Run the demo; return the exit status."""
    logging.getLogger().setLevel(logging.WARNING)  # the demo prints its own summary lines
    deadline = dt.date.today() + dt.timedelta(days=10)
    definition = shift_dates(read_meeting_file(BUNDLED), deadline)
    print(f"copdesk demo: the bundled meeting took place in 2010; its dates are shifted by "
          f"{definition['shifted_by_days']} days so that the registration deadline falls ten days from today "
          f"({deadline:%d %B %Y}); the agenda is unchanged.")
    folder = prepare_workspace(workspace)
    sink = start_sink(folder / "sent-mail")
    app = services.open_services(demo_settings(folder, sink.port, free_port()), definition)
    print(f"Workspace: {folder}\nMeeting: {app.meeting.title}, {app.meeting['city']}, "
          f"{app.meeting['start']} to {app.meeting['end']}")
    web = None
    try:
        from mail.ingest import ingest_paths
        from mail.smtp import send_once

        summary = ingest_paths(app.store, [MAILBOX], app.mail_options, progress=services.progress_bar("ingest"))
        print("Ingested the sample mailbox: " + services.describe(summary))
        sent = asyncio.run(send_once(app.store, app.smtp_account, app.renderer))
        print(f"Mail 'sent' to the local SMTP server, written as .eml files in {folder / 'sent-mail'}: "
              + services.describe(sent))
        web = WebThread(app)
        web.start()
        link = first_link(folder / "sent-mail", app.settings.web.public_url)
        if link:
            status = wait_for_page(link)
            print(f"Photo page running. Try a participant's link in a browser: {link} (HTTP {status})")
        print("\nThe secretariat's bot, in this terminal" + (": type /help, or quit to leave.\n" if interactive
                                                              else " (scripted tour):\n"))
        from bot.console import run_console

        script = None if interactive else TOUR
        if script:
            run_console(app.store, app.bot_options, output=sys.stdout, script=script, save_dir=folder)
        else:
            run_console(app.store, app.bot_options, save_dir=folder)
    finally:
        if web is not None:
            web.stop()
        sink.stop()
        app.store.close()
    return 0
