"""The barcode grammar: one value per scannable thing, told apart by a short prefix."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from recordsdesk.domain.errors import InvalidInput

# Code 39 can carry these characters; everything we print stays inside them.
_CODE39 = re.compile(r"^[A-Z0-9 \-.$/+%]+$")
_LOCATION_CODE = re.compile(r"^[A-Z0-9][A-Z0-9\-]{0,15}$")
VOLUME_DIGITS = 7


class ScanKind(Enum):
    """What a scanned or typed value names."""

    VOLUME = "volume"
    LOCATION = "location"
    PERSON = "person"
    REQUEST = "request"
    COMMAND = "command"
    MRN = "mrn"


class Command(Enum):
    """The desk commands printed on command sheets."""

    CHECK_OUT = "CHECKOUT"
    RETURN = "RETURN"
    TRANSFER = "TRANSFER"
    UNDO = "UNDO"


@dataclass(frozen=True)
class Scan:
    """A parsed scan: its kind and the value that identifies the thing."""

    kind: ScanKind
    value: str
    raw: str


@dataclass(frozen=True)
class ScannerConfig:
    """What the site's scanners add around each code (stripped before parsing)."""

    prefix: str = ""
    suffix: str = ""


def volume_barcode(volume_id: int) -> str:
    """The barcode of a volume: V and its number, zero-padded (V0000042)."""
    return f"V{volume_id:0{VOLUME_DIGITS}d}"


def location_barcode(code: str) -> str:
    """The barcode of a place: L- and its code."""
    return f"L-{code}"


def person_barcode(code: str) -> str:
    """The barcode of a person who borrows charts: P- and their code."""
    return f"P-{code}"


def request_barcode(request_id: int) -> str:
    """The barcode on a request slip: R and its number."""
    return f"R{request_id:0{VOLUME_DIGITS}d}"


def command_barcode(command: Command) -> str:
    """The barcode on a command sheet: C- and the command."""
    return f"C-{command.value}"


def validate_location_code(code: str) -> str:
    """A location code as stored (upper case), or InvalidInput."""
    text = code.strip().upper()
    if not _LOCATION_CODE.match(text):
        raise InvalidInput(
            f"'{code}' is not a valid location code: 1 to 16 letters, digits or dashes."
        )
    return text


def _strip_scanner(raw: str, config: ScannerConfig) -> str:
    text = raw
    if config.prefix and text.startswith(config.prefix):
        text = text[len(config.prefix) :]
    if config.suffix and text.endswith(config.suffix):
        text = text[: -len(config.suffix)]
    return text.strip()


def parse_scan(raw: str, config: ScannerConfig = ScannerConfig()) -> Scan:
    """Read a scan or typed code; InvalidInput names a garbled or empty one."""
    text = _strip_scanner(raw, config)
    if not text:
        raise InvalidInput("Empty scan: nothing was read.")
    if any(not ch.isprintable() for ch in text):
        raise InvalidInput(f"Garbled scan {text!r}: it holds control characters. Scan it again.")
    text = text.upper()
    if not _CODE39.match(text):
        raise InvalidInput(
            f"Unreadable scan '{text}': it holds characters no RecordsDesk code has."
        )
    if re.fullmatch(rf"V\d{{{VOLUME_DIGITS},}}", text):
        return Scan(ScanKind.VOLUME, text, raw)
    if re.fullmatch(rf"R\d{{{VOLUME_DIGITS},}}", text):
        return Scan(ScanKind.REQUEST, text, raw)
    prefix, _, body = text.partition("-")
    if body and prefix in ("L", "P"):
        kind = ScanKind.LOCATION if prefix == "L" else ScanKind.PERSON
        return Scan(kind, validate_location_code(body), raw)
    if body and prefix == "C":
        try:
            return Scan(ScanKind.COMMAND, Command(body).value, raw)
        except ValueError:
            raise InvalidInput(f"Unknown command code '{text}'.") from None
    if body and prefix == "M":
        return Scan(ScanKind.MRN, body, raw)
    return Scan(ScanKind.MRN, text, raw)
