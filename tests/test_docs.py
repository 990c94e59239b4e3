"""Every CLI command and every bot command is documented in the README and in /help."""
from pathlib import Path

import pytest

from bot.commands import COMMANDS as BOT_COMMANDS
from copdesk.cli import COMMANDS as CLI_COMMANDS, build_parser

README = (Path(__file__).resolve().parent.parent / "README.md").read_text()


@pytest.mark.parametrize("name", sorted(CLI_COMMANDS))
def test_cli_command_in_readme_and_help(name):
    assert f"`copdesk {name}" in README
    assert name in build_parser().format_help()


@pytest.mark.parametrize("name", sorted(BOT_COMMANDS))
def test_bot_command_in_readme(name):
    assert f"`/{name}" in README


def test_readme_starts_with_the_two_commands():
    blocks = [line.strip() for line in README.splitlines() if line.startswith("    ") and line.strip()]
    assert blocks[0] == "pip install -e . && copdesk demo"
    assert "pytest" in blocks[1] or ".ci/run" in blocks[1]


def test_config_table_matches_settings():
    from dataclasses import fields

    from copdesk.settings import Settings

    for section in fields(Settings):
        if section.name in ("source", "explicit"):
            continue
        assert f"`[{section.name}]`" in README
        for key in fields(section.default_factory()):
            assert f"`{key.name}`" in README, f"{section.name}.{key.name} is not in the README"
