"""The retirement list, made in one pass over the room, equals its definition volume by volume.

The definition is written here the plain way: every volume read on its own through the ORM,
its ledger, appointments, holds and rule looked at one by one, with the domain's rules. A
room of many cases (minors, a death, holds of each kind, a second record type under its own
rule, a box, a recall, measured volumes, checked-out and missing volumes, appointments) is
listed on several days and by unit, on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import replace
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from recordsdesk.domain.filing import shelf_position
from recordsdesk.domain.retention import (
    RecordFacts,
    RetentionRule,
    add_years,
    retention_of,
    retire_from,
)
from recordsdesk.services.actors import Actor
from recordsdesk.services.desk import Services
from recordsdesk.services.retention.dto import Candidate, CandidateList, UnitCount
from recordsdesk.services.retention.judgement import NOT_ACTIVITY, load_holds, load_rulebook
from recordsdesk.services.retention.thickness import measured
from recordsdesk.services.retention.wiring import RetentionServices
from recordsdesk.services.site_settings import load_settings
from recordsdesk.storage.models import (
    Appointment,
    Chart,
    ChartRequest,
    Movement,
    Patient,
    Volume,
)
from recordsdesk.storage.retention_models import BoxItem, PatientDeath
from tests.conftest import FakeClock
from tests.services.retention.conftest import RULE, barcodes


def _volume_candidate(session: Session, volume: Volume, day: date) -> Candidate | None:
    """One volume judged by the definition: a candidate to retire on ``day``, or None."""
    settings = load_settings(session)
    book = load_rulebook(session)
    shortest = book.shortest_retirement
    if shortest is None or volume.location_id is not None or volume.missing:
        return None
    ledger = session.scalars(
        select(Movement).where(Movement.volume_id == volume.id).order_by(Movement.id)
    ).all()
    if ledger[-1].kind == "destroyed":
        return None
    open_box = select(BoxItem.id).where(
        BoxItem.volume_id == volume.id, BoxItem.removed_at.is_(None)
    )
    if session.scalar(open_box) is not None:
        return None
    # The list reads volumes whose last movement of any kind is older than the shortest
    # retirement period (a volume just recalled from a box waits that long again).
    if ledger[-1].at.date() >= add_years(day, -shortest):
        return None
    chart = session.get_one(Chart, volume.chart_id)
    patient = session.get_one(Patient, chart.patient_id)
    uses = [m.at.date() for m in ledger if m.kind not in NOT_ACTIVITY]
    seen = session.scalar(
        select(func.max(Appointment.day)).where(
            Appointment.patient_id == patient.id,
            Appointment.cancelled.is_(False),
            Appointment.day <= day,
        )
    )
    asked = session.scalar(
        select(func.max(ChartRequest.created_at)).where(ChartRequest.patient_id == patient.id)
    )
    first = chart.created_at.date()
    last = max(
        d for d in (max(uses, default=None), seen, asked.date() if asked else None, first) if d
    )
    rule = book.rule_for(chart.record_type_id)
    if rule is None:
        return None
    code = book.type_codes.get(chart.record_type_id, "")
    if any(h.scope.covers(patient.id, code, first, last) for h in load_holds(session)):
        return None
    died = session.scalar(select(PatientDeath.died_on).where(PatientDeath.patient_id == patient.id))
    facts = RecordFacts(last, patient.dob, died)
    leaves = retire_from(rule, facts)
    if leaves is None or leaves > day:
        return None
    kept = retention_of(rule, facts)
    position = shelf_position(patient.mrn, settings.filing)
    count = session.scalar(select(func.count()).where(Volume.chart_id == chart.id))
    inches = measured(session).get(volume.id)
    return Candidate(
        volume_id=volume.id,
        barcode=volume.barcode,
        mrn=patient.mrn,
        name=f"{patient.family_name.upper()}, {patient.given_name}",
        volume=f"Vol {volume.number} of {count}",
        record_type=book.type_names.get(chart.record_type_id, ""),
        shelf=position.display,
        section=position.section,
        unit=settings.shelving_units.unit_of(position.section),
        last_activity=last,
        retire_from=leaves,
        keep_until=kept.keep_until,
        rule=rule.name,
        basis=kept.basis,
        box=None,
        shelf_key=volume.shelf_key,
        citation=rule.citation,
        inches=settings.inches_per_volume if inches is None else inches,
        measured=inches is not None,
    )


def definition(services: Services, day: date, unit: str | None = None) -> CandidateList:
    """The retirement list of ``day`` by its definition, volume by volume."""
    with services.db.reading() as uow:
        session = uow.session
        units = load_settings(session).shelving_units
        found = []
        for volume in session.scalars(select(Volume).order_by(Volume.id)).all():
            item = _volume_candidate(session, volume, day)
            if item is not None and (unit is None or item.unit == unit):
                found.append(item)
    found.sort(key=lambda c: (units.rank(c.unit), c.shelf_key, c.volume_id))
    counts = Counter(c.unit for c in found)
    shelf: defaultdict[str, float] = defaultdict(float)
    for c in found:
        shelf[c.unit] += c.inches
    walked = sorted(counts, key=units.rank)
    return CandidateList(
        day,
        tuple(found),
        tuple(UnitCount(name, counts[name], round(shelf[name], 1)) for name in walked),
        round(sum(shelf[name] for name in walked), 1),
    )


def _many_cases(
    room: Services,
    retention: RetentionServices,
    admin: Actor,
    clerk: Actor,
    sam: Actor,
    clock: FakeClock,
) -> None:
    """Thirty patients more, and a case of each kind the list must tell apart."""
    registry = room.registry
    for n in range(30):
        dob = date(2012 + n % 10, 1 + n % 12, 1 + n % 27) if n % 3 == 0 else None
        registry.register_patient(admin, f"{700000 + n * 37:06d}", f"CASE, No{n}", dob, 1 + n % 3)
    registry.add_volume(admin, "700037", "RAD")  # a second record type, its own rule
    retention.rules.set_rule(admin, None, replace(RULE, years_after_death=10))
    retention.rules.set_rule(
        admin,
        "RAD",
        RetentionRule(
            "Radiology 5, retire after 2",
            years_after_activity=5,
            retire_after_years=2,
            citation="test",
        ),
    )
    clock.advance(days=200)
    for n in range(0, 30, 4):  # some used later than the others
        for code in barcodes(room, clerk, f"{700000 + n * 37:06d}")[:1]:
            room.circulation.check_out(clerk, "CARD", code)
            room.circulation.return_volume(clerk, code)
    clock.advance(days=500)
    csv = (
        "appointment_id,mrn,family_name,given_name,dob,start,clinic,provider,status\n"
        f"A1,700074,CASE,No2,,{clock.now.date()} 10:00,CARD,Dr X,Booked\n"
    )
    room.schedule.import_file(clerk, csv.encode(), "day.csv")
    retention.rules.record_death(sam, "700111", date(2020, 2, 29))
    retention.holds.place(sam, "Claim 1", mrn="700148")
    retention.holds.place(sam, "Radiology audit", record_type="RAD")
    retention.holds.place(sam, "Range", starts_on=date(2000, 1, 1), ends_on=date(2001, 1, 1))
    clock.advance(days=365 * 3)
    room.circulation.check_out(clerk, "W4", barcodes(room, clerk, "700185")[0])
    room.missing.flag(sam, barcodes(room, clerk, "700222")[0], "not in its slot")
    box = retention.boxes.open_box(clerk, "inactive")
    packed = barcodes(room, clerk, "700259") + barcodes(room, clerk, "700296")
    for code in packed:
        assert retention.boxes.pack(clerk, box.barcode, code, 2.25).ok
    assert retention.boxes.recall_volume(clerk, packed[0]).ok  # back on its shelf, measured
    assert retention.boxes.measure(clerk, barcodes(room, clerk, "700333")[0], 0.75).ok


def test_the_list_equals_its_definition_on_every_day_and_unit(
    file_room: Services,
    retention: RetentionServices,
    admin: Actor,
    clerk: Actor,
    sam: Actor,
    clock: FakeClock,
) -> None:
    _many_cases(file_room, retention, admin, clerk, sam, clock)
    today = clock.now.date()
    seen: list[Candidate] = []
    for day in (today, add_years(today, 1), add_years(today, 2), add_years(today, 4)):
        listed = retention.candidates.retirement(clerk, as_of=day)
        assert listed == definition(file_room, day)
        seen.extend(listed.items)
        for unit in {c.unit for c in listed.items}:
            assert retention.candidates.retirement(clerk, day, unit) == definition(
                file_room, day, unit
            )
    # The cases are there to be told apart: listed, and left out.
    assert len(seen) > 40 and any(c.measured for c in seen)
    assert any(c.basis.startswith("a minor") for c in seen)
    assert any("after death" in c.basis for c in seen)
    held = barcodes(file_room, clerk, "700148")
    out, boxed = barcodes(file_room, clerk, "700185")[0], barcodes(file_room, clerk, "700296")
    assert not {*held, out, *boxed} & {c.barcode for c in seen}
