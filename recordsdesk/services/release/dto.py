"""What the release-of-information services hand back: frozen rows, no ORM objects."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from recordsdesk.domain.release_of_information import (
    Authorisation,
    Basis,
    Check,
    RequesterKind,
    RequestStatus,
    SpecialCategory,
)


@dataclass(frozen=True)
class NewRequest:
    """A request as the clerk logs it."""

    mrn: str
    kind: RequesterKind
    requester_name: str
    what: str
    received_on: date
    requester_address: str = ""
    basis: Basis | None = None
    due_on: date | None = None
    record_types: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    volumes: tuple[str, ...] = ()


@dataclass(frozen=True)
class QueueRow:
    """One request on the ROI desk's queue."""

    id: int
    mrn: str
    patient: str
    kind: RequesterKind
    requester: str
    received_on: date
    due_on: date
    status: RequestStatus
    overdue: bool
    waiting_on_requester: bool
    days_left: int
    special: tuple[SpecialCategory, ...]
    # A partly released request: the record types still owed.
    outstanding: tuple[str, ...] = ()

    @property
    def reference(self) -> str:
        return f"ROI-{self.id:06d}"


@dataclass(frozen=True)
class ChecklistLine:
    """One line of a request's checklist: what, whether it is met, and a note."""

    key: str
    label: str
    done: bool
    note: str = ""


@dataclass(frozen=True)
class DisclosureInfo:
    """One disclosure as the accounting lists it (164.528(b)(2))."""

    id: int
    request_id: int
    mrn: str
    patient: str
    disclosed_at: datetime
    recipient: str
    recipient_address: str
    what: str
    purpose: str
    basis: Basis
    accountable: bool
    exclusion: str
    held_back: tuple[SpecialCategory, ...]
    pages: int | None
    fee_cents: int | None
    clerk: str
    audit_event_id: int
    # The record types it released (empty for a disclosure recorded before types were kept).
    record_types: tuple[str, ...] = ()


@dataclass(frozen=True)
class RequestDetail:
    """A request in full, as the request view shows it."""

    row: QueueRow
    basis: Basis
    requester_address: str
    what: str
    record_types: tuple[str, ...]
    date_from: date | None
    date_to: date | None
    volumes: tuple[str, ...]
    original_due_on: date
    extended_due_on: date | None
    extension_reason: str
    minimum_necessary: str
    page_count: int | None
    fee_cents: int | None
    denial_reason: str
    authorisation: Authorisation | None
    checklist: tuple[ChecklistLine, ...]
    missing: tuple[str, ...]
    approved: tuple[SpecialCategory, ...]
    held_back: tuple[SpecialCategory, ...]
    chart_requests: tuple[int, ...]
    disclosures: tuple[DisclosureInfo, ...]
    logged_by: str
    checks_done: frozenset[Check] = field(default_factory=frozenset)
    # What the request asks that is not released yet (record types), while it is open.
    outstanding: tuple[str, ...] = ()

    @property
    def ready(self) -> bool:
        return not self.missing


@dataclass(frozen=True)
class Accounting:
    """A patient's accounting of disclosures over a period: what it must list, and what the rule
    leaves out (kept apart, for the file room's own record)."""

    mrn: str
    patient: str
    since: date
    until: date
    accountable: tuple[DisclosureInfo, ...]
    excluded: tuple[DisclosureInfo, ...]
    # Left out while an agency's statement suspends them (164.528(a)(2)); given once it ends.
    suspended: tuple[DisclosureInfo, ...] = ()


@dataclass(frozen=True)
class SuspensionInfo:
    """An agency's statement suspending a patient's accounting, as recorded."""

    id: int
    mrn: str
    agency: str
    official: str
    written: bool
    stated_on: date
    ends_on: date
    note: str
    recorded_by: str


@dataclass(frozen=True)
class QueueFigures:
    """Turnaround on the queue: received in a period, released on time, median days."""

    received: int
    open: int
    overdue: int
    released: int
    released_on_time: int
    median_days_to_release: float | None
