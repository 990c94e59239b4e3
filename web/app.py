"""The photo-upload page: one personal link per participant, served by Starlette (ASGI)."""
from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import re
import secrets
import weakref
from collections.abc import AsyncIterator
from pathlib import Path

from starlette.applications import Starlette
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from store.audit import log_action
from store.db import NotFound, Store
from store.delegations import get_participant
from store.links import links_of, mark_link_used, participant_for_token
from store.meetings import get_meeting, meeting_date
from store.participants import photo_paths, set_photo
from store.records import Participant
from web.pages import Pages, format_dates, format_day, page_language
from web.photos import (MIN_SIZE, FileTooLarge, Photo, PhotoRefused, process_photo, remove_photo, save_photo,
                        sweep_photos)

log = logging.getLogger("copdesk.web")

STATIC = Path(__file__).resolve().parent / "static"
TOKEN = re.compile(r"[A-Za-z0-9_-]{16,128}")
FORM_OVERHEAD = 64 * 1024      # multipart boundaries and headers around the file
SMALL_BODY = 16 * 1024         # every route other than the upload
SECURITY_HEADERS = [
    (b"content-security-policy", b"default-src 'self'; img-src 'self' blob: data:; script-src 'self'; "
                                 b"style-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(self), geolocation=(), microphone=()"),
]


class SecurityHeaders:
    """ASGI middleware: add the security headers to every response, and no-store to any that sets no cache rule."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [h for h in message.get("headers", []) if h[0].lower() != b"server"]
                if not any(name.lower() == b"cache-control" for name, _ in headers):
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = headers + SECURITY_HEADERS
            await send(message)

        await self.app(scope, receive, send_with_headers)


class PhotoDesk:
    """The state behind the routes: the store, the photo folder, the pages, one lock per participant."""

    def __init__(self, store: Store, photos_dir: str | Path, link_days: int, max_bytes: int) -> None:
        self.store = store
        self.photos_dir = Path(photos_dir).resolve()
        self.link_days = link_days
        self.max_bytes = max_bytes
        self.pages = Pages()
        self.locks: weakref.WeakValueDictionary[int, asyncio.Lock] = weakref.WeakValueDictionary()
        self.decoding = asyncio.Semaphore(2)  # bounds the memory of simultaneous decodes
        self.decoy = secrets.token_urlsafe(32)  # looked up for malformed tokens, so they cost a query too
        self.assets = {name: (STATIC / name).read_bytes() for name in ("photo.css", "photo.js")}

    def find_participant(self, token: str) -> Participant | None:
        """Return the participant a live link belongs to, else None (unknown, expired, revoked, malformed)."""
        wellformed = bool(TOKEN.fullmatch(token))
        participant = participant_for_token(self.store, token if wellformed else self.decoy)
        if participant is None or not wellformed:
            return None
        links = links_of(self.store, participant.id)
        issued = dt.datetime.fromisoformat(links[0].created_at) if links else None
        if issued is None or issued < dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=self.link_days):
            return None
        return participant

    def meeting_context(self, participant: Participant, lang: str) -> dict:
        """Return what the pages say about the participant's meeting (empty strings if it is not stored)."""
        try:
            meeting = get_meeting(self.store, participant.meeting_code)
        except NotFound:
            return {"title": "", "dates": "", "venue": "", "badge_pickup": ""}
        def pick(key: str) -> str:
            return str(meeting.get(f"{key}_{lang}") or meeting.get(key) or "")

        place = ", ".join(p for p in (pick("venue"), pick("city")) if p)
        return {"title": pick("title"), "venue": place, "badge_pickup": meeting.get("badge_pickup") or "",
                "dates": format_dates(meeting_date(meeting, "start"), meeting_date(meeting, "end"), lang)}

    def page_context(self, participant: Participant, lang: str, token: str) -> dict:
        """Return the context every page about one participant shares."""
        links = links_of(self.store, participant.id)
        expires = dt.date.fromisoformat(links[0].expires_at[:10]) if links else None
        received = dt.date.fromisoformat(participant.photo_at[:10]) if participant.photo_at else None
        return {"token": token, "person": participant.display_name, "meeting": self.meeting_context(participant, lang),
                "min_width": MIN_SIZE[0], "min_height": MIN_SIZE[1], "max_mb": self.max_bytes // (1024 * 1024),
                "max_bytes": self.max_bytes, "has_photo": participant.photo_state == "received",
                "received_on": format_day(received, lang) if received else "",
                "expires_on": format_day(expires, lang) if expires else ""}

    def record_photo(self, participant_id: int, photo: Photo, token: str) -> Path:
        """Store a processed photo as the participant's, replacing (and deleting) the previous one."""
        path = save_photo(photo, self.photos_dir, participant_id)
        try:
            with self.store.tx():
                old = get_participant(self.store, participant_id).photo_path
                set_photo(self.store, participant_id, str(path))
                mark_link_used(self.store, token)
                log_action(self.store, f"participant:{participant_id}", "photo_received",
                           width=photo.width, height=photo.height, source=photo.source_format)
        except BaseException:
            remove_photo(path)
            raise
        if old and old != str(path) and self.owns(old):
            remove_photo(old)
        return path

    def owns(self, path: str) -> bool:
        """Tell whether a stored path lies in our photo folder (we never delete anything else)."""
        return Path(path).resolve().parent == self.photos_dir

    @contextlib.asynccontextmanager
    async def participant_lock(self, participant_id: int) -> AsyncIterator[None]:
        """Hold the participant's lock: uploads for one person commit one at a time, the last one wins."""
        lock = self.locks.get(participant_id)
        if lock is None:
            lock = self.locks[participant_id] = asyncio.Lock()
        async with lock:
            yield


