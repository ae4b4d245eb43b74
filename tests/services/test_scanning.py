"""A desk's scans read once by the services and applied in order, on SQLite and PostgreSQL."""

from __future__ import annotations

from recordsdesk.domain.circulation import DeskMode, Outcome
from recordsdesk.services.actors import Actor
from recordsdesk.services.desk import Services
from recordsdesk.services.scanning import DeskSession, ScanTarget


def _session(services: Services, actor: Actor) -> DeskSession:
    return DeskSession(services.circulation, services.locations, actor)


def _barcode(services: Services, actor: Actor, mrn: str, number: int = 1) -> str:
    chart = services.history.chart(actor, mrn)
    return next(v.barcode for v in chart.volumes if v.number == number)


def test_commands_places_and_charts_are_told_apart_and_applied_in_order(
    file_room: Services, clerk: Actor
) -> None:
    desk = _session(file_room, clerk)
    smith = _barcode(file_room, clerk, "123456")
    no_place = desk.scan(smith)
    assert no_place.result.outcome is Outcome.NO_DESTINATION and not no_place.result.ok
    placed = desk.scan("l-card")
    assert placed.result.outcome is Outcome.DESTINATION
    assert placed.destination is not None and placed.destination.code == "CARD"
    out = desk.scan(smith)
    assert out.result.outcome is Outcome.CHECKED_OUT
    # Every answer that moves a chart names the patient and the volume.
    assert (out.result.patient, out.result.volume) == ("SMITH, John", 1)
    mode = desk.scan("C-RETURN")
    assert (mode.result.outcome, mode.mode) == (Outcome.MODE, DeskMode.RETURN)
    back = desk.scan(smith)
    assert back.result.outcome is Outcome.RETURNED and back.result.patient == "SMITH, John"
    kinds = [m.kind for m in file_room.history.chart(clerk, "123456").history]
    assert kinds == ["created", "checked_out", "returned"]


def test_a_misread_place_keeps_the_destination_in_force_and_says_so(
    file_room: Services, clerk: Actor
) -> None:
    desk = _session(file_room, clerk)
    desk.scan("L-CARD")
    refused = desk.scan("L-NOPE")
    assert refused.result.outcome is Outcome.UNKNOWN_CODE and not refused.result.ok
    assert "Charts still go to Cardiology Clinic (CARD)" in refused.result.message
    assert refused.destination is not None and refused.destination.code == "CARD"
    chart = desk.scan(_barcode(file_room, clerk, "123456"))
    assert chart.result.outcome is Outcome.CHECKED_OUT


def test_in_the_destination_field_a_plain_code_is_a_place_and_a_chart_is_a_chart(
    file_room: Services, clerk: Actor
) -> None:
    desk = _session(file_room, clerk)
    assert desk.scan("orth", ScanTarget.DESTINATION).result.outcome is Outcome.DESTINATION
    assert desk.destination is not None and desk.destination.code == "ORTH"
    chart = desk.scan(_barcode(file_room, clerk, "123456"), ScanTarget.DESTINATION)
    assert chart.result.outcome is Outcome.CHECKED_OUT
    assert chart.result.to_place is not None and chart.result.to_place.code == "ORTH"
    command = desk.scan("C-TRANSFER", ScanTarget.DESTINATION)
    assert command.mode is DeskMode.TRANSFER
    # Typed in the field, a chart barcode is no place: the destination stays.
    typed = desk.choose_destination(_barcode(file_room, clerk, "423266"))
    assert not typed.result.ok and "not a place" in typed.result.message
    assert desk.destination.code == "ORTH"


def test_the_sites_scanner_framing_is_taken_off_by_one_rule(
    file_room: Services, admin: Actor, clerk: Actor
) -> None:
    file_room.site.change(admin, "scanner_prefix", "X-")
    file_room.site.change(admin, "scanner_suffix", "#")
    desk = _session(file_room, clerk)
    assert desk.scan("X-C-RETURN#").mode is DeskMode.RETURN
    assert file_room.circulation.read("X-L-CARD#").value == "CARD"


def test_undo_takes_back_this_desks_last_move_only(file_room: Services, clerk: Actor) -> None:
    desk = _session(file_room, clerk)
    assert desk.undo().result.outcome is Outcome.NOTHING_TO_UNDO
    desk.scan("L-CARD")
    moved = desk.scan(_barcode(file_room, clerk, "123456"))
    undone = desk.scan("C-UNDO")
    assert undone.result.outcome is Outcome.UNDONE and undone.undid == moved.result.movement_id
    assert desk.undo().result.outcome is Outcome.NOTHING_TO_UNDO


def test_a_patients_name_shown_in_answers_is_recorded_once_per_patient(
    file_room: Services, admin: Actor, clerk: Actor
) -> None:
    desk = _session(file_room, clerk)
    desk.scan("L-CARD")
    for number in (1, 2, 3, 1):
        desk.scan(_barcode(file_room, clerk, "423266", number))
    entries = file_room.audit.show(admin, user="cleo")
    assert [e.mrn for e in entries if e.action == "scan_named_patient"] == ["423266"]
