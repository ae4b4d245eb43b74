"""Filing schemes: where a chart sits on the shelves, as a sortable key and as a shelf position."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from recordsdesk.domain.errors import InvalidInput

NON_NUMERIC_SECTION = "ALPHA"


class FilingScheme(Enum):
    """The order charts stand in on the shelves."""

    TERMINAL = "terminal"
    MIDDLE = "middle"
    STRAIGHT = "straight"

    @classmethod
    def parse(cls, text: str) -> FilingScheme:
        """The scheme named ``text``, or InvalidInput listing the choices."""
        try:
            return cls(text.strip().lower())
        except ValueError:
            choices = ", ".join(s.value for s in cls)
            raise InvalidInput(f"Unknown filing scheme '{text}': choose {choices}.") from None


@dataclass(frozen=True)
class FilingRules:
    """A site's filing scheme and MRN width (zero padding)."""

    scheme: FilingScheme = FilingScheme.TERMINAL
    width: int = 6

    def __post_init__(self) -> None:
        if not 4 <= self.width <= 20 or self.width % 2:
            raise InvalidInput(f"MRN width {self.width} must be even, from 4 to 20.")


@dataclass(frozen=True)
class ShelfPosition:
    """Where a chart files: its section, its position, and a key that sorts in walk order."""

    key: str
    section: str
    display: str
    groups: str
    numeric: bool


def _pairs(digits: str) -> tuple[str, str, str]:
    """Split zero-padded digits into (rest, secondary, primary) from the right."""
    return digits[:-4], digits[-4:-2], digits[-2:]


def _number_key(digits: str) -> str:
    """Digits as a key that sorts by numeric value: length prefix, then the digits unpadded."""
    value = digits.lstrip("0")
    return f"{len(value):02d}{value}"


def _groups(digits: str) -> str:
    """The MRN written in filing groups: pairs (12-34-56), extra leading digits kept together."""
    if len(digits) % 2 == 0:
        return "-".join([digits[i : i + 2] for i in range(0, len(digits), 2)])
    rest, secondary, primary = _pairs(digits)
    return f"{rest}-{secondary}-{primary}"


def shelf_position(mrn: str, rules: FilingRules = FilingRules()) -> ShelfPosition:
    """The shelf position of ``mrn``; non-numeric MRNs file apart, after the rest."""
    if not mrn.isdigit():
        return ShelfPosition(
            key=f"1{mrn}", section=NON_NUMERIC_SECTION, display=mrn, groups=mrn, numeric=False
        )
    digits = mrn.zfill(rules.width)
    rest, secondary, primary = _pairs(digits)
    groups = _groups(digits)
    # The raw MRN closes the key so that 00432 and 432 (different patients at some sites) differ.
    tail = f"{len(mrn):02d}{mrn}"
    if rules.scheme is FilingScheme.TERMINAL:
        key = f"0{primary}{secondary}{_number_key(rest)}{tail}"
        return ShelfPosition(key, primary, f"{primary}-{secondary}-{rest}", groups, True)
    if rules.scheme is FilingScheme.MIDDLE:
        left, middle, right = rest, secondary, primary
        key = f"0{middle}{_number_key(left)}{right}{tail}"
        return ShelfPosition(key, middle, f"{middle}-{left}-{right}", groups, True)
    key = f"0{_number_key(digits)}{tail}"
    return ShelfPosition(key, digits[:-4] or "0", groups, groups, True)


def filing_order(mrns: list[str], rules: FilingRules = FilingRules()) -> list[str]:
    """The MRNs sorted in the order the shelves hold them (stable for equal positions)."""
    return sorted(mrns, key=lambda m: shelf_position(m, rules).key)
