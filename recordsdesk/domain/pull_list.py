"""The pull list: which charts to take from the shelves for a day's appointments, in walk order."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import Enum
from types import MappingProxyType
from typing import Any

from recordsdesk.domain.errors import InvalidInput

UNASSIGNED_UNIT = "Unassigned"
_SECTION_RANGE = re.compile(r"^(\d{2})(?:\s*-\s*(\d{2}))?$")


class PullOrder(Enum):
    """How the items of a pull list are sorted; shelf (walk) order is the default."""

    SHELF = "terminal"
    CLINIC = "clinic"
    TIME = "time"
    UNIT = "unit"

    @classmethod
    def parse(cls, text: str) -> PullOrder:
        """The order named ``text`` (terminal, shelf, clinic, time, unit), or InvalidInput."""
        name = text.strip().lower()
        if name in ("shelf", "walk"):
            return cls.SHELF
        try:
            return cls(name)
        except ValueError:
            raise InvalidInput(
                f"Unknown pull-list order '{text}': choose terminal, clinic, time or unit."
            ) from None


@dataclass(frozen=True)
class ShelvingUnits:
    """Which shelving unit holds each section, and the order the clerk walks the units in.

    ``sections`` maps a section ("00".."99", "ALPHA") to a unit name; ``walk`` lists the unit
    names in walking order. A section no unit holds is shown as ``UNASSIGNED_UNIT``, walked last.
    """

    sections: Mapping[str, str]
    walk: tuple[str, ...]

    def __post_init__(self) -> None:
        missing = sorted(set(self.sections.values()) - set(self.walk))
        if missing:
            raise InvalidInput(f"Shelving unit {', '.join(missing)} has no place in the walk.")
        object.__setattr__(self, "sections", MappingProxyType(dict(self.sections)))

    @classmethod
    def uniform(cls, units: int = 20, per_unit: int = 5) -> ShelvingUnits:
        """Units 'Unit 1', 'Unit 2'... of ``per_unit`` sections each from 00, and 'Alpha' last."""
        if units < 1 or per_unit < 1:
            raise InvalidInput("A shelving layout needs at least one unit of one section.")
        sections = {
            f"{n:02d}": f"Unit {n // per_unit + 1}" for n in range(min(100, units * per_unit))
        }
        sections["ALPHA"] = "Alpha"
        walk = tuple(dict.fromkeys(sections.values()))
        return cls(sections, walk)

    @classmethod
    def from_ranges(cls, ranges: Mapping[str, str]) -> ShelvingUnits:
        """Units from a site setting: unit name -> sections, e.g. {"Unit 7": "30-34", "A": "ALPHA"}.

        Sections are written as two-digit numbers or ranges, comma-separated; the units are
        walked in the order given.
        """
        sections: dict[str, str] = {}
        for unit, written in ranges.items():
            if not unit.strip():
                raise InvalidInput("A shelving unit needs a name.")
            for part in written.split(","):
                for section in _sections_in(part.strip(), unit):
                    if section in sections:
                        raise InvalidInput(
                            f"Section {section} is in both {sections[section]} and {unit}."
                        )
                    sections[section] = unit
        return cls(sections, tuple(ranges))

    def unit_of(self, section: str) -> str:
        """The name of the unit holding ``section``."""
        return self.sections.get(section, UNASSIGNED_UNIT)

    def rank(self, unit: str) -> int:
        """Where the unit comes in the walk (unassigned sections last)."""
        return self.walk.index(unit) if unit in self.walk else len(self.walk)


def _sections_in(written: str, unit: str) -> list[str]:
    """The sections of one written range: '30-34', '07' or 'ALPHA'."""
    if written.upper() == "ALPHA":
        return ["ALPHA"]
    match = _SECTION_RANGE.match(written)
    if match is None:
        raise InvalidInput(
            f"'{written}' for {unit} is not a section or range of sections (like 30-34 or ALPHA)."
        )
    first = int(match.group(1))
    last = int(match.group(2) or first)
    if last < first:
        raise InvalidInput(f"The range '{written}' for {unit} runs backwards.")
    return [f"{n:02d}" for n in range(first, last + 1)]


DEFAULT_UNITS = ShelvingUnits.uniform()


@dataclass(frozen=True)
class Appointment:
    """One appointment of the day, as the pull list needs it; times are naive local times."""

    appointment_id: str
    mrn: str
    patient_name: str
    clinic_code: str
    clinic_name: str
    start: datetime
    cancelled: bool = False


@dataclass(frozen=True)
class VolumeState:
    """One volume to pull for a patient and where it is now (``location_code`` None: at home)."""

    volume_id: int
    number: int
    count: int
    barcode: str
    shelf_key: str
    shelf: str
    section: str
    location_code: str | None = None
    location_name: str = ""
    since: datetime | None = None
    missing: bool = False
    # Set by retention: "off-site, box B000123, Records Centre; allow 3 days to recall", or
    # "destroyed 2029-04-02" (with ``destroyed``).
    retention: str = ""
    destroyed: bool = False

    @property
    def label(self) -> str:
        """'Vol 2 of 3', as printed on the chart label."""
        return f"Vol {self.number} of {self.count}"


class Reason(Enum):
    """Why a chart is listed apart instead of being pulled from its shelf."""

    OUT = "out"
    AT_CLINIC = "at_clinic"
    MISSING = "missing"
    NO_CHART = "no_chart"
    OFF_SITE = "off_site"
    DESTROYED = "destroyed"


@dataclass(frozen=True)
class PullItem:
    """A chart to take from its shelf, and where it goes."""

    key: str
    mrn: str
    name: str
    volume_id: int
    volume_number: int
    volume: str
    barcode: str
    shelf: str
    shelf_key: str
    section: str
    unit: str
    appointment_id: str
    clinic_code: str
    clinic_name: str
    time: datetime


@dataclass(frozen=True)
class PullException:
    """A chart that cannot be pulled from its shelf: out elsewhere, missing, or not made yet."""

    key: str
    mrn: str
    name: str
    reason: Reason
    detail: str
    appointment_id: str
    clinic_code: str
    clinic_name: str
    time: datetime
    volume_id: int | None = None
    volume: str = ""
    barcode: str = ""
    where: str = ""
    since: datetime | None = None


@dataclass(frozen=True)
class Forward:
    """A later appointment the same day: from the earlier clinic the chart goes on to this one."""

    key: str
    mrn: str
    name: str
    appointment_id: str
    from_clinic_code: str
    from_clinic_name: str
    to_clinic_code: str
    to_clinic_name: str
    time: datetime


@dataclass(frozen=True)
class PullList:
    """Items in the chosen order, the exceptions, the forwards; ``withdrawn`` is only filled in
    an updates-only list: keys printed before that are no longer on the list."""

    items: tuple[PullItem, ...]
    exceptions: tuple[PullException, ...]
    forwards: tuple[Forward, ...]
    withdrawn: tuple[str, ...] = field(default=())

    @property
    def keys(self) -> frozenset[str]:
        """The request keys of everything on the list, to remember what was printed."""
        entries: Iterable[PullItem | PullException | Forward] = (
            *self.items,
            *self.exceptions,
            *self.forwards,
        )
        return frozenset(entry.key for entry in entries)


def _exception(first: Appointment, volume: VolumeState) -> PullException | None:
    """The exception for a volume not on its shelf, or None when it can be pulled."""
    where = volume.location_name or volume.location_code or ""
    since = f" since {volume.since:%Y-%m-%d %H:%M}" if volume.since else ""
    if volume.retention:
        reason = Reason.DESTROYED if volume.destroyed else Reason.OFF_SITE
        detail = volume.retention[:1].upper() + volume.retention[1:]
    elif volume.missing:
        reason = Reason.MISSING
        detail = "Flagged missing" + (f"; last at {where}" if where else "")
    elif volume.location_code is None:
        return None
    elif volume.location_code == first.clinic_code:
        reason, detail = Reason.AT_CLINIC, f"Already at {where}{since}"
    else:
        reason, detail = Reason.OUT, f"Out at {where}{since}"
    return PullException(
        key=f"{reason.value}:{first.appointment_id}:{volume.volume_id}:{volume.location_code}",
        mrn=first.mrn,
        name=first.patient_name,
        reason=reason,
        detail=detail,
        appointment_id=first.appointment_id,
        clinic_code=first.clinic_code,
        clinic_name=first.clinic_name,
        time=first.start,
        volume_id=volume.volume_id,
        volume=volume.label,
        barcode=volume.barcode,
        where=where,
        since=volume.since,
    )


def _item(first: Appointment, volume: VolumeState, units: ShelvingUnits) -> PullItem:
    """The pull-list line for a volume at home."""
    return PullItem(
        key=f"pull:{first.appointment_id}:{volume.volume_id}",
        mrn=first.mrn,
        name=first.patient_name,
        volume_id=volume.volume_id,
        volume_number=volume.number,
        volume=volume.label,
        barcode=volume.barcode,
        shelf=volume.shelf,
        shelf_key=volume.shelf_key,
        section=volume.section,
        unit=units.unit_of(volume.section),
        appointment_id=first.appointment_id,
        clinic_code=first.clinic_code,
        clinic_name=first.clinic_name,
        time=first.start,
    )


def _forwards(visits: Sequence[Appointment]) -> list[Forward]:
    """Route the chart on from clinic to clinic through a patient's later appointments."""
    forwards = []
    here = visits[0]
    for later in visits[1:]:
        if later.clinic_code == here.clinic_code:
            continue  # the chart is already there
        forwards.append(
            Forward(
                key=f"forward:{later.appointment_id}:{here.appointment_id}",
                mrn=later.mrn,
                name=later.patient_name,
                appointment_id=later.appointment_id,
                from_clinic_code=here.clinic_code,
                from_clinic_name=here.clinic_name,
                to_clinic_code=later.clinic_code,
                to_clinic_name=later.clinic_name,
                time=later.start,
            )
        )
        here = later
    return forwards


