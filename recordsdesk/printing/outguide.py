"""Outguide cards: left in a chart's shelf slot to say where the chart went, when and by whom."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from reportlab.lib.units import inch, mm
from reportlab.pdfgen.canvas import Canvas

from recordsdesk.domain.errors import InvalidInput
from recordsdesk.printing.barcode_drawing import draw_barcode
from recordsdesk.printing.documents import OutguideCard
from recordsdesk.printing.fonts import SANS, SANS_BOLD
from recordsdesk.printing.page_furniture import PAGE_HEIGHT, PAGE_MARGIN, PAGE_WIDTH
from recordsdesk.printing.pdf_canvas import finish, open_canvas
from recordsdesk.printing.settings import PrintSettings
from recordsdesk.printing.text import draw_text, fit_text

# Two cards to a Letter page, cut across the middle: 8.5" x 5.5" fits a standard outguide pocket.
_CARD_HEIGHT = PAGE_HEIGHT / 2


def _when(moment: datetime) -> str:
    return f"{moment:%a %d %b %Y %H:%M}"


def _field(
    canvas: Canvas, x: float, y: float, width: float, caption: str, value: str, size: float
) -> None:
    """A small caption above a value set large enough to read from the shelf."""
    canvas.setFillColorRGB(0.25, 0.25, 0.25)
    draw_text(canvas, x, y, caption.upper(), SANS, 8)
    fitted = fit_text(value, SANS_BOLD, width, size, 8)
    canvas.setFillColorRGB(0, 0, 0)
    draw_text(canvas, x, y - fitted.size - 2, fitted.text, SANS_BOLD, fitted.size)


def draw_outguide(
    canvas: Canvas, card: OutguideCard, bottom: float, settings: PrintSettings
) -> None:
    """One card in the half page whose bottom edge is at bottom."""
    left = PAGE_MARGIN
    width = PAGE_WIDTH - 2 * PAGE_MARGIN
    top = bottom + _CARD_HEIGHT - 0.4 * inch
    # A black band with OUT in it shows from the end of the shelf.
    band = 0.6 * inch
    canvas.setFillColorRGB(0, 0, 0)
    canvas.rect(left, top - band, width, band, stroke=0, fill=1)
    canvas.setFillColorRGB(1, 1, 1)
    draw_text(canvas, left + 10, top - band + 12, "OUT", SANS_BOLD, 30)
    draw_text(
        canvas,
        left + width - 10,
        top - band + 17,
        "This chart is out of the file room",
        SANS,
        11,
        align="right",
    )
    y = top - band - 0.35 * inch
    half = width / 2 - 6
    _field(canvas, left, y, width, "Patient", card.patient_name, 22)
    y -= 0.75 * inch
    _field(canvas, left, y, half, "MRN", card.mrn_groups, 22)
    _field(canvas, left + width / 2, y, half, "Volume", card.volume, 22)
    y -= 0.75 * inch
    _field(canvas, left, y, width, "Went to", f"{card.to_name} ({card.to_code})", 22)
    y -= 0.75 * inch
    _field(canvas, left, y, half, "When", _when(card.when), 14)
    _field(canvas, left + width / 2, y, half, "By", card.by, 14)
    y -= 0.6 * inch
    due = _when(card.due) if card.due else "No due date"
    _field(canvas, left, y, half, "Due back", due, 14)
    if card.to_barcode:
        box = (left + width / 2, bottom + 0.35 * inch, half, 0.55 * inch)
        draw_barcode(
            canvas, card.to_barcode, box, settings.symbology, dots_per_inch=settings.dpi_for(300)
        )
        caption = f"{card.to_barcode}: scan to see what {card.to_code} holds"
        draw_text(canvas, box[0] + half / 2, bottom + 0.2 * inch, caption, SANS, 7, align="centre")


def _cut_line(canvas: Canvas) -> None:
    canvas.saveState()
    canvas.setStrokeColorRGB(0.55, 0.55, 0.55)
    canvas.setLineWidth(0.5)
    canvas.setDash(4, 4)
    canvas.line(0.25 * inch, _CARD_HEIGHT, PAGE_WIDTH - 0.25 * inch, _CARD_HEIGHT)
    canvas.setFillColorRGB(0.55, 0.55, 0.55)
    draw_text(canvas, 0.3 * inch, _CARD_HEIGHT + 2 * mm, "cut here", SANS, 6)
    canvas.restoreState()


def outguides_pdf(cards: Sequence[OutguideCard], settings: PrintSettings | None = None) -> bytes:
    """Outguide cards, two to a Letter page."""
    settings = settings or PrintSettings()
    if not cards:
        raise InvalidInput("There are no outguides to print.")
    canvas, buffer = open_canvas("Outguides", (PAGE_WIDTH, PAGE_HEIGHT))
    for start in range(0, len(cards), 2):
        canvas.saveState()
        canvas.translate(settings.offset.dx, settings.offset.dy)
        draw_outguide(canvas, cards[start], _CARD_HEIGHT, settings)
        if start + 1 < len(cards):
            _cut_line(canvas)
            draw_outguide(canvas, cards[start + 1], 0.0, settings)
        canvas.restoreState()
        canvas.showPage()
    return finish(canvas, buffer)
