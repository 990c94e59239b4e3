"""web.app: the upload page with the real app (httpx over ASGI) and, for streaming, over real uvicorn."""
from __future__ import annotations

import asyncio
import datetime as dt
import os
import re
import socket
import time
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from PIL import Image

from store.audit import recent_actions
from store.db import Store
from store.delegations import get_participant, record_list
from store.links import issue_link, links_of, revoke_links
from store.records import Meeting, Participant, PersonIn
from tests.images import jpeg_bytes, png_bomb, png_bytes
from web.app import create_app
from web.server import serve_web

pytestmark = pytest.mark.filterwarnings("error::PIL.Image.DecompressionBombWarning")

CSP = ("default-src 'self'; img-src 'self' blob: data:; script-src 'self'; style-src 'self'; "
       "frame-ancestors 'none'; form-action 'self'; base-uri 'none'")
SMALL_LIMIT = 1024 * 1024


def add_person(store: Store, meeting: Meeting, name: str, email: str, language: str = "en") -> Participant:
    """Record a confirmed one-person delegation and return the participant."""
    update = record_list(store, meeting.code, "AUT", [PersonIn(name=name, honorific="Ms.", email=email,
                                                               language=language)],
                         message=None, state="confirmed", language=language)
    return [p for p in update.added + update.updated + update.unchanged if p.email == email][0]


def photo_files(folder: Path) -> list[Path]:
    """Return every file in the photo folder, temporary ones included."""
    return sorted(folder.iterdir()) if folder.exists() else []


def multipart(data: bytes, filename: str = "photo.jpg", content_type: str = "image/jpeg") -> tuple[bytes, str]:
    """Return a multipart/form-data body with one 'photo' file field, and its Content-Type."""
    request = httpx.Request("POST", "http://x/", files={"photo": (filename, data, content_type)})
    return request.read(), request.headers["content-type"]


@pytest.fixture
def participant(store: Store, meeting: Meeting) -> Participant:
    """A confirmed participant who writes in English."""
    return add_person(store, meeting, "Anna Huber", "anna.huber@bmeia.gv.at")


@pytest.fixture
def token(store: Store, participant: Participant) -> str:
    """The participant's live upload token."""
    return issue_link(store, participant.id)


@pytest.fixture
def photos_dir(tmp_path: Path) -> Path:
    """Where accepted photos go."""
    return tmp_path / "photos"


@pytest.fixture
async def client(store: Store, photos_dir: Path) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client talking to the app in process."""
    app = create_app(store, photos_dir)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as c:
        yield c


@pytest.fixture
async def server(store: Store, photos_dir: Path) -> AsyncIterator[str]:
    """The app (upload limit 1 MB) served by uvicorn on loopback; yields its base URL."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    stop = asyncio.Event()
    serving = asyncio.create_task(serve_web(create_app(store, photos_dir, max_bytes=SMALL_LIMIT), "127.0.0.1",
                                            port, stop))
    url = f"http://127.0.0.1:{port}"
    async with httpx.AsyncClient() as c:
        for _ in range(100):
            try:
                await c.get(url + "/healthz")
                break
            except httpx.TransportError:
                await asyncio.sleep(0.05)
    yield url
    stop.set()
    await asyncio.wait_for(serving, 10)


async def upload(client: httpx.AsyncClient, token: str, data: bytes, filename: str = "photo.jpg",
                 content_type: str = "image/jpeg") -> httpx.Response:
    """POST one file to the token's page."""
    return await client.post(f"/photo/{token}", files={"photo": (filename, data, content_type)})


async def test_the_page_shows_the_meeting_the_person_and_the_requirements(client: httpx.AsyncClient,
                                                                          token: str) -> None:
    page = await client.get(f"/photo/{token}")
    assert page.status_code == 200
    text = page.text
    assert '<html lang="en">' in text and 'name="viewport"' in text
    assert "Second meeting of the open-ended interim Working Group on Trafficking in Persons" in text
    assert "27–29 January 2010, Vienna International Centre, Vienna" in text
    assert "Ms. Anna Huber" in text
    for requirement in ("recent", "in colour", "plain, light background", "face centred and uncovered",
                        "JPEG or PNG", "at least 600 × 800 pixels", "at most 10 MB"):
        assert requirement in text
    assert 'accept="image/jpeg,image/png"' in text and 'enctype="multipart/form-data"' in text
    assert '<label for="photo">' in text and 'id="photo"' in text
    assert re.search(r"<script(?![^>]*\bsrc=)", text) is None  # no inline script
    assert " style=" not in text


