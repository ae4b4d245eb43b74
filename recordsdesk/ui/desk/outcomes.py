"""How each scan outcome is shown: its tone (done, warning, problem) and its short title."""

from __future__ import annotations

from enum import Enum

from recordsdesk.services.dto import ScanResult


class Tone(Enum):
    """The colour family of an answer: readable from a step away, never colour alone."""

    PENDING = "pending"
    DONE = "done"
    WARNING = "warning"
    PROBLEM = "problem"

    @property
    def word(self) -> str:
        return _WORDS[self]


_WORDS = {
    Tone.PENDING: "WAIT",
    Tone.DONE: "DONE",
    Tone.WARNING: "CHECK",
    Tone.PROBLEM: "PROBLEM",
}

# Outcomes that answered ok but changed nothing: the clerk should look.
_NOTHING_CHANGED = {"already_there", "already_home", "nothing_to_undo"}

TITLES = {
    "checked_out": "Checked out",
    "transferred": "Transferred",
    "returned": "Returned",
    "already_there": "Already there",
    "already_home": "Already home",
    "found": "Found",
    "undone": "Undone",
    "destination": "Destination set",
    "mode": "Mode changed",
    "not_out": "Not out",
    "ambiguous": "Which volume?",
    "unknown_code": "Unknown code",
    "wrong_kind": "Wrong kind of code",
    "invalid": "Unreadable scan",
    "conflict": "Changed elsewhere",
    "refused": "Refused",
    "unavailable": "Not saved",
    "no_destination": "No destination",
    "nothing_to_undo": "Nothing to undo",
    "error": "Not saved",
}


def tone_of(result: ScanResult) -> Tone:
    """Green for done, amber when something needs a look, red when nothing was done."""
    if not result.ok:
        return Tone.PROBLEM
    if result.warnings or result.outcome in _NOTHING_CHANGED or result.outcome == "found":
        return Tone.WARNING
    return Tone.DONE


def title_of(result: ScanResult) -> str:
    """The few words that head the answer."""
    return TITLES.get(result.outcome, result.outcome.replace("_", " ").capitalize())


def details_of(result: ScanResult) -> str:
    """The service's message, then its warnings and any choices, as one text."""
    parts = [result.message]
    parts.extend(result.warnings)
    if result.choices:
        parts.append("Volumes: " + ", ".join(result.choices))
    return "  ".join(p for p in parts if p)
