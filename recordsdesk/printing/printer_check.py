"""A printer's test page: which queue and file room it came from, when, and a barcode to scan."""

from __future__ import annotations

from datetime import datetime

from reportlab.lib.pagesizes import letter
from reportlab.lib.units import mm

from recordsdesk.printing.barcode_drawing import draw_barcode
from recordsdesk.printing.fonts import SANS, SANS_BOLD
from recordsdesk.printing.pdf_canvas import finish, open_canvas
from recordsdesk.printing.settings import Symbology

TEST_BARCODE = "C-TEST"


def printer_check_pdf(queue: str, file_room: str, when: datetime, symbology: Symbology) -> bytes:
    """One US Letter page that says the printer works, with a barcode the desk's scanner reads."""
    width, height = letter
    canvas, buffer = open_canvas(f"RecordsDesk test page: {queue}", letter)
    canvas.setFont(SANS_BOLD, 20)
    canvas.drawString(20 * mm, height - 30 * mm, "RecordsDesk test page")
    canvas.setFont(SANS, 12)
    lines = (
        f"Printer queue: {queue}",
        f"File room: {file_room}",
        f"Printed: {when:%Y-%m-%d %H:%M}",
        "If this page is straight and the barcode below scans as C-TEST, the printer is ready.",
    )
    for index, line in enumerate(lines):
        canvas.drawString(20 * mm, height - (45 + 8 * index) * mm, line)
    draw_barcode(canvas, TEST_BARCODE, (20 * mm, height - 120 * mm, 80 * mm, 30 * mm), symbology)
    canvas.setLineWidth(0.5)
    canvas.rect(10 * mm, 10 * mm, width - 20 * mm, height - 20 * mm, stroke=1, fill=0)
    canvas.setFont(SANS, 9)
    canvas.drawString(12 * mm, 12 * mm, "The frame is 10 mm inside the paper's edges.")
    return finish(canvas, buffer)
