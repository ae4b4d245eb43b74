"""Retention rules: how long a chart is kept, when it may go off-site, what a legal hold stops."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import Enum
from functools import lru_cache

from recordsdesk.domain.errors import InvalidInput

BOX_DIGITS = 6
# A volume of a paper chart takes about an inch and a half of shelf; sites may say otherwise.
DEFAULT_INCHES_PER_VOLUME = 1.5
EXAMPLE_PREFIX = "Example: "
EXAMPLE_CITATION = (
    "Example schedule shipped with RecordsDesk, not legal advice: replace it with the rule "
    "your jurisdiction sets and cite it here."
)


@lru_cache(maxsize=1 << 16)  # pure, and asked of the same few thousand days a million times
def add_years(day: date, years: int) -> date:
    """The same calendar day ``years`` later; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


@dataclass(frozen=True)
class RetentionRule:
    """A schedule for one record type, as data an administrator edits.

    ``years_after_activity``: adults, kept this long after the last activity.
    ``majority_age`` and ``years_after_majority``: a minor at the last activity is kept until
    this age plus these years, or the adult period, whichever ends later.
    ``years_after_death``: the deceased, kept this long after death.
    ``retire_after_years``: inactive this long, a chart may go to off-site boxes.
    """

    name: str
    years_after_activity: int | None = None
    majority_age: int | None = None
    years_after_majority: int | None = None
    years_after_death: int | None = None
    permanent: bool = False
    retire_after_years: int | None = None
    citation: str = ""

    def check(self) -> RetentionRule:
        """The rule itself, or InvalidInput naming what is wrong with it."""
        if not self.name.strip():
            raise InvalidInput("A retention rule needs a name.")
        for caption, value in (
            ("years after last activity", self.years_after_activity),
            ("age of majority", self.majority_age),
            ("years after majority", self.years_after_majority),
            ("years after death", self.years_after_death),
            ("years before retiring off-site", self.retire_after_years),
        ):
            if value is not None and not 0 <= value <= 150:
                raise InvalidInput(f"Retention rule '{self.name}': {caption} must be 0 to 150.")
        if (self.majority_age is None) != (self.years_after_majority is None):
            raise InvalidInput(
                f"Retention rule '{self.name}': give both the age of majority and the years "
                "after it, or neither."
            )
        if not self.permanent and self.years_after_activity is None:
            raise InvalidInput(
                f"Retention rule '{self.name}': give the years after last activity, or make "
                "it permanent."
            )
        return self

    @property
    def is_example(self) -> bool:
        """Whether this is one of the shipped examples (not a site's own rule)."""
        return self.name.startswith(EXAMPLE_PREFIX)

    def describe(self) -> str:
        """The rule in a clerk's words."""
        if self.permanent:
            return "Permanent: never destroyed"
        parts = [f"{self.years_after_activity} years after last activity"]
        if self.majority_age is not None:
            parts.append(
                f"minors until age {self.majority_age} plus {self.years_after_majority} years "
                "if later"
            )
        if self.years_after_death is not None:
            parts.append(f"deceased {self.years_after_death} years after death")
        return "; ".join(parts)


EXAMPLE_RULES = (
    RetentionRule(
        f"{EXAMPLE_PREFIX}adults 10 years, minors to 18 plus 7 years",
        years_after_activity=10,
        majority_age=18,
        years_after_majority=7,
        years_after_death=10,
        retire_after_years=3,
        citation=EXAMPLE_CITATION,
    ),
    RetentionRule(
        f"{EXAMPLE_PREFIX}adults 7 years, minors to 21 plus 3 years",
        years_after_activity=7,
        majority_age=21,
        years_after_majority=3,
        years_after_death=7,
        retire_after_years=2,
        citation=EXAMPLE_CITATION,
    ),
    RetentionRule(
        f"{EXAMPLE_PREFIX}permanent",
        permanent=True,
        retire_after_years=5,
        citation=EXAMPLE_CITATION,
    ),
)


@dataclass(frozen=True)
class RecordFacts:
    """What the rules read about one volume: the patient's birth and death, the last activity."""

    last_activity: date
    dob: date | None = None
    died_on: date | None = None


class Status(Enum):
    """Where a volume stands under its rule on a given day."""

    KEPT = "kept"
    ELIGIBLE = "eligible"
    PERMANENT = "permanent"
    HELD = "held"


@dataclass(frozen=True)
class Retention:
    """When a volume may be destroyed (``keep_until``, None: never) and why."""

    keep_until: date | None
    basis: str


