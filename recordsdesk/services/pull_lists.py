"""Pull lists: the day's charts in shelf-walk order, printed, remembered, and filled by scanning."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from recordsdesk.domain.barcodes import ScanKind, parse_scan
from recordsdesk.domain.errors import InvalidInput, NotFound
from recordsdesk.domain.filing import shelf_position
from recordsdesk.domain.mrn import normalize_mrn
from recordsdesk.domain.pull_list import (
    Appointment as Booking,
)
from recordsdesk.domain.pull_list import (
    PullList,
    PullOrder,
    Reason,
    VolumeState,
    build_pull_list,
    updates_since,
)
from recordsdesk.services.actors import Actor, Clock, Permission
from recordsdesk.services.audit import AuditTrail
from recordsdesk.services.circulation import CirculationService
from recordsdesk.services.dto import ScanResult
from recordsdesk.services.identity.reads import record_reads
from recordsdesk.services.requests import RequestStatus
from recordsdesk.services.retention.whereabouts import whereabouts
from recordsdesk.services.site_settings import SiteSettings, load_settings
from recordsdesk.storage.models import (
    Appointment,
    Chart,
    ChartRequest,
    Location,
    Patient,
    PullListPrint,
    RecordType,
    Volume,
)
from recordsdesk.storage.unit_of_work import Database


@dataclass(frozen=True)
class PullListView:
    """A day's pull list with what the file room needs around it."""

    day: date
    file_room: str
    pull_list: PullList
    updates_only: bool
    providers: dict[str, str]


@dataclass(frozen=True)
class PullProgress:
    """How far the pulling has got: items pulled of the total, and what is left."""

    pulled: int
    total: int
    left: tuple[str, ...]


def _volume_states(
    session: Session, settings: SiteSettings, patient_ids: Sequence[int]
) -> dict[int, list[VolumeState]]:
    """Per patient, the volumes to pull with where each is now."""
    place = aliased(Location)
    states: dict[int, list[VolumeState]] = {}
    for start in range(0, len(patient_ids), 500):
        chunk = list(patient_ids[start : start + 500])
        rows = session.execute(
            select(Volume, Chart.patient_id, Patient.mrn, RecordType.pull_all_volumes, place)
            .join(Chart, Chart.id == Volume.chart_id)
            .join(Patient, Patient.id == Chart.patient_id)
            .join(RecordType, RecordType.id == Chart.record_type_id)
            .outerjoin(place, place.id == Volume.location_id)
            .where(Chart.patient_id.in_(chunk))
            .order_by(Chart.id, Volume.number)
        ).all()
        by_chart: dict[int, list[tuple[Volume, int, str, bool, Location | None]]] = {}
        for row in rows:
            by_chart.setdefault(row[0].chart_id, []).append(tuple(row))  # type: ignore[arg-type]
        for chart_rows in by_chart.values():
            count = len(chart_rows)
            chosen = chart_rows if chart_rows[0][3] else chart_rows[-1:]
            for volume, patient_id, mrn, _, location in chosen:
                position = shelf_position(mrn, settings.filing)
                states.setdefault(patient_id, []).append(
                    VolumeState(
                        volume_id=volume.id,
                        number=volume.number,
                        count=count,
                        barcode=volume.barcode,
                        shelf_key=volume.shelf_key,
                        shelf=position.display,
                        section=position.section,
                        location_code=location.code if location else None,
                        location_name=location.name if location else "",
                        since=volume.out_since,
                        missing=volume.missing,
                    )
                )
    return _with_retention(session, states)


def _with_retention(
    session: Session, states: dict[int, list[VolumeState]]
) -> dict[int, list[VolumeState]]:
    """Volumes retention has boxed, sent off-site or destroyed say so, with the lead time."""
    found = whereabouts(session, [v.volume_id for vs in states.values() for v in vs])
    return {
        patient: [
            replace(v, retention=found[v.volume_id].text, destroyed=found[v.volume_id].destroyed)
            if v.volume_id in found
            else v
            for v in volumes
        ]
        for patient, volumes in states.items()
    }


