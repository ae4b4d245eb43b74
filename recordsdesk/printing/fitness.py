"""Whether a label stock prints labels that scan and read reliably, said before printing: bars
at least 0.25 mm a module at 203 dpi and 6 mm tall, text at least 6 pt, nothing left out."""

from __future__ import annotations

import functools
from datetime import date

from reportlab.lib.units import mm

from recordsdesk.domain.errors import InvalidInput
from recordsdesk.printing.barcode_drawing import MIN_MODULE, choose_module
from recordsdesk.printing.documents import ChartLabel
from recordsdesk.printing.labels import MIN_FONT, layout_chart_label
from recordsdesk.printing.settings import PrintSettings, Symbology
from recordsdesk.printing.stocks import Stock, StockKind

# Barcode guidance for hand scanners (GS1 and the scanner makers): below these, misreads.
MIN_BAR_HEIGHT = 6 * mm
THERMAL_DPI = 203

# A label as long as file rooms print: a twelve-volume chart with an eight-character barcode.
_SAMPLE = ChartLabel(
    name="WOLFESCHLEGELSTEINHAUSENBERGERDORFF, Hubert Blaine",
    mrn_groups="123-45-67",
    dob=date(1988, 12, 24),
    volume_number=12,
    volume_count=12,
    record_type="Medical record",
    barcode="V1234567",
    colour_digits="67",
    year=2026,
)


@functools.cache
def stock_fitness(stock: Stock, symbology: Symbology = Symbology.CODE128) -> tuple[str, ...]:
    """Why labels on stock are marginal (empty when they are not), in a clerk's words."""
    if stock.kind is StockKind.ZPL:
        return ()
    settings = PrintSettings(symbology=symbology)
    layout = layout_chart_label(_SAMPLE, stock.place(1)[0], settings, stock)
    reasons = []
    _, _, width, height = layout.barcode_box
    if height < MIN_BAR_HEIGHT - 1e-6:
        reasons.append(f"its bars are {height / mm:.1f} mm tall (scanners want 6 mm)")
    try:
        module = choose_module(_SAMPLE.barcode, symbology, width, THERMAL_DPI)
    except InvalidInput:
        module = 0.0
    if module < MIN_MODULE - 1e-6:
        reasons.append("its narrowest bar is under 0.25 mm when printed at 203 dpi")
    smallest = min(
        [run.fitted.size for run in layout.runs if run.fitted.text]
        + [box.text.size for box in layout.boxes]
    )
    if smallest < MIN_FONT - 1e-6:
        reasons.append(f"its text is as small as {smallest:.1f} pt (6 pt is the least)")
    if any(run.essential and run.fitted.shortened for run in layout.runs):
        reasons.append("the MRN, volume or date of birth does not fit whole")
    if not any(_SAMPLE.record_type in run.fitted.text for run in layout.runs):
        reasons.append("the record type does not always fit")
    return tuple(reasons)


def fitness_warning(stock: Stock, symbology: Symbology = Symbology.CODE128) -> str:
    """One sentence naming the stock and why it is marginal, or '' when it is fit."""
    reasons = stock_fitness(stock, symbology)
    if not reasons:
        return ""
    return f"{stock.description} is marginal: " + "; ".join(reasons) + "."
