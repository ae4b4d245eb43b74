"""What every command needs: the database, the services and the signed-in user, built on demand.

Nothing here imports the services until a command asks for them, so that `--help` and
`--version` start at once.
"""

from __future__ import annotations

import argparse
import os
import sys
from functools import cached_property
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

    from recordsdesk.cli.database_choice import DatabaseChoice
    from recordsdesk.services.actors import Actor, Clock
    from recordsdesk.services.desk import Services
    from recordsdesk.services.identity.machine import Machine

SIGN_IN = (
    "sign in with `recordsdesk --user NAME login`, or give a service token with "
    "--token-file or RECORDSDESK_TOKEN_FILE"
)


def full_command(args: argparse.Namespace) -> str:
    """``retention rule set`` from the parsed arguments: each level's subcommand is kept in
    ``<the levels so far, joined by _>_cmd`` (``retention_cmd``, ``retention_rule_cmd``)."""
    parts: list[str] = [args.command] if args.command else []
    while parts:
        sub = getattr(args, "_".join(parts).replace("-", "_") + "_cmd", None)
        if not sub:
            break
        parts.append(sub)
    return " ".join(parts)


class CommandContext:
    """The composition point of one command-line run."""

    def __init__(
        self,
        args: argparse.Namespace,
        *,
        clock: Clock | None = None,
        machine: Machine | None = None,
    ) -> None:
        self.args = args
        self.command = full_command(args)
        self._clock = clock
        self._machine = machine
        self._actor: Actor | None = None

    @cached_property
    def database(self) -> DatabaseChoice:
        """--demo, else --db, else RECORDSDESK_DB, else the embedded default."""
        from recordsdesk.cli.database_choice import choose_database

        return choose_database(self.args.db, getattr(self.args, "demo", False))

    @property
    def url(self) -> str:
        return self.database.url

    @cached_property
    def machine(self) -> Machine:
        """The machine this runs on (the workstation registry names it)."""
        from recordsdesk.services.identity.machine import this_machine

        return self._machine or this_machine()

    @cached_property
    def raw_services(self) -> Services:
        """Services with no schema check (for db upgrade and demo)."""
        from recordsdesk.cli.database_choice import announce_new_default
        from recordsdesk.services.actors import system_clock
        from recordsdesk.services.desk import build_services

        file = self.database.sqlite_file
        existed = file is None or file.exists()
        if self.database.source == "--demo" and not existed and self.args.command != "demo":
            print(f"recordsdesk: building the demo file room in {file} (once)…", file=sys.stderr)
            from recordsdesk.services.demo import ensure_demo  # only the first --demo run

            ensure_demo(self.url)
        services = build_services(self.url, self._clock or system_clock)
        announce_new_default(self.database, existed)
        return services

    @cached_property
    def services(self) -> Services:
        """Services on a database whose schema is this version's (a new SQLite file is created)."""
        services = self.raw_services
        if self.url.startswith("sqlite") and services.db_is_empty():
            services.upgrade_schema()
        services.require_current_schema()
        return services

    @property
    def workstation(self) -> str:
        """The name recorded for this machine: the registry's, else "unregistered:HOST"."""
        return self.services.workstations.resolve(self.machine)

    @property
    def named_user(self) -> str | None:
        """--user, else RECORDSDESK_USER: who says they are acting (checked, never trusted)."""
        name = self.args.user or os.environ.get("RECORDSDESK_USER")
        return name.strip().lower() if name else None

    @property
    def token_file(self) -> Path | None:
        from pathlib import Path

        given = getattr(self.args, "token_file", None) or os.environ.get("RECORDSDESK_TOKEN_FILE")
        return Path(given) if given else None

    @property
    def actor(self) -> Actor:
        """The signed-in user: from this OS account's session, or a service token."""
        if self._actor is None:
            self._actor = self._authenticate()
        return self._actor

    def gate(self) -> None:
        """Refuse the command unless someone is signed in who may run it (commands that need
        no session, or check for themselves when they do, pass)."""
        from recordsdesk.cli import access

        if self.command in access.OPEN_COMMANDS or self.command in access.SELF_CHECKED:
            return
        self.authorize()

    def authorize(self) -> Actor:
        """The signed-in actor, checked against what this command needs."""
        from recordsdesk.cli import access
        from recordsdesk.domain.errors import PermissionDenied
        from recordsdesk.services.identity.errors import NotSignedIn

        actor = self.actor
        name = self.command
        if actor.service and name not in access.SERVICE_COMMANDS:
            self._refuse(f"a service account may not run `{name}`", actor.username)
            raise NotSignedIn(
                f"{actor.username} is a service account: it may run only "
                f"{', '.join(sorted(access.SERVICE_COMMANDS))}."
            )
        if actor.must_change_password and name not in access.BEFORE_NEW_PASSWORD:
            self.services.refusals.record(actor.username, actor.workstation, name)
            raise PermissionDenied(
                f"{actor.username} must choose a new password before anything else: "
                "run `recordsdesk user passwd`."
            )
        permission = access.needs(name)
        if permission is not None:
            actor.require(permission)
        for further in access.option_needs(name, self.args):
            actor.require(further)
        return actor

    def _refuse(self, what: str, username: str | None = None) -> None:
        try:
            self.services.sessions.refuse(username or self.named_user or "", self.machine, what)
        except Exception:
            return

    def _authenticate(self) -> Actor:
        from recordsdesk.cli import session_file
        from recordsdesk.services.identity.errors import NotSignedIn
        from recordsdesk.services.identity.sessions import Ticket, database_fingerprint

        token_file = self.token_file
        if token_file is not None:
            problem = session_file.private_problem(token_file, "The token file")
            if problem:
                self._refuse(problem)
                raise NotSignedIn(problem + ".")
            token = token_file.read_text(encoding="utf-8", errors="replace").strip()
            actor = self.services.tokens.authenticate(token, self.machine)
            if self.named_user and self.named_user != actor.username:
                self._refuse(f"the token is {actor.username}'s", self.named_user)
                raise NotSignedIn(f"The token is {actor.username}'s, not {self.named_user}'s.")
            return actor
        database = database_fingerprint(self.services.db)
        stored = session_file.load(database)
        if stored is None:
            self._refuse(f"`{self.command}` without signing in")
            raise NotSignedIn(f"Not signed in: {SIGN_IN}.")
        if isinstance(stored, str):
            self._refuse(stored)
            raise NotSignedIn(f"{stored}; {SIGN_IN}.")
        if self.named_user and self.named_user != stored.username:
            self._refuse(f"signed in as {stored.username}", self.named_user)
            raise NotSignedIn(
                f"Signed in as {stored.username}, not {self.named_user}: "
                f"`recordsdesk logout`, then sign in as {self.named_user}."
            )
        ticket = Ticket(stored.session_id, stored.secret, stored.username, stored.database)
        return self.services.sessions.resume(ticket, session_file.os_account(), self.machine)

    def close(self) -> None:
        if "raw_services" in self.__dict__:
            self.raw_services.close()
