"""The scan path's SQL: lock a volume, append a movement, move the volume, in few statements.

This is the one place movements are written; each is sealed into the history chain when its
transaction commits.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import Select, bindparam, event, insert, select, update

from recordsdesk.domain.errors import Conflict, InvalidInput
from recordsdesk.domain.history_mac import MOVEMENT, MOVEMENT_FIELDS
from recordsdesk.storage import hot
from recordsdesk.storage.chain import note as note_history
from recordsdesk.storage.dashboard_models import tally_movement
from recordsdesk.storage.models import Chart, Location, Movement, Patient, Volume
from recordsdesk.storage.work import Work


@dataclass(frozen=True)
class VolumeRow:
    """A volume's current state with its patient, as read under the row lock."""

    id: int
    chart_id: int
    number: int
    barcode: str
    location_id: int | None
    out_since: datetime | None
    due_at: datetime | None
    missing: bool
    version: int
    last_movement_id: int | None
    patient_id: int
    mrn: str
    family_name: str
    given_name: str


_COLUMNS = (
    Volume.id,
    Volume.chart_id,
    Volume.number,
    Volume.barcode,
    Volume.location_id,
    Volume.out_since,
    Volume.due_at,
    Volume.missing,
    Volume.version,
    Volume.last_movement_id,
    Patient.id,
    Patient.mrn,
    Patient.family_name,
    Patient.given_name,
)


@dataclass(frozen=True)
class PlaceRow:
    """A location as the scan path needs it."""

    id: int
    code: str
    name: str
    loan_hours: int | None
    active: bool


_PLACE_COLUMNS = (Location.id, Location.code, Location.name, Location.loan_hours, Location.active)
_PLACE_BY_CODE = select(*_PLACE_COLUMNS).where(Location.code == bindparam("code"))
_PLACE_BY_ID = select(*_PLACE_COLUMNS).where(Location.id == bindparam("location_id"))


def place_by_code(work: Work, code: str) -> PlaceRow | None:
    """The location with ``code`` (upper case), open or closed."""
    row = hot.first(work.connection(), _PLACE_BY_CODE, {"code": code})
    return None if row is None else PlaceRow(*row)


def place_by_id(work: Work, location_id: int | None) -> PlaceRow | None:
    """The location with ``location_id``; None for None (home)."""
    if location_id is None:
        return None
    row = hot.first(work.connection(), _PLACE_BY_ID, {"location_id": location_id})
    return None if row is None else PlaceRow(*row)


def _tallied_by_orm(_mapper: Any, connection: Any, target: Movement) -> None:
    # A movement added as an object (a new volume's 'created') is counted in the same flush,
    # hence the same transaction, as append_movement counts its own.
    tally_movement(connection, target.kind, target.user_id, target.at)


event.listen(Movement, "after_insert", _tallied_by_orm)


def _row(row: Any) -> VolumeRow:
    return VolumeRow(*row)


def _locked_where(*criteria: Any) -> Select[Any]:
    query: Select[Any] = select(*_COLUMNS)  # type: ignore[assignment]
    # FOR UPDATE OF volumes on PostgreSQL; SQLite already holds the write lock (BEGIN IMMEDIATE).
    return (
        query.join(Chart, Chart.id == Volume.chart_id)
        .join(Patient, Patient.id == Chart.patient_id)
        .where(*criteria)
        .with_for_update(of=Volume)
    )


# Built once: the scan path only binds values, so nothing is compiled per scan.
_BY_BARCODE = _locked_where(Volume.barcode == bindparam("barcode"))
_BY_ID = _locked_where(Volume.id == bindparam("volume_id"))
_BY_PATIENT = _locked_where(Chart.patient_id == bindparam("patient_id")).order_by(
    Chart.record_type_id, Volume.number
)
_INSERT_MOVEMENT = insert(Movement)
_NOTE_WIDTH = 255
_WORKSTATION_WIDTH = 64
_MOVE_VOLUME = (
    update(Volume)
    .where(Volume.id == bindparam("volume_id"), Volume.version == bindparam("seen_version"))
    .values(
        location_id=bindparam("location_id"),
        out_since=bindparam("out_since"),
        due_at=bindparam("due_at"),
        missing=bindparam("missing"),
        version=bindparam("new_version"),
        last_movement_id=bindparam("movement_id"),
    )
)


def lock_volume(work: Work, barcode: str) -> VolumeRow | None:
    """The volume carrying ``barcode``, locked until the transaction ends."""
    row = hot.first(work.connection(), _BY_BARCODE, {"barcode": barcode})
    return None if row is None else _row(row)


def lock_volume_by_id(work: Work, volume_id: int) -> VolumeRow | None:
    """The volume with ``volume_id``, locked until the transaction ends."""
    row = hot.first(work.connection(), _BY_ID, {"volume_id": volume_id})
    return None if row is None else _row(row)


def lock_patient_volumes(work: Work, patient_id: int) -> list[VolumeRow]:
    """All volumes of a patient's charts, locked, by record type and number."""
    rows = hot.rows(work.connection(), _BY_PATIENT, {"patient_id": patient_id})
    return [_row(row) for row in rows]


def append_movement(
    work: Work,
    volume: VolumeRow,
    *,
    kind: str,
    to_location_id: int | None,
    user_id: int,
    workstation: str,
    at: datetime,
    due_at: datetime | None = None,
    note: str = "",
    out_since: datetime | None = None,
    missing: bool | None = None,
    from_location_id: int | bool | None = True,
) -> tuple[int, VolumeRow]:
    """Append a movement and set the volume's place to match it; the movement id, the new state.

    The volume changes only if nobody changed it since it was read (its version), so a stale
    read can never overwrite another desk's move.
    """
    source = volume.location_id if from_location_id is True else from_location_id
    if len(note) > _NOTE_WIDTH or len(workstation) > _WORKSTATION_WIDTH:
        raise InvalidInput(
            f"A movement's note is at most {_NOTE_WIDTH} characters and its workstation name "
            f"at most {_WORKSTATION_WIDTH}."
        )
    connection = work.connection()
    fields = {
        "volume_id": volume.id,
        "kind": kind,
        "from_location_id": source,
        "to_location_id": to_location_id,
        "user_id": user_id,
        "workstation": workstation,
        "at": at,
        "due_at": due_at,
        "note": note,
    }
    new_id = hot.insert(connection, _INSERT_MOVEMENT, fields)
    # Sealed as written, when the transaction commits.
    fields["id"] = new_id
    note_history(work, MOVEMENT, new_id, [fields[name] for name in MOVEMENT_FIELDS])
    tally_movement(connection, kind, user_id, at)  # the dashboard's figures, same transaction
    placed_since = out_since if to_location_id is not None else None
    still_missing = volume.missing if missing is None else missing
    changed = hot.change(
        connection,
        _MOVE_VOLUME,
        {
            "volume_id": volume.id,
            "seen_version": volume.version,
            "location_id": to_location_id,
            "out_since": placed_since,
            "due_at": due_at,
            "missing": still_missing,
            "new_version": volume.version + 1,
            "movement_id": new_id,
        },
    )
    if changed != 1:
        raise Conflict("This chart was changed at another desk just now: scan it again.")
    return new_id, replace(
        volume,
        location_id=to_location_id,
        out_since=placed_since,
        due_at=due_at,
        version=volume.version + 1,
        last_movement_id=new_id,
        missing=still_missing,
    )
