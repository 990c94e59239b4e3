"""`copdesk purge` leaves no personal data of the meeting in the database or on disk."""
import subprocess
import sys

from copdesk.services import open_services
from copdesk.settings import load_settings
from store.delegations import record_list
from store.links import issue_link
from store.participants import set_photo
from store.records import PersonIn


def test_purge_removes_people_photos_and_raw_mail(tmp_path):
    config = tmp_path / "copdesk.toml"
    config.write_text('[store]\npath = "c.db"\nphotos = "photos"\n')
    demo_mail = tmp_path / "mail"
    demo_mail.mkdir()
    (demo_mail / "1.eml").write_bytes(
        b"From: Mission <protocol@mfa.gov.gh>\r\nTo: untoc.cop@unodc.org\r\nSubject: Ghana delegation\r\n"
        b"Message-ID: <p1@mfa.gov.gh>\r\n\r\nThe Permanent Mission of Ghana presents its compliments and "
        b"informs that the delegation will be:\r\n\r\n1. Mr. Kwame MENSAH, Director, kwame.mensah@mfa.gov.gh, "
        b"+233 30 266 4951\r\n")
    cli = [sys.executable, "-m", "copdesk.cli", "--config", str(config)]
    assert subprocess.run(cli + ["ingest", str(demo_mail)], capture_output=True, timeout=120).returncode == 0
    app = open_services(load_settings(config))
    update = record_list(app.store, app.meeting.code, "GHA", [PersonIn("Ama OWUSU", email="ama@mfa.gov.gh")],
                         message=None, state="confirmed")
    photo = app.photos_dir / "ama.jpg"
    photo.parent.mkdir(parents=True, exist_ok=True)
    photo.write_bytes(b"\xff\xd8 photo")
    set_photo(app.store, update.added[0].id, str(photo))
    issue_link(app.store, update.added[0].id)
    app.store.close()

    refused = subprocess.run(cli + ["purge", "--meeting", "wg-tip-2010"], input="no\n", capture_output=True,
                             text=True, timeout=60)
    assert refused.returncode == 1 and "Nothing deleted" in refused.stdout
    for attempt in range(2):
        done = subprocess.run(cli + ["purge", "--meeting", "wg-tip-2010"], input="wg-tip-2010\n",
                              capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr

    assert not photo.exists()
    dump = (tmp_path / "dump.sql")
    subprocess.run(["python", "-c", f"import sqlite3;open({str(dump)!r},'w').write('\\n'.join("
                    f"sqlite3.connect({str(tmp_path / 'c.db')!r}).iterdump()))"], check=True)
    text = dump.read_text()
    for personal in ("MENSAH", "kwame.mensah", "OWUSU", "ama@mfa", "+233 30", "protocol@mfa.gov.gh"):
        assert personal not in text
    assert "wg-tip-2010" in text  # the anonymous counts and the audit line stay
