"""The upload page in a real browser: Debian's Chromium, driven by Playwright, against uvicorn on loopback."""
from __future__ import annotations

import asyncio
import re
import socket
from collections.abc import AsyncIterator
from email import message_from_bytes, policy
from pathlib import Path

import pytest

from mail.compose import Renderer
from store.db import Store
from store.delegations import get_participant, record_list
from store.links import issue_link
from store.outbox import due_mail
from store.records import Meeting, Participant, PersonIn
from store.registration import queue_photo_link
from tests.images import jpeg_bytes, png_bytes
from web.app import create_app
from web.server import serve_web

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ROOT = Path(__file__).resolve().parent.parent
PHONE = {"width": 390, "height": 844}


@pytest.fixture
async def site(store: Store, tmp_path: Path) -> AsyncIterator[str]:
    """The upload page served by uvicorn on 127.0.0.1; yields its base URL."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    stop = asyncio.Event()
    serving = asyncio.create_task(serve_web(create_app(store, tmp_path / "photos"), "127.0.0.1", port, stop))
    await asyncio.sleep(0.3)
    yield f"http://127.0.0.1:{port}"
    stop.set()
    await asyncio.wait_for(serving, 10)


@pytest.fixture
def participant(store: Store, meeting: Meeting) -> Participant:
    """A confirmed participant with an address, whose photo link is queued."""
    update = record_list(store, meeting.code, "AUT", [PersonIn(name="Anna Huber", honorific="Ms.",
                                                               email="anna.huber@bmeia.gv.at", language="en")],
                         message=None, state="confirmed", language="en")
    person = update.added[0]
    assert queue_photo_link(store, person, meeting.code, "copdesk.test")
    return person


def link_from_mail(store: Store, public_url: str) -> str:
    """Render the queued photo-link mail as the sender would and return the link it carries."""
    renderer = Renderer(ROOT / "templates" / "email", public_url, 60, "untoc.cop@unodc.org", "UNODC")
    [mail] = [m for m in due_mail(store) if m.kind == "photo_link"]
    message = message_from_bytes(renderer.render(store, mail), policy=policy.default)
    text = message.get_body(preferencelist=("plain",)).get_content()
    return re.search(re.escape(public_url) + r"/photo/[A-Za-z0-9_-]+", text).group(0)


async def test_a_participant_sends_a_photo_from_a_phone(store: Store, site: str, participant: Participant,
                                                        tmp_path: Path) -> None:
    if not CHROMIUM.exists():
        pytest.fail("Chromium is missing: apt-get install -y chromium")
    from playwright.async_api import async_playwright

    link = link_from_mail(store, site)
    photo = tmp_path / "IMG_0001.jpg"
    photo.write_bytes(jpeg_bytes(1200, 900, orientation=6))
    artifacts = ROOT / "artifacts"
    artifacts.mkdir(exist_ok=True)
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        page = await browser.new_page(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
        problems: list[str] = []
        page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
        page.on("pageerror", lambda e: problems.append(str(e)))
        await page.goto(link)
        assert await page.locator("h1").inner_text() == "Your badge photo"
        assert await page.get_attribute("html", "lang") == "en"
        assert "Ms. Anna Huber" in await page.locator("main").inner_text()
        await page.get_by_label("Your photo (JPEG or PNG)").set_input_files(str(photo))
        note = page.locator("#preview-note")
        await note.filter(has_text="900 × 1200").wait_for()  # the preview shows the photo upright
        assert await page.locator("#preview").is_visible()
        for shot in (artifacts / "photo-page.png", tmp_path / "photo-page.png"):
            await page.screenshot(path=str(shot), full_page=True)
        await page.get_by_role("button", name="Send my photo").click()
        await page.get_by_text("Thank you, your photo has been received").wait_for()
        await page.screenshot(path=str(artifacts / "photo-received.png"), full_page=True)
        await browser.close()
    assert problems == []  # no CSP violation, no script error
    assert get_participant(store, participant.id).photo_state == "received"


async def test_the_page_works_without_javascript(store: Store, meeting: Meeting, site: str,
                                                 tmp_path: Path) -> None:
    if not CHROMIUM.exists():
        pytest.fail("Chromium is missing: apt-get install -y chromium")
    from playwright.async_api import async_playwright

    update = record_list(store, meeting.code, "FRA", [PersonIn(name="Marie Dupont", honorific="Mme",
                                                               email="marie.dupont@diplomatie.gouv.fr",
                                                               language="fr")],
                         message=None, state="confirmed", language="fr")
    person = update.added[0]
    link = f"{site}/photo/{issue_link(store, person.id)}"
    small, good = tmp_path / "petite.png", tmp_path / "photo.png"
    small.write_bytes(png_bytes(300, 400))
    good.write_bytes(png_bytes(600, 800))
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        context = await browser.new_context(viewport=PHONE, java_script_enabled=False)
        page = await context.new_page()
        await page.goto(link)
        assert await page.get_attribute("html", "lang") == "fr"
        await page.get_by_label("Votre photo (JPEG ou PNG)").set_input_files(str(small))
        await page.get_by_role("button", name="Envoyer ma photo").click()
        await page.get_by_text("elle mesure 300 × 400 pixels").wait_for()
        await page.get_by_role("link", name="Réessayer").click()
        await page.get_by_label("Votre photo (JPEG ou PNG)").set_input_files(str(good))
        await page.get_by_role("button", name="Envoyer ma photo").click()
        await page.get_by_text("Merci, votre photo a bien été reçue").wait_for()
        await browser.close()
    assert get_participant(store, person.id).photo_state == "received"
