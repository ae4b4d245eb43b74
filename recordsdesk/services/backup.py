"""Backing up and restoring the embedded SQLite database, every copy checked before it counts."""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, func, inspect, select

from recordsdesk.domain.errors import Conflict, InvalidInput, PermissionDenied, Unavailable
from recordsdesk.services.actors import Actor, Clock, Permission
from recordsdesk.services.audit import AuditAction, AuditTrail, RefusalRecorder
from recordsdesk.storage import schema
from recordsdesk.storage.backup_files import (
    decrypt_file,
    encrypt_file,
    is_encrypted,
    read_seal,
    seal_bytes,
    seal_path,
    sha256_file,
)
from recordsdesk.storage.chain import verify_chain
from recordsdesk.storage.models import User
from recordsdesk.storage.schema_check import schema_differences
from recordsdesk.storage.site_key import SiteKeyRing
from recordsdesk.storage.unit_of_work import Database

PG_BACKUP = (
    "This database is PostgreSQL: {what} it with {tool} on the server "
    "(see 'Backups' in the README); recordsdesk {command} is for the embedded SQLite file."
)
_SQLITE_HEADER = b"SQLite format 3\x00"


@dataclass(frozen=True)
class BackupReport:
    """A database file that passed every check: integrity, schema, history chain, site."""

    path: Path
    size: int
    revision: str
    audit_entries: int
    audit_head: str
    site: str = ""
    encrypted: bool = False


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


def _is_sqlite(path: Path) -> bool:
    with path.open("rb") as stream:
        return stream.read(len(_SQLITE_HEADER)) == _SQLITE_HEADER


def check_database_file(
    path: Path, ring: SiteKeyRing, other_site: bool = False, shown: Path | None = None
) -> BackupReport:
    """Check a SQLite file as this site's RecordsDesk database; InvalidInput says what is wrong.

    Sound (integrity, references), this version's schema and nothing else (no extra table,
    column, index, trigger or view), and its history chain verified with the site key.
    """
    name = shown or path
    if not path.is_file():
        raise InvalidInput(f"There is no file {name}.")
    if not _is_sqlite(path):
        raise InvalidInput(f"{name} is not a RecordsDesk database (not a SQLite file).")
    with _read_only(path) as connection:
        try:
            result = [row[0] for row in connection.execute("PRAGMA integrity_check")]
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
            revision_row = (
                connection.execute("SELECT version_num FROM alembic_version").fetchone()
                if "alembic_version" in tables
                else None
            )
            broken = connection.execute("PRAGMA foreign_key_check").fetchone()
            differences = schema_differences(connection)
        except sqlite3.DatabaseError as exc:
            if "malformed" in str(exc):
                raise InvalidInput(f"{name} is damaged ({exc}).") from None
            raise InvalidInput(f"{name} is not a RecordsDesk database ({exc}).") from None
    if result != ["ok"]:
        raise InvalidInput(f"{name} is damaged: the integrity check says {result[0]}.")
    revision = revision_row[0] if revision_row else None
    if revision is None or "audit_events" not in tables:
        raise InvalidInput(f"{name} is not a RecordsDesk database (no schema revision).")
    head = schema.head_revision()
    if revision != head:
        raise InvalidInput(
            f"{name} has schema revision {revision}; this version of RecordsDesk needs {head}."
        )
    if differences:
        raise InvalidInput(
            f"{name} does not have the schema the migrations make: {'; '.join(differences[:3])}."
        )
    if broken is not None:
        raise InvalidInput(f"{name} has a broken reference in {broken[0]}.")
    uri = f"{path.resolve().as_uri()}?mode=ro"
    engine = create_engine("sqlite://", creator=lambda: sqlite3.connect(uri, uri=True))
    try:
        with engine.connect() as conn:
            site = conn.exec_driver_sql("SELECT site FROM history_site").scalar()
            if site is not None and site != ring.site and not other_site:
                raise InvalidInput(
                    f"{name} is the history of site '{site}', not of '{ring.site}': an "
                    "administrator may restore it with --other-site."
                )
            chain = verify_chain(conn, ring, None, None, any_site=other_site)
    finally:
        engine.dispose()
    if not chain.ok:
        raise InvalidInput(f"{name} fails the history check: {chain.problem}")
    return BackupReport(
        name, path.stat().st_size, revision, chain.entries, chain.head, str(site or ring.site)
    )