def html(desk: PhotoDesk, name: str, lang: str, status: int = 200, **context: object) -> HTMLResponse:
    """Return one rendered page."""
    return HTMLResponse(desk.pages.render(name, lang, **context), status_code=status)


def invalid_link(desk: PhotoDesk) -> HTMLResponse:
    """Return the neutral page for any link that does not lead to a participant."""
    return html(desk, "invalid", "en", status=404)


def refused(desk: PhotoDesk, lang: str, context: dict, reason: str, status: int = 400,
            error: PhotoRefused | None = None) -> HTMLResponse:
    """Return the page that says why an upload was refused and what to do."""
    found = {"found_width": getattr(error, "width", 0), "found_height": getattr(error, "height", 0)}
    return html(desk, "refused", lang, status=status, reason=reason, **context, **found)


async def show_form(request: Request) -> Response:
    """GET /photo/{token}: the meeting, the participant's name, the requirements and the upload form."""
    desk: PhotoDesk = request.app.state.desk
    token = request.path_params["token"]
    participant = await asyncio.to_thread(desk.find_participant, token)
    if participant is None:
        return invalid_link(desk)
    lang = page_language(request.query_params.get("lang"), participant.language)
    context = await asyncio.to_thread(desk.page_context, participant, lang, token)
    return html(desk, "photo", lang, **context)


async def read_upload(request: Request, max_bytes: int) -> bytes:
    """Return the bytes of the form's one file field 'photo' (empty if none).

    Raises FileTooLarge past max_bytes (also while the body is still streaming in).
    """
    try:
        async with request.form(max_files=1, max_fields=4, max_part_size=4096) as form:
            upload = form.get("photo")
            if not isinstance(upload, UploadFile):
                return b""
            data = await upload.read(max_bytes + 1)
    except HTTPException as e:
        if e.status_code == 413:
            raise FileTooLarge("body over the limit") from e
        return b""  # a malformed form: nothing usable was sent
    if len(data) > max_bytes:
        raise FileTooLarge(f"file over {max_bytes} bytes")
    return data


async def receive_photo(request: Request) -> Response:
    """POST /photo/{token}: check, re-encode and store the photo, then say what happened."""
    desk: PhotoDesk = request.app.state.desk
    token = request.path_params["token"]
    participant = await asyncio.to_thread(desk.find_participant, token)
    if participant is None:
        return invalid_link(desk)
    lang = page_language(request.query_params.get("lang"), participant.language)
    context = await asyncio.to_thread(desk.page_context, participant, lang, token)
    try:
        data = await read_upload(request, desk.max_bytes)
        if not data:
            return refused(desk, lang, context, "no_file")
        async with desk.decoding:
            photo = await asyncio.to_thread(process_photo, data)
    except PhotoRefused as e:
        log.info("photo refused for participant %s: %s (%s)", participant.id, e.reason, e)
        return refused(desk, lang, context, e.reason, status=413 if isinstance(e, FileTooLarge) else 400, error=e)
    async with desk.participant_lock(participant.id):
        await asyncio.to_thread(desk.record_photo, participant.id, photo, token)
    log.info("photo received for participant %s (%d x %d)", participant.id, photo.width, photo.height)
    return html(desk, "received", lang, width=photo.width, height=photo.height, **context)


async def serve_asset(request: Request) -> Response:
    """GET /static/{name}: the page's stylesheet and script (nothing else, no listing)."""
    desk: PhotoDesk = request.app.state.desk
    name = request.path_params["name"]
    if name not in desk.assets:
        return PlainTextResponse("Not Found", status_code=404)
    media = "text/css" if name.endswith(".css") else "text/javascript"
    return Response(desk.assets[name], media_type=media, headers={"cache-control": "public, max-age=3600"})


async def health(request: Request) -> Response:
    """GET /healthz: the process answers."""
    return PlainTextResponse("ok")


async def server_error(request: Request, exc: Exception) -> Response:
    """Any unexpected failure: a plain 500 (outside the headers middleware, so the headers are set here)."""
    log.exception("upload page failed", exc_info=exc)
    headers = {k.decode(): v.decode() for k, v in SECURITY_HEADERS} | {"cache-control": "no-store"}
    return PlainTextResponse("Something went wrong on our side. Please try again later.", status_code=500,
                             headers=headers)


def create_app(store: Store, photos_dir: str | Path, link_days: int = 60,
               max_bytes: int = 10 * 1024 * 1024) -> Starlette:
    """Return the upload page's ASGI app; photos go to photos_dir (never served), links live link_days at most."""
    routes = [
        Route("/photo/{token:path}", show_form, methods=["GET"], max_body_size=SMALL_BODY),
        Route("/photo/{token:path}", receive_photo, methods=["POST"], max_body_size=max_bytes + FORM_OVERHEAD),
        Route("/static/{name}", serve_asset, methods=["GET"], max_body_size=SMALL_BODY),
        Route("/healthz", health, methods=["GET"], max_body_size=SMALL_BODY),
    ]
    app = Starlette(routes=routes, middleware=[Middleware(SecurityHeaders)],
                    exception_handlers={500: server_error})
    app.state.desk = PhotoDesk(store, photos_dir, link_days, max_bytes)
    swept = sweep_photos(photos_dir, photo_paths(store))
    if swept:
        log.info("removed %d photo files no participant holds", len(swept))
    return app
