"""Request slips: printed in the file room as a request arrives, to pull the chart with; two to
a Letter page, each with the chart's barcode and the request's."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from reportlab.lib.units import inch
from reportlab.pdfgen.canvas import Canvas

from recordsdesk.domain.errors import InvalidInput
from recordsdesk.printing.barcode_drawing import draw_barcode
from recordsdesk.printing.fonts import SANS, SANS_BOLD
from recordsdesk.printing.page_furniture import PAGE_HEIGHT, PAGE_MARGIN, PAGE_WIDTH
from recordsdesk.printing.pdf_canvas import finish, open_canvas
from recordsdesk.printing.settings import PrintSettings
from recordsdesk.printing.text import draw_text, fit_text

_SLIP_HEIGHT = PAGE_HEIGHT / 2


@dataclass(frozen=True)
class RequestSlip:
    """What the clerk needs to pull one requested chart and send it on."""

    request_barcode: str
    stat: bool
    chart_barcode: str | None
    shelf: str
    mrn: str
    name: str
    volume: str
    to_name: str
    to_code: str
    needed_by: datetime
    asked: str
    note: str
    # Where the chart really is when it is not on its shelf (off-site, box B000123, ...).
    where: str = ""


def _line(canvas: Canvas, x: float, y: float, width: float, caption: str, value: str) -> None:
    canvas.setFillColorRGB(0.3, 0.3, 0.3)
    draw_text(canvas, x, y, caption.upper(), SANS, 8)
    fitted = fit_text(value, SANS_BOLD, width, 18, 8)
    canvas.setFillColorRGB(0, 0, 0)
    draw_text(canvas, x, y - fitted.size - 2, fitted.text, SANS_BOLD, fitted.size)


def draw_slip(canvas: Canvas, slip: RequestSlip, bottom: float, settings: PrintSettings) -> None:
    """One slip in the half page whose bottom edge is at ``bottom``."""
    left = PAGE_MARGIN
    width = PAGE_WIDTH - 2 * PAGE_MARGIN
    top = bottom + _SLIP_HEIGHT - 0.4 * inch
    band = 0.5 * inch
    # STAT slips carry a solid band that shows across the room; routine ones an outline.
    canvas.setFillColorRGB(0, 0, 0)
    canvas.rect(left, top - band, width, band, stroke=1, fill=1 if slip.stat else 0)
    canvas.setFillColorRGB(*((1, 1, 1) if slip.stat else (0, 0, 0)))
    draw_text(
        canvas,
        left + 10,
        top - band + 11,
        "STAT REQUEST" if slip.stat else "REQUEST",
        SANS_BOLD,
        24,
    )
    needed = f"needed by {slip.needed_by:%a %d %b %H:%M}"
    draw_text(canvas, left + width - 10, top - band + 15, needed, SANS, 11, "right")
    half = width / 2 - 6
    y = top - band - 0.3 * inch
    _line(canvas, left, y, width, "Patient", f"{slip.name}   MRN {slip.mrn}")
    y -= 0.6 * inch
    _line(canvas, left, y, half, "Shelf", slip.shelf)
    _line(canvas, left + width / 2, y, half, "Volume", slip.volume)
    y -= 0.6 * inch
    _line(canvas, left, y, width, "Send to", f"{slip.to_name} ({slip.to_code})")
    y -= 0.6 * inch
    _line(canvas, left, y, width, "Asked", slip.asked + (f" · {slip.note}" if slip.note else ""))
    if slip.where:
        _line(canvas, left, y - 0.6 * inch, width, "Where it is", slip.where)
    boxes = (
        (slip.chart_barcode, left, "chart"),
        (slip.request_barcode, left + width / 2, "request"),
    )
    for value, x, what in boxes:
        if not value:
            continue
        draw_barcode(canvas, value, (x, bottom + 0.4 * inch, half, 0.6 * inch), settings.symbology)
        caption = fit_text(f"{value}: the {what}", SANS, half, 8, 6)
        draw_text(
            canvas, x + half / 2, bottom + 0.25 * inch, caption.text, SANS, caption.size, "centre"
        )


def request_slips_pdf(slips: Sequence[RequestSlip], settings: PrintSettings | None = None) -> bytes:
    """Request slips, two to a Letter page."""
    settings = settings or PrintSettings()
    if not slips:
        raise InvalidInput("There are no request slips to print.")
    canvas, buffer = open_canvas("Request slips", (PAGE_WIDTH, PAGE_HEIGHT))
    for start in range(0, len(slips), 2):
        canvas.saveState()
        canvas.translate(settings.offset.dx, settings.offset.dy)
        draw_slip(canvas, slips[start], _SLIP_HEIGHT, settings)
        if start + 1 < len(slips):
            draw_slip(canvas, slips[start + 1], 0.0, settings)
        canvas.restoreState()
        canvas.showPage()
    return finish(canvas, buffer)
