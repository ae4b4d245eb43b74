"""Circulation rules: what a check-out or a return does to a volume, and when it falls due."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum, StrEnum

from recordsdesk.domain.barcodes import Command


class MovementKind(Enum):
    """The events in a volume's life; movements are never edited, only added."""

    CREATED = "created"
    CHECKED_OUT = "checked_out"
    TRANSFERRED = "transferred"
    RETURNED = "returned"
    REFILED = "refiled"
    FLAGGED_MISSING = "flagged_missing"
    FOUND = "found"
    CORRECTED = "corrected"
    RETIRED = "retired"
    DESTROYED = "destroyed"
    BOXED = "boxed"
    RECALLED = "recalled"


class Outcome(StrEnum):
    """What a scan did, or why it did nothing: one closed set for the services, the desk and
    the command line (whose JSON carries the value)."""

    CHECKED_OUT = "checked_out"
    TRANSFERRED = "transferred"
    RETURNED = "returned"
    FOUND = "found"
    REFILED = "refiled"
    RECORDED = "recorded"
    UNDONE = "undone"
    DESTINATION = "destination"
    MODE = "mode"
    ALREADY_THERE = "already_there"
    ALREADY_HOME = "already_home"
    ALREADY_FILED = "already_filed"
    NOTHING_TO_UNDO = "nothing_to_undo"
    NOT_OUT = "not_out"
    NOT_REQUESTED = "not_requested"
    AMBIGUOUS = "ambiguous"
    UNKNOWN_CODE = "unknown_code"
    WRONG_KIND = "wrong_kind"
    INVALID = "invalid"
    CONFLICT = "conflict"
    REFUSED = "refused"
    NO_DESTINATION = "no_destination"
    UNAVAILABLE = "unavailable"
    ERROR = "error"

    @property
    def changed_nothing(self) -> bool:
        """An answer that is not a refusal, yet moved nothing: the clerk should look."""
        return self in _CHANGED_NOTHING


_CHANGED_NOTHING = frozenset(
    {
        Outcome.ALREADY_THERE,
        Outcome.ALREADY_HOME,
        Outcome.ALREADY_FILED,
        Outcome.NOTHING_TO_UNDO,
    }
)


class DeskMode(Enum):
    """What a chart scan does at the desk."""

    CHECK_OUT = "check_out"
    RETURN = "return"
    TRANSFER = "transfer"

    @property
    def label(self) -> str:
        return _MODE_LABELS[self]

    @property
    def needs_destination(self) -> bool:
        return self is not DeskMode.RETURN

    @classmethod
    def parse(cls, text: str, default: DeskMode | None = None) -> DeskMode:
        """The mode named ``text`` (as stored in settings), else ``default`` or Check out."""
        try:
            return cls(text)
        except ValueError:
            return default or cls.CHECK_OUT

    @classmethod
    def for_command(cls, command: str) -> DeskMode | None:
        """The mode a command barcode's value switches to (None: not a mode command)."""
        return _MODE_COMMANDS.get(command)


_MODE_LABELS = {
    DeskMode.CHECK_OUT: "Check out",
    DeskMode.RETURN: "Return",
    DeskMode.TRANSFER: "Transfer",
}
_MODE_COMMANDS = {
    Command.CHECK_OUT.value: DeskMode.CHECK_OUT,
    Command.RETURN.value: DeskMode.RETURN,
    Command.TRANSFER.value: DeskMode.TRANSFER,
}


@dataclass(frozen=True)
class Placement:
    """Where a volume is: None means at home on its shelf."""

    location_id: int | None


def plan_check_out(current: Placement, destination_id: int) -> Outcome:
    """Check out sends a home volume out, transfers one that is elsewhere, refuses a repeat."""
    if current.location_id is None:
        return Outcome.CHECKED_OUT
    if current.location_id == destination_id:
        return Outcome.ALREADY_THERE
    return Outcome.TRANSFERRED


def plan_return(current: Placement) -> Outcome:
    """A return brings a volume home; a volume already home is reported, not moved."""
    return Outcome.ALREADY_HOME if current.location_id is None else Outcome.RETURNED


def due_at(moved_at: datetime, loan_hours: int | None) -> datetime | None:
    """When a loan falls due; locations without a loan period (off-site, a file room) never do."""
    if not loan_hours:
        return None
    return moved_at + timedelta(hours=loan_hours)
