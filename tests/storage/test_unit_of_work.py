"""A unit of work is one transaction, whether its statements run on its connection or through
the ORM session it makes when asked; a check-out makes no session at all. A SQLite desk keeps
a connection at hand between units of work, never shared by two at once."""

from __future__ import annotations

import sqlite3
import threading
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import event, func, insert, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from recordsdesk.domain.errors import Unavailable
from recordsdesk.domain.history_mac import MOVEMENT
from recordsdesk.services.actors import Actor
from recordsdesk.services.desk import Services
from recordsdesk.storage import hot
from recordsdesk.storage.history_models import HistoryLink
from recordsdesk.storage.ledger import append_movement, lock_volume
from recordsdesk.storage.models import Location, Movement, User, Volume

_CLINIC = {"kind": "clinic", "active": True, "needs_review": False}


def _codes(services: Services) -> set[str]:
    with services.db.reading() as uow:
        found = uow.connection().execute(
            select(Location.code).where(Location.code.in_(["CORE", "ORMX"]))
        )
        return set(found.scalars())


def _write_both_ways(services: Services, keep: bool) -> None:
    with services.db.writing() as uow:
        conn = uow.connection()
        hot.insert(conn, insert(Location), {"code": "CORE", "name": "On the connection", **_CLINIC})
        uow.session.add(Location(code="ORMX", name="Through the ORM", kind="clinic"))
        uow.flush()
        assert uow.session.connection() is conn
        assert _codes_on(conn) == {"CORE", "ORMX"}  # one transaction sees both
        if keep:
            uow.commit()


def _codes_on(conn: Any) -> set[str]:
    found = conn.execute(select(Location.code).where(Location.code.in_(["CORE", "ORMX"])))
    return set(found.scalars())


def test_the_connection_and_the_session_are_one_transaction(file_room: Services) -> None:
    _write_both_ways(file_room, keep=False)
    assert _codes(file_room) == set()  # no commit: neither is kept
    _write_both_ways(file_room, keep=True)
    assert _codes(file_room) == {"CORE", "ORMX"}


def test_a_movement_added_through_the_orm_is_sealed_into_the_history(
    file_room: Services,
) -> None:
    with file_room.db.writing() as uow:
        volume_id = uow.connection().execute(select(Volume.id).limit(1)).scalar_one()
        user_id = uow.session.scalar(select(User.id).where(User.username == "ada"))
        assert user_id is not None
        moved = Movement(
            volume_id=volume_id,
            kind="corrected",
            user_id=user_id,
            workstation="TEST-DESK",
            at=datetime(2026, 3, 2, 9, 0, tzinfo=UTC),
            note="added as an object",
        )
        uow.session.add(moved)
        uow.commit()
    with file_room.db.reading() as uow:
        link = uow.connection().execute(
            select(HistoryLink.source).where(HistoryLink.row_id == moved.id)
        )
        assert MOVEMENT in set(link.scalars())
    report = file_room.audit.verify()
    assert report.ok, report.problem


def test_history_noted_in_work_rolled_back_is_never_sealed(
    file_room: Services, clerk: Actor
) -> None:
    # A move refused after its movement was written and noted (a boxed volume, say) rolls
    # back: what it noted must not be sealed by this unit of work or by any later one.
    with file_room.db.reading() as uow:
        first, second = uow.connection().execute(select(Volume.barcode).limit(2)).scalars()
        links = uow.connection().execute(select(func.count()).select_from(HistoryLink))
        before = links.scalar_one()
    with pytest.raises(RuntimeError), file_room.db.writing() as uow:
        volume = lock_volume(uow, first)
        assert volume is not None
        append_movement(
            uow,
            volume,
            kind="checked_out",
            to_location_id=volume.location_id,
            user_id=clerk.user_id,
            workstation="TEST-DESK",
            at=datetime.now(UTC),
        )
        assert uow.info  # noted for the commit that never comes
        raise RuntimeError("refused after the write")
    answer = file_room.circulation.check_out(clerk, "CARD", second)
    assert answer.ok, answer.message
    with file_room.db.reading() as uow:
        links = uow.connection().execute(select(func.count()).select_from(HistoryLink))
        assert links.scalar_one() == before + 2  # the check-out's movement and audit entry
    report = file_room.audit.verify()
    assert report.ok, report.problem


