"""The schema, as an ordered list of named migrations."""
from __future__ import annotations

import sqlite_utils
from sqlite_utils import Migrations

migrations = Migrations("copdesk")

INITIAL = """
CREATE TABLE meetings (
    code TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    definition TEXT NOT NULL,
    loaded_at TEXT NOT NULL
);
CREATE TABLE entities (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    iso3 TEXT,
    kind TEXT NOT NULL,
    region TEXT
);
CREATE TABLE messages (
    id INTEGER PRIMARY KEY,
    sha256 TEXT NOT NULL UNIQUE,
    message_id TEXT,
    source TEXT NOT NULL,
    folder TEXT,
    uidvalidity INTEGER,
    uid INTEGER,
    file TEXT,
    received_at TEXT NOT NULL,
    date TEXT,
    from_addr TEXT,
    from_name TEXT,
    subject TEXT,
    size INTEGER NOT NULL,
    language TEXT,
    kind TEXT,
    reason TEXT,
    automatic TEXT,
    sender_code TEXT,
    meeting_code TEXT,
    parse_status TEXT NOT NULL DEFAULT 'pending',
    warnings TEXT NOT NULL DEFAULT '[]',
    extraction TEXT,
    handled_at TEXT
);
CREATE UNIQUE INDEX messages_imap ON messages(folder, uidvalidity, uid) WHERE uid IS NOT NULL;
CREATE INDEX messages_message_id ON messages(message_id);
CREATE INDEX messages_status ON messages(parse_status, handled_at);
CREATE TABLE raw_messages (
    message INTEGER PRIMARY KEY REFERENCES messages(id) ON DELETE CASCADE,
    raw BLOB NOT NULL
);
CREATE TABLE imap_state (
    folder TEXT PRIMARY KEY,
    uidvalidity INTEGER NOT NULL,
    last_uid INTEGER NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE delegations (
    id INTEGER PRIMARY KEY,
    meeting_code TEXT NOT NULL REFERENCES meetings(code),
    entity_code TEXT NOT NULL REFERENCES entities(code),
    state TEXT NOT NULL CHECK (state IN ('received', 'needs_review', 'confirmed', 'declined')),
    message INTEGER REFERENCES messages(id) ON DELETE SET NULL,
    language TEXT NOT NULL DEFAULT 'en',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (meeting_code, entity_code)
);
CREATE TABLE participants (
    id INTEGER PRIMARY KEY,
    delegation INTEGER NOT NULL REFERENCES delegations(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    honorific TEXT,
    function TEXT,
    email TEXT,
    email_as_written TEXT,
    email_state TEXT,
    phone TEXT,
    head INTEGER NOT NULL DEFAULT 0,
    language TEXT NOT NULL DEFAULT 'en',
    photo_state TEXT NOT NULL DEFAULT 'missing',
    photo_path TEXT,
    photo_at TEXT,
    message INTEGER REFERENCES messages(id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX participants_delegation ON participants(delegation);
CREATE INDEX participants_email ON participants(email);
CREATE INDEX participants_photo ON participants(photo_state);
CREATE TABLE changes (
    id INTEGER PRIMARY KEY,
    delegation INTEGER NOT NULL REFERENCES delegations(id) ON DELETE CASCADE,
    participant INTEGER REFERENCES participants(id) ON DELETE SET NULL,
    message INTEGER REFERENCES messages(id) ON DELETE SET NULL,
    action TEXT NOT NULL,
    field TEXT,
    old TEXT,
    new TEXT,
    at TEXT NOT NULL
);
CREATE INDEX changes_delegation ON changes(delegation);
CREATE TABLE reviews (
    id INTEGER PRIMARY KEY,
    message INTEGER NOT NULL UNIQUE REFERENCES messages(id) ON DELETE CASCADE,
    meeting_code TEXT NOT NULL,
    reason TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'accepted', 'dismissed')),
    entity_code TEXT,
    created_at TEXT NOT NULL,
    resolved_at TEXT,
    resolved_by TEXT
);
CREATE INDEX reviews_state ON reviews(state);
CREATE TABLE photo_links (
    id INTEGER PRIMARY KEY,
    participant INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    revoked_at TEXT,
    used_at TEXT
);
CREATE INDEX photo_links_participant ON photo_links(participant);
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    dedupe_key TEXT UNIQUE,
    template TEXT NOT NULL,
    language TEXT NOT NULL DEFAULT 'en',
    context TEXT NOT NULL DEFAULT '{}',
    to_addr TEXT NOT NULL,
    message_id TEXT NOT NULL UNIQUE,
    in_reply_to TEXT,
    "references" TEXT,
    raw BLOB,
    state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'sending', 'sent', 'failed', 'cancelled')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    last_error TEXT,
    participant INTEGER REFERENCES participants(id) ON DELETE SET NULL,
    delegation INTEGER REFERENCES delegations(id) ON DELETE SET NULL,
    source_message INTEGER REFERENCES messages(id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    sent_at TEXT
);
CREATE INDEX outbox_state ON outbox(state, next_attempt_at);
CREATE INDEX outbox_to ON outbox(to_addr, created_at);
CREATE TABLE audit (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '{}'
);
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE counts (
    meeting_code TEXT NOT NULL,
    name TEXT NOT NULL,
    value INTEGER NOT NULL,
    at TEXT NOT NULL,
    PRIMARY KEY (meeting_code, name)
);
"""


@migrations()
def create_tables(db: sqlite_utils.Database) -> None:
    """Create every table of the first schema."""
    for statement in INITIAL.split(";"):
        if statement.strip():
            db.execute(statement)


@migrations()
def add_participant_search(db: sqlite_utils.Database) -> None:
    """Full-text search over participant names, e-mails and functions, kept fresh by triggers."""
    db["participants"].enable_fts(
        ["name", "email", "function"],
        create_triggers=True,
        tokenize="unicode61 remove_diacritics 2",
    )


@migrations()
def add_message_sender_indexes(db: sqlite_utils.Database) -> None:
    """Index messages by sender and by meeting, with arrival time (bot reminders and digest)."""
    db.execute("CREATE INDEX IF NOT EXISTS messages_sender ON messages(sender_code, received_at)")
    db.execute("CREATE INDEX IF NOT EXISTS messages_meeting ON messages(meeting_code, received_at)")
