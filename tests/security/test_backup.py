"""Backup and restore of the SQLite database: owner-only, consistent while desks work, checked."""

from __future__ import annotations

import shutil
import sqlite3
import stat
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from recordsdesk.domain.errors import Conflict, InvalidInput, PermissionDenied
from recordsdesk.services.actors import Actor
from recordsdesk.services.desk import Services, build_services
from recordsdesk.storage.models import AuditEvent, Movement, Volume
from tests.conftest import FakeClock
from tests.security.helpers import assert_ledger_consistent, run


@pytest.fixture
def room(sqlite_url: str, clock: FakeClock) -> Iterator[Services]:
    built = build_services(sqlite_url, clock)
    built.users.add(None, "ada", "admin", "correct horse battery")
    ada = built.users.actor("ada", "TEST-DESK")
    built.locations.add(ada, "CARD", "Cardiology Clinic", "clinic", 24)
    for n in range(20):
        built.registry.register_patient(ada, f"{n:06d}", f"PATIENT, Number{n}", None, volumes=2)
    yield built
    built.close()


def _ada(services: Services) -> Actor:
    return services.users.actor("ada", "TEST-DESK")


def _path(services: Services) -> Path:
    database = services.db.engine.url.database
    assert database is not None
    return Path(database)


def _movements(path: Path) -> int:
    with sqlite3.connect(path) as connection:
        return int(connection.execute("SELECT count(*) FROM movements").fetchone()[0])


def test_backup_is_owner_only_checked_and_recorded(room: Services, tmp_path: Path) -> None:
    target = tmp_path / "copy.sqlite3"
    head = room.audit.verify().head
    report = room.backup.backup(_ada(room), target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert report.size == target.stat().st_size and report.revision
    assert report.audit_entries > 0 and report.audit_head == head
    assert _movements(target) == 40
    assert not list(tmp_path.glob(".*partial*"))
    with sqlite3.connect(target) as copy:
        assert copy.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    with room.db.reading() as uow:
        last = uow.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
        assert last is not None and last.action == "backup" and str(target) in last.detail
    with pytest.raises(Conflict, match="exists already"):
        room.backup.backup(_ada(room), target)


def test_only_an_admin_backs_up(room: Services, tmp_path: Path) -> None:
    room.users.add(_ada(room), "cleo", "clerk", "clerk password")
    with pytest.raises(PermissionDenied, match="back up and restore"):
        room.backup.backup(room.users.actor("cleo", "D"), tmp_path / "x.sqlite3")
    assert not (tmp_path / "x.sqlite3").exists()


def test_backup_while_a_desk_scans_is_consistent(
    room: Services, sqlite_url: str, tmp_path: Path
) -> None:
    with room.db.reading() as uow:
        barcodes = list(uow.session.scalars(select(Volume.barcode)))
    stop = threading.Event()
    errors: list[BaseException] = []

    def desk() -> None:
        services = build_services(sqlite_url)
        try:
            actor = services.users.actor("ada", "SCANNER")
            while not stop.is_set():
                for barcode in barcodes:
                    services.circulation.check_out(actor, "CARD", barcode)
                    services.circulation.return_volume(actor, barcode)
        except BaseException as exc:
            errors.append(exc)
        finally:
            services.close()

    thread = threading.Thread(target=desk)
    thread.start()
    try:
        copies = [room.backup.backup(_ada(room), tmp_path / f"b{n}.sqlite3") for n in range(5)]
    finally:
        stop.set()
        thread.join(timeout=120)
    assert not errors, errors
    counts = [_movements(c.path) for c in copies]
    assert counts == sorted(counts) and counts[-1] > 40  # taken while the scans went on
    for copy in copies:
        assert room.backup.check(copy.path).audit_entries == copy.audit_entries
        restored = build_services(f"sqlite:///{copy.path}")
        try:
            assert_ledger_consistent(restored)
        finally:
            restored.close()


def test_restore_puts_the_backup_back_and_keeps_the_old(room: Services, tmp_path: Path) -> None:
    ada = _ada(room)
    backup = room.backup.backup(ada, tmp_path / "monday.sqlite3").path
    barcode = room.history.chart(ada, "000001").volumes[0].barcode
    assert room.circulation.check_out(ada, "CARD", barcode).ok
    result = room.backup.restore(ada, backup)
    assert room.history.chart(ada, "000001").volumes[0].location is None
    assert result.previous_copy is not None
    assert stat.S_IMODE(result.previous_copy.stat().st_mode) == 0o600
    assert _movements(result.previous_copy) == 41
    with room.db.reading() as uow:
        assert len(uow.session.scalars(select(Movement)).all()) == 40
        actions = list(uow.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))
    assert actions[-2:] == ["restore", "chart_viewed"]
    assert room.audit.verify().ok


