"""CSV schedule exports: the default header, a site's column mapping, one event per line."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from recordsdesk.domain.errors import InvalidInput
from recordsdesk.domain.mrn import MrnRules, normalize_mrn
from recordsdesk.feeds.dates import DateOrder, parse_csv_date, parse_csv_moment
from recordsdesk.feeds.events import (
    Action,
    AppointmentEvent,
    FeedFormat,
    FeedProblem,
    ParsedSchedule,
)

# The documented default header, in order. ``clinic_name`` is optional and mappable: without it
# the clinic code doubles as the name.
DEFAULT_HEADER = (
    "appointment_id",
    "mrn",
    "family_name",
    "given_name",
    "dob",
    "start",
    "clinic",
    "provider",
    "status",
)
# ``date`` and ``time`` are for exports that write the start in two columns (instead of start).
FIELDS = (*DEFAULT_HEADER, "clinic_name", "date", "time")
REQUIRED = ("appointment_id", "mrn", "start")
# The required fields other than the start, which may come as start or as date (and time).
_IDENTIFYING = ("appointment_id", "mrn")
DELIMITERS = (",", ";", "\t", "|")

# Statuses that withdraw the appointment, as the big systems' exports write them (folded to
# letters and digits); any other status books it, unless the feed's status map says otherwise.
_STATUS_ACTIONS = {
    "cancelled": Action.CANCEL,
    "canceled": Action.CANCEL,
    "cancel": Action.CANCEL,
    "canc": Action.CANCEL,
    "cnl": Action.CANCEL,
    "cx": Action.CANCEL,
    "noshow": Action.NO_SHOW,
    "dna": Action.NO_SHOW,
    "didnotattend": Action.NO_SHOW,
    "didnotarrive": Action.NO_SHOW,
    "deleted": Action.DELETE,
}
_MAPPED_ACTIONS = {
    "book": Action.BOOK,
    "cancel": Action.CANCEL,
    "no_show": Action.NO_SHOW,
    "delete": Action.DELETE,
}


def fold_status(status: str) -> str:
    """A status as compared: lower case, letters and digits only ("x - Cancelled" -> xcancelled)."""
    return "".join(char for char in status.lower() if char.isalnum())


def action_for_status(status: str, statuses: Mapping[str, str] | None = None) -> Action:
    """The action a CSV status stands for: the feed's status map first; then cancelled (also
    "Patient Cancelled", "x - Cancelled", CANC), no-show (also DNA) and deleted withdraw; else
    book."""
    folded = fold_status(status)
    for written, action in (statuses or {}).items():
        if fold_status(written) == folded:
            return _MAPPED_ACTIONS[action]
    if folded in _STATUS_ACTIONS:
        return _STATUS_ACTIONS[folded]
    if folded.endswith(("cancelled", "canceled")):
        return Action.CANCEL
    return Action.BOOK


@dataclass(frozen=True)
class CsvLayout:
    """How a site's CSV export is laid out.

    ``columns`` maps our field names (``FIELDS``) to the export's header names; unmapped fields
    keep their own names, and headers match without regard to case or surrounding spaces.
    ``delimiter`` None means: the most frequent of comma, semicolon, tab and bar in the header.
    """

    columns: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    date_order: DateOrder = DateOrder.ISO
    delimiter: str | None = None
    # The export's status -> book, cancel, no_show or delete, before the usual statuses.
    statuses: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    def __post_init__(self) -> None:
        unknown = sorted(set(self.columns) - set(FIELDS))
        if unknown:
            raise InvalidInput(
                f"Unknown field {', '.join(unknown)} in the CSV column mapping: "
                f"the fields are {', '.join(FIELDS)}."
            )
        if self.delimiter is not None and len(self.delimiter) != 1:
            raise InvalidInput(f"The CSV delimiter must be one character, not '{self.delimiter}'.")
        object.__setattr__(self, "columns", MappingProxyType(dict(self.columns)))
        object.__setattr__(self, "statuses", MappingProxyType(dict(self.statuses)))

    @classmethod
    def from_json(cls, columns_json: str, date_order: DateOrder = DateOrder.ISO) -> CsvLayout:
        """A layout from the site setting: a JSON object of our field -> their header name."""
        try:
            columns = json.loads(columns_json)
        except json.JSONDecodeError as error:
            raise InvalidInput(f"The CSV column mapping is not valid JSON ({error.msg}).") from None
        if not isinstance(columns, dict) or not all(
            isinstance(key, str) and isinstance(header, str) for key, header in columns.items()
        ):
            raise InvalidInput(
                'The CSV column mapping must be a JSON object of names, like {"mrn": "Patient No"}.'
            )
        return cls(columns=columns, date_order=date_order)

    def header_for(self, name: str) -> str:
        """The export's header name for one of our fields."""
        return self.columns.get(name, name)


