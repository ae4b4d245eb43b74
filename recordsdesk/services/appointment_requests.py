"""Chart requests derived from appointments: what a booked appointment needs, kept in step.

The requests of an appointment are not made once when its message arrives: they are derived
from the appointment as it stands (booked or withdrawn, its clinic and time, the patient's
chart and volumes) and brought into line whenever any of these changes — at the end of each
schedule import, when a chart is registered, when a volume is added. A booking and its cancel
in one file therefore leave no live request, and a chart registered after its appointment joins
the pull list.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, insert, select, update
from sqlalchemy.orm import Session

from recordsdesk.services.requests import Priority, RequestStatus
from recordsdesk.storage.models import Appointment, Chart, ChartRequest, RecordType, Volume
from recordsdesk.storage.schedule_models import AppointmentKey

_CHUNK = 500
# Requests made in bulk go in by a Core insert: the ORM's bulk path costs more than the rows.
_REQUESTS = cast(Table, ChartRequest.__table__)
# Requests in these states stand for the appointment's need (a filled one was pulled already).
_STANDING = (
    RequestStatus.PENDING.value,
    RequestStatus.FILLED.value,
    RequestStatus.NOT_FILLABLE.value,
)


@dataclass(frozen=True)
class RequestSync:
    """What bringing requests into line did: requests made and pending ones withdrawn."""

    created: int = 0
    withdrawn: int = 0


def needed_by(start: datetime, offset: timedelta | None) -> datetime:
    """An appointment's start as an aware time: the feed's offset, else this machine's zone."""
    if offset is not None:
        return (start - offset).replace(tzinfo=UTC)
    return start.astimezone()


def _chunks(values: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for begin in range(0, len(values), _CHUNK):
        yield values[begin : begin + _CHUNK]


def volumes_to_pull(session: Session, patient_ids: Collection[int]) -> dict[int, list[int]]:
    """Per patient, the volumes an appointment needs: each chart's newest, or all of them where
    the record type says so."""
    found: dict[int, list[int]] = {}
    for chunk in _chunks(sorted(patient_ids)):
        rows = session.execute(
            select(Volume.id, Volume.chart_id, Chart.patient_id, RecordType.pull_all_volumes)
            .join(Chart, Chart.id == Volume.chart_id)
            .join(RecordType, RecordType.id == Chart.record_type_id)
            .where(Chart.patient_id.in_(chunk))
            .order_by(Chart.id, Volume.number)
        ).all()
        chosen: dict[int, list[tuple[int, int]]] = {}
        for volume_id, chart_id, patient_id, pull_all in rows:
            kept = chosen.setdefault(chart_id, [])
            if pull_all or not kept:
                kept.append((patient_id, volume_id))
            else:
                kept[-1] = (patient_id, volume_id)
        for kept in chosen.values():
            for patient_id, volume_id in kept:
                found.setdefault(patient_id, []).append(volume_id)
    return found


def sync_requests(
    session: Session, appointment_ids: Collection[int], requested_by: int, now: datetime
) -> RequestSync:
    """Bring the requests of these appointments into line with the appointments as they stand.

    A live appointment of a patient with a chart has one request per volume to pull, for its
    clinic by its start; anything else it has pending (another clinic or time, an older volume,
    a withdrawn appointment) is withdrawn. A request already filled or found unfillable for the
    same volume, place and time stands: it is not made again.
    """
    created = withdrawn = 0
    ids = sorted(set(appointment_ids))
    for chunk in _chunks(ids):
        rows = session.execute(
            select(
                Appointment.id,
                Appointment.patient_id,
                Appointment.location_id,
                Appointment.start,
                Appointment.cancelled,
                AppointmentKey.offset_minutes,
            )
            .outerjoin(AppointmentKey, AppointmentKey.appointment_id == Appointment.id)
            .where(Appointment.id.in_(chunk))
        ).all()
        volumes = volumes_to_pull(
            session, {r.patient_id for r in rows if r.patient_id is not None and not r.cancelled}
        )
        wanted: dict[tuple[int, int | None, int, datetime], dict[str, Any]] = {}
        for r in rows:
            if r.cancelled or r.patient_id is None:
                continue
            offset = None if r.offset_minutes is None else timedelta(minutes=r.offset_minutes)
            due = needed_by(r.start, offset)
            for volume_id in volumes.get(r.patient_id, []):
                wanted[(r.id, volume_id, r.location_id, due)] = {
                    "patient_id": r.patient_id,
                    "volume_id": volume_id,
                    "location_id": r.location_id,
                    "appointment_id": r.id,
                    "needed_by": due,
                    "priority": Priority.ROUTINE.value,
                    "status": RequestStatus.PENDING.value,
                    "requested_by": requested_by,
                    "created_at": now,
                    "note": "",
                }
        stale: list[int] = []
        for request in session.execute(
            select(
                ChartRequest.id,
                ChartRequest.appointment_id,
                ChartRequest.volume_id,
                ChartRequest.location_id,
                ChartRequest.needed_by,
                ChartRequest.status,
            ).where(ChartRequest.appointment_id.in_(chunk), ChartRequest.status.in_(_STANDING))
        ):
            key = (
                request.appointment_id,
                request.volume_id,
                request.location_id,
                request.needed_by,
            )
            if key in wanted:
                del wanted[key]
            elif request.status == RequestStatus.PENDING.value:
                stale.append(request.id)
        for part in _chunks(stale):
            session.execute(
                update(ChartRequest)
                .where(
                    ChartRequest.id.in_(part),
                    ChartRequest.status == RequestStatus.PENDING.value,
                )
                .values(status=RequestStatus.CANCELLED.value, closed_at=now)
            )
        withdrawn += len(stale)
        values = list(wanted.values())
        for begin in range(0, len(values), 5000):
            session.connection().execute(insert(_REQUESTS), values[begin : begin + 5000])
        created += len(values)
    return RequestSync(created, withdrawn)


def sync_patient(
    session: Session, patient_id: int, mrn: str, requested_by: int, now: datetime
) -> RequestSync:
    """After a chart is registered or a volume added: the patient's appointments from today on
    (those booked under the MRN before the chart existed too) get the requests they need."""
    today: date = now.astimezone().date()
    session.execute(
        update(Appointment)
        .where(Appointment.mrn == mrn, Appointment.patient_id.is_(None))
        .values(patient_id=patient_id)
    )
    ids = session.scalars(
        select(Appointment.id).where(
            Appointment.patient_id == patient_id,
            Appointment.day >= today,
            Appointment.cancelled.is_(False),
        )
    ).all()
    return sync_requests(session, ids, requested_by, now)