@pytest.mark.parametrize("language, words", [("fr", ["La photo doit être", "27–29 janvier 2010", "en couleur"]),
                                             ("es", ["La foto debe ser", "27–29 de enero de 2010", "en color"]),
                                             ("de", ["The photo must be", "27–29 January 2010"])])
async def test_the_page_speaks_the_participants_language(store: Store, meeting: Meeting, client: httpx.AsyncClient,
                                                         language: str, words: list[str]) -> None:
    person = add_person(store, meeting, "Marie Dupont", "marie@example.org", language)
    page = await client.get(f"/photo/{issue_link(store, person.id)}")
    assert f'<html lang="{language if language != "de" else "en"}">' in page.text
    assert all(w in page.text for w in words)


async def test_the_language_can_be_switched(client: httpx.AsyncClient, token: str) -> None:
    page = await client.get(f"/photo/{token}?lang=es")
    assert '<html lang="es">' in page.text and "Enviar mi foto" in page.text


@pytest.mark.parametrize("request_line", ["GET /photo/{token}", "GET /photo/nope", "GET /healthz",
                                          "GET /static/photo.css", "GET /static/photo.js", "GET /elsewhere",
                                          "POST /photo/{token}", "DELETE /photo/{token}"])
async def test_every_response_carries_the_security_headers(client: httpx.AsyncClient, token: str,
                                                           request_line: str) -> None:
    method, path = request_line.split()
    response = await client.request(method, path.format(token=token))
    assert response.headers["content-security-policy"] == CSP
    assert response.headers["referrer-policy"] == "no-referrer"
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "cache-control" in response.headers
    if path.startswith("/photo"):
        assert response.headers["cache-control"] == "no-store"


async def test_health(client: httpx.AsyncClient) -> None:
    response = await client.get("/healthz")
    assert (response.status_code, response.text) == (200, "ok")


@pytest.mark.parametrize("path", ["/static/", "/static", "/static/../web/app.py", "/static/photo.py", "/photos/",
                                  "/"])
async def test_nothing_else_is_served(client: httpx.AsyncClient, path: str) -> None:
    assert (await client.get(path)).status_code in (404, 405)


async def test_a_jpeg_is_received(store: Store, client: httpx.AsyncClient, participant: Participant, token: str,
                                  photos_dir: Path) -> None:
    response = await upload(client, token, jpeg_bytes(1200, 1600))
    assert response.status_code == 200
    assert "your photo has been received" in response.text and "1200 × 1600 pixels" in response.text
    person = get_participant(store, participant.id)
    assert person.photo_state == "received"
    assert photo_files(photos_dir) == [Path(person.photo_path)]
    assert links_of(store, participant.id)[0].used_at is not None
    assert recent_actions(store, 1)[0].action == "photo_received"


async def test_the_stored_file_is_upright_and_without_exif(store: Store, client: httpx.AsyncClient,
                                                           participant: Participant, token: str) -> None:
    response = await upload(client, token, jpeg_bytes(1600, 1200, orientation=6, icc=True))
    assert response.status_code == 200
    stored = Image.open(get_participant(store, participant.id).photo_path)
    assert stored.format == "JPEG" and stored.size == (1200, 1600)
    assert not stored.getexif() and "icc_profile" not in stored.info


async def test_a_png_named_jpg_is_taken_for_what_it_is(store: Store, client: httpx.AsyncClient,
                                                       participant: Participant, token: str) -> None:
    response = await upload(client, token, png_bytes(), "photo.jpg", "image/jpeg")
    assert response.status_code == 200
    assert recent_actions(store, 1)[0].detail["source"] == "PNG"
    assert Image.open(get_participant(store, participant.id).photo_path).format == "JPEG"