_DEFAULT_LAYOUT = CsvLayout()
_SITE_DEFAULTS = MrnRules()


def _delimiter(header_line: str, layout: CsvLayout) -> str:
    """The layout's delimiter, else the one the header line uses most."""
    if layout.delimiter is not None:
        return layout.delimiter
    return max(DELIMITERS, key=header_line.count)


def csv_header_matches(line: str, layout: CsvLayout) -> bool:
    """Whether a line reads as a CSV header holding the layout's required columns."""
    try:
        cells = next(csv.reader([line], delimiter=_delimiter(line, layout)), [])
    except csv.Error:
        return False
    names = {cell.strip().lower() for cell in cells}
    has = [layout.header_for(name).strip().lower() in names for name in (*_IDENTIFYING, "start")]
    dated = layout.header_for("date").strip().lower() in names
    return all(has[:2]) and (has[2] or dated)


def _columns(header: list[str], layout: CsvLayout, source: str) -> dict[str, int]:
    """Our field -> column index; a header lacking a required column refuses the whole file."""
    positions = {name.strip().lower(): index for index, name in reversed(list(enumerate(header)))}
    found = {
        name: positions[layout.header_for(name).strip().lower()]
        for name in FIELDS
        if layout.header_for(name).strip().lower() in positions
    }
    missing = [layout.header_for(name) for name in _IDENTIFYING if name not in found]
    if "start" not in found and "date" not in found:
        missing.append(f"{layout.header_for('start')} (or {layout.header_for('date')})")
    if missing:
        raise InvalidInput(
            f"{source}: the CSV header lacks the column(s) {', '.join(missing)} "
            f"(it has {', '.join(cell.strip() for cell in header)[:200]})."
        )
    return found


def parse_csv_schedule(
    text: str, source: str, layout: CsvLayout = _DEFAULT_LAYOUT, rules: MrnRules = _SITE_DEFAULTS
) -> ParsedSchedule:
    """Every line of a CSV schedule: good lines become events, bad ones problems."""
    lines = text.lstrip("\ufeff")
    first = next((line for line in lines.splitlines() if line.strip()), "")
    reader = csv.reader(io.StringIO(lines, newline=""), delimiter=_delimiter(first, layout))
    columns: dict[str, int] | None = None
    width = 0
    events: list[AppointmentEvent] = []
    problems: list[FeedProblem] = []
    last_line = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            problems.append(FeedProblem(f"line {last_line + 1}", f"not readable as CSV ({error})"))
            last_line = reader.line_num
            continue
        position = f"line {last_line + 1}"
        last_line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if columns is None:
            columns, width = _columns(row, layout, source), len(row)
            continue
        try:
            events.append(_event(row, width, columns, position, layout, rules))
        except InvalidInput as error:
            problems.append(FeedProblem(position, error.message))
    if columns is None:
        raise InvalidInput(f"{source} is empty: a CSV schedule needs a header line.")
    return ParsedSchedule(source, FeedFormat.CSV, tuple(events), tuple(problems))


def _event(
    row: list[str],
    width: int,
    columns: dict[str, int],
    position: str,
    layout: CsvLayout,
    rules: MrnRules,
) -> AppointmentEvent:
    """One data line as an event, or InvalidInput saying what is wrong with it."""
    if len(row) < width or any(cell.strip() for cell in row[width:]):
        raise InvalidInput(f"{len(row)} values where the header has {width} columns")

    def cell(name: str) -> str:
        index = columns.get(name)
        return row[index].strip() if index is not None else ""

    for name in _IDENTIFYING:
        if not cell(name):
            raise InvalidInput(f"no {layout.header_for(name)}")
    when, label = cell("start"), layout.header_for("start")
    if not when and "date" in columns:
        when = f"{cell('date')} {cell('time')}".strip()
        label = layout.header_for("date") + (
            f" and {layout.header_for('time')}" if cell("time") else ""
        )
    if not when:
        raise InvalidInput(f"no {label}")
    try:
        start, offset = parse_csv_moment(when, layout.date_order)
    except InvalidInput as error:
        raise InvalidInput(f"{label}: {error.message}") from None
    dob_text = cell("dob")
    try:
        dob = parse_csv_date(dob_text, layout.date_order) if dob_text else None
    except InvalidInput as error:
        raise InvalidInput(f"{layout.header_for('dob')}: {error.message}") from None
    status = cell("status")
    return AppointmentEvent(
        position=position,
        appointment_id=cell("appointment_id"),
        action=action_for_status(status, layout.statuses),
        mrn=normalize_mrn(cell("mrn"), rules),
        family_name=cell("family_name"),
        given_name=cell("given_name"),
        dob=dob,
        start=start,
        start_offset=offset,
        clinic_code=cell("clinic"),
        clinic_name=cell("clinic_name") or cell("clinic"),
        provider=cell("provider"),
        status=status,
    )
