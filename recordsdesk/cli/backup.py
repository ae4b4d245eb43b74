"""Commands for recovery: back up the SQLite database, check a backup, restore one."""

from __future__ import annotations

import getpass
import os
import sys
from typing import TYPE_CHECKING, Any

from recordsdesk.cli.arguments import path_arg
from recordsdesk.cli.output import emit_line
from recordsdesk.domain.errors import InvalidInput

if TYPE_CHECKING:
    from recordsdesk.cli.context import CommandContext
    from recordsdesk.services.backup import BackupReport

PASSPHRASE_ENV = "RECORDSDESK_BACKUP_PASSPHRASE"


def register(commands: Any) -> None:
    """Add the backup commands to the parser."""
    backup = commands.add_parser(
        "backup", help="copy the SQLite database: checked, sealed with the site key, owner-only"
    )
    backup.add_argument("file", type=path_arg)
    backup.add_argument("--encrypt", action="store_true", help="encrypt it with a passphrase")
    _passphrase_options(backup)
    backup.set_defaults(run=backup_cmd)
    restore = commands.add_parser("restore", help="replace the database with a checked backup")
    restore.add_argument("file", type=path_arg)
    restore.add_argument("--check", action="store_true", help="only check the backup")
    restore.add_argument(
        "--other-site",
        action="store_true",
        help="accept a backup made under another site name (administrators only)",
    )
    _passphrase_options(restore)
    restore.set_defaults(run=restore_cmd)


def _passphrase_options(parser: Any) -> None:
    parser.add_argument(
        "--passphrase-stdin",
        action="store_true",
        help=f"read the passphrase from standard input (else {PASSPHRASE_ENV}, else asked)",
    )


def _passphrase(ctx: CommandContext, again: bool) -> str:
    if ctx.args.passphrase_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    named = os.environ.get(PASSPHRASE_ENV)
    if named:
        return named
    if not sys.stdin.isatty():
        raise InvalidInput(f"Give the passphrase: --passphrase-stdin or {PASSPHRASE_ENV}.")
    first = getpass.getpass("Backup passphrase: ")
    if again and getpass.getpass("Again: ") != first:
        raise InvalidInput("The two passphrases differ.")
    return first


def _described(report: BackupReport) -> str:
    encrypted = ", encrypted" if report.encrypted else ""
    return (
        f"{report.size:,} bytes{encrypted}, schema {report.revision} as the migrations make "
        f"it, integrity ok, site {report.site}, history in order ({report.audit_entries} "
        f"entries, head {report.audit_head})"
    )


def backup_cmd(ctx: CommandContext) -> int:
    passphrase = _passphrase(ctx, again=True) if ctx.args.encrypt else None
    report = ctx.services.backup.backup(ctx.actor, ctx.args.file, passphrase)
    emit_line(
        f"Backed up to {report.path} (sealed in {report.path.name}.seal): {_described(report)}."
    )
    return 0


def restore_cmd(ctx: CommandContext) -> int:
    services = ctx.raw_services
    encrypted = services.backup.needs_passphrase(ctx.args.file)
    passphrase = _passphrase(ctx, again=False) if encrypted else None
    if ctx.args.check:
        if not services.before_sign_in():
            ctx.authorize()
        report = services.backup.check(ctx.args.file, passphrase, ctx.args.other_site)
        emit_line(f"{report.path} is a sound backup: {_described(report)}.")
        return 0
    # A lost database (no schema, or nobody who could sign in) needs no session to restore.
    actor = None if services.before_sign_in() else ctx.authorize()
    result = services.backup.restore(actor, ctx.args.file, passphrase, ctx.args.other_site)
    emit_line(f"Restored from {ctx.args.file}: {_described(result.restored)}.")
    if result.previous_copy is not None:
        emit_line(f"The database as it was is kept at {result.previous_copy}.")
    return 0
