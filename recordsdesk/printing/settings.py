"""A site's and a printer's print settings: barcode symbology, colour palette, X/Y offset,
resolution and the thermal block style."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from enum import Enum

from reportlab.lib.units import mm as _MM

from recordsdesk.domain.colours import DEFAULT_PALETTE, ThermalBlocks
from recordsdesk.domain.errors import InvalidInput

# Further than this is not a printer that needs calibrating but a wrong setting.
MAX_OFFSET_MM = 20.0


class Symbology(Enum):
    """Which barcode the site's scanners read."""

    CODE128 = "code128"
    CODE39 = "code39"
    # Code 39 with its mod-43 check character, for scanners set up to expect one.
    CODE39_CHECKED = "code39-check"

    @classmethod
    def from_setting(cls, text: str) -> Symbology:
        """The symbology named by a site setting, or InvalidInput naming the choices."""
        wanted = text.strip().lower().replace(" ", "").replace("_", "-")
        for member in cls:
            if member.value == wanted:
                return member
        choices = ", ".join(member.value for member in cls)
        raise InvalidInput(f"Unknown barcode type '{text}'. Choose one of: {choices}.")


@dataclass(frozen=True)
class PrinterOffset:
    """How far one printer's output must move to land on the labels, in millimetres.

    Positive x moves the print right, positive y moves it down the page, as a clerk measures
    with a ruler on the calibration page.
    """

    x_mm: float = 0.0
    y_mm: float = 0.0

    def __post_init__(self) -> None:
        for axis, value in (("X", self.x_mm), ("Y", self.y_mm)):
            if not math.isfinite(value) or abs(value) > MAX_OFFSET_MM:
                raise InvalidInput(
                    f"A printer's {axis} offset must be between -{MAX_OFFSET_MM:g} and "
                    f"{MAX_OFFSET_MM:g} mm, not {value}."
                )

    @property
    def dx(self) -> float:
        """The horizontal shift in points (PDF x grows to the right)."""
        return self.x_mm * float(_MM)

    @property
    def dy(self) -> float:
        """The vertical shift in points (PDF y grows upwards, so down the page is negative)."""
        return -self.y_mm * float(_MM)


@dataclass(frozen=True)
class PrintSettings:
    """Everything about a print job that is a site or printer setting rather than data."""

    symbology: Symbology = Symbology.CODE128
    palette: tuple[str, ...] = field(default=DEFAULT_PALETTE)
    offset: PrinterOffset = field(default_factory=PrinterOffset)
    # The printer's resolution (203, 300, 600 dpi); 0 takes the stock's usual one.
    dots_per_inch: int = 0
    # How one-colour stocks draw the digit blocks.
    thermal_blocks: ThermalBlocks = ThermalBlocks.ALTERNATE

    def __post_init__(self) -> None:
        if self.dots_per_inch and not 100 <= self.dots_per_inch <= 1200:
            raise InvalidInput(
                f"A printer's resolution is 100 to 1200 dots per inch, not {self.dots_per_inch}."
            )

    def dpi_for(self, stock_dpi: int) -> int:
        """The dot grid bars are snapped to: the printer's setting, else the stock's."""
        return self.dots_per_inch or stock_dpi
