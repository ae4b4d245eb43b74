"""The argument parser and the one place command errors become messages and exit codes."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import traceback
from datetime import UTC, datetime
from pathlib import Path

import platformdirs

from recordsdesk.cli import (
    audit,
    backup,
    circulation,
    demo,
    documents,
    history,
    records,
    schedule,
    users,
)
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
    history.register(commands)
    return parser


def crash_folder() -> Path:
    """Where crash logs go: the user's own state folder, readable by the user alone."""
    return Path(platformdirs.user_state_dir("RecordsDesk", appauthor=False)) / "crashes"


def _crash_log(exc: BaseException) -> Path:
    """Write where the failure happened (exception types, files, lines, functions) and nothing
    else: messages and values can hold SQL, names, MRNs and dates of birth."""
    folder = crash_folder()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(folder, 0o700)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    path = folder / f"crash-{stamp}-{os.getpid()}.log"
    lines = [f"recordsdesk crashed at {stamp}; command: {' '.join(sys.argv[1:2])}\n"]
    seen: BaseException | None = exc
    while seen is not None:
        lines.append(f"{type(seen).__module__}.{type(seen).__qualname__}\n")
        for frame in traceback.extract_tb(seen.__traceback__):
            lines.append(f"  {frame.filename}:{frame.lineno} in {frame.name}\n")
        seen = seen.__cause__ or seen.__context__
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as stream:
        stream.writelines(lines)
    return path


def _warn_password_in_url(url: str | None) -> None:
    if url and "://" in url and "@" in url.split("://", 1)[1].split("/", 1)[0]:
        credentials = url.split("://", 1)[1].split("@", 1)[0]
        if ":" in credentials:
            emit_error(
                "warning: a password in --db is visible to every user of this machine (ps): "
                "use ~/.pgpass, a service file or PGPASSWORD instead."
            )


def main(argv: list[str] | None = None) -> int:
    """Run one command; 0 only on success, one clear line on stderr otherwise."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None or not hasattr(args, "run"):
        parser.print_help()
        return 2
    _warn_password_in_url(args.db)
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
        try:
            where = f"details in {_crash_log(exc)}"
        except OSError:
            where = "no crash log could be written"
        emit_error(f"unexpected error {type(exc).__name__} ({where}).")
        return 3
    finally:
        ctx.close()


if __name__ == "__main__":
    sys.exit(main())
