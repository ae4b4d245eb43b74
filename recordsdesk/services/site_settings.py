"""The site's settings as stored in the database: parsed, checked, and cached for the scan path."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field

from sqlalchemy import Connection, select

from recordsdesk.domain.barcodes import ScannerConfig
from recordsdesk.domain.checkdigit import CheckDigitScheme
from recordsdesk.domain.colours import DEFAULT_PALETTE, ThermalBlocks, parse_palette
from recordsdesk.domain.errors import InvalidInput
from recordsdesk.domain.filing import FilingRules, FilingScheme
from recordsdesk.domain.mrn import MrnRules
from recordsdesk.domain.pull_list import DEFAULT_UNITS, ShelvingUnits
from recordsdesk.feeds.csv_schedule import CsvLayout
from recordsdesk.feeds.dates import DateOrder
from recordsdesk.storage.models import Setting
from recordsdesk.storage.work import Work


@dataclass(frozen=True)
class SiteSettings:
    """Every site setting, parsed."""

    file_room: str = "Main file room"
    filing: FilingRules = field(default_factory=FilingRules)
    mrn: MrnRules = field(default_factory=MrnRules)
    scanner: ScannerConfig = field(default_factory=ScannerConfig)
    palette: tuple[str, ...] = DEFAULT_PALETTE
    colour_digits: int = 2
    shelving_units: ShelvingUnits = DEFAULT_UNITS
    csv_layout: CsvLayout = field(default_factory=CsvLayout)
    barcode_symbology: str = "code128"
    code39_check: bool = False
    label_stock: str = "avery-5160"
    auto_labels: bool = False
    # The CUPS queue that labels for new volumes go to without asking (empty: preview first).
    label_printer: str = ""
    # The queue chosen at set-up for pull lists and reports (empty: the system's default).
    list_printer: str = ""
    # Minutes without input before the desk locks and asks for the password again.
    idle_lock_minutes: int = 10
    # Per printer queue: how far its print must move (x, y in mm) to land on the labels.
    printer_offsets: dict[str, tuple[float, float]] = field(default_factory=dict)
    # Per printer queue: its resolution in dots per inch, where labels' bars are snapped to.
    printer_dpi: dict[str, int] = field(default_factory=dict)
    # How thermal and Zebra labels draw the digit blocks (black and white only).
    thermal_blocks: ThermalBlocks = ThermalBlocks.ALTERNATE
    # The queue request slips print on as requests arrive, where a workstation names none.
    slip_printer: str = ""
    # Shelf a volume takes when its thickness was never measured, in inches.
    inches_per_volume: float = 1.5


def _parse_bool(key: str, value: str) -> bool:
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise InvalidInput(f"Setting {key} takes yes or no, not '{value}'.")


def _parse_int(key: str, value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise InvalidInput(f"Setting {key} takes a whole number, not '{value}'.") from None


SETTING_KEYS = (
    "file_room",
    "filing_scheme",
    "mrn_width",
    "leading_zeros_significant",
    "check_digit",
    "scanner_prefix",
    "scanner_suffix",
    "palette",
    "colour_digits",
    "shelving_units",
    "csv_columns",
    "csv_date_order",
    "barcode_symbology",
    "code39_check",
    "label_stock",
    "auto_labels",
    "idle_lock_minutes",
    "printer_offsets",
    "printer_dpi",
    "thermal_blocks",
    "label_printer",
    "list_printer",
    "slip_printer",
    "inches_per_volume",
)


def parse_settings(raw: dict[str, str]) -> SiteSettings:
    """SiteSettings from stored key/value text; InvalidInput names a bad value."""
    unknown = set(raw) - set(SETTING_KEYS)
    if unknown:
        raise InvalidInput(
            f"Unknown setting {sorted(unknown)[0]}: settings are {', '.join(SETTING_KEYS)}."
        )
    try:
        check = CheckDigitScheme(raw.get("check_digit", "none"))
    except ValueError:
        choices = ", ".join(c.value for c in CheckDigitScheme)
        raise InvalidInput(f"Setting check_digit takes one of {choices}.") from None
    colour_digits = _parse_int("colour_digits", raw.get("colour_digits", "2"))
    if colour_digits not in (2, 3):
        raise InvalidInput("Setting colour_digits takes 2 or 3.")
    symbology = raw.get("barcode_symbology", "code128").lower()
    idle_lock = _parse_int("idle_lock_minutes", raw.get("idle_lock_minutes", "10"))
    if not 1 <= idle_lock <= 120:
        raise InvalidInput("Setting idle_lock_minutes takes 1 to 120 minutes.")
    if symbology not in ("code128", "code39"):
        raise InvalidInput("Setting barcode_symbology takes code128 or code39.")
    return SiteSettings(
        file_room=raw.get("file_room", "Main file room"),
        filing=FilingRules(
            FilingScheme.parse(raw.get("filing_scheme", "terminal")),
            _parse_int("mrn_width", raw.get("mrn_width", "6")),
        ),
        mrn=MrnRules(
            _parse_bool("leading_zeros_significant", raw.get("leading_zeros_significant", "no")),
            check,
        ),
        scanner=ScannerConfig(raw.get("scanner_prefix", ""), raw.get("scanner_suffix", "")),
        palette=parse_palette(raw["palette"]) if "palette" in raw else DEFAULT_PALETTE,
        colour_digits=colour_digits,
        shelving_units=_parse_units(raw["shelving_units"])
        if "shelving_units" in raw
        else DEFAULT_UNITS,
        csv_layout=_parse_layout(raw.get("csv_columns"), raw.get("csv_date_order", "iso")),
        barcode_symbology=symbology,
        code39_check=_parse_bool("code39_check", raw.get("code39_check", "no")),
        label_stock=raw.get("label_stock", "avery-5160"),
        auto_labels=_parse_bool("auto_labels", raw.get("auto_labels", "no")),
        idle_lock_minutes=idle_lock,
        printer_offsets=_parse_offsets(raw.get("printer_offsets", "{}")),
        printer_dpi=_parse_dpi(raw.get("printer_dpi", "{}")),
        thermal_blocks=ThermalBlocks.from_setting(raw.get("thermal_blocks", "alternate")),
        label_printer=raw.get("label_printer", "").strip(),
        list_printer=raw.get("list_printer", "").strip(),
        slip_printer=raw.get("slip_printer", "").strip(),
        inches_per_volume=_parse_inches(raw.get("inches_per_volume", "1.5")),
    )


def _parse_inches(text: str) -> float:
    try:
        inches = float(text)
    except ValueError:
        inches = 0.0
    if not 0.1 <= inches <= 12:
        raise InvalidInput(f"Setting inches_per_volume takes 0.1 to 12 inches, not '{text}'.")
    return inches


def _parse_offsets(text: str) -> dict[str, tuple[float, float]]:
    try:
        offsets = json.loads(text)
        parsed = {str(q): (float(xy[0]), float(xy[1])) for q, xy in offsets.items()}
    except (json.JSONDecodeError, AttributeError, TypeError, ValueError, IndexError, KeyError):
        raise InvalidInput(
            'Setting printer_offsets is JSON like {"LABELS": [1.5, -0.5]} (millimetres).'
        ) from None
    return parsed


def _parse_dpi(text: str) -> dict[str, int]:
    try:
        parsed = {str(queue): int(dpi) for queue, dpi in json.loads(text).items()}
    except (json.JSONDecodeError, AttributeError, TypeError, ValueError):
        parsed = {"": 0}
    if not all(100 <= dpi <= 1200 for dpi in parsed.values()):
        raise InvalidInput('Setting printer_dpi is JSON like {"ZEBRA": 203} (100 to 1200).')
    return parsed


def _parse_units(text: str) -> ShelvingUnits:
    try:
        ranges = json.loads(text)
    except json.JSONDecodeError:
        ranges = None
    if not isinstance(ranges, dict) or not all(isinstance(v, str) for v in ranges.values()):
        raise InvalidInput(
            'Setting shelving_units is JSON like {"Unit 1": "00-04", "Unit 2": "05-09"}.'
        )
    return ShelvingUnits.from_ranges(ranges)


def _parse_layout(columns: str | None, order: str) -> CsvLayout:
    try:
        date_order = DateOrder(order.lower())
    except ValueError:
        choices = ", ".join(o.value for o in DateOrder)
        raise InvalidInput(f"Setting csv_date_order takes one of {choices}.") from None
    if columns is None:
        return CsvLayout(date_order=date_order)
    return CsvLayout.from_json(columns, date_order)


def read_settings(conn: Connection) -> SiteSettings:
    """The site's settings as stored in this database, read on ``conn``."""
    rows = conn.execute(select(Setting.key, Setting.value)).all()
    return parse_settings({key: value for key, value in rows})


def load_settings(work: Work) -> SiteSettings:
    """The site's settings as this unit of work (or session) sees them, its own changes too."""
    work.flush()
    return read_settings(work.connection())


class SettingsCache:
    """The settings as last read, re-read after ``max_age`` seconds: the scan path reads them
    on every scan, and they change rarely (a change made here applies at once)."""

    def __init__(self, max_age: float = 30.0) -> None:
        self._max_age = max_age
        self._value: SiteSettings | None = None
        self._read_at = 0.0

    def get(self, work: Work) -> SiteSettings:
        """The cached settings, or fresh ones read through ``work`` when stale."""
        now = time.monotonic()
        if self._value is None or now - self._read_at > self._max_age:
            self._value = load_settings(work)
            self._read_at = now
        return self._value

    def fresh(self) -> SiteSettings | None:
        """The cached settings while they are fresh, else None (read them with ``get``)."""
        if self._value is None or time.monotonic() - self._read_at > self._max_age:
            return None
        return self._value

    def forget(self) -> None:
        """Drop the cached settings so the next reader loads them."""
        self._value = None
