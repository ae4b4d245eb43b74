"""Barcodes drawn as vector bars from python-barcode's module patterns, quiet zones kept clear."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import barcode
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from recordsdesk.domain.errors import InvalidInput
from recordsdesk.printing.settings import Symbology

# ISO/IEC 15417 and 16388 ask for a clear zone of ten modules either side.
QUIET_MODULES = 10
# Two dots of a 203 dpi thermal printer (10 mil): narrower bars (7.5 mil was tried) stop
# scanning once printed at 203 dpi, so a code that needs them is refused, not printed.
MIN_MODULE = 0.25 * mm
# Wider bars than this only make the code longer than a hand scanner's window.
MAX_MODULE = 0.5 * mm

_CODE39_VALUE = re.compile(r"^[A-Z0-9 \-.$/+%]+$")
_CODE128_VALUE = re.compile(r"^[\x20-\x7e]+$")


def bar_pattern(value: str, symbology: Symbology) -> str:
    """The symbol as modules, '1' dark and '0' light, without quiet zones."""
    if symbology is Symbology.CODE128:
        if not _CODE128_VALUE.match(value):
            raise InvalidInput(f"'{value}' cannot be printed as a barcode: use plain letters.")
        pattern: str = barcode.get_barcode_class("code128")(value).build()[0]
        return pattern
    if not _CODE39_VALUE.match(value):
        raise InvalidInput(
            f"'{value}' cannot be printed as a Code 39 barcode: it allows only capital "
            "letters, digits, space and - . $ / + %."
        )
    checked = symbology is Symbology.CODE39_CHECKED
    pattern = barcode.get_barcode_class("code39")(value, add_checksum=checked).build()[0]
    return pattern


def module_count(value: str, symbology: Symbology) -> int:
    """The width of the symbol in modules, quiet zones included."""
    return len(bar_pattern(value, symbology)) + 2 * QUIET_MODULES


@dataclass(frozen=True)
class DrawnBarcode:
    """Where the bars of a barcode landed, in points (the quiet zones lie either side)."""

    value: str
    x: float
    y: float
    width: float
    height: float
    module: float


def choose_module(
    value: str, symbology: Symbology, width: float, dots_per_inch: int = 0, max_module: float = 0
) -> float:
    """The widest module that fits width (bars snapped to whole printer dots), or InvalidInput."""
    limit = max_module or MAX_MODULE
    module = min(limit, width / module_count(value, symbology))
    if dots_per_inch:
        dot = 72.0 / dots_per_inch
        module = math.floor(module / dot + 1e-9) * dot
    if module < MIN_MODULE - 1e-9:
        raise InvalidInput(
            f"The barcode {value} does not fit in {width / mm:.0f} mm at a readable size. "
            "Choose a wider label stock, or Code 128, which is shorter than Code 39."
        )
    return module


def runs(pattern: str) -> list[tuple[int, int]]:
    """Each dark bar as (first module, width in modules)."""
    bars = []
    start = -1
    for index, module in enumerate(pattern + "0"):
        if module == "1" and start < 0:
            start = index
        elif module != "1" and start >= 0:
            bars.append((start, index - start))
            start = -1
    return bars


def draw_barcode(
    canvas: Canvas,
    value: str,
    box: tuple[float, float, float, float],
    symbology: Symbology,
    *,
    dots_per_inch: int = 0,
    max_module: float = 0,
    centred: bool = True,
) -> DrawnBarcode:
    """Draw value's bars inside box (x, y, width, height), quiet zones inside the box."""
    x, y, width, height = box
    pattern = bar_pattern(value, symbology)
    module = choose_module(value, symbology, width, dots_per_inch, max_module)
    symbol_width = len(pattern) * module
    left = x + (width - symbol_width) / 2 if centred else x + QUIET_MODULES * module
    # Bar width reduction: each bar is drawn a quarter dot in from either dot edge, so that a
    # rasteriser that paints every pixel a shape touches (PostScript's rule, PDFium's) and one
    # that samples pixel centres both print it exactly its dots wide.
    shave = 0.0
    if dots_per_inch:
        # Every bar edge on a dot edge of the printer (the page origin is on the grid): a bar
        # straddling dots gains one on each side once rasterised, a space loses them.
        dot = 72.0 / dots_per_inch
        left = math.ceil(left / dot - 1e-9) * dot
        shave = dot / 4
    canvas.saveState()
    canvas.setFillColorRGB(0, 0, 0)
    for start, length in runs(pattern):
        bar_left = left + start * module + shave
        canvas.rect(bar_left, y, length * module - 2 * shave, height, stroke=0, fill=1)
    canvas.restoreState()
    return DrawnBarcode(value, left, y, symbol_width, height, module)
