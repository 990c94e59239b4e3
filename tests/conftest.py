"""Shared fixtures: each server fixture lives in tests/servers/ and is registered here."""

pytest_plugins = [
    "tests.servers.dovecot",
    "tests.servers.smtp",
    "tests.servers.telegram",
    "tests.fixtures_store",
    "tests.bot_fixtures",
]
