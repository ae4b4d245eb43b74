"""The argument parser, the sign-in gate, and the one place errors become messages and exit codes.

Building the parser imports no service, database, printing or Qt code: each command module
registers its arguments with the standard library alone and imports what it runs on first use.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from typing import TYPE_CHECKING

from recordsdesk import __version__
from recordsdesk.cli.context import CommandContext
from recordsdesk.cli.output import emit_error
from recordsdesk.domain.errors import RecordsDeskError

if TYPE_CHECKING:
    from recordsdesk.services.actors import Clock
    from recordsdesk.services.identity.machine import Machine

# The command modules, in the order their commands are listed by --help: one line to add one.
COMMAND_MODULES = [
    "recordsdesk.cli.identity",
    "recordsdesk.cli.records",
    "recordsdesk.cli.users",
    "recordsdesk.cli.circulation",
    "recordsdesk.cli.schedule",
    "recordsdesk.cli.documents",
    "recordsdesk.cli.demo",
    "recordsdesk.cli.audit",
    "recordsdesk.cli.backup",
    "recordsdesk.cli.history",
    "recordsdesk.cli.setup",
    "recordsdesk.cli.release",
    "recordsdesk.cli.retention",
    "recordsdesk.cli.dashboard",
]

# Which module registers each command: running a command imports its module alone (the
# others' imports cost a scan desk's first answer); --help, or a word not here, loads them all.
COMMAND_HOMES = {
    word: f"recordsdesk.cli.{module}"
    for module, words in (
        ("identity", "login logout workstation"),
        ("records", "chart db filing-order location patient setting"),
        ("users", "user"),
        ("circulation", "checkout holdings missing refile return shelf-audit transfer"),
        ("schedule", "pull-list request schedule"),
        ("documents", "calibration labels outguide sheet"),
        ("demo", "demo"),
        ("audit", "audit"),
        ("backup", "backup restore"),
        ("history", "site-key"),
        ("setup", "about setup"),
        ("release", "roi"),
        ("retention", "retention"),
        ("dashboard", "dashboard overdue"),
    )
    for word in words.split()
}

# Global options that take a value (the value is not the command).
_VALUED = ("--db", "--user", "--token-file")

# Exit status when nobody usable is signed in (no session, expired, a bad token file ...).
NOT_SIGNED_IN = 2


def _home_module(argv: list[str] | None) -> str | None:
    """The one module that registers the command ``argv`` names; None: load every module."""
    args = sys.argv[1:] if argv is None else argv
    skip = False
    for arg in args:
        if skip:
            skip = False
        elif arg in _VALUED:
            skip = True
        elif arg in ("-h", "--help", "--version"):
            return None
        elif not arg.startswith("-"):
            return COMMAND_HOMES.get(arg)
    return None


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The whole command line (with ``argv``: only as much of it as that command needs)."""
    parser = argparse.ArgumentParser(
        prog="recordsdesk",
        description="RecordsDesk: where every chart is. With no command, opens the application.",
    )
    parser.add_argument("--db", help="database URL (else RECORDSDESK_DB, else the embedded file)")
    parser.add_argument(
        "--user", help="who signs in (login), or who you say is signed in (else RECORDSDESK_USER)"
    )
    parser.add_argument(
        "--token-file",
        help="a service account's token, in an owner-only file (else RECORDSDESK_TOKEN_FILE)",
    )
    parser.add_argument("--version", action="version", version=f"recordsdesk {__version__}")
    parser.add_argument("--demo", action="store_true", help="use the demo database (built once)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    home = _home_module(argv) if argv is not None else None
    for name in [home] if home else COMMAND_MODULES:
        importlib.import_module(name).register(commands)
    return parser


def main(
    argv: list[str] | None = None,
    *,
    clock: Clock | None = None,
    machine: Machine | None = None,
) -> int:
    """Run one command; 0 only on success, one clear line on stderr otherwise.

    ``clock`` and ``machine``: what tests put in place of the system's.
    """
    parser = build_parser(sys.argv[1:] if argv is None else argv)
    args = parser.parse_args(argv)
    if args.command is None or not hasattr(args, "run"):
        parser.print_help()
        return 2
    from recordsdesk.cli.crash import password_in_url_warning, write_crash_log

    warning = password_in_url_warning(args.db)
    if warning:
        emit_error(warning)
    ctx = CommandContext(args, clock=clock, machine=machine)
    try:
        ctx.gate()
        return int(args.run(ctx))
    except RecordsDeskError as exc:
        emit_error(exc.message)
        from recordsdesk.services.identity.errors import NotSignedIn

        return NOT_SIGNED_IN if isinstance(exc, NotSignedIn) else 1
    except KeyboardInterrupt:
        emit_error("interrupted.")
        return 130
    except BrokenPipeError:
        return 1
    except Exception as exc:  # a bug: keep where it happened, show one line and no values
        try:
            where = f"details in {write_crash_log(exc)}"
        except OSError:
            where = "no crash log could be written"
        emit_error(f"unexpected error {type(exc).__name__} ({where}).")
        return 3
    finally:
        ctx.close()


if __name__ == "__main__":
    sys.exit(main())
