"""Commands for recovery: back up the SQLite database, check a backup, restore one."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from recordsdesk.cli.arguments import path_arg
from recordsdesk.cli.output import emit_line

if TYPE_CHECKING:
    from recordsdesk.cli.context import CommandContext
    from recordsdesk.services.backup import BackupReport


def register(commands: Any) -> None:
    """Add the backup commands to the parser."""
    backup = commands.add_parser("backup", help="copy the SQLite database, checked, owner-only")
    backup.add_argument("file", type=path_arg)
    backup.set_defaults(run=backup_cmd)
    restore = commands.add_parser("restore", help="replace the database with a checked backup")
    restore.add_argument("file", type=path_arg)
    restore.add_argument("--check", action="store_true", help="only check the backup")
    restore.set_defaults(run=restore_cmd)


def _described(report: BackupReport) -> str:
    return (
        f"{report.size:,} bytes, schema {report.revision}, integrity ok, "
        f"audit trail in order ({report.audit_entries} entries, head {report.audit_head})"
    )


def backup_cmd(ctx: CommandContext) -> int:
    report = ctx.services.backup.backup(ctx.actor, ctx.args.file)
    emit_line(f"Backed up to {report.path}: {_described(report)}.")
    return 0


def restore_cmd(ctx: CommandContext) -> int:
    services = ctx.raw_services
    if ctx.args.check:
        if not services.before_sign_in():
            ctx.authorize()
        report = services.backup.check(ctx.args.file)
        emit_line(f"{report.path} is a sound backup: {_described(report)}.")
        return 0
    # A lost database (no schema, or nobody who could sign in) needs no session to restore.
    actor = None if services.before_sign_in() else ctx.authorize()
    result = services.backup.restore(actor, ctx.args.file)
    emit_line(f"Restored from {ctx.args.file}: {_described(result.restored)}.")
    if result.previous_copy is not None:
        emit_line(f"The database as it was is kept at {result.previous_copy}.")
    return 0
