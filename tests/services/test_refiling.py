"""The refiling cart: returned charts in filing order until each is scanned back into its slot."""

from __future__ import annotations

from recordsdesk.services.actors import Actor
from recordsdesk.services.desk import Services
from tests.conftest import FakeClock


def test_returned_charts_wait_on_the_cart_in_filing_order(
    file_room: Services, clerk: Actor, clock: FakeClock
) -> None:
    smith = file_room.history.chart(clerk, "123456").volumes[0].barcode
    jones = file_room.history.chart(clerk, "423266").volumes[0].barcode
    oster = file_room.history.chart(clerk, "000042").volumes[0].barcode
    for barcode in (jones, smith, oster):
        file_room.circulation.check_out(clerk, "CARD", barcode)
        file_room.circulation.return_volume(clerk, barcode)
    cart = file_room.refiling.cart(clerk)
    # Terminal digit: 42 in section 42, 123456 in 56, 423266 in 66.
    assert [item.barcode for item in cart] == [oster, smith, jones]
    done = file_room.refiling.refile(clerk, smith)
    assert done.ok and done.outcome == "refiled" and "56-34-12" in done.message
    again = file_room.refiling.refile(clerk, smith)
    assert again.ok and again.outcome == "already_filed" and again.movement_id is None
    assert [item.barcode for item in file_room.refiling.cart(clerk)] == [oster, jones]
    kinds = [m.kind for m in file_room.history.chart(clerk, "123456").history]
    assert kinds[-2:] == ["returned", "refiled"]


def test_charts_out_or_unknown_are_refused_and_old_returns_drop_off(
    file_room: Services, clerk: Actor, clock: FakeClock
) -> None:
    smith = file_room.history.chart(clerk, "123456").volumes[0].barcode
    file_room.circulation.check_out(clerk, "CARD", smith)
    out = file_room.refiling.refile(clerk, smith)
    assert not out.ok and "return it first" in out.message
    assert not file_room.refiling.refile(clerk, "V7777777").ok
    file_room.circulation.return_volume(clerk, smith)
    clock.advance(days=20)
    assert file_room.refiling.cart(clerk) == []


def test_a_place_or_a_command_scanned_at_refiling_is_no_chart_as_on_every_page(
    file_room: Services, clerk: Actor
) -> None:
    for code, kind in (("L-CARD", "location"), ("C-RETURN", "command")):
        answer = file_room.refiling.refile(clerk, code)
        assert not answer.ok and f"is a {kind} code, not a chart" in answer.message


def test_every_answer_names_patient_and_volume_and_records_the_read_once(
    file_room: Services, clerk: Actor, admin: Actor
) -> None:
    smith = file_room.history.chart(clerk, "123456").volumes[0].barcode
    file_room.circulation.check_out(clerk, "CARD", smith)

    def named() -> list[str | None]:
        entries = file_room.audit.show(admin, user=clerk.username)
        return [e.mrn for e in entries if e.action == "scan_named_patient"]

    before = len(named())
    seen: set[str] = set()
    out = file_room.refiling.refile(clerk, smith, seen)
    assert not out.ok and (out.patient, out.volume) == ("SMITH, John", 1)
    file_room.circulation.return_volume(clerk, smith, seen)
    done = file_room.refiling.refile(clerk, smith, seen)
    again = file_room.refiling.refile(clerk, smith, seen)
    assert (done.outcome, again.outcome) == ("refiled", "already_filed")
    assert {(a.patient, a.volume) for a in (done, again)} == {("SMITH, John", 1)}
    assert named()[before:] == ["123456"] and seen == {"123456"}
    assert file_room.refiling.refile(clerk, smith).patient == "SMITH, John"
    assert named()[before:] == ["123456", "123456"]  # no set given: every answer recorded
