"""Two desks packing the same volumes into two boxes at the same moment: each lands in one box."""

from __future__ import annotations

import threading

from sqlalchemy import func, select

from recordsdesk.domain.errors import RecordsDeskError
from recordsdesk.services.actors import Actor
from recordsdesk.services.desk import Services, build_services
from recordsdesk.services.retention.wiring import RetentionServices, build_retention
from recordsdesk.storage.retention_models import BoxItem
from tests.conftest import FakeClock
from tests.services.retention.conftest import barcodes


def test_parallel_packing_puts_each_volume_in_exactly_one_box(
    file_room: Services,
    retention: RetentionServices,
    db_url: str,
    clerk: Actor,
    clock: FakeClock,
) -> None:
    clock.advance(days=365 * 4)
    codes = [
        code
        for mrn in ("123456", "423266", "42", "550011")
        for code in barcodes(file_room, clerk, mrn)
    ]
    boxes = [retention.boxes.open_box(clerk).barcode for _ in range(2)]
    packed: dict[str, list[str]] = {box: [] for box in boxes}
    refused: list[str] = []
    errors: list[BaseException] = []
    start = threading.Barrier(len(boxes))

    def desk(box: str) -> None:
        services = build_services(db_url, clock)
        try:
            mine = build_retention(services.db, clock, services.trail)
            actor = services.users.actor("cleo", f"DESK-{box}")
            start.wait()
            for code in codes:
                try:
                    packed[box].append(mine.boxes.pack(actor, box, code).barcodes[0])
                except RecordsDeskError as exc:
                    refused.append(exc.message)
        except BaseException as exc:
            errors.append(exc)
        finally:
            services.close()

    threads = [threading.Thread(target=desk, args=(box,)) for box in boxes]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(packed[boxes[0]] + packed[boxes[1]]) == sorted(codes)
    assert len(refused) == len(codes)
    assert all("one box at a time" in message or "another desk" in message for message in refused)
    with file_room.db.reading() as uow:
        open_items = uow.session.scalar(
            select(func.count()).select_from(BoxItem).where(BoxItem.removed_at.is_(None))
        )
    assert open_items == len(codes)
