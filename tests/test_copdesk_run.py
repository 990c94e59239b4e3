"""`copdesk run` as a real process against Dovecot, aiosmtpd and the Bot API look-alike on loopback."""
from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

from tests.images import jpeg_bytes
from tests.mails import delegation_mail
from tests.servers.smtp import free_port

ADMIN = 4242
TOKEN = "123456:TEST-token-for-copdesk-run"


def toml_section(name: str, values: dict) -> str:
    """Return one TOML section from a dict of plain values."""
    return f"[{name}]\n" + "".join(f"{k} = {json.dumps(v)}\n" for k, v in values.items())


def write_config(tmp_path: Path, dovecot, smtp, api, web_port: int) -> Path:
    """Write a config that points every part at the loopback servers."""
    imap = dovecot.settings() | {"starttls": False, "idle": True, "poll_seconds": 2}
    config = tmp_path / "copdesk.toml"
    config.write_text("\n".join([
        toml_section("store", {"path": "copdesk.db", "photos": "photos"}),
        toml_section("imap", imap),
        toml_section("smtp", smtp.settings(from_addr="untoc.cop@unodc.org")),
        toml_section("telegram", {"token": TOKEN, "base_url": api.base_url, "allowed_users": [ADMIN],
                                  "admins": [ADMIN], "digest_chats": [ADMIN]}),
        toml_section("web", {"host": "127.0.0.1", "port": web_port, "public_url": f"http://127.0.0.1:{web_port}"}),
    ]))
    return config


def multipart(field: str, filename: str, content: bytes, content_type: str) -> tuple[bytes, str]:
    """Return a multipart/form-data body with one file, and its Content-Type."""
    boundary = uuid.uuid4().hex
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{filename}\"\r\n"
            f"Content-Type: {content_type}\r\n\r\n").encode() + content + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def http(url: str, data: bytes | None = None, headers: dict | None = None) -> tuple[int, str]:
    """Return (status, text) of a request to a loopback URL, without proxies."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


def copdesk(config: Path, *args: str) -> subprocess.CompletedProcess:
    """Run a copdesk command to completion."""
    return subprocess.run([sys.executable, "-m", "copdesk.cli", "--config", str(config), *args],
                          capture_output=True, text=True, timeout=120)


def test_run_serves_mail_page_and_bot_then_stops_cleanly(tmp_path, dovecot, smtp, telegram_process):
    web_port = free_port()
    config = write_config(tmp_path, dovecot, smtp, telegram_process, web_port)
    env = dict(os.environ, NO_PROXY="127.0.0.1,localhost", no_proxy="127.0.0.1,localhost")
    log = open(tmp_path / "run.log", "wb")
    process = subprocess.Popen([sys.executable, "-m", "copdesk.cli", "--config", str(config), "run"],
                               stdout=log, stderr=subprocess.STDOUT, env=env)
    try:
        dovecot.append(delegation_mail(msg_id="<run-test-1@bmeia.gv.at>"))
        received = smtp.wait_for(3, timeout=60)
        messages = [e.message for e in received]
        confirmation = next(m for m in messages if m["In-Reply-To"] == "<run-test-1@bmeia.gv.at>")
        assert confirmation["To"] == "elisabeth.brandstaetter@bmeia.gv.at"
        links = [m for m in messages if m is not confirmation]
        assert sorted(m["To"] for m in links) == ["gerhard.weissenboeck@bmeia.gv.at", "jana.horvat@bmeia.gv.at"]

        text = links[0].get_body(("plain",)).get_content()
        link = re.search(rf"http://127\.0\.0\.1:{web_port}/photo/[\w-]+", text).group(0)
        status, page = http(link)
        assert status == 200
        body, content_type = multipart("photo", "me.jpg", jpeg_bytes(), "image/jpeg")
        status, answer = http(link, body, {"Content-Type": content_type})
        assert status == 200, answer

        telegram_process.send_text(ADMIN, "/country Austria")
        reply = telegram_process.wait_for_call("sendMessage", lambda c: "Horvat" in str(c.fields.get("text")),
                                               timeout=30)
        assert "Weissenboeck" in str(reply.fields["text"])
    finally:
        process.send_signal(signal.SIGTERM)
        code = process.wait(timeout=60)
        log.close()
    output = (tmp_path / "run.log").read_text(errors="replace")
    assert code == 0, output

    counts = json.loads(copdesk(config, "status", "--json").stdout)
    assert counts["messages"] == 1 and counts["participants"] == 2 and counts["photos"] == 1
    assert counts["outbox"]["sent"] == 3 and counts["outbox"]["queued"] == 0 and counts["outbox"]["sending"] == 0


def test_run_names_the_setting_when_a_part_cannot_start(tmp_path):
    config = tmp_path / "copdesk.toml"
    config.write_text('[imap]\nenabled = false\n[smtp]\nenabled = false\n[web]\nenabled = false\n'
                      '[telegram]\nallowed_users = [1]\n')
    result = copdesk(config, "run")
    assert result.returncode == 2
    assert "telegram.token" in result.stderr


def test_run_refuses_a_wrong_imap_password(tmp_path, dovecot):
    config = tmp_path / "copdesk.toml"
    imap = dovecot.settings() | {"password": "wrong", "starttls": False}
    config.write_text(toml_section("imap", imap) + '[smtp]\nenabled = false\n[web]\nenabled = false\n'
                      '[telegram]\nenabled = false\n')
    started = time.monotonic()
    result = copdesk(config, "run")
    assert result.returncode == 1, result.stderr
    assert "imap.password" in result.stderr and time.monotonic() - started < 60
