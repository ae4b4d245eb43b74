"""What the retention documents say: box labels, box manifests, certificates of destruction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class BoxedVolume:
    """One volume as a box's label and manifest list it."""

    barcode: str
    mrn: str
    name: str
    volume: str
    record_type: str
    shelf: str


@dataclass(frozen=True)
class BoxSheet:
    """A box: its barcode, where it goes, and what is in it."""

    barcode: str
    file_room: str
    where: str
    packed_on: date
    printed_at: datetime
    contents: tuple[BoxedVolume, ...]

    @property
    def shelf_range(self) -> str:
        """The first and last shelf positions in the box, in filing order."""
        if not self.contents:
            return "empty"
        return f"{self.contents[0].shelf} to {self.contents[-1].shelf}"


@dataclass(frozen=True)
class DestroyedVolume:
    """One line of a certificate of destruction."""

    barcode: str
    mrn: str
    name: str
    volume: str
    record_type: str
    box: str
    rule: str
    citation: str
    keep_until: date
    destroyed_at: datetime
    destroyed_by: str


@dataclass(frozen=True)
class Certificate:
    """A certificate of destruction for one batch."""

    batch: int
    file_room: str
    method: str
    note: str
    proposed_by: str
    proposed_at: datetime
    approved_by: str
    approved_at: datetime
    completed_at: datetime | None
    printed_at: datetime
    lines: tuple[DestroyedVolume, ...]
    # Who was present: who carried it out, the second person, witnesses (with how named).
    present: tuple[str, ...] = ()