@pytest.mark.parametrize(
    ("spoil", "says"),
    [
        ("garbage", "not a RecordsDesk database"),
        ("truncated", "damaged"),
        ("audit", "fails the audit check"),
        ("revision", "schema revision 0001"),
        ("foreign", "no schema revision"),
    ],
)
def test_restore_refuses_a_bad_backup_and_changes_nothing(
    room: Services, tmp_path: Path, spoil: str, says: str
) -> None:
    ada = _ada(room)
    backup = room.backup.backup(ada, tmp_path / "good.sqlite3").path
    bad = tmp_path / "bad.sqlite3"
    shutil.copyfile(backup, bad)
    if spoil == "garbage":
        bad.write_bytes(b"this is not a database at all" * 100)
    elif spoil == "truncated":
        data = backup.read_bytes()
        bad.write_bytes(data[: len(data) // 2])
    elif spoil == "foreign":
        bad.unlink()
        with sqlite3.connect(bad) as other:
            other.execute("CREATE TABLE t (x)")
    else:
        with sqlite3.connect(bad) as connection:
            if spoil == "audit":
                connection.execute(
                    "UPDATE audit_events SET detail = 'x' "
                    "WHERE id = (SELECT min(id) FROM audit_events)"
                )
            else:
                connection.execute("UPDATE alembic_version SET version_num = '0001'")
    barcode = room.history.chart(ada, "000001").volumes[0].barcode
    room.circulation.check_out(ada, "CARD", barcode)
    before = _movements(_path(room))
    with pytest.raises(InvalidInput, match=says):
        room.backup.restore(ada, bad)
    assert _movements(_path(room)) == before
    assert not list(tmp_path.glob("*before-restore*"))
    assert not list(_path(room).parent.glob(".*restore-*"))


def test_restore_without_a_user_only_onto_a_lost_database(
    room: Services, tmp_path: Path, clock: FakeClock
) -> None:
    backup = room.backup.backup(_ada(room), tmp_path / "nightly.sqlite3").path
    with pytest.raises(PermissionDenied, match="name the administrator"):
        room.backup.restore(None, backup)
    fresh = build_services(f"sqlite:///{tmp_path / 'new' / 'records.sqlite3'}", clock)
    try:
        result = fresh.backup.restore(None, backup)
        assert result.previous_copy is None
        assert fresh.history.chart(_ada(fresh), "000007").name == "PATIENT, Number7"
        assert fresh.audit.verify().ok
    finally:
        fresh.close()


def test_postgresql_is_pointed_to_pg_dump(services: Services, admin: Actor, tmp_path: Path) -> None:
    if services.db.engine.dialect.name == "sqlite":
        assert services.backup.backup(admin, tmp_path / "x.sqlite3").size > 0
        return
    with pytest.raises(InvalidInput, match="pg_dump"):
        services.backup.backup(admin, tmp_path / "x.sqlite3")
    with pytest.raises(InvalidInput, match="pg_restore"):
        services.backup.restore(admin, tmp_path / "x.sqlite3")
    assert not (tmp_path / "x.sqlite3").exists()


def test_backup_and_restore_commands(room: Services, tmp_path: Path) -> None:
    url = f"sqlite:///{_path(room)}"
    target = tmp_path / "cli.sqlite3"
    done = run(url, "backup", str(target))
    assert done.returncode == 0, done.stderr
    assert "integrity ok" in done.stdout and stat.S_IMODE(target.stat().st_mode) == 0o600
    again = run(url, "backup", str(target))
    assert again.returncode == 1 and "exists already" in again.stderr
    checked = run(url, "restore", "--check", str(target))
    assert checked.returncode == 0 and "sound backup" in checked.stdout
    restored = run(url, "restore", str(target))
    assert restored.returncode == 0, restored.stderr
    assert "kept at" in restored.stdout
    assert run(url, "audit", "verify").returncode == 0
    junk = tmp_path / "junk.sqlite3"
    junk.write_text("nope")
    refused = run(url, "restore", str(junk))
    assert refused.returncode == 1 and "not a RecordsDesk database" in refused.stderr
    assert "Traceback" not in refused.stderr
