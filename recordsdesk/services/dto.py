"""The plain, frozen answers the services give: no ORM object ever leaves a unit of work."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from recordsdesk.domain.circulation import Outcome


@dataclass(frozen=True)
class UserInfo:
    """A user as listed to an administrator."""

    id: int
    username: str
    full_name: str
    role: str
    active: bool


@dataclass(frozen=True)
class LocationInfo:
    """A place charts go to."""

    id: int
    code: str
    name: str
    kind: str
    loan_hours: int | None
    barcode: str
    active: bool
    needs_review: bool = False


@dataclass(frozen=True)
class PlaceRef:
    """A location named in an answer (code and name)."""

    code: str
    name: str


@dataclass(frozen=True)
class VolumeInfo:
    """One volume: its barcode and where it is now (location None: at home)."""

    id: int
    number: int
    count: int
    barcode: str
    record_type: str
    location: PlaceRef | None
    out_since: datetime | None
    due: datetime | None
    missing: bool
    # Where retention has put it: "destroyed 2029-04-02", "off-site, box B000123, ...".
    retention: str = ""


@dataclass(frozen=True)
class MovementInfo:
    """One line of a volume's history."""

    id: int
    at: datetime
    volume: int
    barcode: str
    kind: str
    from_code: str | None
    to_code: str | None
    user: str
    workstation: str
    note: str


@dataclass(frozen=True)
class PatientSummary:
    """A patient found by a search."""

    id: int
    mrn: str
    name: str
    dob: date | None
    shelf: str


@dataclass(frozen=True)
class ChartDetail:
    """Everything the desk shows about one patient's charts."""

    patient_id: int
    mrn: str
    name: str
    family_name: str
    given_name: str
    dob: date | None
    shelf: str
    mrn_groups: str
    section: str
    colour_digits: str
    volumes: tuple[VolumeInfo, ...]
    history: tuple[MovementInfo, ...]


@dataclass(frozen=True)
class ScanResult:
    """The answer to one scan: what happened, in words for the clerk and fields for programs."""

    scan: str
    ok: bool
    outcome: Outcome
    message: str
    barcode: str | None = None
    mrn: str | None = None
    patient: str | None = None
    volume: int | None = None
    from_place: PlaceRef | None = None
    to_place: PlaceRef | None = None
    due: datetime | None = None
    movement_id: int | None = None
    warnings: tuple[str, ...] = field(default=())
    choices: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class HoldingInfo:
    """A volume out at a location."""

    barcode: str
    mrn: str
    name: str
    volume: int
    location: PlaceRef
    out_since: datetime | None
    due: datetime | None
    overdue: bool
