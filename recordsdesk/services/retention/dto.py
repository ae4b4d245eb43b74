"""The plain answers the retention services give."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from recordsdesk.services.dto import PlaceRef
from recordsdesk.services.retention.witnesses import Present


@dataclass(frozen=True)
class RuleInfo:
    """A retention rule as an administrator sees it (record type None: every other type)."""

    id: int
    record_type: str | None
    name: str
    years_after_activity: int | None
    majority_age: int | None
    years_after_majority: int | None
    years_after_death: int | None
    permanent: bool
    retire_after_years: int | None
    citation: str
    is_example: bool
    description: str


@dataclass(frozen=True)
class DeathInfo:
    """A patient's recorded date of death (None: none recorded), and who recorded it."""

    mrn: str
    name: str
    dob: date | None
    died_on: date | None
    recorded_by: str | None
    recorded_at: datetime | None


@dataclass(frozen=True)
class Candidate:
    """A volume the rules let go: off-site (retirement) or to the shredder (destruction)."""

    volume_id: int
    barcode: str
    mrn: str
    name: str
    volume: str
    record_type: str
    shelf: str
    section: str
    unit: str
    last_activity: date
    retire_from: date | None
    keep_until: date | None
    rule: str
    basis: str
    box: str | None = None
    shelf_key: str = ""
    citation: str = ""
    # The shelf it takes: its measured thickness, else the site's inches per volume.
    inches: float = 0.0
    measured: bool = False


@dataclass(frozen=True)
class UnitCount:
    """How many candidates one shelving unit holds and the shelf they free."""

    unit: str
    volumes: int
    inches: float


@dataclass(frozen=True)
class CandidateList:
    """Retirement candidates in walk order, with counts by shelving unit."""

    as_of: date
    items: tuple[Candidate, ...]
    units: tuple[UnitCount, ...]
    inches: float

    @property
    def volumes(self) -> int:
        return len(self.items)


@dataclass(frozen=True)
class BoxLine:
    """One volume in a box."""

    barcode: str
    mrn: str
    name: str
    volume: str
    record_type: str
    shelf: str
    packed_at: datetime
    packed_by: str
    inches: float = 0.0
    measured: bool = False


@dataclass(frozen=True)
class BoxInfo:
    """An off-site box: where it is and what it holds."""

    id: int
    barcode: str
    status: str
    location: PlaceRef | None
    lead_days: int | None
    note: str
    created_at: datetime
    created_by: str
    moved_at: datetime | None
    contents: tuple[BoxLine, ...] = field(default=())

    @property
    def inches(self) -> float:
        """The shelf its contents took (measured where known)."""
        return round(sum(line.inches for line in self.contents), 1)

    @property
    def where(self) -> str:
        """Where the box is, in words."""
        if self.status == "destroyed":
            return "destroyed"
        if self.location is None:
            return "in the file room"
        return f"off-site at {self.location.name}"


@dataclass(frozen=True)
class HoldInfo:
    """A legal hold: what it covers, why, who placed and released it."""

    id: int
    covers: str
    reason: str
    placed_by: str
    placed_at: datetime
    released_by: str | None
    released_at: datetime | None
    release_note: str
    mrn: str | None = None
    record_type: str | None = None
    starts_on: date | None = None
    ends_on: date | None = None

    @property
    def active(self) -> bool:
        return self.released_at is None


@dataclass(frozen=True)
class BatchLine:
    """One volume of a destruction batch."""

    barcode: str
    mrn: str
    name: str
    volume: str
    record_type: str
    box: str | None
    rule: str
    citation: str
    basis: str
    keep_until: date
    destroyed_at: datetime | None
    destroyed_by: str | None


@dataclass(frozen=True)
class BatchInfo:
    """A destruction batch and its volumes."""

    id: int
    status: str
    method: str
    note: str
    proposed_by: str
    proposed_at: datetime
    approved_by: str | None
    approved_at: datetime | None
    completed_at: datetime | None
    lines: tuple[BatchLine, ...]
    # Who was present as it was destroyed: its second person and any witnesses.
    present: tuple[Present, ...] = ()

    @property
    def destroyed(self) -> int:
        return sum(1 for line in self.lines if line.destroyed_at is not None)


@dataclass(frozen=True)
class RetentionAnswer:
    """The answer to one scan at a box or a destruction batch."""

    scan: str
    ok: bool
    message: str
    barcodes: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class YearCount:
    """Volumes whose retention ends in one year, and their shelf."""

    year: int | None
    volumes: int
    inches: float


@dataclass(frozen=True)
class BoxAge:
    """Boxes off-site, by how many whole years they have been there."""

    years: int
    boxes: int
    volumes: int


@dataclass(frozen=True)
class RetentionReport:
    """Volumes by retention year, what becomes eligible in the next 12 months, boxes by age."""

    as_of: date
    by_year: tuple[YearCount, ...]
    next_12_months: int
    next_12_months_inches: float
    held: int
    boxes_by_age: tuple[BoxAge, ...]
