"""What goes through the scan queue (jobs) and what comes back (answers): plain data."""

from __future__ import annotations

from dataclasses import dataclass

from recordsdesk.services.dto import LocationInfo, ScanResult
from recordsdesk.ui.desk.modes import DeskMode


@dataclass(frozen=True)
class ScanJob:
    """A chart scan, with the mode and destination in force when it was read."""

    seq: int
    raw: str
    mode: DeskMode
    destination: str
    submitted_at: float


@dataclass(frozen=True)
class DestinationJob:
    """A scanned or typed location or person code to check and make the destination."""

    seq: int
    raw: str
    code: str
    submitted_at: float


@dataclass(frozen=True)
class UndoJob:
    """Undo the last movement this desk made."""

    seq: int
    raw: str
    submitted_at: float


Job = ScanJob | DestinationJob | UndoJob


@dataclass(frozen=True)
class Answer:
    """The outcome of one job, in queue order."""

    seq: int
    result: ScanResult
    submitted_at: float
    location: LocationInfo | None = None
    undid: int | None = None
