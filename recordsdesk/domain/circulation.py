"""Circulation rules: what a check-out or a return does to a volume, and when it falls due."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum


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


class Outcome(Enum):
    """What a scan did (or why it did nothing)."""

    CHECKED_OUT = "checked_out"
    TRANSFERRED = "transferred"
    RETURNED = "returned"
    ALREADY_THERE = "already_there"
    ALREADY_HOME = "already_home"


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
