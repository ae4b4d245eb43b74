"""Commands for users: add, list, passwords, service tokens, disable, enable, unlock."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from recordsdesk.cli.arguments import read_password, required_password
from recordsdesk.cli.output import emit_json, emit_line
from recordsdesk.domain.errors import InvalidInput

if TYPE_CHECKING:
    from recordsdesk.cli.context import CommandContext


def register(commands: Any) -> None:
    """Add the user commands to the parser."""
    user = commands.add_parser("user", help="users").add_subparsers(dest="user_cmd", required=True)
    add = user.add_parser("add", help="add a user")
    add.add_argument("name")
    add.add_argument("--role", required=True, help="clerk, supervisor or admin")
    add.add_argument("--full-name", default="")
    add.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    add.add_argument(
        "--service",
        action="store_true",
        help="a night job's account: no password, a token printed once",
    )
    add.set_defaults(run=user_add)
    token = user.add_parser("token", help="replace a service account's token (prints the new one)")
    token.add_argument("name")
    token.add_argument("--rotate", action="store_true", required=True)
    token.set_defaults(run=user_token)
    listing = user.add_parser("list", help="list users (administrators)")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(run=user_list)
    passwd = user.add_parser("passwd", help="change your own password (signed in): old, then new")
    passwd.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the old then the new password, a line each",
    )
    passwd.set_defaults(run=user_passwd)
    reset = user.add_parser("reset", help="set a temporary password the user must change")
    reset.add_argument("name")
    reset.add_argument("--password-stdin", action="store_true")
    reset.set_defaults(run=user_reset)
    for name, helptext, run in (
        ("disable", "stop a user from signing in", user_disable),
        ("enable", "let a disabled user sign in again", user_enable),
        ("unlock", "clear a lockout after failed sign-ins", user_unlock),
    ):
        cmd = user.add_parser(name, help=helptext)
        cmd.add_argument("name")
        cmd.set_defaults(run=run)


def user_add(ctx: CommandContext) -> int:
    args = ctx.args
    services = ctx.services
    # The first user of a database with none needs nobody signed in; every other, an admin.
    actor = None if services.users.count() == 0 else ctx.authorize()
    if args.service:
        if actor is None:
            raise InvalidInput("The first user is a person, an administrator: add them first.")
        info, token = services.users.add_service(actor, args.name, args.role, args.full_name)
        emit_line(f"Service account {info.username} added as {info.role}. Its token (shown once):")
        emit_line(token)
        return 0
    password = read_password(f"Password for {args.name}", args.password_stdin)
    info = services.users.add(actor, args.name, args.role, password, args.full_name)
    emit_line(f"User {info.username} added as {info.role}.")
    return 0


def user_token(ctx: CommandContext) -> int:
    token = ctx.services.users.rotate_token(ctx.actor, ctx.args.name)
    emit_line(f"New token of {ctx.args.name.lower()} (shown once; the old one no longer works):")
    emit_line(token)
    return 0


def user_list(ctx: CommandContext) -> int:
    users = ctx.services.users.list(ctx.actor)
    if ctx.args.json:
        emit_json(users)
        return 0
    for info in users:
        emit_line(f"{info.username}\t{info.role}\t{'active' if info.active else 'disabled'}")
    return 0


def user_passwd(ctx: CommandContext) -> int:
    actor = ctx.actor
    old = required_password("Current password", ctx.args.password_stdin)
    new = required_password("New password", ctx.args.password_stdin)
    if not ctx.args.password_stdin and required_password("New password again", False) != new:
        raise InvalidInput("The two new passwords differ: nothing changed.")
    ctx.services.users.change_password(actor, old, new)
    emit_line(f"Password of {actor.username} changed.")
    return 0


def user_reset(ctx: CommandContext) -> int:
    actor = ctx.actor
    temporary = required_password(
        f"Temporary password for {ctx.args.name}", ctx.args.password_stdin
    )
    info = ctx.services.users.reset_password(actor, ctx.args.name, temporary)
    emit_line(f"Password of {info.username} reset: they must choose their own at sign-in.")
    return 0


def user_disable(ctx: CommandContext) -> int:
    info = ctx.services.users.disable(ctx.actor, ctx.args.name)
    emit_line(f"User {info.username} disabled.")
    return 0


def user_enable(ctx: CommandContext) -> int:
    info = ctx.services.users.enable(ctx.actor, ctx.args.name)
    emit_line(f"User {info.username} enabled.")
    return 0


def user_unlock(ctx: CommandContext) -> int:
    info = ctx.services.users.unlock(ctx.actor, ctx.args.name)
    emit_line(f"User {info.username} unlocked.")
    return 0
