"""Check-out, transfer, return and undo against a real database."""

from __future__ import annotations

from datetime import timedelta

import pytest

from recordsdesk.domain.errors import PermissionDenied
from recordsdesk.services.actors import Actor
from recordsdesk.services.desk import Services
from tests.conftest import FakeClock


def _barcode(services: Services, actor: Actor, mrn: str, number: int = 1) -> str:
    chart = services.history.chart(actor, mrn)
    return next(v.barcode for v in chart.volumes if v.number == number)


def test_check_out_sets_place_and_due_time(
    file_room: Services, clerk: Actor, clock: FakeClock
) -> None:
    barcode = _barcode(file_room, clerk, "123456")
    result = file_room.circulation.check_out(clerk, "CARD", barcode)
    assert result.ok and result.outcome == "checked_out"
    assert result.to_place is not None and result.to_place.code == "CARD"
    assert result.due == clock.now + timedelta(hours=24)
    chart = file_room.history.chart(clerk, "123456")
    assert chart.volumes[0].location is not None
    assert chart.volumes[0].location.code == "CARD"
    assert [m.kind for m in chart.history] == ["created", "checked_out"]
    assert chart.history[-1].user == "cleo"


def test_second_scan_to_same_place_writes_nothing(file_room: Services, clerk: Actor) -> None:
    barcode = _barcode(file_room, clerk, "123456")
    file_room.circulation.check_out(clerk, "CARD", barcode)
    again = file_room.circulation.check_out(clerk, "CARD", barcode)
    assert again.ok and again.outcome == "already_there" and again.movement_id is None
    assert len(file_room.history.chart(clerk, "123456").history) == 2


def test_check_out_of_a_volume_out_elsewhere_is_a_transfer(
    file_room: Services, clerk: Actor
) -> None:
    barcode = _barcode(file_room, clerk, "123456")
    file_room.circulation.check_out(clerk, "CARD", barcode)
    moved = file_room.circulation.check_out(clerk, "orth", barcode)
    assert moved.outcome == "transferred"
    assert moved.from_place is not None and moved.from_place.code == "CARD"
    assert "from Cardiology Clinic" in moved.message
    history = file_room.history.chart(clerk, "123456").history
    assert (history[-1].kind, history[-1].from_code, history[-1].to_code) == (
        "transferred",
        "CARD",
        "ORTH",
    )


def test_return_brings_home_and_a_second_return_is_reported(
    file_room: Services, clerk: Actor
) -> None:
    barcode = _barcode(file_room, clerk, "123456")
    file_room.circulation.check_out(clerk, "CARD", barcode)
    back = file_room.circulation.return_volume(clerk, barcode)
    assert back.ok and back.outcome == "returned"
    assert back.from_place is not None and back.from_place.code == "CARD"
    again = file_room.circulation.return_volume(clerk, barcode)
    assert again.outcome == "already_home" and again.movement_id is None
    chart = file_room.history.chart(clerk, "123456")
    assert chart.volumes[0].location is None and chart.volumes[0].due is None


def test_typed_mrn_with_one_volume_is_accepted(file_room: Services, clerk: Actor) -> None:
    result = file_room.circulation.check_out(clerk, "CARD", "123456")
    assert result.ok and result.barcode == _barcode(file_room, clerk, "123456")


def test_typed_mrn_with_several_volumes_asks_which(file_room: Services, clerk: Actor) -> None:
    result = file_room.circulation.check_out(clerk, "CARD", "423266")
    assert not result.ok and result.outcome == "ambiguous"
    assert len(result.choices) == 3
    assert file_room.history.holdings(clerk) == []


def test_odd_scans_are_answered_and_change_nothing(file_room: Services, clerk: Actor) -> None:
    answers = {
        raw: file_room.circulation.check_out(clerk, "CARD", raw)
        for raw in ["V9999999", "L-CARD", "C-RETURN", "", "\x1b[2~", "é?", "999999"]
    }
    assert answers["V9999999"].outcome == "unknown_code"
    assert "V9999999" in answers["V9999999"].message
    assert answers["L-CARD"].outcome == "wrong_kind"
    assert answers["C-RETURN"].outcome == "wrong_kind"
    assert answers[""].outcome == "invalid" and "Empty" in answers[""].message
    assert answers["\x1b[2~"].outcome == "invalid"
    assert answers["é?"].outcome == "invalid"
    assert answers["999999"].outcome == "unknown_code"
    assert not any(a.ok for a in answers.values())
    assert file_room.history.holdings(clerk) == []


def test_unknown_destination_is_refused(file_room: Services, clerk: Actor) -> None:
    barcode = _barcode(file_room, clerk, "123456")
    result = file_room.circulation.check_out(clerk, "NOWHERE", barcode)
    assert not result.ok and "NOWHERE" in result.message
    assert file_room.history.chart(clerk, "123456").volumes[0].location is None


def test_undo_restores_the_place_with_a_correcting_movement(
    file_room: Services, clerk: Actor, clock: FakeClock
) -> None:
    barcode = _barcode(file_room, clerk, "123456")
    first = file_room.circulation.check_out(clerk, "CARD", barcode)
    clock.advance(minutes=5)
    second = file_room.circulation.check_out(clerk, "ORTH", barcode)
    assert second.movement_id is not None
    undone = file_room.circulation.undo(clerk, second.movement_id)
    assert undone.to_place is not None and undone.to_place.code == "CARD"
    chart = file_room.history.chart(clerk, "123456")
    assert chart.volumes[0].location is not None and chart.volumes[0].location.code == "CARD"
    assert chart.volumes[0].due == first.due
    assert [m.kind for m in chart.history] == ["created", "checked_out", "transferred", "corrected"]


def test_holdings_and_overdue(
    file_room: Services, clerk: Actor, admin: Actor, clock: FakeClock
) -> None:
    file_room.circulation.check_out(clerk, "CARD", "123456")
    file_room.circulation.check_out(clerk, "W4", _barcode(file_room, clerk, "423266", 2))
    clock.advance(hours=30)
    at_card = file_room.history.holdings(clerk, "CARD")
    assert [h.mrn for h in at_card] == ["123456"]
    with pytest.raises(PermissionDenied, match="supervisor or above may run reports"):
        file_room.history.overdue(clerk)
    overdue = file_room.history.overdue(admin)
    assert [(h.mrn, h.location.code) for h in overdue] == [("123456", "CARD")]
