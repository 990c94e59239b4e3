"""The copdesk command line: one subcommand per job; errors become one plain sentence."""
from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable

from copdesk.settings import SettingsError, load_settings

COMMANDS: dict[str, tuple[str, Callable]] = {}


def command(name: str, summary: str) -> Callable:
    """Register a subcommand handler under name."""
    def register(func: Callable) -> Callable:
        COMMANDS[name] = (summary, func)
        return func
    return register


@command("parse", "parse e-mail files and print one JSON line each (no config, no store)")
def parse_files(args: argparse.Namespace) -> int:
    """Print the extraction of each file as the corpus contract JSON."""
    from mail.parse import parse_message

    for name in args.files:
        try:
            with open(name, "rb") as f:
                line = parse_message(f.read()).to_contract(name)
        except OSError as e:
            print(f"copdesk: {name}: {e.strerror}", file=sys.stderr)
            line = {"file": name, "kind": "other", "sender": None, "participants": []}
        sys.stdout.write(json.dumps(line, ensure_ascii=False) + "\n")
    return 0


@command("ingest", "import .eml files, Maildir folders and mbox files into the store")
def ingest(args: argparse.Namespace) -> int:
    """Import mail files, then print a summary."""
    from copdesk import services
    from mail.ingest import ingest_paths

    app = services.open_services(load_settings(args.config))
    summary = ingest_paths(app.store, args.paths, app.mail_options, progress=services.progress_bar("ingest"))
    print(services.describe(summary))
    if args.list:
        print(services.registrations_text(app))
    return 0


@command("status", "print counts for the whole store (--json for machines)")
def status(args: argparse.Namespace) -> int:
    """Print the store's counts."""
    from copdesk import services
    from store.stats import status_counts

    app = services.open_services(load_settings(args.config))
    counts = status_counts(app.store)
    if args.json:
        print(json.dumps(counts, ensure_ascii=False))
    else:
        print(services.status_text(counts))
    return 0


@command("poll", "fetch new mail from IMAP, store, parse and queue answers")
def poll(args: argparse.Namespace) -> int:
    """Poll the mailbox once (or run the poller until interrupted)."""
    from copdesk import services

    app = services.open_services(load_settings(args.config))
    return services.poll(app, once=args.once)


@command("send", "send the queued mail over SMTP")
def send(args: argparse.Namespace) -> int:
    """Send what is due in the outbox once (or keep sending until interrupted)."""
    from copdesk import services

    app = services.open_services(load_settings(args.config))
    return services.send(app, once=args.once)


@command("web", "serve the photo-upload page alone")
def web(args: argparse.Namespace) -> int:
    """Serve the photo page until interrupted."""
    from copdesk import run

    return run.run_web_only(load_settings(args.config))


@command("console", "talk to the secretariat bot in this terminal")
def console(args: argparse.Namespace) -> int:
    """Run the bot's handlers in a terminal chat."""
    from copdesk import services

    app = services.open_services(load_settings(args.config))
    return services.console(app)


@command("run", "run everything: poller, sender, bot, photo page and scheduler")
def run_all(args: argparse.Namespace) -> int:
    """Run all services on one event loop until SIGINT/SIGTERM."""
    from copdesk import run

    return run.run_all(load_settings(args.config))


@command("demo", "a self-contained demo: sample mailbox, local mail, photo page, console bot")
def demo(args: argparse.Namespace) -> int:
    """Run the demo in a fresh workspace."""
    from copdesk import demo as demo_module

    return demo_module.run_demo(workspace=args.workspace, interactive=not args.no_input)


@command("init", "write a commented copdesk.toml for a real deployment")
def init(args: argparse.Namespace) -> int:
    """Write the example configuration."""
    from copdesk import init as init_module

    return init_module.write_config(args.path, force=args.force)


@command("doctor", "check each configured part for real and say what to fix")
def doctor(args: argparse.Namespace) -> int:
    """Check IMAP, SMTP, Telegram, web port, store and templates."""
    from copdesk import doctor as doctor_module

    return doctor_module.run_checks(load_settings(args.config))


@command("purge", "delete a meeting's photos and personal data, keeping anonymous counts")
def purge(args: argparse.Namespace) -> int:
    """Purge one meeting's personal data after asking."""
    from copdesk import services

    app = services.open_services(load_settings(args.config))
    return services.purge(app, args.meeting, after_days=args.after, assume_yes=args.yes)


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser with every subcommand."""
    parser = argparse.ArgumentParser(prog="copdesk", description="copdesk: delegation registrations by e-mail, "
                                     "badge photos, and a secretariat bot.")
    parser.add_argument("--config", metavar="FILE", help="config file (default ./copdesk.toml, else built-in defaults)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug details to stderr")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (summary, _) in COMMANDS.items():
        sub.add_parser(name, help=summary, description=summary)
    sub.choices["parse"].add_argument("files", nargs="+", metavar="FILE")
    sub.choices["ingest"].add_argument("paths", nargs="+", metavar="PATH")
    sub.choices["ingest"].add_argument("--list", action="store_true", help="print the registrations afterwards")
    sub.choices["status"].add_argument("--json", action="store_true")
    for name in ("poll", "send"):
        sub.choices[name].add_argument("--once", action="store_true", help="do it once and exit")
    sub.choices["demo"].add_argument("--no-input", action="store_true", help="scripted tour, then exit")
    sub.choices["demo"].add_argument("--workspace", metavar="DIR", help="where the demo keeps its files")
    sub.choices["init"].add_argument("path", nargs="?", default="copdesk.toml")
    sub.choices["init"].add_argument("--force", action="store_true", help="overwrite an existing file")
    sub.choices["purge"].add_argument("--meeting", required=True, metavar="CODE")
    sub.choices["purge"].add_argument("--after", type=int, default=0, metavar="DAYS",
                                      help="refuse unless the meeting ended at least DAYS ago")
    sub.choices["purge"].add_argument("--yes", action="store_true", help="do not ask for confirmation")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the copdesk command line; return the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO, stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if args.command is None:
        parser.print_help()
        return 2
    try:
        return COMMANDS[args.command][1](args)
    except SettingsError as e:
        print(f"copdesk: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as e:  # the CLI edge: one sentence instead of a traceback
        from copdesk.errors import explain

        message = explain(e)
        if message is None:
            raise
        print(f"copdesk: {message}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