def _item_order(order: PullOrder, units: ShelvingUnits) -> Callable[[PullItem], tuple[Any, ...]]:
    """The sort key for items in ``order``; the shelf key breaks every tie."""

    def key(item: PullItem) -> tuple[Any, ...]:
        shelf = (item.shelf_key, item.volume_number, item.volume_id)
        if order is PullOrder.CLINIC:
            return (item.clinic_name.lower(), item.clinic_code, item.time, *shelf)
        if order is PullOrder.TIME:
            return (item.time, *shelf)
        if order is PullOrder.UNIT:
            return (units.rank(item.unit), *shelf)
        return shelf

    return key


_REASON_ORDER = {reason: rank for rank, reason in enumerate(Reason)}


def build_pull_list(
    appointments: Iterable[Appointment],
    charts: Mapping[str, Sequence[VolumeState]],
    units: ShelvingUnits = DEFAULT_UNITS,
    order: PullOrder = PullOrder.SHELF,
) -> PullList:
    """The pull list for ``appointments`` given each patient's volumes (keyed by MRN).

    Cancelled appointments drop off. A patient booked more than once on a day is pulled once,
    for the earliest appointment; the later ones become forwards. A patient with no volumes is
    an exception (booked with no chart yet), as is each volume out, already at the clinic or
    missing. When an appointment id repeats, its last occurrence stands.
    """
    latest = {appointment.appointment_id: appointment for appointment in appointments}
    days: dict[tuple[str, date], list[Appointment]] = {}
    for appointment in latest.values():
        if not appointment.cancelled:
            days.setdefault((appointment.mrn, appointment.start.date()), []).append(appointment)
    items: list[PullItem] = []
    exceptions: list[PullException] = []
    forwards: list[Forward] = []
    for visits in days.values():
        visits.sort(key=lambda visit: (visit.start, visit.appointment_id))
        first = visits[0]
        forwards.extend(_forwards(visits))
        volumes = sorted(charts.get(first.mrn, ()), key=lambda v: (v.number, v.volume_id))
        if not volumes:
            exceptions.append(_no_chart(first))
        for volume in volumes:
            apart = _exception(first, volume)
            if apart is not None:
                exceptions.append(apart)
            else:
                items.append(_item(first, volume, units))
    items.sort(key=_item_order(order, units))
    exceptions.sort(key=lambda e: (_REASON_ORDER[e.reason], e.where.lower(), e.time, e.mrn))
    forwards.sort(key=lambda f: (f.from_clinic_name.lower(), f.from_clinic_code, f.time, f.mrn))
    return PullList(tuple(items), tuple(exceptions), tuple(forwards))


def _no_chart(first: Appointment) -> PullException:
    """The exception for a patient booked before the file room has a chart for them."""
    return PullException(
        key=f"{Reason.NO_CHART.value}:{first.appointment_id}",
        mrn=first.mrn,
        name=first.patient_name,
        reason=Reason.NO_CHART,
        detail="Booked with no chart yet",
        appointment_id=first.appointment_id,
        clinic_code=first.clinic_code,
        clinic_name=first.clinic_name,
        time=first.start,
    )


def updates_since(pull_list: PullList, printed: Collection[str]) -> PullList:
    """Only what changed since a list with the ``printed`` keys went out: new entries, in the
    same order, and the printed keys that have since dropped off (``withdrawn``)."""
    printed_keys = frozenset(printed)
    return replace(
        pull_list,
        items=tuple(item for item in pull_list.items if item.key not in printed_keys),
        exceptions=tuple(e for e in pull_list.exceptions if e.key not in printed_keys),
        forwards=tuple(f for f in pull_list.forwards if f.key not in printed_keys),
        withdrawn=tuple(sorted(printed_keys - pull_list.keys)),
    )