def test_a_check_out_makes_no_orm_session(file_room: Services, clerk: Actor) -> None:
    with file_room.db.reading() as uow:
        first, second = uow.connection().execute(select(Volume.barcode).limit(2)).scalars()
    assert file_room.circulation.check_out(clerk, "CARD", first).ok  # the settings read
    made: list[Session] = []

    def count(session: Session, _transaction: object) -> None:
        made.append(session)

    event.listen(Session, "after_transaction_create", count)
    try:
        answer = file_room.circulation.check_out(clerk, "CARD", second)
    finally:
        event.remove(Session, "after_transaction_create", count)
    assert answer.ok and answer.patient, answer.message
    assert made == []
    with file_room.db.reading() as uow:  # and what it wrote is there, and sealed
        place = uow.connection().execute(
            select(Location.code)
            .join(Volume, Volume.location_id == Location.id)
            .where(Volume.barcode == second)
        )
        assert place.scalar() == "CARD"


def test_a_rollback_that_fails_with_the_link_lost_is_said_in_plain_words(
    file_room: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    def lost() -> None:
        raise OperationalError("ROLLBACK", {}, sqlite3.OperationalError("disk I/O error"))

    with pytest.raises(Unavailable) as said, file_room.db.reading() as uow:
        conn = uow.connection()
        conn.execute(select(Location.code)).all()
        monkeypatch.setattr(conn, "rollback", lost)
    assert "ROLLBACK" not in said.value.message and "cannot be reached" in said.value.message


def _driver(uow: Any) -> Any:
    return uow.connection().connection.driver_connection


def test_a_sqlite_desk_keeps_its_connection_and_postgresql_asks_the_pool(
    file_room: Services,
) -> None:
    checkouts: list[object] = []

    def count(*_args: object) -> None:
        checkouts.append(object())

    engine = file_room.db.engine
    with file_room.db.writing() as uow:  # the spare, made now if it was not yet
        first = _driver(uow)
    event.listen(engine, "checkout", count)
    try:
        drivers = []
        for _ in range(5):
            with file_room.db.writing() as uow:
                drivers.append(_driver(uow))
                uow.commit()
    finally:
        event.remove(engine, "checkout", count)
    if engine.dialect.name == "sqlite":
        assert checkouts == [] and all(d is first for d in drivers)
    else:  # each is checked out, and pinged, by the pool
        assert len(checkouts) == 5


def test_two_units_of_work_at_once_never_share_a_connection(file_room: Services) -> None:
    both_in = threading.Barrier(2, timeout=30)
    drivers: dict[str, Any] = {}

    def work(name: str) -> None:
        with file_room.db.reading() as uow:
            drivers[name] = _driver(uow)
            uow.connection().execute(select(Location.code)).all()
            both_in.wait()  # each holds its own while the other has begun

    threads = [threading.Thread(target=work, args=(name,)) for name in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert set(drivers) == {"a", "b"} and drivers["a"] is not drivers["b"]
    assert _codes(file_room) == set()  # and both are usable again afterwards


def test_a_connection_that_went_bad_is_not_kept(file_room: Services) -> None:
    with file_room.db.reading() as uow:
        bad = _driver(uow)
        uow.connection().invalidate()  # as SQLAlchemy does when the link is found broken
    with file_room.db.reading() as uow:
        assert _driver(uow) is not bad
        assert uow.connection().execute(select(Location.code)).all()


def test_dispose_closes_the_connection_kept_at_hand(sqlite_url: str, clock: Any) -> None:
    from recordsdesk.services.desk import build_services

    services = build_services(sqlite_url, clock)
    with services.db.writing() as uow:
        kept = _driver(uow)
        uow.commit()
    services.close()
    with pytest.raises(sqlite3.ProgrammingError):
        kept.execute("SELECT 1")


def test_releasing_the_connections_closes_the_spare_and_work_goes_on(file_room: Services) -> None:
    with file_room.db.reading() as uow:
        kept = _driver(uow)
    file_room.db.release_connections()  # as a restore does
    if file_room.db.engine.dialect.name == "sqlite":
        with pytest.raises(sqlite3.ProgrammingError):
            kept.execute("SELECT 1")
    with file_room.db.reading() as uow:
        assert _driver(uow) is not kept
        assert uow.connection().execute(select(Location.code)).all()
