"""Backup and restore of the SQLite database: owner-only, consistent while desks work, checked."""

from __future__ import annotations

import json
import shutil
import sqlite3
import stat
import threading
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import select

from recordsdesk.domain.errors import Conflict, InvalidInput, PermissionDenied
from recordsdesk.services.actors import Actor
from recordsdesk.services.backup import check_database_file
from recordsdesk.services.desk import Services, build_services
from recordsdesk.storage.backup_files import seal_bytes, seal_path, sha256_file
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


def _spoil(backup: Path, bad: Path, spoil: str) -> None:
    """Make ``bad`` a copy of ``backup`` changed as an insider would, with the seal beside it."""
    shutil.copyfile(backup, bad)
    shutil.copyfile(seal_path(backup), seal_path(bad))
    if spoil == "garbage":
        bad.write_bytes(b"this is not a database at all" * 100)
    elif spoil == "truncated":
        data = backup.read_bytes()
        bad.write_bytes(data[: len(data) // 2])
    elif spoil == "unsealed":
        seal_path(bad).unlink()
    elif spoil == "forged seal":
        seal = json.loads(seal_path(bad).read_text())
        seal["mac"] = "0" * 64
        seal_path(bad).write_text(json.dumps(seal))
    else:
        with sqlite3.connect(bad) as connection:
            for statement in CRAFTS[spoil]:
                connection.execute(statement)


CRAFTS = {
    "extra admin": [
        "INSERT INTO users (username, full_name, role, password_hash, active, created_at)"
        " VALUES ('mallory', 'M', 'admin', '$argon2id$known', 1, '2026-01-01')"
    ],
    "changed dob": [
        "DROP TRIGGER audit_events_no_update",
        "UPDATE patients SET dob = '1999-01-01'",
    ],
    "hiding trigger": [
        "CREATE TRIGGER hide AFTER INSERT ON audit_events WHEN NEW.username = 'mallory' "
        "BEGIN DELETE FROM audit_events WHERE id = NEW.id; END"
    ],
    "users dropped": ["DROP TABLE users"],
    "audit": [
        "DROP TRIGGER audit_events_no_update",
        "UPDATE audit_events SET detail = 'x' WHERE id = (SELECT min(id) FROM audit_events)",
    ],
    "revision": ["UPDATE alembic_version SET version_num = '0001'"],
}


@pytest.mark.parametrize(
    ("spoil", "says"),
    [
        ("garbage", "not the file its seal was made for"),
        ("truncated", "not the file its seal was made for"),
        ("unsealed", "has no seal"),
        ("forged seal", "not made with this site's key"),
        *((craft, "not the file its seal was made for") for craft in CRAFTS),
    ],
)
def test_restore_refuses_a_bad_backup_and_changes_nothing(
    room: Services, tmp_path: Path, spoil: str, says: str
) -> None:
    ada = _ada(room)
    backup = room.backup.backup(ada, tmp_path / "good.sqlite3").path
    bad = tmp_path / "bad.sqlite3"
    _spoil(backup, bad, spoil)
    barcode = room.history.chart(ada, "000001").volumes[0].barcode
    room.circulation.check_out(ada, "CARD", barcode)
    before = _movements(_path(room))
    with pytest.raises(InvalidInput, match=says):
        room.backup.check(bad)
    with pytest.raises(InvalidInput, match=says):
        room.backup.restore(ada, bad)
    assert _movements(_path(room)) == before
    assert not list(tmp_path.glob("*before-restore*"))
    assert not list(_path(room).parent.glob(".*restore-*"))
    assert not list(_path(room).parent.glob(".recordsdesk-check-*"))


@pytest.mark.parametrize(
    ("spoil", "says"),
    [
        ("hiding trigger", "an extra trigger 'hide'"),
        ("users dropped", "the table 'users' is missing"),
        ("changed dob", "the trigger 'audit_events_no_update' is missing"),
        ("audit", "was changed after it was written"),
        ("revision", "schema revision 0001"),
        ("garbage", "not a SQLite file"),
    ],
)
def test_a_backup_sealed_by_a_key_holder_is_still_checked_inside(
    room: Services, tmp_path: Path, spoil: str, says: str
) -> None:
    """Behind the seal: the schema must be the migrations' and the chain must verify."""
    backup = room.backup.backup(_ada(room), tmp_path / "good.sqlite3").path
    bad = tmp_path / "bad.sqlite3"
    _spoil(backup, bad, spoil)
    if spoil == "audit":
        with sqlite3.connect(bad) as connection:  # the trigger back, as the migrations make it
            connection.execute(
                "CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events BEGIN "
                "SELECT RAISE(ABORT, 'history is append-only: update on audit_events refused');"
                " END"
            )
    with pytest.raises(InvalidInput, match=says):
        check_database_file(bad, room.db.chain.ring())


def test_a_backup_of_another_site_needs_other_site(room: Services, tmp_path: Path) -> None:
    backup = room.backup.backup(_ada(room), tmp_path / "good.sqlite3").path
    ring = room.db.chain.ring()
    elsewhere = replace(ring, site="Other Site")
    digest = sha256_file(backup)
    seal_path(backup).write_bytes(seal_bytes(elsewhere, digest, backup.stat().st_size))
    with pytest.raises(InvalidInput, match=r"made at site .Other Site.*--other-site"):
        room.backup.check(backup)
    assert room.backup.check(backup, other_site=True).site == "Test Site"
    lost = build_services(f"sqlite:///{tmp_path / 'lost' / 'records.sqlite3'}")
    try:
        with pytest.raises(PermissionDenied, match="named administrator"):
            lost.backup.restore(None, backup, other_site=True)
    finally:
        lost.close()


def test_an_encrypted_backup_restores_only_with_its_passphrase(
    room: Services, tmp_path: Path
) -> None:
    ada = _ada(room)
    report = room.backup.backup(ada, tmp_path / "locked.rdbackup", passphrase="long passphrase")
    assert report.encrypted and stat.S_IMODE(report.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(seal_path(report.path).stat().st_mode) == 0o600
    assert b"PATIENT, Number" not in report.path.read_bytes()
    assert b"SQLite format 3" not in report.path.read_bytes()
    with pytest.raises(InvalidInput, match="encrypted: give its passphrase"):
        room.backup.check(report.path)
    with pytest.raises(InvalidInput, match="wrong passphrase"):
        room.backup.check(report.path, passphrase="not the passphrase")
    cut = tmp_path / "cut.rdbackup"
    cut.write_bytes(report.path.read_bytes()[:-40])
    shutil.copyfile(seal_path(report.path), seal_path(cut))
    with pytest.raises(InvalidInput, match=r"cut short|wrong passphrase"):
        room.backup.check(cut, passphrase="long passphrase")
    assert room.backup.check(report.path, passphrase="long passphrase").encrypted
    barcode = room.history.chart(ada, "000001").volumes[0].barcode
    assert room.circulation.check_out(ada, "CARD", barcode).ok
    room.backup.restore(ada, report.path, passphrase="long passphrase")
    assert room.history.chart(ada, "000001").volumes[0].location is None
    assert room.audit.verify().ok


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
    assert refused.returncode == 1 and "has no seal" in refused.stderr
    assert "Traceback" not in refused.stderr


def test_a_restore_starts_the_head_files_afresh(room: Services, tmp_path: Path) -> None:
    backup = tmp_path / "before.sqlite3"
    room.backup.backup(_ada(room), backup)
    for n in range(3):
        room.registry.register_patient(_ada(room), f"9{n:05d}", "LATER, Patient", None)
    room.db.chain.settle_head()
    assert room.db.chain.head_file().read_all()
    room.backup.restore(_ada(room), backup)
    # The head files saw a longer chain before the restore: that is not a deletion.
    report = room.audit.verify()
    assert report.ok, report.problem
    room.registry.register_patient(_ada(room), "955555", "AFTER, Patient", None)
    room.db.chain.settle_head()
    heads = room.db.chain.head_file().read_all()
    assert max(h.seq for h in heads) == report.entries + 2 or room.audit.verify().ok
