"""Shelf inches: the site's inches per volume, or a volume's measured thickness where known
(measured as a box is packed, or set on the volume), in candidates, reports and boxes."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from recordsdesk.domain.errors import InvalidInput
from recordsdesk.services.actors import Actor
from recordsdesk.services.desk import Services
from recordsdesk.services.retention.wiring import RetentionServices
from recordsdesk.storage.models import AuditEvent
from recordsdesk.storage.retention_models import VolumeThickness
from tests.conftest import FakeClock
from tests.services.retention.conftest import barcodes


def test_candidates_and_report_use_the_site_setting_and_measured_thickness(
    file_room: Services,
    retention: RetentionServices,
    admin: Actor,
    clerk: Actor,
    clock: FakeClock,
) -> None:
    clock.advance(days=365 * 4)
    listed = retention.candidates.retirement(clerk)
    assert listed.volumes == 6 and listed.inches == 9.0  # 1.5 in each, the default
    file_room.site.change(admin, "inches_per_volume", "2")
    jones = barcodes(file_room, clerk, "423266")
    answer = retention.boxes.measure(clerk, jones[0], 3.25)
    assert answer.ok and "3.25 inches" in answer.message
    retention.boxes.measure(clerk, jones[0], 3.5)  # measured again: the new measure stands
    listed = retention.candidates.retirement(clerk)
    by_barcode = {c.barcode: c for c in listed.items}
    assert by_barcode[jones[0]].inches == 3.5 and by_barcode[jones[0]].measured
    assert by_barcode[jones[1]].inches == 2.0 and not by_barcode[jones[1]].measured
    assert listed.inches == 5 * 2.0 + 3.5
    unit = next(u for u in listed.units if u.unit == by_barcode[jones[0]].unit)
    assert unit.inches == sum(c.inches for c in listed.items if c.unit == unit.unit)
    report = retention.candidates.report(clerk)
    assert sum(y.inches for y in report.by_year) == 5 * 2.0 + 3.5
    with file_room.db.reading() as uow:
        audit = uow.session.scalars(
            select(AuditEvent.detail).where(AuditEvent.action == "volume_measured")
        ).all()
    assert audit == [f"{jones[0]}: 3.25 in thick", f"{jones[0]}: 3.5 in thick"]


def test_a_thickness_measured_as_a_box_is_packed_is_kept_and_counted(
    file_room: Services, retention: RetentionServices, clerk: Actor, clock: FakeClock
) -> None:
    clock.advance(days=365 * 4)
    jones = barcodes(file_room, clerk, "423266")
    box = retention.boxes.open_box(clerk)
    answer = retention.boxes.pack(clerk, box.barcode, jones[0], inches=2.75)
    assert answer.ok and "2.75 in thick" in answer.message
    assert retention.boxes.pack(clerk, box.barcode, jones[1]).ok
    packed = retention.boxes.box(clerk, box.barcode)
    assert [(line.inches, line.measured) for line in packed.contents] == [
        (2.75, True),
        (1.5, False),
    ]
    assert packed.inches == 4.2  # 4.25, to a tenth
    # A thickness no folder has is refused before anything moves.
    with pytest.raises(InvalidInput, match="Measure again"):
        retention.boxes.pack(clerk, box.barcode, jones[2], inches=40)
    assert len(retention.boxes.box(clerk, box.barcode).contents) == 2
    with file_room.db.reading() as uow:
        kept = uow.session.scalars(select(VolumeThickness.inches)).all()
    assert kept == [2.75]


def test_the_site_setting_is_checked(file_room: Services, admin: Actor) -> None:
    with pytest.raises(InvalidInput, match="inches_per_volume"):
        file_room.site.change(admin, "inches_per_volume", "none")
    with pytest.raises(InvalidInput, match=r"0\.1 to 12"):
        file_room.site.change(admin, "inches_per_volume", "40")
    assert file_room.site.change(admin, "inches_per_volume", "1.25").inches_per_volume == 1.25
