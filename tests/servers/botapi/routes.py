"""HTTP routes: the Bot API as python-telegram-bot calls it, file downloads, and the /_test/ control API."""

from __future__ import annotations

import base64
import json

from starlette.applications import Starlette
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tests.servers.botapi.records import Upload
from tests.servers.botapi.state import BotApi


async def read_fields(request: Request) -> tuple[dict[str, str], dict[str, Upload]]:
    """Return (fields, files) of a Bot API request: JSON, urlencoded or multipart."""
    if request.headers.get("content-type", "").startswith("application/json"):
        body = await request.json() if await request.body() else {}
        return {k: v if isinstance(v, str) else json.dumps(v) for k, v in body.items()}, {}
    fields: dict[str, str] = {}
    files: dict[str, Upload] = {}
    async with request.form(max_files=50, max_fields=1000, max_part_size=50 * 1024 * 1024) as form:
        for name, value in form.multi_items():
            if isinstance(value, UploadFile):
                files[name] = Upload(value.filename or name, await value.read(),
                                     value.content_type or "application/octet-stream")  # fmt: skip
            else:
                fields[name] = value
    return fields, files


def build_app(api: BotApi, control: bool = False) -> Starlette:
    """Return the Starlette app serving api (and the /_test/ control API if control)."""
    routes = api_routes(api) + (control_routes(api) if control else [])
    return Starlette(routes=routes)


def api_routes(api: BotApi) -> list[Route]:
    """Routes of the Bot API itself: `/bot{token}/{method}` and `/file/bot{token}/{path}`."""

    async def bot_method(request: Request) -> Response:
        token = request.path_params["token"]
        if api.token is not None and token != api.token:
            return JSONResponse({"ok": False, "error_code": 401, "description": "Unauthorized"}, status_code=401)
        fields, files = await read_fields(request)
        status, body = await api.answer(request.path_params["method"], fields, files)
        return JSONResponse(body, status_code=status)

    async def file_download(request: Request) -> Response:
        path = request.path_params["path"]
        for upload, file_path in api.files.values():
            if file_path == path:
                return Response(upload.content, media_type=upload.content_type)
        return JSONResponse({"ok": False, "error_code": 404, "description": "Not Found"}, status_code=404)

    return [
        Route("/bot{token}/{method}", bot_method, methods=["GET", "POST"]),
        Route("/file/bot{token}/{path:path}", file_download, methods=["GET"]),
    ]


def control_routes(api: BotApi) -> list[Route]:
    """Routes under /_test/ that let another process push updates and read calls."""

    async def updates(request: Request) -> Response:
        return JSONResponse(api.push(await request.json()))

    async def text(request: Request) -> Response:
        return JSONResponse(api.send_text(**await request.json()))

    async def button(request: Request) -> Response:
        body = await request.json()
        message = api.messages.get((body.pop("chat_id"), body.pop("message_id")))
        if message is None:
            return JSONResponse({"error": "no such message"}, status_code=404)
        try:
            return JSONResponse(api.press_button(message=message, **body))
        except ValueError as error:
            return JSONResponse({"error": str(error)}, status_code=400)

    async def document(request: Request) -> Response:
        body = await request.json()
        body["content"] = base64.b64decode(body["content"])
        return JSONResponse(api.send_document(**body))

    async def fail(request: Request) -> Response:
        api.fail(**await request.json())
        return JSONResponse({"ok": True})

    async def calls(request: Request) -> Response:
        since = int(request.query_params.get("since", 0))
        method = request.query_params.get("method")
        chosen = [c.to_json() for c in api.calls[since:] if method in (None, c.method)]
        return JSONResponse({"calls": chosen, "next": len(api.calls)})

    return [
        Route("/_test/updates", updates, methods=["POST"]),
        Route("/_test/text", text, methods=["POST"]),
        Route("/_test/button", button, methods=["POST"]),
        Route("/_test/document", document, methods=["POST"]),
        Route("/_test/fail", fail, methods=["POST"]),
        Route("/_test/calls", calls, methods=["GET"]),
    ]
