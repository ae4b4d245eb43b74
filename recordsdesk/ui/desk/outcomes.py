"""How each scan outcome is shown: its tone (done, check, problem) and its short title.

Plain Python: keyed by the services' ``Outcome`` enum, never by matching strings.
"""

from __future__ import annotations

from enum import Enum

from recordsdesk.domain.circulation import Outcome
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

TITLES: dict[Outcome, str] = {
    Outcome.CHECKED_OUT: "Checked out",
    Outcome.TRANSFERRED: "Transferred",
    Outcome.RETURNED: "Returned",
    Outcome.FOUND: "Found",
    Outcome.REFILED: "Refiled",
    Outcome.RECORDED: "Done",
    Outcome.UNDONE: "Undone",
    Outcome.DESTINATION: "Destination set",
    Outcome.MODE: "Mode changed",
    Outcome.ALREADY_THERE: "Already there",
    Outcome.ALREADY_HOME: "Already home",
    Outcome.ALREADY_FILED: "Not on the cart",
    Outcome.NOTHING_TO_UNDO: "Nothing to undo",
    Outcome.NOT_OUT: "Not out",
    Outcome.NOT_REQUESTED: "Not requested",
    Outcome.AMBIGUOUS: "Which volume?",
    Outcome.UNKNOWN_CODE: "Unknown code",
    Outcome.WRONG_KIND: "Wrong kind of code",
    Outcome.INVALID: "Unreadable scan",
    Outcome.CONFLICT: "Changed elsewhere",
    Outcome.REFUSED: "Refused",
    Outcome.NO_DESTINATION: "No destination",
    Outcome.UNAVAILABLE: "Not saved",
    Outcome.ERROR: "Not saved",
}
# Every outcome has a title: a new one without is caught by the tests, not shown raw.
assert set(TITLES) == set(Outcome)
# Longest a scan is shown: a junk read of 500 characters must not widen anything.
SHOWN_SCAN = 40


def tone_of(result: ScanResult) -> Tone:
    """Green for done, amber when something needs a look, red when nothing was done."""
    if not result.ok:
        return Tone.PROBLEM
    if result.warnings or result.outcome.changed_nothing or result.outcome is Outcome.FOUND:
        return Tone.WARNING
    return Tone.DONE


def title_of(result: ScanResult) -> str:
    """The few words that head the answer."""
    return TITLES[result.outcome]


def shorten(text: str, limit: int = SHOWN_SCAN) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis (and its length) when longer."""
    if len(text) <= limit:
        return text
    return f"{text[: limit - 1]}… ({len(text)} characters)"


def who_of(result: ScanResult) -> str:
    """The patient and volume an answer is about ("SMITH, John · Vol 2"), or nothing."""
    if not result.patient:
        return ""
    volume = f" · Vol {result.volume}" if result.volume else ""
    return f"{result.patient}{volume}"


def details_of(result: ScanResult) -> str:
    """The service's message, then its warnings and any choices, as one text (shortened)."""
    parts = [result.message]
    parts.extend(result.warnings)
    if result.choices:
        parts.append("Volumes: " + ", ".join(result.choices))
    text = "  ".join(p for p in parts if p)
    # A junk read is quoted in the message: long words are cut so that nothing widens.
    return " ".join(shorten(word, 60) for word in text.split(" "))
