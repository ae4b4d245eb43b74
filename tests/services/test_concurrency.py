"""Two or more desks scanning the same volumes at the same moment leave the ledger consistent."""

from __future__ import annotations

import threading
from collections import Counter

from sqlalchemy import func, select

from recordsdesk.services.actors import Actor
from recordsdesk.services.desk import Services, build_services
from recordsdesk.services.dto import ScanResult
from recordsdesk.storage.models import Location, Movement, Volume


def _consistent(services: Services) -> None:
    """Every volume stands where its last movement put it."""
    with services.db.reading() as uow:
        session = uow.session
        for volume in session.scalars(select(Volume)):
            last = session.scalar(
                select(Movement)
                .where(Movement.volume_id == volume.id)
                .order_by(Movement.id.desc())
                .limit(1)
            )
            assert last is not None
            assert volume.last_movement_id == last.id
            assert volume.location_id == last.to_location_id


def test_parallel_desks_on_the_same_volumes(
    file_room: Services, db_url: str, admin: Actor, clock: object
) -> None:
    desks = ["CARD", "ORTH", "W4", "JDOE"]
    barcodes = [v.barcode for v in file_room.history.chart(admin, "423266").volumes]
    barcodes.append(file_room.history.chart(admin, "123456").volumes[0].barcode)
    results: dict[str, list[ScanResult]] = {code: [] for code in desks}
    errors: list[BaseException] = []
    start = threading.Barrier(len(desks))

    def desk(code: str) -> None:
        services = build_services(db_url)
        try:
            actor = services.users.actor("ada", f"DESK-{code}")
            start.wait()
            for round_ in range(15):
                for barcode in barcodes:
                    if round_ % 3 == 2:
                        results[code].append(services.circulation.return_volume(actor, barcode))
                    else:
                        results[code].append(services.circulation.check_out(actor, code, barcode))
        except BaseException as exc:
            errors.append(exc)
        finally:
            services.close()

    threads = [threading.Thread(target=desk, args=(code,)) for code in desks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not errors, errors
    answers = [r for rs in results.values() for r in rs]
    assert len(answers) == len(desks) * 15 * len(barcodes)
    outcomes = Counter(r.outcome for r in answers)
    # Every answer is a sound one: a move, a no-op, or a clear "changed at another desk".
    assert set(outcomes) <= {
        "checked_out",
        "transferred",
        "returned",
        "already_there",
        "already_home",
        "conflict",
    }, outcomes
    moved = [r for r in answers if r.movement_id is not None]
    assert moved, outcomes
    _consistent(file_room)
    with file_room.db.reading() as uow:
        ids = set(uow.session.scalars(select(Movement.id)))
        # Every acknowledged move is in the ledger, exactly once.
        assert {r.movement_id for r in moved} <= ids
        assert len({r.movement_id for r in moved}) == len(moved)
        created = uow.session.scalar(
            select(func.count(Movement.id)).where(Movement.kind == "created")
        )
        assert len(ids) == created + len(moved)
        assert uow.session.scalar(select(func.count(Location.id))) == 4