@pytest.mark.parametrize("data, filename, content_type, words", [
    (jpeg_bytes(500, 700), "small.jpg", "image/jpeg", "it is 500 × 700 pixels"),
    (b"%PDF-1.4 not a photo at all", "photo.jpg", "image/jpeg", "is not a JPEG or PNG photo"),
    (b"GIF89a" + b"\0" * 100, "photo.png", "image/png", "is not a JPEG or PNG photo"),
    (jpeg_bytes()[:5000], "cut.jpg", "image/jpeg", "damaged or incomplete"),
    (png_bomb(), "bomb.png", "image/png", "too big to process"),
    (b"", "empty.jpg", "image/jpeg", "No photo arrived"),
])
async def test_a_bad_upload_is_refused_with_what_to_fix(store: Store, client: httpx.AsyncClient,
                                                        participant: Participant, token: str, photos_dir: Path,
                                                        data: bytes, filename: str, content_type: str,
                                                        words: str) -> None:
    response = await upload(client, token, data, filename, content_type)
    assert response.status_code == 400
    assert "Your photo was not accepted" in response.text and words in response.text
    assert get_participant(store, participant.id).photo_state == "missing"
    assert photo_files(photos_dir) == []


async def test_a_refusal_speaks_the_participants_language(store: Store, meeting: Meeting,
                                                          client: httpx.AsyncClient) -> None:
    person = add_person(store, meeting, "Marie Dupont", "marie@example.org", "fr")
    response = await upload(client, issue_link(store, person.id), jpeg_bytes(640, 480))
    assert response.status_code == 400
    assert "La photo est trop petite : elle mesure 640 × 480 pixels" in response.text


@pytest.mark.parametrize("form", [{"data": {"photo": "text, not a file"}}, {"data": {"other": "x"}},
                                  {"content": b"photo=abc", "headers": {"content-type": "text/plain"}},
                                  {"files": [("photo", ("a.jpg", b"1")), ("photo", ("b.jpg", b"2"))]}])
async def test_a_form_without_one_file_is_refused(store: Store, client: httpx.AsyncClient, participant: Participant,
                                                  token: str, form: dict) -> None:
    response = await client.post(f"/photo/{token}", **form)
    assert response.status_code == 400 and "No photo arrived" in response.text
    assert get_participant(store, participant.id).photo_state == "missing"


async def test_a_file_over_10_mb_is_refused_with_413(store: Store, client: httpx.AsyncClient,
                                                     participant: Participant, token: str, photos_dir: Path) -> None:
    response = await upload(client, token, jpeg_bytes() + b"\0" * (10 * 1024 * 1024))
    assert response.status_code == 413
    assert "The file is too large" in response.text and "at most 10 MB" in response.text
    assert get_participant(store, participant.id).photo_state == "missing"
    assert photo_files(photos_dir) == []


async def test_a_streamed_body_without_length_is_cut_at_the_limit(store: Store, server: str,
                                                                  participant: Participant, token: str,
                                                                  photos_dir: Path) -> None:
    body, content_type = multipart(jpeg_bytes() + b"\0" * (SMALL_LIMIT + 200_000))
    sent = []

    async def chunks() -> AsyncIterator[bytes]:
        for start in range(0, len(body), 16_384):
            sent.append(start)
            yield body[start:start + 16_384]

    async with httpx.AsyncClient(base_url=server) as c:
        response = await c.post(f"/photo/{token}", content=chunks(), headers={"content-type": content_type})
    assert response.request.headers.get("transfer-encoding") == "chunked"
    assert "content-length" not in response.request.headers
    assert response.status_code == 413 and "The file is too large" in response.text
    assert get_participant(store, participant.id).photo_state == "missing"
    assert photo_files(photos_dir) == []


async def test_a_photo_under_the_limit_passes_the_real_server(store: Store, server: str,
                                                              participant: Participant, token: str) -> None:
    async with httpx.AsyncClient(base_url=server) as c:
        response = await upload(c, token, jpeg_bytes())
    assert response.status_code == 200
    assert get_participant(store, participant.id).photo_state == "received"


def expire(store: Store, token: str, participant: Participant) -> None:
    """Move the participant's link expiry into the past."""
    store.execute("UPDATE photo_links SET expires_at = '2000-01-01T00:00:00+00:00' WHERE participant = ?",
                  [participant.id])


def age(store: Store, token: str, participant: Participant) -> None:
    """Make the link older than the app's link_days, its stored expiry still ahead."""
    issued = (dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=61)).isoformat()
    store.execute("UPDATE photo_links SET created_at = ? WHERE participant = ?", [issued, participant.id])


