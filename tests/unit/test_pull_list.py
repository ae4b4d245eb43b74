"""The pull list: walk order, charts apart, same-day repeats, updates only, shelving units."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recordsdesk.domain.errors import InvalidInput
from recordsdesk.domain.filing import shelf_position
from recordsdesk.domain.pull_list import (
    DEFAULT_UNITS,
    UNASSIGNED_UNIT,
    Appointment,
    PullList,
    PullOrder,
    Reason,
    ShelvingUnits,
    VolumeState,
    build_pull_list,
    updates_since,
)

DAY = datetime(2025, 3, 10)


def at(hour: int, minute: int = 0, day: datetime = DAY) -> datetime:
    return day.replace(hour=hour, minute=minute)


def visit(
    appointment_id: str,
    mrn: str,
    clinic: str = "CARD",
    start: datetime | None = None,
    *,
    cancelled: bool = False,
) -> Appointment:
    return Appointment(
        appointment_id=appointment_id,
        mrn=mrn,
        patient_name=f"Patient {mrn}",
        clinic_code=clinic,
        clinic_name=f"{clinic.title()} Clinic",
        start=start or at(9),
        cancelled=cancelled,
    )


def volume(
    mrn: str,
    number: int = 1,
    count: int = 1,
    *,
    volume_id: int | None = None,
    location: str | None = None,
    since: datetime | None = None,
    missing: bool = False,
) -> VolumeState:
    position = shelf_position(mrn)
    return VolumeState(
        volume_id=volume_id if volume_id is not None else int(mrn) * 100 + number,
        number=number,
        count=count,
        barcode=f"V{int(mrn) * 100 + number:07d}",
        shelf_key=position.key,
        shelf=position.display,
        section=position.section,
        location_code=location,
        location_name=f"{location.title()} Clinic" if location else "",
        since=since,
        missing=missing,
    )


def charts_for(*mrns: str) -> dict[str, list[VolumeState]]:
    return {mrn: [volume(mrn)] for mrn in mrns}


# -- walk order and the item lines


def test_items_come_in_terminal_digit_walk_order() -> None:
    mrns = ["423266", "132466", "423213", "522466"]
    appointments = [visit(f"A{n}", mrn) for n, mrn in enumerate(mrns)]
    pull = build_pull_list(appointments, charts_for(*mrns))
    assert [item.shelf for item in pull.items] == ["13-32-42", "66-24-13", "66-24-52", "66-32-42"]
    assert [item.mrn for item in pull.items] == ["423213", "132466", "522466", "423266"]


def test_an_item_carries_what_the_clerk_needs() -> None:
    pull = build_pull_list([visit("A1", "123432", "ENT", at(14, 30))], charts_for("123432"))
    [item] = pull.items
    assert item.key == "pull:A1:12343201"
    assert (item.mrn, item.name) == ("123432", "Patient 123432")
    assert (item.volume, item.volume_number, item.volume_id) == ("Vol 1 of 1", 1, 12343201)
    assert item.barcode == "V12343201"
    assert (item.shelf, item.section, item.unit) == ("32-34-12", "32", "Unit 7")
    assert (item.appointment_id, item.clinic_code, item.clinic_name) == ("A1", "ENT", "Ent Clinic")
    assert item.time == at(14, 30)
    assert pull.exceptions == ()
    assert pull.forwards == ()


def test_every_volume_at_home_is_pulled_in_volume_order() -> None:
    vols = [volume("500001", n, 12) for n in (10, 2, 1)]
    pull = build_pull_list([visit("A1", "500001")], {"500001": vols})
    assert [item.volume for item in pull.items] == ["Vol 1 of 12", "Vol 2 of 12", "Vol 10 of 12"]


def test_sort_by_clinic_time_and_unit() -> None:
    appointments = [
        visit("A1", "000095", "RENAL", at(8)),  # section 95, unit 20
        visit("A2", "000003", "ENT", at(11)),  # section 03, unit 1
        visit("A3", "000032", "CARD", at(10)),  # section 32, unit 7
        visit("A4", "000051", "ENT", at(9)),  # section 51, unit 11
    ]
    charts = charts_for("000095", "000003", "000032", "000051")
    by = {order: build_pull_list(appointments, charts, order=order) for order in PullOrder}
    assert [i.appointment_id for i in by[PullOrder.SHELF].items] == ["A2", "A3", "A4", "A1"]
    assert [i.appointment_id for i in by[PullOrder.CLINIC].items] == ["A3", "A4", "A2", "A1"]
    assert [i.appointment_id for i in by[PullOrder.TIME].items] == ["A1", "A4", "A3", "A2"]
    assert [i.appointment_id for i in by[PullOrder.UNIT].items] == ["A2", "A3", "A4", "A1"]
    assert [i.unit for i in by[PullOrder.UNIT].items] == ["Unit 1", "Unit 7", "Unit 11", "Unit 20"]


def test_unit_order_follows_the_walk_not_the_section_numbers() -> None:
    units = ShelvingUnits.from_ranges({"Door": "50-99", "Back": "00-49"})
    appointments = [visit("A1", "000003"), visit("A2", "000051")]
    pull = build_pull_list(appointments, charts_for("000003", "000051"), units, PullOrder.UNIT)
    assert [(i.unit, i.section) for i in pull.items] == [("Door", "51"), ("Back", "03")]
    shelf = build_pull_list(appointments, charts_for("000003", "000051"), units)
    assert [i.section for i in shelf.items] == ["03", "51"]


@pytest.mark.parametrize(
    ("text", "order"),
    [
        ("terminal", PullOrder.SHELF),
        ("Shelf", PullOrder.SHELF),
        ("walk", PullOrder.SHELF),
        ("clinic", PullOrder.CLINIC),
        (" TIME ", PullOrder.TIME),
        ("unit", PullOrder.UNIT),
    ],
)
def test_order_names(text: str, order: PullOrder) -> None:
    assert PullOrder.parse(text) is order


def test_unknown_order_name() -> None:
    with pytest.raises(InvalidInput, match="choose terminal, clinic, time or unit"):
        PullOrder.parse("colour")


# -- charts listed apart


def test_charts_not_on_their_shelf_are_exceptions_with_where_and_since() -> None:
    since = datetime(2025, 3, 7, 15, 5)
    charts = {
        "000001": [volume("000001", location="WARD9", since=since)],
        "000002": [volume("000002", missing=True)],
        "000003": [volume("000003", location="RAD", since=since, missing=True)],
        "000004": [volume("000004", location="CARD", since=since)],
        "000006": [],
    }
    appointments = [visit(f"A{n}", f"00000{n}", "CARD") for n in range(1, 7)]
    pull = build_pull_list(appointments, charts)
    assert [item.mrn for item in pull.items] == []
    found = {e.mrn: e for e in pull.exceptions}
    assert set(found) == {"000001", "000002", "000003", "000004", "000005", "000006"}

    out = found["000001"]
    assert (out.reason, out.where, out.since) == (Reason.OUT, "Ward9 Clinic", since)
    assert out.detail == "Out at Ward9 Clinic since 2025-03-07 15:05"
    assert (out.volume, out.barcode, out.clinic_code, out.time) == (
        "Vol 1 of 1",
        "V0000101",
        "CARD",
        at(9),
    )
    assert found["000002"].reason is Reason.MISSING
    assert found["000002"].detail == "Flagged missing"
    assert found["000003"].reason is Reason.MISSING
    assert found["000003"].detail == "Flagged missing; last at Rad Clinic"
    assert found["000004"].reason is Reason.AT_CLINIC
    assert found["000004"].detail == "Already at Card Clinic since 2025-03-07 15:05"
    for no_chart in ("000005", "000006"):
        assert found[no_chart].reason is Reason.NO_CHART
        assert found[no_chart].detail == "Booked with no chart yet"
        assert found[no_chart].volume_id is None
        assert found[no_chart].key == f"no_chart:A{int(no_chart)}"
    assert [e.reason for e in pull.exceptions] == sorted(
        (e.reason for e in pull.exceptions), key=list(Reason).index
    )


def test_volume_out_without_a_time_says_where_only() -> None:
    charts = {"000001": [volume("000001", location="WARD9")]}
    [out] = build_pull_list([visit("A1", "000001")], charts).exceptions
    assert out.detail == "Out at Ward9 Clinic"


def test_some_volumes_pulled_and_some_listed_apart() -> None:
    vols = [volume("000007", 1, 2), volume("000007", 2, 2, location="RAD")]
    pull = build_pull_list([visit("A1", "000007")], {"000007": vols})
    assert [item.volume for item in pull.items] == ["Vol 1 of 2"]
    assert [(e.volume, e.reason) for e in pull.exceptions] == [("Vol 2 of 2", Reason.OUT)]


# -- appointments: cancelled, repeated, duplicated


def test_cancelled_appointments_drop_off() -> None:
    appointments = [visit("A1", "000001", cancelled=True), visit("A2", "000002")]
    pull = build_pull_list(appointments, charts_for("000001", "000002"))
    assert [item.appointment_id for item in pull.items] == ["A2"]
    assert pull.exceptions == ()


def test_cancelled_patient_without_a_chart_is_no_exception() -> None:
    pull = build_pull_list([visit("A1", "000001", cancelled=True)], {})
    assert pull == PullList((), (), ())


def test_patient_booked_twice_is_pulled_once_for_the_first_clinic() -> None:
    appointments = [
        visit("A2", "000001", "RENAL", at(14)),
        visit("A1", "000001", "CARD", at(9)),
    ]
    pull = build_pull_list(appointments, charts_for("000001"))
    [item] = pull.items
    assert (item.appointment_id, item.clinic_code, item.time) == ("A1", "CARD", at(9))
    [forward] = pull.forwards
    assert forward.key == "forward:A2:A1"
    assert (forward.mrn, forward.name, forward.appointment_id) == ("000001", "Patient 000001", "A2")
    assert (forward.from_clinic_code, forward.from_clinic_name) == ("CARD", "Card Clinic")
    assert (forward.to_clinic_code, forward.to_clinic_name) == ("RENAL", "Renal Clinic")
    assert forward.time == at(14)


def test_forwards_follow_the_day_from_clinic_to_clinic() -> None:
    appointments = [
        visit("A1", "000001", "CARD", at(9)),
        visit("A2", "000001", "CARD", at(10)),
        visit("A3", "000001", "RAD", at(11)),
        visit("A4", "000001", "CARD", at(15)),
    ]
    pull = build_pull_list(appointments, charts_for("000001"))
    assert len(pull.items) == 1
    assert [(f.from_clinic_code, f.to_clinic_code, f.appointment_id) for f in pull.forwards] == [
        ("CARD", "RAD", "A3"),
        ("RAD", "CARD", "A4"),
    ]


def test_same_time_twice_goes_by_appointment_id() -> None:
    appointments = [visit("B", "000001", "RAD", at(9)), visit("A", "000001", "CARD", at(9))]
    pull = build_pull_list(appointments, charts_for("000001"))
    assert pull.items[0].clinic_code == "CARD"
    assert pull.forwards[0].to_clinic_code == "RAD"


def test_first_appointment_cancelled_moves_the_chart_to_the_next() -> None:
    appointments = [
        visit("A1", "000001", "CARD", at(9), cancelled=True),
        visit("A2", "000001", "RENAL", at(14)),
    ]
    pull = build_pull_list(appointments, charts_for("000001"))
    assert [(i.appointment_id, i.clinic_code) for i in pull.items] == [("A2", "RENAL")]
    assert pull.forwards == ()


def test_a_patient_on_two_days_is_pulled_for_each_day() -> None:
    appointments = [
        visit("A1", "000001", "CARD", at(9)),
        visit("A2", "000001", "RAD", at(9, day=DAY + timedelta(days=1))),
    ]
    pull = build_pull_list(appointments, charts_for("000001"))
    assert [item.appointment_id for item in pull.items] == ["A1", "A2"]
    assert pull.forwards == ()


def test_a_repeated_appointment_id_keeps_its_last_state() -> None:
    appointments = [visit("A1", "000001", "CARD"), visit("A1", "000001", "RAD")]
    assert [i.clinic_code for i in build_pull_list(appointments, charts_for("000001")).items] == [
        "RAD"
    ]
    cancelled = [visit("A1", "000001"), visit("A1", "000001", cancelled=True)]
    assert build_pull_list(cancelled, charts_for("000001")).items == ()


# -- updates only


def test_updates_only_lists_what_changed_since_printing() -> None:
    since = datetime(2025, 3, 9, 16, 0)
    charts = charts_for("000001", "000002", "000003")
    printed = build_pull_list(
        [visit("A1", "000001"), visit("A2", "000002"), visit("A3", "000003")], charts
    )
    charts["000003"] = [volume("000003", location="WARD9", since=since)]
    charts["000004"] = [volume("000004")]
    now = build_pull_list(
        [
            visit("A1", "000001"),
            visit("A2", "000002", cancelled=True),
            visit("A3", "000003"),
            visit("A4", "000004"),
            visit("A5", "000001", "RAD", at(15)),
        ],
        charts,
    )
    update = updates_since(now, printed.keys)
    assert [item.key for item in update.items] == ["pull:A4:401"]
    assert [e.key for e in update.exceptions] == ["out:A3:301:WARD9"]
    assert [f.key for f in update.forwards] == ["forward:A5:A1"]
    assert update.withdrawn == ("pull:A2:201", "pull:A3:301")


def test_updates_against_nothing_printed_is_the_whole_list() -> None:
    pull = build_pull_list([visit("A1", "000001"), visit("A2", "000002")], charts_for("000001"))
    assert updates_since(pull, []) == pull
    assert updates_since(pull, pull.keys) == PullList((), (), ())


# -- shelving units


@pytest.mark.parametrize(
    ("section", "unit"),
    [
        ("00", "Unit 1"),
        ("04", "Unit 1"),
        ("05", "Unit 2"),
        ("30", "Unit 7"),
        ("34", "Unit 7"),
        ("99", "Unit 20"),
        ("ALPHA", "Alpha"),
        ("1234", UNASSIGNED_UNIT),
    ],
)
def test_default_units_hold_five_sections_each(section: str, unit: str) -> None:
    assert DEFAULT_UNITS.unit_of(section) == unit


def test_default_walk_is_units_one_to_twenty_then_alpha() -> None:
    assert DEFAULT_UNITS.walk == (*(f"Unit {n}" for n in range(1, 21)), "Alpha")
    assert DEFAULT_UNITS.rank("Unit 1") == 0
    assert DEFAULT_UNITS.rank("Alpha") == 20
    assert DEFAULT_UNITS.rank(UNASSIGNED_UNIT) == 21


def test_uniform_units_of_other_sizes() -> None:
    units = ShelvingUnits.uniform(units=10, per_unit=10)
    assert units.unit_of("09") == "Unit 1"
    assert units.unit_of("10") == "Unit 2"
    assert units.unit_of("99") == "Unit 10"
    small = ShelvingUnits.uniform(units=2, per_unit=5)
    assert small.unit_of("09") == "Unit 2"
    assert small.unit_of("10") == UNASSIGNED_UNIT
    with pytest.raises(InvalidInput):
        ShelvingUnits.uniform(units=0)


def test_units_from_the_site_setting() -> None:
    units = ShelvingUnits.from_ranges({"Unit 7": "30-34", "Corner": "07, 35 - 36", "A": "alpha"})
    assert units.walk == ("Unit 7", "Corner", "A")
    assert [units.unit_of(s) for s in ("30", "34", "07", "35", "36", "ALPHA", "37")] == [
        "Unit 7",
        "Unit 7",
        "Corner",
        "Corner",
        "Corner",
        "A",
        UNASSIGNED_UNIT,
    ]


@pytest.mark.parametrize(
    ("ranges", "message"),
    [
        ({"Unit 7": "30-34", "Unit 8": "34-38"}, "Section 34 is in both Unit 7 and Unit 8"),
        ({"Unit 7": "3-4"}, "'3-4' for Unit 7 is not a section"),
        ({"Unit 7": "34-30"}, "runs backwards"),
        ({"Unit 7": ""}, "is not a section"),
        ({" ": "30"}, "needs a name"),
    ],
)
def test_bad_unit_settings_are_refused(ranges: dict[str, str], message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        ShelvingUnits.from_ranges(ranges)


def test_every_unit_must_be_in_the_walk() -> None:
    with pytest.raises(InvalidInput, match="Unit 9 has no place in the walk"):
        ShelvingUnits({"30": "Unit 9"}, ("Unit 7",))


# -- properties

MRNS = st.sampled_from([f"{n:06d}" for n in (1, 42, 432, 4321, 123456, 999999, 500050, 100)])
CLINICS = st.sampled_from(["CARD", "RAD", "ENT", "RENAL"])
TIMES = st.builds(
    lambda day, minutes: DAY + timedelta(days=day, minutes=minutes),
    st.integers(0, 1),
    st.integers(7 * 60, 18 * 60),
)


@st.composite
def days(draw: st.DrawFn) -> tuple[list[Appointment], dict[str, list[VolumeState]]]:
    count = draw(st.integers(0, 25))
    appointments = [
        visit(f"A{n:03d}", draw(MRNS), draw(CLINICS), draw(TIMES), cancelled=draw(st.booleans()))
        for n in range(count)
    ]
    charts: dict[str, list[VolumeState]] = {}
    for mrn in {a.mrn for a in appointments}:
        total = draw(st.integers(0, 3))
        charts[mrn] = [
            volume(
                mrn,
                n,
                total,
                location=draw(st.sampled_from([None, None, "CARD", "WARD9"])),
                missing=draw(st.booleans()) and draw(st.booleans()),
            )
            for n in range(1, total + 1)
        ]
    return appointments, charts


PROPERTY = settings(max_examples=200, deadline=None)


@PROPERTY
@given(days())
def test_each_patient_day_is_pulled_for_one_appointment_at_most(
    case: tuple[list[Appointment], dict[str, list[VolumeState]]],
) -> None:
    appointments, charts = case
    pull = build_pull_list(appointments, charts)
    by_id = {a.appointment_id: a for a in appointments}
    pulled: dict[tuple[str, date], str] = {}
    for item in pull.items:
        day = (item.mrn, item.time.date())
        assert pulled.setdefault(day, item.appointment_id) == item.appointment_id
    volume_ids = [(item.volume_id, item.time.date()) for item in pull.items]
    assert len(volume_ids) == len(set(volume_ids))
    for item in pull.items:
        first = by_id[item.appointment_id]
        same_day = [
            a
            for a in appointments
            if a.mrn == first.mrn and a.start.date() == first.start.date() and not a.cancelled
        ]
        assert first.start == min(a.start for a in same_day)


@PROPERTY
@given(days())
def test_items_stand_in_shelf_key_order(
    case: tuple[list[Appointment], dict[str, list[VolumeState]]],
) -> None:
    pull = build_pull_list(*case)
    keys = [(item.shelf_key, item.volume_number) for item in pull.items]
    assert keys == sorted(keys)


@PROPERTY
@given(days())
def test_no_cancelled_appointment_appears(
    case: tuple[list[Appointment], dict[str, list[VolumeState]]],
) -> None:
    appointments, charts = case
    pull = build_pull_list(appointments, charts)
    cancelled = {a.appointment_id for a in appointments if a.cancelled}
    listed = (
        {i.appointment_id for i in pull.items}
        | {e.appointment_id for e in pull.exceptions}
        | {f.appointment_id for f in pull.forwards}
    )
    assert not listed & cancelled


@PROPERTY
@given(days())
def test_every_volume_of_a_booked_patient_is_listed_once(
    case: tuple[list[Appointment], dict[str, list[VolumeState]]],
) -> None:
    appointments, charts = case
    pull = build_pull_list(appointments, charts)
    booked_days = {(a.mrn, a.start.date()) for a in appointments if not a.cancelled}
    expected = sorted(
        (mrn, day, v.volume_id) for mrn, day in booked_days for v in charts.get(mrn, [])
    )
    listed = sorted(
        [(i.mrn, i.time.date(), i.volume_id) for i in pull.items]
        + [(e.mrn, e.time.date(), e.volume_id) for e in pull.exceptions if e.volume_id is not None]
    )
    assert listed == expected
    no_chart = {(e.mrn, e.time.date()) for e in pull.exceptions if e.reason is Reason.NO_CHART}
    assert no_chart == {(mrn, day) for mrn, day in booked_days if not charts.get(mrn)}
    volumes = {v.volume_id: v for vols in charts.values() for v in vols}
    for e in pull.exceptions:
        if e.volume_id is None:
            continue
        state = volumes[e.volume_id]
        if state.missing:
            assert e.reason is Reason.MISSING
        elif state.location_code == e.clinic_code:
            assert e.reason is Reason.AT_CLINIC
        else:
            assert e.reason is Reason.OUT
            assert state.location_code is not None
    assert all(volumes[i.volume_id].location_code is None for i in pull.items)
    assert not any(volumes[i.volume_id].missing for i in pull.items)


@PROPERTY
@given(days(), st.sampled_from(list(PullOrder)))
def test_every_order_lists_the_same_items(
    case: tuple[list[Appointment], dict[str, list[VolumeState]]], order: PullOrder
) -> None:
    shelf = build_pull_list(*case)
    other = build_pull_list(*case, order=order)
    assert sorted(i.key for i in other.items) == sorted(i.key for i in shelf.items)
    assert other.exceptions == shelf.exceptions
    assert other.forwards == shelf.forwards


@PROPERTY
@given(days(), st.data())
def test_updates_only_is_the_difference_of_keys(
    case: tuple[list[Appointment], dict[str, list[VolumeState]]], data: st.DataObject
) -> None:
    pull = build_pull_list(*case)
    printed = data.draw(st.sets(st.sampled_from(sorted(pull.keys | {"pull:GONE:1"}))))
    update = updates_since(pull, printed)
    assert update.keys == pull.keys - printed
    assert set(update.withdrawn) == printed - pull.keys
    assert [i.key for i in update.items] == [i.key for i in pull.items if i.key not in printed]
