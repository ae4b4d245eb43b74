"""Commands for identity: login and logout, and the registry of workstations."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from recordsdesk.cli.arguments import required_password
from recordsdesk.cli.output import emit_json, emit_line
from recordsdesk.domain.errors import InvalidInput

if TYPE_CHECKING:
    from recordsdesk.cli.context import CommandContext


def register(commands: Any) -> None:
    """Add login, logout and the workstation commands to the parser."""
    login_cmd = commands.add_parser(
        "login", help="sign in on the command line (--user NAME): a session for this account"
    )
    login_cmd.add_argument(
        "--password-stdin", action="store_true", help="read the password from stdin"
    )
    login_cmd.set_defaults(run=login)
    commands.add_parser("logout", help="end this account's command-line session").set_defaults(
        run=logout
    )

    station = commands.add_parser("workstation", help="the site's workstations").add_subparsers(
        dest="workstation_cmd", required=True
    )
    add = station.add_parser("add", help="register this machine (or --machine-id) under a name")
    add.add_argument("name")
    add.add_argument("--machine-id", help="another machine's id (its /etc/machine-id)")
    add.set_defaults(run=workstation_add)
    listing = station.add_parser("list", help="registered workstations, and this machine's id")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(run=workstation_list)
    retire = station.add_parser("retire", help="stop recognising a workstation")
    retire.add_argument("name")
    retire.set_defaults(run=workstation_retire)
    unlock = station.add_parser("unlock", help="clear a workstation's sign-in lockout")
    unlock.add_argument("name", help="the workstation name as recorded")
    unlock.set_defaults(run=workstation_unlock)


def login(ctx: CommandContext) -> int:
    from recordsdesk.cli import session_file
    from recordsdesk.services.identity.sessions import Ticket

    name = ctx.named_user
    if not name:
        raise InvalidInput("Say who signs in: recordsdesk --user NAME login.")
    password = required_password(f"Password for {name}", ctx.args.password_stdin)
    services = ctx.services
    actor = services.users.sign_in(name, password, ctx.workstation)
    ticket = services.sessions.open(actor, session_file.os_account())
    earlier = session_file.load(ticket.database)
    if isinstance(earlier, session_file.StoredSession):  # one session per account and database
        services.sessions.end(
            Ticket(earlier.session_id, earlier.secret, earlier.username, earlier.database),
            ctx.machine,
        )
    session_file.save(
        session_file.StoredSession(
            ticket.session_id, ticket.secret, ticket.username, ticket.database
        )
    )
    minutes = services.sessions.idle_minutes()
    emit_line(
        f"Signed in as {actor.username} ({actor.role.value}) at {actor.workstation}; the "
        f"session ends after {minutes} minutes without use, or at `recordsdesk logout`."
    )
    if actor.must_change_password:
        emit_line("Choose your own password first: recordsdesk user passwd.")
    return 0


def logout(ctx: CommandContext) -> int:
    from recordsdesk.cli import session_file
    from recordsdesk.services.identity.sessions import Ticket, database_fingerprint

    database = database_fingerprint(ctx.services.db)
    stored = session_file.load(database)
    session_file.remove(database)
    if isinstance(stored, session_file.StoredSession):
        ticket = Ticket(stored.session_id, stored.secret, stored.username, stored.database)
        if ctx.services.sessions.end(ticket, ctx.machine):
            emit_line(f"Signed out {stored.username}.")
            return 0
    emit_line("No session was open here.")
    return 0


def workstation_add(ctx: CommandContext) -> int:
    machine_id = ctx.args.machine_id or ctx.machine.machine_id
    info = ctx.services.workstations.register(ctx.actor, ctx.args.name, machine_id)
    emit_line(f"Workstation {info.name} is machine {info.machine_id}.")
    return 0


def workstation_list(ctx: CommandContext) -> int:
    found = ctx.services.workstations.listing(ctx.actor)
    if ctx.args.json:
        emit_json({"this_machine": ctx.machine.machine_id, "workstations": found})
        return 0
    for info in found:
        emit_line(f"{info.name}\t{info.machine_id}\t{'active' if info.active else 'retired'}")
    emit_line(f"This machine: {ctx.machine.machine_id}, recorded as {ctx.workstation}.")
    return 0


def workstation_retire(ctx: CommandContext) -> int:
    info = ctx.services.workstations.retire(ctx.actor, ctx.args.name)
    emit_line(f"Workstation {info.name} retired.")
    return 0


def workstation_unlock(ctx: CommandContext) -> int:
    ctx.services.users.unlock_workstation(ctx.actor, ctx.args.name)
    emit_line(f"Sign-ins at {ctx.args.name} are no longer locked.")
    return 0
