"""Missing charts: flagged by a supervisor, listed, found on the next scan, apart on pull lists."""

from __future__ import annotations

import pytest

from recordsdesk.domain.errors import Conflict, InvalidInput, PermissionDenied
from recordsdesk.services.actors import Actor
from recordsdesk.services.desk import Services


@pytest.fixture
def supervisor(file_room: Services, admin: Actor) -> Actor:
    file_room.users.add(admin, "sam", "supervisor", "supervisor pass 1")
    return file_room.users.actor("sam", "TEST-DESK")


def test_flag_list_and_find_on_the_next_scan(
    file_room: Services, clerk: Actor, supervisor: Actor
) -> None:
    barcode = file_room.history.chart(clerk, "123456").volumes[0].barcode
    file_room.circulation.check_out(clerk, "W4", barcode)
    info = file_room.missing.flag(supervisor, barcode, "Not on Ward 4; ward clerk searched")
    assert (info.last_place, info.flagged_by) == ("Ward 4", "sam")
    with pytest.raises(PermissionDenied, match="supervisor or above may run reports"):
        file_room.missing.listing(clerk)
    listed = file_room.missing.listing(supervisor)
    assert [(m.barcode, m.note) for m in listed] == [
        (barcode, "Not on Ward 4; ward clerk searched")
    ]
    assert file_room.history.chart(clerk, "123456").volumes[0].missing
    back = file_room.circulation.return_volume(clerk, barcode)
    assert back.ok and back.outcome == "returned"
    assert any("flagged missing: it is found" in w for w in back.warnings)
    assert file_room.missing.listing(supervisor) == []
    kinds = [m.kind for m in file_room.history.chart(clerk, "123456").history]
    assert kinds[-3:] == ["flagged_missing", "found", "returned"]


def test_a_missing_chart_at_home_found_by_a_return_scan(
    file_room: Services, clerk: Actor, supervisor: Actor
) -> None:
    barcode = file_room.history.chart(clerk, "123456").volumes[0].barcode
    file_room.missing.flag(supervisor, barcode, "Not in its slot at shelf audit")
    found = file_room.circulation.return_volume(clerk, barcode)
    assert found.outcome == "found" and found.movement_id is not None


def test_only_supervisors_flag_and_a_note_is_needed(
    file_room: Services, clerk: Actor, supervisor: Actor
) -> None:
    barcode = file_room.history.chart(clerk, "123456").volumes[0].barcode
    with pytest.raises(PermissionDenied):
        file_room.missing.flag(clerk, barcode, "looked everywhere")
    with pytest.raises(InvalidInput, match="note"):
        file_room.missing.flag(supervisor, barcode, "  ")
    file_room.missing.flag(supervisor, barcode, "looked everywhere")
    with pytest.raises(Conflict):
        file_room.missing.flag(supervisor, barcode, "again")