def retention_of(rule: RetentionRule, facts: RecordFacts) -> Retention:
    """The day from which ``rule`` lets the volume be destroyed, with the reason in words."""
    if rule.permanent:
        return Retention(None, "permanent record type")
    if facts.died_on is not None and rule.years_after_death is not None:
        until = add_years(facts.died_on, rule.years_after_death)
        return Retention(until, f"{rule.years_after_death} years after death ({facts.died_on})")
    assert rule.years_after_activity is not None
    until = add_years(facts.last_activity, rule.years_after_activity)
    basis = f"{rule.years_after_activity} years after last activity ({facts.last_activity})"
    if (
        rule.majority_age is not None
        and rule.years_after_majority is not None
        and facts.dob is not None
        and facts.last_activity < add_years(facts.dob, rule.majority_age)
    ):
        majority = add_years(facts.dob, rule.majority_age)
        minor_until = add_years(majority, rule.years_after_majority)
        if minor_until > until:
            until = minor_until
            basis = (
                f"a minor: age {rule.majority_age} ({majority}) plus "
                f"{rule.years_after_majority} years"
            )
    return Retention(until, basis)


def status_on(rule: RetentionRule, facts: RecordFacts, day: date, held: bool) -> Status:
    """Kept, eligible, permanent or held on ``day``; a hold wins over every rule."""
    return status_of(retention_of(rule, facts), day, held)


def status_of(retention: Retention, day: date, held: bool) -> Status:
    """Where a volume kept as ``retention`` stands on ``day``; a hold wins."""
    if held:
        return Status.HELD
    if retention.keep_until is None:
        return Status.PERMANENT
    return Status.ELIGIBLE if day >= retention.keep_until else Status.KEPT


def retire_from(rule: RetentionRule, facts: RecordFacts) -> date | None:
    """The day from which the volume may go off-site; None when the rule never retires it."""
    if rule.retire_after_years is None:
        return None
    return add_years(facts.last_activity, rule.retire_after_years)


@dataclass(frozen=True)
class HoldScope:
    """What a legal hold covers: a patient, a record type, activity in a date range, or a mix."""

    patient_id: int | None = None
    record_type: str | None = None
    starts_on: date | None = None
    ends_on: date | None = None

    def check(self) -> HoldScope:
        """The scope itself, or InvalidInput when it covers nothing or its dates are reversed."""
        if (
            self.patient_id is None
            and self.record_type is None
            and self.starts_on is None
            and self.ends_on is None
        ):
            raise InvalidInput("A legal hold must name a patient, a record type or a date range.")
        if self.starts_on and self.ends_on and self.starts_on > self.ends_on:
            raise InvalidInput(
                f"A legal hold's range starts on {self.starts_on}, after it ends ({self.ends_on})."
            )
        return self

    def covers(self, patient_id: int, record_type: str, first: date, last: date) -> bool:
        """Whether a volume of this patient and type, active from ``first`` to ``last``, is held."""
        if self.patient_id is not None and self.patient_id != patient_id:
            return False
        if self.record_type is not None and self.record_type != record_type:
            return False
        if self.starts_on is not None and last < self.starts_on:
            return False
        return not (self.ends_on is not None and first > self.ends_on)


def shelf_inches(volumes: int, per_volume: float = DEFAULT_INCHES_PER_VOLUME) -> float:
    """The shelf freed by taking ``volumes`` volumes away, in inches."""
    return round(volumes * per_volume, 1)


MAX_VOLUME_INCHES = 12.0


def check_thickness(inches: float) -> float:
    """A measured volume thickness, or InvalidInput when no folder could be that thick."""
    if not 0.05 <= inches <= MAX_VOLUME_INCHES:
        raise InvalidInput(
            f"A volume {inches:g} inches thick? Measure again: 0.05 to "
            f"{MAX_VOLUME_INCHES:g} inches."
        )
    return round(inches, 2)


def box_barcode(box_id: int) -> str:
    """The barcode of an off-site box: B and its number, zero-padded (B000123)."""
    return f"B{box_id:0{BOX_DIGITS}d}"


_BOX = re.compile(rf"^B(\d{{{BOX_DIGITS},}})$")


def parse_box_barcode(text: str) -> int | None:
    """The box number a scan names, or None when it is not a box barcode."""
    found = _BOX.match(text.strip().upper())
    return int(found.group(1)) if found else None