class PullListService:
    """Building, printing and filling the day's pull list."""

    def __init__(
        self,
        db: Database,
        clock: Clock,
        circulation: CirculationService,
        trail: AuditTrail | None = None,
    ) -> None:
        self._db = db
        self._clock = clock
        self._circulation = circulation
        self._trail = trail or AuditTrail(clock)

    def build(
        self,
        actor: Actor,
        day: date,
        order: PullOrder = PullOrder.SHELF,
        updates_only: bool = False,
        shown: set[str] | None = None,
    ) -> PullListView:
        """The pull list of ``day``; with ``updates_only``, what changed since it last printed.

        ``shown``: for a list put on a screen, the MRNs that screen has named already; the
        list's patients not among them are recorded as read (once each) before it is handed
        out, and added. None for a list made to be printed or saved (recorded as that is).
        """
        view = self._build(actor, day, order, updates_only)
        if shown is not None:
            pull = view.pull_list
            listed = [
                *(i.mrn for i in pull.items),
                *(e.mrn for e in pull.exceptions),
                *(f.mrn for f in pull.forwards),
            ]
            fresh = list(dict.fromkeys(mrn for mrn in listed if mrn and mrn not in shown))
            if fresh:
                record_reads(self._db, self._trail, actor, fresh, f"pull list {day.isoformat()}")
                shown.update(fresh)
        return view

    def _build(self, actor: Actor, day: date, order: PullOrder, updates_only: bool) -> PullListView:
        actor.require(Permission.VIEW_CHARTS)
        with self._db.reading() as uow:
            session = uow.session
            settings = load_settings(session)
            rows = session.execute(
                select(Appointment, Location)
                .join(Location, Location.id == Appointment.location_id)
                .where(Appointment.day == day)
            ).all()
            patient_ids = sorted({a.patient_id for a, _ in rows if a.patient_id is not None})
            states = _volume_states(session, settings, patient_ids)
            bookings = [
                Booking(
                    appointment_id=a.external_id,
                    mrn=a.mrn,
                    patient_name=f"{a.family_name.upper()}, {a.given_name}".strip(", "),
                    clinic_code=loc.code,
                    clinic_name=loc.name,
                    start=a.start,
                    cancelled=a.cancelled,
                )
                for a, loc in rows
            ]
            charts = {
                a.mrn: states.get(a.patient_id, []) for a, _ in rows if a.patient_id is not None
            }
            pull_list = build_pull_list(bookings, charts, settings.shelving_units, order)
            if updates_only:
                printed = session.scalars(
                    select(PullListPrint.keys).where(PullListPrint.day == day)
                ).all()
                if not printed:
                    raise InvalidInput(
                        f"No pull list for {day.isoformat()} has been printed yet: "
                        "print the full list first."
                    )
                keys = {key for batch in printed for key in json.loads(batch)}
                pull_list = updates_since(pull_list, keys)
            providers = {a.external_id: a.provider for a, _ in rows}
            return PullListView(day, settings.file_room, pull_list, updates_only, providers)

    def mark_printed(self, actor: Actor, view: PullListView) -> None:
        """Remember what went out, so that an updates-only list shows only what came after."""
        actor.require(Permission.PRINT)
        with self._db.writing() as uow:
            uow.session.add(
                PullListPrint(
                    day=view.day,
                    printed_at=self._clock(),
                    user_id=actor.user_id,
                    keys=json.dumps(sorted(view.pull_list.keys)),
                )
            )
            uow.commit()

    def fill(self, actor: Actor, day: date, raw: str, named: set[str] | None = None) -> ScanResult:
        """Check a pulled chart out to the clinic of its first appointment on ``day``.

        The chart's own requests of that day say where it goes, so a scan reads a few rows
        instead of building the whole list again.
        """
        actor.require(Permission.CIRCULATE)
        with self._db.reading() as uow:
            settings = load_settings(uow.session)
            scan = parse_scan(raw, settings.scanner)
            query = (
                select(Volume.barcode, Location.code)
                .join(ChartRequest, ChartRequest.volume_id == Volume.id)
                .join(Appointment, Appointment.id == ChartRequest.appointment_id)
                .join(Location, Location.id == ChartRequest.location_id)
                .where(
                    Appointment.day == day,
                    Appointment.cancelled.is_(False),
                    ChartRequest.status.in_(
                        (RequestStatus.PENDING.value, RequestStatus.FILLED.value)
                    ),
                )
                .order_by(Appointment.start, Appointment.external_id)
            )
            if scan.kind is ScanKind.VOLUME:
                query = query.where(Volume.barcode == scan.value)
            elif scan.kind is ScanKind.MRN:
                mrn = normalize_mrn(scan.value, settings.mrn)
                query = query.where(
                    ChartRequest.patient_id
                    == select(Patient.id).where(Patient.mrn == mrn).scalar_subquery()
                )
            else:
                raise InvalidInput(f"'{scan.value}' is not a chart: scan the chart's label.")
            wanted = uow.session.execute(query).all()
        if len({barcode for barcode, _ in wanted}) > 1:
            raise InvalidInput(
                f"MRN {scan.value} has several volumes to pull: scan the one in hand."
            )
        if not wanted:
            raise NotFound(f"{scan.value} is not on the pull list for {day.isoformat()}.")
        barcode, clinic = wanted[0]
        return self._circulation.check_out(actor, clinic, barcode, named)

    def progress(self, actor: Actor, day: date) -> PullProgress:
        """Pulled of total for ``day``: an item counts as pulled once it is at its clinic."""
        view = self._build(actor, day, PullOrder.SHELF, False)
        total = len(view.pull_list.items)
        pulled_items = [e for e in view.pull_list.exceptions if e.reason is Reason.AT_CLINIC]
        left = tuple(item.barcode for item in view.pull_list.items)
        return PullProgress(len(pulled_items), total + len(pulled_items), left)
