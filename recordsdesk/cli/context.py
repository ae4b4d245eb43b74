"""What every command needs: the database, the services and the acting user, built on demand."""

from __future__ import annotations

import argparse
import os
import socket
import sys
from functools import cached_property

from recordsdesk.cli.database_choice import DatabaseChoice, announce_new_default, choose_database
from recordsdesk.domain.errors import InvalidInput
from recordsdesk.services.actors import Actor
from recordsdesk.services.desk import Services, build_services


class CommandContext:
    """The composition point of one command-line run."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args

    @cached_property
    def database(self) -> DatabaseChoice:
        """--demo, else --db, else RECORDSDESK_DB, else the embedded default."""
        return choose_database(self.args.db, getattr(self.args, "demo", False))

    @property
    def url(self) -> str:
        return self.database.url

    @property
    def workstation(self) -> str:
        return str(
            self.args.workstation
            or os.environ.get("RECORDSDESK_WORKSTATION")
            or socket.gethostname()
        )

    @cached_property
    def raw_services(self) -> Services:
        """Services with no schema check (for db upgrade and demo)."""
        file = self.database.sqlite_file
        existed = file is None or file.exists()
        if self.database.source == "--demo" and not existed and self.args.command != "demo":
            print(f"recordsdesk: building the demo file room in {file} (once)…", file=sys.stderr)
            from recordsdesk.services.demo import ensure_demo  # only the first --demo run

            ensure_demo(self.url)
        services = build_services(self.url)
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

    @cached_property
    def actor(self) -> Actor:
        """--user, else RECORDSDESK_USER; the user must exist."""
        name = self.args.user or os.environ.get("RECORDSDESK_USER")
        if not name:
            raise InvalidInput("Say who is acting: --user NAME or RECORDSDESK_USER.")
        return self.services.users.actor(name, self.workstation)

    def close(self) -> None:
        if "raw_services" in self.__dict__:
            self.raw_services.close()
