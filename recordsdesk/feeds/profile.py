"""A feed profile: how one sending system's schedule files are read (identity, MRN, clinic,
encoding, CSV layout and statuses). Stored by name (``schedule feed add/set``) as JSON."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from enum import Enum
from types import MappingProxyType
from typing import Any

from recordsdesk.domain.errors import InvalidInput
from recordsdesk.feeds.charsets import hl7_codec
from recordsdesk.feeds.csv_schedule import CsvLayout
from recordsdesk.feeds.dates import DateOrder


class Identity(Enum):
    """Which SCH id names an appointment.

    ``filler`` first (SCH-2, the scheduling system's own id) then ``placer`` (SCH-1) is what
    interface engines do and the default; a site whose system keys otherwise says so.
    """

    FILLER_THEN_PLACER = "filler,placer"
    PLACER_THEN_FILLER = "placer,filler"
    FILLER = "filler"
    PLACER = "placer"


class ClinicCode(Enum):
    """How a PL location becomes a clinic code.

    ``point_of_care``: PL.1, else the room (PL.2) qualified by the facility (PL.4);
    ``point_of_care_room``: PL.1 and the room together (theatres sharing one point of care).
    """

    POINT_OF_CARE = "point_of_care"
    POINT_OF_CARE_ROOM = "point_of_care_room"


_CLINIC_FIELDS = frozenset({"AIL-3", "PV1-3", "SCH-5", "AIS-3"})


@dataclass(frozen=True)
class FeedProfile:
    """The settings of one feed; every default is the standard's reading.

    - ``identity``: which SCH ids key an appointment, in order; ``qualify`` adds the sending
      application and facility (MSH-3, MSH-4), so two systems' "1001" stay two appointments.
    - ``mrn_types`` / ``mrn_authority``: which PID-3 repetitions are the MRN (CX.5 identifier
      type; CX.4 assigning authority when set). ``PI`` for feeds that send only patient ids.
    - ``clinic_fields``: where the clinic is named, first found wins (AIL-3, PV1-3, SCH-5...).
    - ``encoding``: the text encoding of files or messages that do not declare one (MSH-18);
      empty: UTF-8, and for CSV what charset-normalizer detects.
    - ``csv_*``: the CSV export's columns, date order, status map (their status -> book,
      cancel, no_show, delete), and whether the hour is written 12-hour (am/pm) — read anyway.
    """

    identity: Identity = Identity.FILLER_THEN_PLACER
    qualify: bool = True
    mrn_types: tuple[str, ...] = ("MR", "MRN")
    mrn_authority: str = ""
    clinic_fields: tuple[str, ...] = ("AIL-3", "PV1-3")
    clinic_code: ClinicCode = ClinicCode.POINT_OF_CARE
    encoding: str = ""
    csv_columns: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    csv_date_order: DateOrder = DateOrder.ISO
    csv_delimiter: str = ""
    csv_statuses: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    def __post_init__(self) -> None:
        unknown = [name for name in self.clinic_fields if name not in _CLINIC_FIELDS]
        if unknown:
            raise InvalidInput(
                f"Unknown clinic field {', '.join(unknown)}: choose from "
                f"{', '.join(sorted(_CLINIC_FIELDS))}."
            )
        if not self.mrn_types:
            raise InvalidInput("A feed needs at least one PID-3 identifier type for the MRN.")
        if self.encoding:
            codec = hl7_codec(self.encoding)
            if not codec:
                raise InvalidInput(f"Unknown text encoding '{self.encoding}'.")
            object.__setattr__(self, "encoding", codec)
        for status, action in self.csv_statuses.items():
            if action not in _STATUS_ACTIONS:
                raise InvalidInput(
                    f"Status '{status}' maps to '{action}': choose "
                    f"{', '.join(sorted(_STATUS_ACTIONS))}."
                )
        object.__setattr__(self, "csv_columns", MappingProxyType(dict(self.csv_columns)))
        object.__setattr__(self, "csv_statuses", MappingProxyType(dict(self.csv_statuses)))
        self.csv_layout()  # a bad column mapping is refused when set, not at 2 a.m.

    def csv_layout(self) -> CsvLayout:
        """The CSV layout these settings describe."""
        return CsvLayout(
            columns=self.csv_columns,
            date_order=self.csv_date_order,
            delimiter=self.csv_delimiter or None,
            statuses=self.csv_statuses,
        )

    def to_json(self) -> str:
        """The settings as stored."""
        return json.dumps(self.as_dict(), sort_keys=True, ensure_ascii=False)

    def as_dict(self) -> dict[str, Any]:
        """The settings as plain values, as shown by ``schedule feed show``."""
        shown: dict[str, Any] = {}
        for item in fields(self):
            value = getattr(self, item.name)
            if isinstance(value, Enum):
                value = value.value
            elif isinstance(value, tuple):
                value = ",".join(value)
            elif isinstance(value, Mapping):
                value = dict(value)
            shown[item.name] = value
        return shown

    @classmethod
    def from_json(cls, text: str) -> FeedProfile:
        """Settings as stored (unknown names refused, so a typo never passes silently)."""
        try:
            raw = json.loads(text or "{}")
        except json.JSONDecodeError as error:
            raise InvalidInput(f"The feed settings are not valid JSON ({error.msg}).") from None
        return cls().with_settings({k: v for k, v in raw.items()})

    def with_settings(self, changes: Mapping[str, Any]) -> FeedProfile:
        """These settings with ``changes`` (name -> text, or stored JSON values) applied."""
        known = {item.name for item in fields(self)}
        updates: dict[str, Any] = {}
        for name, value in changes.items():
            if name not in known:
                raise InvalidInput(
                    f"Unknown feed setting '{name}': the settings are {', '.join(sorted(known))}."
                )
            updates[name] = _coerce(name, value)
        return replace(self, **updates)


_STATUS_ACTIONS = frozenset({"book", "cancel", "no_show", "delete"})


def _mapping(name: str, value: Any) -> dict[str, str]:
    if isinstance(value, str):
        try:
            value = json.loads(value) if value.strip() else {}
        except json.JSONDecodeError as error:
            raise InvalidInput(f"{name} must be a JSON object ({error.msg}).") from None
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise InvalidInput(f'{name} must be a JSON object of names, like {{"mrn": "Patient No"}}.')
    return value


def _coerce(name: str, value: Any) -> Any:
    """A setting's value from its text (or stored JSON value), refused with its name if bad."""
    try:
        if name == "identity":
            return Identity(str(value).replace(" ", ""))
        if name == "clinic_code":
            return ClinicCode(str(value))
        if name == "csv_date_order":
            return DateOrder(str(value))
    except ValueError:
        raise InvalidInput(f"'{value}' is not a value of {name}.") from None
    if name == "qualify":
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text not in ("yes", "no", "true", "false", "1", "0"):
            raise InvalidInput(f"qualify is yes or no, not '{value}'.")
        return text in ("yes", "true", "1")
    if name in ("mrn_types", "clinic_fields"):
        parts = value if isinstance(value, list) else str(value).split(",")
        return tuple(part.strip().upper() for part in parts if part.strip())
    if name in ("csv_columns", "csv_statuses"):
        return _mapping(name, value)
    return str(value).strip()
