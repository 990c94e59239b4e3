"""The mail loop through the command line: poll --once, send --once, status --json, parse, ingest."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.mails import delegation_mail
from tests.test_copdesk_run import toml_section

ORIGINAL = "<cli-test-1@bmeia.gv.at>"


def copdesk(*args: str, config: Path | None = None) -> subprocess.CompletedProcess:
    """Run one copdesk command and return its result."""
    head = [sys.executable, "-m", "copdesk.cli"] + (["--config", str(config)] if config else [])
    return subprocess.run(head + list(args), capture_output=True, text=True, timeout=120)


def test_poll_then_send_delivers_threaded_confirmation_and_links(tmp_path, dovecot, smtp):
    config = tmp_path / "copdesk.toml"
    config.write_text(toml_section("store", {"path": "c.db"}) + toml_section("imap", dovecot.settings() | {"starttls": False})
                      + toml_section("smtp", smtp.settings(from_addr="untoc.cop@unodc.org")))
    dovecot.append(delegation_mail(msg_id=ORIGINAL))
    for command in (("poll", "--once"), ("poll", "--once"), ("send", "--once"), ("send", "--once")):
        result = copdesk(*command, config=config)
        assert result.returncode == 0, result.stderr
    received = smtp.wait_for(3, timeout=30)
    assert len(smtp.envelopes) == 3  # the second poll and the second send added nothing
    confirmation = next(e.message for e in received if e.message["In-Reply-To"] == ORIGINAL)
    assert ORIGINAL in confirmation["References"]
    assert confirmation["Subject"].startswith("Re: ")
    assert confirmation["Auto-Submitted"] == "auto-replied"
    assert {e.rcpt_tos[0] for e in received} == {"elisabeth.brandstaetter@bmeia.gv.at",
                                                 "gerhard.weissenboeck@bmeia.gv.at", "jana.horvat@bmeia.gv.at"}
    counts = json.loads(copdesk("status", "--json", config=config).stdout)
    assert counts["messages"] == 1 and counts["participants"] == 2
    assert counts["outbox"]["sent"] == 3 and counts["outbox"]["queued"] == 0


def test_parse_prints_one_line_per_file_in_order(tmp_path):
    first, second = tmp_path / "a.eml", tmp_path / "b.eml"
    first.write_bytes(delegation_mail())
    second.write_bytes(b"\x00\xff not a mail")
    result = copdesk("parse", str(first), str(tmp_path / "missing.eml"), str(second))
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["file"] for line in lines] == [str(first), str(tmp_path / "missing.eml"), str(second)]
    assert lines[0]["kind"] == "delegation" and lines[0]["sender"]["iso3"] == "AUT"
    assert len(lines[0]["participants"]) == 2
    assert lines[1] == {"file": str(tmp_path / "missing.eml"), "kind": "other", "sender": None, "participants": []}


def test_ingest_is_idempotent(tmp_path):
    config = tmp_path / "copdesk.toml"
    config.write_text(toml_section("store", {"path": "c.db"}))
    folder = tmp_path / "mail"
    folder.mkdir()
    (folder / "1.eml").write_bytes(delegation_mail(msg_id="<ingest-1@bmeia.gv.at>"))
    for _ in range(2):
        assert copdesk("ingest", str(folder), config=config).returncode == 0
    counts = json.loads(copdesk("status", "--json", config=config).stdout)
    assert counts["messages"] == 1 and counts["participants"] == 2 and counts["outbox"]["queued"] == 3


def test_unknown_setting_is_named(tmp_path):
    config = tmp_path / "copdesk.toml"
    config.write_text("[smtp]\nhots = 'x'\n")
    result = copdesk("status", config=config)
    assert result.returncode == 2 and "smtp.hots" in result.stderr
