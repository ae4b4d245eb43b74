"""Backing up and restoring the embedded SQLite database, every copy checked before it counts."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, func, inspect, select
from sqlalchemy.orm import Session

from recordsdesk.domain.errors import Conflict, InvalidInput, PermissionDenied, Unavailable
from recordsdesk.services.actors import Actor, Clock, Permission
from recordsdesk.services.audit import AuditAction, AuditTrail, RefusalRecorder, verify_chain
from recordsdesk.storage import schema
from recordsdesk.storage.models import User
from recordsdesk.storage.unit_of_work import Database

PG_BACKUP = (
    "This database is PostgreSQL: {what} it with {tool} on the server "
    "(see 'Backups' in the README); recordsdesk {command} is for the embedded SQLite file."
)


@dataclass(frozen=True)
class BackupReport:
    """A database file that passed every check: integrity, schema revision, audit chain."""

    path: Path
    size: int
    revision: str
    audit_entries: int
    audit_head: str


@dataclass(frozen=True)
class RestoreReport:
    """What a restore put in place, and where the database as it was before was kept."""

    restored: BackupReport
    previous_copy: Path | None


def _create_private(path: Path) -> None:
    """An empty file only its owner can read; refused if it exists."""
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def _read_only(path: Path) -> Iterator[sqlite3.Connection]:
    uri = f"{path.resolve().as_uri()}?mode=ro"
    try:
        connection = sqlite3.connect(uri, uri=True)
    except sqlite3.Error as exc:
        raise InvalidInput(f"{path} cannot be opened as a database ({exc}).") from None
    try:
        yield connection
    finally:
        connection.close()


def check_database_file(path: Path) -> BackupReport:
    """Check a SQLite file as a RecordsDesk database; InvalidInput says what is wrong."""
    if not path.is_file():
        raise InvalidInput(f"There is no file {path}.")
    with _read_only(path) as connection:
        try:
            result = [row[0] for row in connection.execute("PRAGMA integrity_check")]
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
            revision_row = (
                connection.execute("SELECT version_num FROM alembic_version").fetchone()
                if "alembic_version" in tables
                else None
            )
        except sqlite3.DatabaseError as exc:
            if "malformed" in str(exc):
                raise InvalidInput(f"{path} is damaged ({exc}).") from None
            raise InvalidInput(f"{path} is not a RecordsDesk database ({exc}).") from None
    if result != ["ok"]:
        raise InvalidInput(f"{path} is damaged: the integrity check says {result[0]}.")
    revision = revision_row[0] if revision_row else None
    if revision is None or "audit_events" not in tables:
        raise InvalidInput(f"{path} is not a RecordsDesk database (no schema revision).")
    head = schema.head_revision()
    if revision != head:
        raise InvalidInput(
            f"{path} has schema revision {revision}; this version of RecordsDesk needs {head}."
        )
    uri = f"{path.resolve().as_uri()}?mode=ro"
    engine = create_engine("sqlite://", creator=lambda: sqlite3.connect(uri, uri=True))
    try:
        with Session(engine) as session:
            chain = verify_chain(session)
    finally:
        engine.dispose()
    if not chain.ok:
        raise InvalidInput(f"{path} fails the audit check: {chain.problem}")
    return BackupReport(path, path.stat().st_size, revision, chain.entries, chain.head)


class BackupService:
    """Online backup and verified restore of the SQLite database this desk works on."""

    def __init__(self, db: Database, clock: Clock, trail: AuditTrail) -> None:
        self._db = db
        self._clock = clock
        self._trail = trail
        self._refusals = RefusalRecorder(db, trail)

    def backup(self, actor: Actor, target: Path) -> BackupReport:
        """Copy the database to ``target`` while desks keep working, and check the copy.

        The copy is one consistent read (SQLite's online backup in a single step), made
        readable by its owner only, and appears under its name only once it passed.
        """
        actor.require(Permission.BACKUP)
        live = self._live_path("back up", "pg_dump", "backup")
        target = target.expanduser().absolute()
        if target.exists():
            raise Conflict(f"{target} exists already: choose another name or remove it.")
        if not target.parent.is_dir():
            raise InvalidInput(f"There is no folder {target.parent}.")
        if target.resolve() == live.resolve():
            raise InvalidInput("A backup cannot overwrite the database it copies.")
        report = self._copy_live(target)
        assert report is not None
        with self._db.writing() as uow:
            self._trail.record_for(
                uow.session,
                actor,
                AuditAction.BACKUP,
                detail=f"to {target} ({report.size} bytes, audit head {report.audit_head})",
            )
            uow.commit()
        return report

    def check(self, path: Path) -> BackupReport:
        """Check a backup file without restoring it."""
        return check_database_file(path.expanduser().absolute())

    def restore(self, actor: Actor | None, source: Path) -> RestoreReport:
        """Replace the database with a checked backup, in one transaction.

        With no actor only a database without users (a new or lost one) may be restored.
        The database as it was is kept beside it first.
        """
        live = self._live_path("restore", "pg_restore", "restore")
        if actor is not None:
            actor.require(Permission.BACKUP)
        elif self._has_users():
            self._refusals.record("", "", "restore without naming an administrator")
            raise PermissionDenied("Users exist: name the administrator restoring (--user).")
        source = source.expanduser().absolute()
        if source.resolve() == live.resolve():
            raise InvalidInput("That is the database itself, not a backup.")
        check_database_file(source)
        stamp = self._clock().astimezone().strftime("%Y%m%d-%H%M%S")
        stage = live.with_name(f".{live.name}.restore-{os.getpid()}")
        previous: Path | None = None
        _create_private(stage)
        try:
            with _read_only(source) as reader:
                staged = sqlite3.connect(stage)
                try:
                    reader.backup(staged)
                    staged.execute("PRAGMA journal_mode=DELETE")
                finally:
                    staged.close()
            # Check what will be put in place, not the file someone could change meanwhile.
            restored = check_database_file(stage)
            if self._holds_tables():
                previous = live.with_name(f"{live.stem}.before-restore-{stamp}{live.suffix}")
                # Whatever it holds, even a database that is no longer sound, is kept.
                self._copy_live(previous, checked=False)
            staged = sqlite3.connect(stage)
            try:
                # The online backup API into the live file: one write transaction, so every
                # desk sees either the old database or the restored one, never a mixture.
                raw = self._db.engine.raw_connection()
                try:
                    staged.backup(raw.driver_connection)  # type: ignore[arg-type]
                except sqlite3.Error as exc:
                    raise Unavailable(f"The restore failed ({exc}); nothing changed.") from None
                finally:
                    raw.close()
            finally:
                staged.close()
        finally:
            stage.unlink(missing_ok=True)
        self._db.engine.dispose()
        with self._db.writing() as uow:
            self._trail.record(
                uow.session,
                username=actor.username if actor else "",
                workstation=actor.workstation if actor else "",
                action=AuditAction.RESTORE,
                detail=f"from {source} (audit head {restored.audit_head})",
            )
            uow.commit()
        with self._db.reading() as uow:
            chain = verify_chain(uow.session)
            integrity = uow.session.connection().exec_driver_sql("PRAGMA integrity_check")
            if integrity.scalar() != "ok" or not chain.ok:
                raise Unavailable(
                    "The restored database fails its check: the one before it is kept at "
                    f"{previous}."
                )
        return RestoreReport(restored, previous)

    def _copy_live(self, target: Path, checked: bool = True) -> BackupReport | None:
        """Copy the live database to ``target`` (owner-only), checked first unless told not."""
        partial = target.with_name(f".{target.name}.partial-{os.getpid()}")
        _create_private(partial)
        try:
            copy = sqlite3.connect(partial)
            try:
                raw = self._db.engine.raw_connection()
                try:
                    raw.driver_connection.backup(copy)  # type: ignore[union-attr]
                finally:
                    raw.close()
                # One self-contained file: no write-ahead log beside it.
                copy.execute("PRAGMA journal_mode=DELETE")
            finally:
                copy.close()
            report = check_database_file(partial) if checked else None
            os.chmod(partial, 0o600)
            _fsync(partial)
            try:
                os.link(partial, target)  # never replaces a file that appeared meanwhile
            except FileExistsError:
                raise Conflict(f"{target} exists already: choose another name.") from None
            _fsync(target.parent)
        finally:
            partial.unlink(missing_ok=True)
        if report is None:
            return None
        return BackupReport(
            target, report.size, report.revision, report.audit_entries, report.audit_head
        )

    def _live_path(self, what: str, tool: str, command: str) -> Path:
        url = self._db.engine.url
        if url.get_backend_name() != "sqlite":
            raise InvalidInput(PG_BACKUP.format(what=what, tool=tool, command=command))
        if not url.database or url.database == ":memory:":
            raise InvalidInput("This database lives in memory: there is no file to copy.")
        return Path(url.database).absolute()

    def _holds_tables(self) -> bool:
        with self._db.reading() as uow:
            return bool(inspect(uow.session.connection()).get_table_names())

    def _has_users(self) -> bool:
        with self._db.reading() as uow:
            if not inspect(uow.session.connection()).has_table("users"):
                return False
            return bool(uow.session.scalar(select(func.count(User.id))))
