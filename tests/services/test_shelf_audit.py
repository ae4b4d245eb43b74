"""Shelf audit through the services: misfiles named with neighbours, charts found on the shelf."""

from __future__ import annotations

import pytest

from recordsdesk.domain.errors import InvalidInput, PermissionDenied
from recordsdesk.services.actors import Actor
from recordsdesk.services.desk import Services


@pytest.fixture
def shelf(file_room: Services, admin: Actor) -> list[str]:
    """Five one-volume charts in terminal-digit order: sections 11, 22, 33, 44, 55."""
    barcodes = []
    for mrn in ("100011", "100022", "100033", "100044", "100055"):
        file_room.registry.register_patient(admin, mrn, f"SHELF, Number{mrn[-2:]}", None)
        barcodes.append(file_room.history.chart(admin, mrn).volumes[0].barcode)
    return barcodes


def test_a_run_in_order_is_clean(file_room: Services, clerk: Actor, shelf: list[str]) -> None:
    report = file_room.shelf_audit.audit(clerk, shelf)
    assert [f.finding for f in report.findings] == ["in_place"] * 5
    assert (report.misfiled, report.recorded_elsewhere, report.unknown) == (0, 0, 0)


def test_a_misfile_is_named_with_where_it_goes(
    file_room: Services, clerk: Actor, shelf: list[str]
) -> None:
    a, b, c, d, e = shelf
    report = file_room.shelf_audit.audit(clerk, [a, d, b, c, e, "V9999999", "garbage!"])
    misfiled = [f for f in report.findings if f.finding == "misfiled"]
    assert [f.barcode for f in misfiled] == [d]
    assert f"between {c} and {e}" in misfiled[0].message
    assert report.unknown == 2


def test_charts_recorded_elsewhere_are_found_and_brought_home(
    file_room: Services, clerk: Actor, admin: Actor, shelf: list[str]
) -> None:
    file_room.users.add(admin, "sam", "supervisor", "supervisor pass 1")
    sam = file_room.users.actor("sam", "DESK")
    file_room.circulation.check_out(clerk, "CARD", shelf[1])
    file_room.missing.flag(sam, shelf[3], "not in its slot")
    looked = file_room.shelf_audit.audit(clerk, shelf)
    kinds = {f.barcode: f.finding for f in looked.findings}
    assert (kinds[shelf[1]], kinds[shelf[3]]) == ("recorded_out", "missing")
    assert "recorded at Cardiology Clinic" in looked.findings[1].message
    assert file_room.history.holdings(clerk) != []  # looking changes nothing
    # Bringing home overrides the ledger: a supervisor's call.
    with pytest.raises(PermissionDenied, match="supervisor or above may override"):
        file_room.shelf_audit.audit(clerk, shelf, bring_home=True)
    fixed = file_room.shelf_audit.audit(sam, shelf, bring_home=True)
    assert fixed.brought_home == 2
    assert file_room.history.holdings(clerk) == [] and file_room.missing.listing(sam) == []
    with pytest.raises(InvalidInput):
        file_room.shelf_audit.audit(clerk, [])
