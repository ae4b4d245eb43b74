"""The argument parser and the one place command errors become messages and exit codes."""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
from pathlib import Path

from recordsdesk.cli import audit, backup, circulation, demo, documents, records, schedule, users
from recordsdesk.cli import dashboard as dashboard_commands
from recordsdesk.cli.context import CommandContext
from recordsdesk.cli.output import emit_error
from recordsdesk.domain.errors import RecordsDeskError

log = logging.getLogger("recordsdesk")


def build_parser() -> argparse.ArgumentParser:
    """The whole command line."""
    parser = argparse.ArgumentParser(
        prog="recordsdesk",
        description="RecordsDesk: where every chart is. With no command, opens the application.",
    )
    parser.add_argument("--db", help="database URL (else RECORDSDESK_DB, else the embedded file)")
    parser.add_argument("--user", help="who is acting (else RECORDSDESK_USER)")
    parser.add_argument("--workstation", help="this desk's name (else the host name)")
    parser.add_argument("--version", action="version", version="recordsdesk 0.1.0")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    records.register(commands)
    users.register(commands)
    circulation.register(commands)
    schedule.register(commands)
    documents.register(commands)
    demo.register(commands)
    audit.register(commands)
    backup.register(commands)
    dashboard_commands.register(commands)
    return parser


def _crash_log(exc: BaseException) -> Path:
    path = Path(tempfile.gettempdir()) / "recordsdesk-error.log"
    handler = logging.FileHandler(path)
    log.addHandler(handler)
    log.error("unexpected error", exc_info=exc)
    handler.close()
    log.removeHandler(handler)
    return path


def main(argv: list[str] | None = None) -> int:
    """Run one command; 0 only on success, one clear line on stderr otherwise."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None or not hasattr(args, "run"):
        parser.print_help()
        return 2
    ctx = CommandContext(args)
    try:
        return int(args.run(ctx))
    except RecordsDeskError as exc:
        emit_error(exc.message)
        return 1
    except KeyboardInterrupt:
        emit_error("interrupted.")
        return 130
    except BrokenPipeError:
        return 1
    except Exception as exc:  # a bug: keep the traceback, show one line
        path = _crash_log(exc)
        emit_error(f"unexpected error {type(exc).__name__}: {exc} (details in {path}).")
        return 3
    finally:
        ctx.close()


if __name__ == "__main__":
    sys.exit(main())
