"""The ledger keeps the dashboard's tallies as it writes; a rebuild from the ledger agrees."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import inspect, select

from recordsdesk.services.actors import Actor
from recordsdesk.services.desk import Services
from recordsdesk.storage import schema
from recordsdesk.storage.dashboard_models import MovementTally, rebuild_tallies
from tests.conftest import FakeClock


def _tallies(services: Services) -> set[tuple[object, ...]]:
    with services.db.reading() as uow:
        rows = uow.session.execute(
            select(
                MovementTally.hour, MovementTally.user_id, MovementTally.kind, MovementTally.count
            ).where(MovementTally.kind != "created")
        ).all()
    return {tuple(r) for r in rows}


def test_tallies_kept_by_the_ledger_match_a_rebuild(
    file_room: Services, clerk: Actor, clock: FakeClock
) -> None:
    volumes = [v.barcode for v in file_room.history.chart(clerk, "423266").volumes]
    for minutes, code in enumerate(volumes):
        clock.advance(minutes=25 * minutes)
        assert file_room.circulation.check_out(clerk, "CARD", code).ok
    clock.advance(hours=1)
    assert file_room.circulation.return_volume(clerk, volumes[0]).ok
    kept = _tallies(file_room)
    assert sum(n for *_, n in kept) == 4 and len({h for h, *_ in kept}) >= 2
    with file_room.db.engine.begin() as connection:
        rebuild_tallies(connection)
    assert _tallies(file_room) == kept
    first_hour = min(h for h, *_ in kept)
    assert first_hour.minute == 0 and first_hour.utcoffset() == timedelta(0)


def test_migration_0008_counts_an_existing_ledger_into_the_tallies(
    file_room: Services, clerk: Actor, clock: FakeClock
) -> None:
    for code in [v.barcode for v in file_room.history.chart(clerk, "423266").volumes]:
        clock.advance(minutes=70)
        assert file_room.circulation.check_out(clerk, "ORTH", code).ok
    kept = _tallies(file_room)
    engine = file_room.db.engine
    schema.downgrade(engine, "0007")
    assert "movement_tallies" not in inspect(engine).get_table_names()
    schema.upgrade(engine)
    assert _tallies(file_room) == kept and sum(n for *_, n in kept) == 3
