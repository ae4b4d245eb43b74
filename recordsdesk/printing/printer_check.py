"""A printer's test page: which queue and file room it came from, when, and a barcode to scan."""

from __future__ import annotations

from datetime import datetime

from reportlab.lib.pagesizes import letter
from reportlab.lib.units import mm

from recordsdesk.printing.barcode_drawing import draw_barcode
from recordsdesk.printing.fonts import SANS, SANS_BOLD
from recordsdesk.printing.pdf_canvas import finish, open_canvas
from recordsdesk.printing.settings import Symbology
from recordsdesk.printing.text import draw_text, fit_text

TEST_BARCODE = "C-TEST"


def printer_check_pdf(queue: str, file_room: str, when: datetime, symbology: Symbology) -> bytes:
    """One US Letter page that says the printer works, with a barcode the desk's scanner reads."""
    width, height = letter
    canvas, buffer = open_canvas(f"RecordsDesk test page: {queue}", letter)
    draw_text(canvas, 20 * mm, height - 30 * mm, "RecordsDesk test page", SANS_BOLD, 20)
    lines = (
        f"Printer queue: {queue}",
        f"File room: {file_room}",
        f"Printed: {when:%Y-%m-%d %H:%M}",
        "If this page is straight and the barcode below scans as C-TEST, the printer is ready.",
    )
    for index, line in enumerate(lines):
        fitted = fit_text(line, SANS, width - 40 * mm, 12, 8)
        draw_text(canvas, 20 * mm, height - (45 + 8 * index) * mm, fitted.text, SANS, fitted.size)
    draw_barcode(canvas, TEST_BARCODE, (20 * mm, height - 120 * mm, 80 * mm, 30 * mm), symbology)
    canvas.setLineWidth(0.5)
    canvas.rect(10 * mm, 10 * mm, width - 20 * mm, height - 20 * mm, stroke=1, fill=0)
    draw_text(canvas, 12 * mm, 12 * mm, "The frame is 10 mm inside the paper's edges.", SANS, 9)
    return finish(canvas, buffer)