class BackupService:
    """Online backup and verified restore of the SQLite database this desk works on."""

    def __init__(self, db: Database, clock: Clock, trail: AuditTrail) -> None:
        self._db = db
        self._clock = clock
        self._trail = trail
        self._refusals = RefusalRecorder(db, trail)

    def backup(self, actor: Actor, target: Path, passphrase: str | None = None) -> BackupReport:
        """Copy the database to ``target`` while desks keep working, check and seal the copy.

        The copy is one consistent read (SQLite's online backup in a single step), readable by
        its owner only, encrypted when a passphrase is given, and appears under its name only
        once it passed. Its seal (``target.seal``, made with the site key) goes beside it.
        """
        actor.require(Permission.BACKUP)
        live = self._live_path("back up", "pg_dump", "backup")
        ring = self._db.chain.ring()
        target = target.expanduser().absolute()
        for path in (target, seal_path(target)):
            if path.exists():
                raise Conflict(f"{path} exists already: choose another name or remove it.")
        if not target.parent.is_dir():
            raise InvalidInput(f"There is no folder {target.parent}.")
        if target.resolve() == live.resolve():
            raise InvalidInput("A backup cannot overwrite the database it copies.")
        partial = target.with_name(f".{target.name}.partial-{os.getpid()}")
        _create_private(partial)
        try:
            self._copy_live_into(partial)
            checked = check_database_file(partial, ring, shown=target)
            digest, size = sha256_file(partial), partial.stat().st_size
            if passphrase is not None:
                ciphered = target.with_name(f".{target.name}.encrypted-{os.getpid()}")
                fd = os.open(ciphered, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
                try:
                    encrypt_file(partial, fd, passphrase)
                finally:
                    os.close(fd)
                os.replace(ciphered, partial)
            _fsync(partial)
            self._place(partial, target)
            self._place_bytes(seal_path(target), seal_bytes(ring, digest, size))
        finally:
            partial.unlink(missing_ok=True)
        report = BackupReport(
            target,
            target.stat().st_size,
            checked.revision,
            checked.audit_entries,
            checked.audit_head,
            checked.site,
            passphrase is not None,
        )
        with self._db.writing() as uow:
            self._trail.record_for(
                uow.session,
                actor,
                AuditAction.BACKUP,
                detail=f"to {target} ({report.size} bytes, history head {report.audit_head})",
            )
            uow.commit()
        return report

    def check(
        self, path: Path, passphrase: str | None = None, other_site: bool = False
    ) -> BackupReport:
        """Check a backup file (seal, schema, history) without restoring it."""
        source = path.expanduser().absolute()
        stage = self._stage_path(source)
        try:
            return self._staged(source, stage, passphrase, other_site)
        finally:
            stage.unlink(missing_ok=True)

    def needs_passphrase(self, path: Path) -> bool:
        """Whether a backup file is encrypted."""
        return is_encrypted(path.expanduser())

    def restore(
        self,
        actor: Actor | None,
        source: Path,
        passphrase: str | None = None,
        other_site: bool = False,
    ) -> RestoreReport:
        """Replace the database with a checked backup, in one transaction.

        With no actor only a database without users (a new or lost one) may be restored, and
        only this site's backups. The database as it was is kept beside it first.
        """
        live = self._live_path("restore", "pg_restore", "restore")
        if actor is not None:
            actor.require(Permission.BACKUP)
        elif self._has_users():
            self._refusals.record("", "", "restore without naming an administrator")
            raise PermissionDenied("Users exist: name the administrator restoring (--user).")
        if other_site and actor is None:
            raise PermissionDenied("Only a named administrator may restore another site's backup.")
        source = source.expanduser().absolute()
        if source.resolve() == live.resolve():
            raise InvalidInput("That is the database itself, not a backup.")
        stamp = self._clock().astimezone().strftime("%Y%m%d-%H%M%S")
        stage = live.with_name(f".{live.name}.restore-{os.getpid()}")
        previous: Path | None = None
        try:
            # Check what will be put in place, not the file someone could change meanwhile.
            restored = self._staged(source, stage, passphrase, other_site)
            if self._holds_tables():
                previous = live.with_name(f"{live.stem}.before-restore-{stamp}{live.suffix}")
                # Whatever it holds, even a database that is no longer sound, is kept.
                _create_private(previous)
                self._copy_live_into(previous)
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
        self._db.release_connections()
        # The history is what the backup held: it is anchored afresh from its head.
        self._db.chain.anchor((restored.audit_entries, restored.audit_head), "restore")
        with self._db.writing() as uow:
            self._trail.record(
                uow.session,
                username=actor.username if actor else "",
                workstation=actor.workstation if actor else "",
                action=AuditAction.RESTORE,
                detail=f"from {source} (site {restored.site}, history head {restored.audit_head})",
            )
            uow.commit()
        with self._db.reading() as uow:
            chain = self._db.chain.verify(uow.session.connection())
            integrity = uow.session.connection().exec_driver_sql("PRAGMA integrity_check")
            if integrity.scalar() != "ok" or not chain.ok:
                raise Unavailable(
                    "The restored database fails its check: the one before it is kept at "
                    f"{previous}."
                )
        return RestoreReport(restored, previous)

    def _stage_path(self, source: Path) -> Path:
        folder = Path(self._db.engine.url.database or source).absolute().parent
        if not folder.is_dir():
            folder = source.parent
        return folder / f".recordsdesk-check-{os.getpid()}-{source.name}"

    def _staged(
        self, source: Path, stage: Path, passphrase: str | None, other_site: bool
    ) -> BackupReport:
        """Put the backup's database in ``stage`` (decrypted) and check it; its report."""
        ring = self._db.chain.ring()
        if not source.is_file():
            raise InvalidInput(f"There is no file {source}.")
        seal = read_seal(source, ring)
        if seal.site != ring.site and not other_site:
            raise InvalidInput(
                f"{source} was made at site '{seal.site}', not '{ring.site}': an administrator "
                "may restore it with --other-site."
            )
        _create_private(stage)
        encrypted = is_encrypted(source)
        if encrypted:
            if passphrase is None:
                raise InvalidInput(f"{source} is encrypted: give its passphrase.")
            decrypt_file(source, stage, passphrase)
        else:
            with source.open("rb") as reader, stage.open("wb") as writer:
                shutil.copyfileobj(reader, writer, 1 << 20)
        if stage.stat().st_size != seal.size or sha256_file(stage) != seal.sha256:
            raise InvalidInput(f"{source} is not the file its seal was made for: it was changed.")
        report = check_database_file(stage, ring, other_site, shown=source)
        return BackupReport(
            source,
            source.stat().st_size,
            report.revision,
            report.audit_entries,
            report.audit_head,
            report.site,
            encrypted,
        )

    def _copy_live_into(self, target: Path) -> None:
        """Copy the live database into the existing private file ``target``: one file, no log."""
        copy = sqlite3.connect(target)
        try:
            raw = self._db.engine.raw_connection()
            try:
                raw.driver_connection.backup(copy)  # type: ignore[union-attr]
            finally:
                raw.close()
            copy.execute("PRAGMA journal_mode=DELETE")
        finally:
            copy.close()
        os.chmod(target, 0o600)
        _fsync(target)

    @staticmethod
    def _place(partial: Path, target: Path) -> None:
        try:
            os.link(partial, target)  # never replaces a file that appeared meanwhile
        except FileExistsError:
            raise Conflict(f"{target} exists already: choose another name.") from None
        _fsync(target.parent)

    @staticmethod
    def _place_bytes(target: Path, data: bytes) -> None:
        try:
            fd = os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        except FileExistsError:
            raise Conflict(f"{target} exists already: choose another name.") from None
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())

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
