"""The bot in a terminal: same handlers and access rules, plain-text answers, buttons as numbered choices."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

from bot.access import REFUSAL, may_ask
from bot.commands import run_button, run_text
from bot.desk import Desk
from bot.options import BotOptions
from bot.replies import Asker, Button, Reply
from bot.texts import to_plain
from store.db import Store

CONSOLE_USER = 0
QUIT = ("quit", "exit", "/quit")


def console_options(options: BotOptions) -> BotOptions:
    """Return options under which the console user is an allowed admin."""
    return BotOptions(**{**options.__dict__, "allowed_users": [*options.allowed_users, CONSOLE_USER],
                         "admins": [*options.admins, CONSOLE_USER]})


def render(replies: list[Reply], choices: list[Button], save_dir: Path | None = None) -> str:
    """Return answers as plain text; buttons become numbered choices appended to choices."""
    out = []
    for reply in replies:
        if reply.text:
            out.append(to_plain(reply.text))
        if reply.document is not None:
            where = ""
            if save_dir is not None:
                path = Path(save_dir) / reply.document.filename
                path.write_bytes(reply.document.data)
                where = f", saved to {path}"
            out.append(f"[file {reply.document.filename}, {len(reply.document.data)} bytes{where}]")
        if reply.photo is not None:
            out.append(f"[photo {reply.photo}]")
        for row in reply.buttons:
            for button in row:
                choices.append(button)
                out.append(f"  [{len(choices)}] {button.label}")
    return "\n".join(out)


def answer_line(desk: Desk, asker: Asker, line: str, choices: list[Button]) -> list[Reply]:
    """Answer one typed line: a number picks a choice shown before, anything else is a message."""
    if line.isdigit() and 1 <= int(line) <= len(choices):
        data = choices[int(line) - 1].data
        choices.clear()
        return run_button(desk, asker, data)
    choices.clear()
    return run_text(desk, asker, line)


def run_console(store: Store, options: BotOptions, input: TextIO = sys.stdin, output: TextIO = sys.stdout,
                script: list[str] | None = None, save_dir: Path | None = None) -> None:
    """Run the bot's handlers in a terminal chat (or over a script of lines) until the input ends or 'quit'."""
    desk = Desk(store, console_options(options))
    asker = Asker(CONSOLE_USER, CONSOLE_USER, admin=True, label="console")
    if not may_ask(desk.options, asker.user_id, asker.chat_id):
        output.write(REFUSAL + "\n")
        return
    choices: list[Button] = []
    lines = iter(script) if script is not None else iter(input.readline, "")
    interactive = script is None and input.isatty()
    while True:
        if interactive:
            output.write("> ")
            output.flush()
        line = next(lines, None)
        if line is None or line.strip().casefold() in QUIT:
            break
        line = line.strip()
        if not line:
            continue
        if not interactive:
            output.write(f"> {line}\n")
        output.write(render(answer_line(desk, asker, line, choices), choices, save_dir) + "\n\n")
        output.flush()
