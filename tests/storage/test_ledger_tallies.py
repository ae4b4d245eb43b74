"""Every movement the ledger writes, of every kind, is tallied as it is written: after a mixed
workload the kept tallies equal a rebuild from the whole ledger."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from recordsdesk.domain.retention import RetentionRule
from recordsdesk.services.actors import Actor
from recordsdesk.services.desk import Services
from recordsdesk.services.retention.wiring import build_retention
from recordsdesk.storage.dashboard_models import MovementTally, rebuild_tallies
from recordsdesk.storage.models import Movement
from tests.conftest import FakeClock


def _tallies(services: Services) -> set[tuple[object, ...]]:
    with services.db.reading() as uow:
        rows = uow.session.execute(
            select(
                MovementTally.hour, MovementTally.user_id, MovementTally.kind, MovementTally.count
            )
        ).all()
    return {tuple(r) for r in rows}


def _kinds(services: Services) -> set[str]:
    with services.db.reading() as uow:
        return set(uow.session.scalars(select(Movement.kind).distinct()))


def test_tallies_equal_a_rebuild_after_a_mixed_workload(
    file_room: Services, admin: Actor, clerk: Actor, clock: FakeClock
) -> None:
    retention = build_retention(file_room.db, clock, file_room.trail)
    retention.rules.set_rule(
        admin,
        None,
        RetentionRule(
            "Ten years", years_after_activity=10, retire_after_years=1, citation="Test rule"
        ),
    )
    file_room.locations.add(admin, "RC1", "Records Centre North", "offsite", None)
    file_room.users.add(admin, "sam", "supervisor", "supervisor pass 1")
    sam = file_room.users.actor("sam", "TEST-DESK")
    jones = [v.barcode for v in file_room.history.chart(clerk, "423266").volumes]
    smith = file_room.history.chart(clerk, "123456").volumes[0].barcode
    # Registering and adding volumes: 'created', written as objects.
    clock.advance(minutes=40)
    file_room.registry.register_patient(admin, "777001", "NEW, Nora", date(1970, 1, 1), 2)
    extra = file_room.registry.add_volume(admin, "123456")
    # Circulation: out, transfer, back, missing and found.
    clock.advance(minutes=50)
    assert file_room.circulation.check_out(clerk, "CARD", jones[0]).ok
    assert file_room.circulation.transfer(clerk, "ORTH", jones[0]).ok
    clock.advance(hours=2)
    assert file_room.circulation.return_volume(clerk, jones[0]).ok
    file_room.missing.flag(sam, jones[1], "not on its shelf")
    assert file_room.circulation.return_volume(clerk, jones[1]).ok
    # Retention: boxed, retired off-site, recalled.
    clock.advance(days=800)
    box = retention.boxes.open_box(clerk)
    for code in (smith, extra):
        assert retention.boxes.pack(clerk, box.barcode, code).ok
    retention.boxes.send_off_site(clerk, box.barcode, "RC1")
    clock.advance(hours=5)
    assert retention.boxes.recall_volume(clerk, extra).ok

    kinds = _kinds(file_room)
    assert {"created", "checked_out", "transferred", "returned", "boxed", "retired"} <= kinds
    assert "recalled" in kinds and len(kinds) >= 8
    kept = _tallies(file_room)
    with file_room.db.reading() as uow:
        written = uow.session.scalar(select(func.count()).select_from(Movement))
    assert sum(int(n) for *_, n in kept) == written  # type: ignore[call-overload]
    created = sum(int(n) for _h, _u, kind, n in kept if kind == "created")  # type: ignore[call-overload]
    assert created == 3 + 1 + 1 + 2 + 1  # the fixture's five volumes, Nora's two, one added
    with file_room.db.engine.begin() as connection:
        rebuild_tallies(connection)
    assert _tallies(file_room) == kept
