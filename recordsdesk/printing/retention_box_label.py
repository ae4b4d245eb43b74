"""The label on the end of an off-site box: its barcode, where it goes, and what it holds."""

from __future__ import annotations

from reportlab.lib.units import inch
from reportlab.pdfgen.canvas import Canvas

from recordsdesk.printing.barcode_drawing import draw_barcode
from recordsdesk.printing.fonts import SANS, SANS_BOLD
from recordsdesk.printing.page_furniture import PAGE_HEIGHT, PAGE_MARGIN, PAGE_WIDTH
from recordsdesk.printing.pdf_canvas import finish, open_canvas
from recordsdesk.printing.retention_documents import BoxSheet
from recordsdesk.printing.settings import PrintSettings
from recordsdesk.printing.text import fit_text

# Lines of contents that fit under the label's head; the rest are on the manifest.
_MAX_LINES = 38


def _head(canvas: Canvas, sheet: BoxSheet, settings: PrintSettings) -> float:
    left, width = PAGE_MARGIN, PAGE_WIDTH - 2 * PAGE_MARGIN
    top = PAGE_HEIGHT - PAGE_MARGIN
    canvas.setFillColorRGB(0, 0, 0)
    canvas.rect(left, top - 0.7 * inch, width, 0.7 * inch, stroke=0, fill=1)
    canvas.setFillColorRGB(1, 1, 1)
    canvas.setFont(SANS_BOLD, 34)
    canvas.drawString(left + 10, top - 0.55 * inch, f"BOX {sheet.barcode}")
    canvas.setFont(SANS, 11)
    canvas.drawRightString(left + width - 10, top - 0.42 * inch, f"{len(sheet.contents)} volumes")
    canvas.setFillColorRGB(0, 0, 0)
    draw_barcode(
        canvas, sheet.barcode, (left, top - 1.75 * inch, width, 0.9 * inch), settings.symbology
    )
    canvas.setFont(SANS, 9)
    canvas.drawCentredString(left + width / 2, top - 1.92 * inch, sheet.barcode)
    y = top - 2.3 * inch
    facts = (
        ("From", sheet.file_room),
        ("Now", sheet.where),
        ("Shelves", sheet.shelf_range),
        ("Packed", f"{sheet.packed_on:%d %b %Y}"),
    )
    for caption, value in facts:
        canvas.setFont(SANS, 9)
        canvas.drawString(left, y, caption.upper())
        fitted = fit_text(value, SANS_BOLD, width - 70, 14, 8)
        canvas.setFont(SANS_BOLD, fitted.size)
        canvas.drawString(left + 70, y, fitted.text)
        y -= 20
    canvas.setLineWidth(0.8)
    canvas.line(left, y + 6, left + width, y + 6)
    return float(y - 8)


def box_label_pdf(sheet: BoxSheet, settings: PrintSettings | None = None) -> bytes:
    """One Letter page for the end of the box: barcode, destination and contents list."""
    settings = settings or PrintSettings()
    canvas, buffer = open_canvas(f"Box {sheet.barcode}", (PAGE_WIDTH, PAGE_HEIGHT))
    canvas.translate(settings.offset.dx, settings.offset.dy)
    y = _head(canvas, sheet, settings)
    left, width = PAGE_MARGIN, PAGE_WIDTH - 2 * PAGE_MARGIN
    canvas.setFont(SANS_BOLD, 9)
    canvas.drawString(left, y, "CONTENTS (filing order)")
    y -= 13
    shown = sheet.contents[:_MAX_LINES]
    # Shelf, patient, volume, type, barcode: columns at these shares of the width.
    stops = (0.0, 0.14, 0.56, 0.70, 0.87)
    for line in shown:
        cells = (line.shelf, line.name, line.volume, line.record_type, line.barcode)
        for index, cell in enumerate(cells):
            end = stops[index + 1] if index + 1 < len(stops) else 1.0
            fitted = fit_text(cell, SANS, (end - stops[index]) * width - 6, 9, 6.5)
            canvas.setFont(SANS, fitted.size)
            canvas.drawString(left + stops[index] * width, y, fitted.text)
        y -= 12
    rest = len(sheet.contents) - len(shown)
    if rest > 0:
        canvas.setFont(SANS_BOLD, 9)
        canvas.drawString(left, y, f"... and {rest} more: see the box manifest.")
    if not sheet.contents:
        canvas.setFont(SANS, 9)
        canvas.drawString(left, y, "Empty: nothing packed yet.")
    canvas.setFont(SANS, 7)
    canvas.drawString(left, PAGE_MARGIN - 14, f"Printed {sheet.printed_at:%Y-%m-%d %H:%M} UTC")
    canvas.showPage()
    return finish(canvas, buffer)
