"""Reading the ledger: a chart with its volumes and history, holdings by place, overdue loans."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, aliased

from recordsdesk.domain.filing import shelf_position
from recordsdesk.services.actors import Actor, Clock, Permission
from recordsdesk.services.audit import AuditAction, AuditTrail
from recordsdesk.services.dto import ChartDetail, HoldingInfo, MovementInfo, PlaceRef, VolumeInfo
from recordsdesk.services.identity.reads import record_reads
from recordsdesk.services.locations import find_location
from recordsdesk.services.registry import display_name, find_patient, load_chart
from recordsdesk.services.retention.whereabouts import with_whereabouts
from recordsdesk.services.site_settings import load_settings
from recordsdesk.storage.models import Chart, Location, Movement, Patient, User, Volume
from recordsdesk.storage.unit_of_work import Database


def movement_history(session: Session, volume_ids: list[int]) -> list[MovementInfo]:
    """Every movement of the given volumes, oldest first."""
    source = aliased(Location)
    target = aliased(Location)
    rows = session.execute(
        select(Movement, Volume.number, Volume.barcode, source.code, target.code, User.username)
        .join(Volume, Volume.id == Movement.volume_id)
        .join(User, User.id == Movement.user_id)
        .outerjoin(source, source.id == Movement.from_location_id)
        .outerjoin(target, target.id == Movement.to_location_id)
        .where(Movement.volume_id.in_(volume_ids))
        .order_by(Movement.id)
    ).all()
    return [
        MovementInfo(m.id, m.at, number, barcode, m.kind, src, dst, user, m.workstation, m.note)
        for m, number, barcode, src, dst, user in rows
    ]


class HistoryService:
    """What the ledger says about a chart, a place, or the loans past due."""

    def __init__(self, db: Database, clock: Clock, trail: AuditTrail | None = None) -> None:
        self._db = db
        self._clock = clock
        self._trail = trail or AuditTrail(clock)

    def chart(self, actor: Actor, mrn: str) -> ChartDetail:
        """A patient's charts: volumes with their places, the shelf position, the full history."""
        actor.require(Permission.VIEW_CHARTS)
        # Writing: opening a chart's details is recorded in the audit trail, in one go.
        with self._db.writing() as uow:
            session = uow.session
            settings = load_settings(session)
            found = find_patient(session, settings, mrn)
            patient = load_chart(session, found.id)
            volumes: list[VolumeInfo] = []
            for chart in sorted(patient.charts, key=lambda c: c.record_type_id):
                for volume in chart.volumes:
                    place = volume.location
                    volumes.append(
                        VolumeInfo(
                            volume.id,
                            volume.number,
                            len(chart.volumes),
                            volume.barcode,
                            chart.record_type.name,
                            PlaceRef(place.code, place.name) if place else None,
                            volume.out_since,
                            volume.due_at,
                            volume.missing,
                        )
                    )
            volumes = with_whereabouts(session, volumes)
            position = shelf_position(patient.mrn, settings.filing)
            digits = position.display.replace("-", "")[: settings.colour_digits]
            detail = ChartDetail(
                patient_id=patient.id,
                mrn=patient.mrn,
                name=display_name(patient),
                family_name=patient.family_name,
                given_name=patient.given_name,
                dob=patient.dob,
                shelf=position.display,
                mrn_groups=position.groups,
                section=position.section,
                colour_digits=digits if position.numeric else "",
                volumes=tuple(volumes),
                history=tuple(movement_history(session, [v.id for v in volumes])),
            )
            self._trail.record_for(session, actor, AuditAction.CHART_VIEWED, mrn=patient.mrn)
            uow.commit()
            return detail

    def holdings(self, actor: Actor, location_code: str | None = None) -> list[HoldingInfo]:
        """Volumes out now, at one place or everywhere, oldest loan first."""
        actor.require(Permission.VIEW_CHARTS)
        with self._db.reading() as uow:
            query = _out().order_by(Location.code, Volume.out_since)
            if location_code is not None:
                location = find_location(uow.session, location_code)
                query = query.where(Volume.location_id == location.id)
            rows = _holdings(uow.session, query, self._clock())
        where = f" at {location_code.strip().upper()}" if location_code else ""
        record_reads(self._db, self._trail, actor, (r.mrn for r in rows), f"holdings{where}")
        return rows

    def overdue(self, actor: Actor) -> list[HoldingInfo]:
        """Volumes past their due time, by place (a report: supervisors and above)."""
        actor.require(Permission.REPORTS)
        now = self._clock()
        with self._db.reading() as uow:
            query = _out().where(Volume.due_at < now).order_by(Location.code, Volume.due_at)
            rows = _holdings(uow.session, query, now)
        record_reads(self._db, self._trail, actor, (r.mrn for r in rows), "overdue list")
        return rows


def _out() -> Select[Volume, Patient, Location]:
    """Volumes that are out, with their patient and where they are."""
    return (
        select(Volume, Patient, Location)
        .join(Chart, Chart.id == Volume.chart_id)
        .join(Patient, Patient.id == Chart.patient_id)
        .join(Location, Location.id == Volume.location_id)
    )


def _holdings(
    session: Session, query: Select[Volume, Patient, Location], now: datetime
) -> list[HoldingInfo]:
    return [
        HoldingInfo(
            v.barcode,
            p.mrn,
            display_name(p),
            v.number,
            PlaceRef(loc.code, loc.name),
            v.out_since,
            v.due_at,
            v.due_at is not None and v.due_at < now,
        )
        for v, p, loc in session.execute(query)
    ]