def revoke(store: Store, token: str, participant: Participant) -> None:
    """Revoke the participant's links."""
    revoke_links(store, participant.id)


def replace(store: Store, token: str, participant: Participant) -> None:
    """Issue a newer link (the old one is revoked)."""
    issue_link(store, participant.id)


@pytest.mark.parametrize("spoil", [expire, age, revoke, replace])
async def test_a_dead_link_gets_the_neutral_page(store: Store, client: httpx.AsyncClient,
                                                 participant: Participant, token: str, photos_dir: Path,
                                                 spoil) -> None:
    neutral = await client.get("/photo/" + "A" * 43)
    spoil(store, token, participant)
    for response in (await client.get(f"/photo/{token}"), await upload(client, token, jpeg_bytes())):
        assert response.status_code == 404
        assert response.text == neutral.text
    assert get_participant(store, participant.id).photo_state == "missing"
    assert photo_files(photos_dir) == []


@pytest.mark.parametrize("path", ["/photo/" + "A" * 43, "/photo/short", "/photo/" + "x" * 5000,
                                  "/photo/..%2F..%2Fetc%2Fpasswd", "/photo/a/b/c", "/photo/%00%ff",
                                  "/photo/' OR 1=1 --", "/photo/"])
async def test_forged_and_malformed_tokens_get_the_same_page(client: httpx.AsyncClient, participant: Participant,
                                                             token: str, path: str) -> None:
    neutral = await client.get("/photo/" + "B" * 43)
    response = await client.get(path)
    assert response.status_code == 404
    assert response.text == neutral.text
    assert "no longer valid" in response.text and "Huber" not in response.text


async def test_a_new_photo_replaces_the_old_one(store: Store, client: httpx.AsyncClient, participant: Participant,
                                                token: str, photos_dir: Path) -> None:
    await upload(client, token, jpeg_bytes(900, 1200))
    first = get_participant(store, participant.id).photo_path
    page = await client.get(f"/photo/{token}")
    assert "We already have your photo" in page.text
    assert (await upload(client, token, png_bytes(600, 800))).status_code == 200
    second = get_participant(store, participant.id).photo_path
    assert first != second and photo_files(photos_dir) == [Path(second)]
    assert Image.open(second).size == (600, 800)


async def test_a_refused_new_photo_keeps_the_old_one(store: Store, client: httpx.AsyncClient,
                                                     participant: Participant, token: str, photos_dir: Path) -> None:
    await upload(client, token, jpeg_bytes())
    kept = get_participant(store, participant.id).photo_path
    response = await upload(client, token, b"not an image")
    assert response.status_code == 400 and "The photo we already had is kept" in response.text
    assert get_participant(store, participant.id).photo_path == kept
    assert photo_files(photos_dir) == [Path(kept)]


async def test_concurrent_uploads_leave_one_photo_the_last(store: Store, client: httpx.AsyncClient,
                                                           participant: Participant, token: str,
                                                           photos_dir: Path) -> None:
    sizes = [(600 + 40 * i, 800 + 40 * i) for i in range(8)]
    responses = await asyncio.gather(*(upload(client, token, jpeg_bytes(w, h)) for w, h in sizes))
    assert [r.status_code for r in responses] == [200] * len(sizes)
    person = get_participant(store, participant.id)
    assert photo_files(photos_dir) == [Path(person.photo_path)]
    last = recent_actions(store, 1)[0].detail
    assert Image.open(person.photo_path).size == (last["width"], last["height"])
    assert len([a for a in recent_actions(store, 50) if a.action == "photo_received"]) == len(sizes)


async def test_starting_the_app_sweeps_files_nobody_holds(store: Store, client: httpx.AsyncClient,
                                                          participant: Participant, token: str,
                                                          photos_dir: Path) -> None:
    await upload(client, token, jpeg_bytes())
    held = Path(get_participant(store, participant.id).photo_path)
    orphan = photos_dir / "p99-left-by-a-crash.jpg"
    orphan.write_bytes(b"x")
    for path in (held, orphan):
        os.utime(path, (time.time() - 7200, time.time() - 7200))
    create_app(store, photos_dir)
    assert photo_files(photos_dir) == [held]
