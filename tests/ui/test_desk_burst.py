"""A scanner's burst: every scan lands, in order, once, wherever the focus is on the desk."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from recordsdesk.services.actors import Actor
from recordsdesk.services.desk import Services
from recordsdesk.ui.desk.desk_widget import DeskWidget
from tests.ui.conftest import OFFSCREEN_ONLY, scan, settle

pytestmark = OFFSCREEN_ONLY


def _cart(services: Services, admin: Actor, clerk: Actor, patients: int) -> list[tuple[str, str]]:
    """(MRN, barcode) of five volumes for each of ``patients`` new patients, in scan order."""
    cart = []
    for n in range(patients):
        mrn = f"7{n:05d}"
        services.registry.register_patient(admin, mrn, f"BURST, Patient {n}", None, volumes=5)
        cart += [(mrn, v.barcode) for v in services.history.chart(clerk, mrn).volumes]
    # Interleave patients so that order matters: volume 1 of all, then volume 2 of all ...
    return sorted(cart, key=lambda item: (item[1][-1], item))


def test_500_scans_typed_into_the_scan_list_all_land_in_order_once(
    qtbot: QtBot, desk: DeskWidget, file_room: Services, admin: Actor, clerk: Actor
) -> None:
    cart = _cart(file_room, admin, clerk, 100)
    assert len(cart) == 500
    scan(qtbot, desk.scan_field, "L-CARD")
    desk.table.setFocus()
    for _mrn, volume in cart:
        scan(qtbot, desk.table, volume)
    settle(qtbot, desk, timeout=120000)

    rows = desk.model.rows[1:]  # after L-CARD
    assert [r.scan for r in rows] == [volume for _mrn, volume in cart]
    assert all(r.result is not None and r.result.outcome == "checked_out" for r in rows)
    movement_ids = [r.result.movement_id for r in rows if r.result is not None]
    assert movement_ids == sorted(movement_ids) and len(set(movement_ids)) == 500

    ledger: dict[str, list[tuple[int, str, str | None]]] = {}
    for mrn in sorted({mrn for mrn, _ in cart}):
        for m in file_room.history.chart(clerk, mrn).history:
            ledger.setdefault(m.barcode, []).append((m.id, m.kind, m.to_code))
    for _mrn, volume in cart:
        moves = [(kind, to) for _id, kind, to in ledger[volume]]
        assert moves == [("created", None), ("checked_out", "CARD")], volume
    in_ledger_order = sorted(cart, key=lambda item: ledger[item[1]][-1][0])
    assert in_ledger_order == cart


def test_a_burst_typed_into_the_destination_field_is_a_scan_not_a_destination(
    qtbot: QtBot, desk: DeskWidget, file_room: Services, admin: Actor, clerk: Actor
) -> None:
    cart = _cart(file_room, admin, clerk, 20)
    scan(qtbot, desk.scan_field, "L-ORTH")
    settle(qtbot, desk)
    desk.destination.field.setFocus()
    qtbot.keyClicks(desk.destination.field, "ca")  # a clerk had started to type ...
    qtbot.wait(120)  # ... and paused, as people do, before the scanner fired
    for _mrn, volume in cart:
        scan(qtbot, desk.destination.field, volume)
    settle(qtbot, desk, timeout=60000)
    assert desk.destination.field.text() == "ca"
    assert desk.destination_code == "ORTH"
    rows = desk.model.rows[-len(cart) :]
    assert [r.scan for r in rows] == [volume for _mrn, volume in cart]
    assert {r.result.outcome for r in rows if r.result is not None} == {"checked_out"}
    for mrn in sorted({mrn for mrn, _ in cart}):
        chart = file_room.history.chart(clerk, mrn)
        assert [v.location.code if v.location else None for v in chart.volumes] == ["ORTH"] * 5
