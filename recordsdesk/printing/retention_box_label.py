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
from recordsdesk.printing.text import draw_text, fit_text, text_width

# Lines of contents that fit under the label's head; the rest are on the manifest.
_MAX_LINES = 38


def _head(canvas: Canvas, sheet: BoxSheet, settings: PrintSettings) -> float:
    left, width = PAGE_MARGIN, PAGE_WIDTH - 2 * PAGE_MARGIN
    top = PAGE_HEIGHT - PAGE_MARGIN
    canvas.setFillColorRGB(0, 0, 0)
    canvas.rect(left, top - 0.7 * inch, width, 0.7 * inch, stroke=0, fill=1)
    canvas.setFillColorRGB(1, 1, 1)
    count = f"{len(sheet.contents)} volume" + ("" if len(sheet.contents) == 1 else "s")
    draw_text(canvas, left + width - 10, top - 0.42 * inch, count, SANS, 11, "right")
    room = width - 30 - text_width(count, SANS, 11)
    head = fit_text(f"BOX {sheet.barcode}", SANS_BOLD, room, 34, 14)
    draw_text(canvas, left + 10, top - 0.55 * inch, head.text, SANS_BOLD, head.size)
    canvas.setFillColorRGB(0, 0, 0)
    draw_barcode(
        canvas, sheet.barcode, (left, top - 1.75 * inch, width, 0.9 * inch), settings.symbology
    )
    draw_text(canvas, left + width / 2, top - 1.92 * inch, sheet.barcode, SANS, 9, "centre")
    y = top - 2.3 * inch
    facts = (
        ("From", sheet.file_room),
        ("Now", sheet.where),
        ("Shelves", sheet.shelf_range),
        ("Packed", f"{sheet.packed_on:%d %b %Y}"),
    )
    for caption, value in facts:
        draw_text(canvas, left, y, caption.upper(), SANS, 9)
        fitted = fit_text(value, SANS_BOLD, width - 70, 14, 8)
        draw_text(canvas, left + 70, y, fitted.text, SANS_BOLD, fitted.size)
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
    draw_text(canvas, left, y, "CONTENTS (filing order)", SANS_BOLD, 9)
    y -= 13
    shown = sheet.contents[:_MAX_LINES]
    # Shelf, patient, volume, type, barcode: columns at these shares of the width.
    stops = (0.0, 0.14, 0.56, 0.70, 0.87)
    for line in shown:
        cells = (line.shelf, line.name, line.volume, line.record_type, line.barcode)
        for index, cell in enumerate(cells):
            end = stops[index + 1] if index + 1 < len(stops) else 1.0
            fitted = fit_text(cell, SANS, (end - stops[index]) * width - 6, 9, 6.5)
            draw_text(canvas, left + stops[index] * width, y, fitted.text, SANS, fitted.size)
        y -= 12
    rest = len(sheet.contents) - len(shown)
    if rest > 0:
        draw_text(canvas, left, y, f"... and {rest} more: see the box manifest.", SANS_BOLD, 9)
    if not sheet.contents:
        draw_text(canvas, left, y, "Empty: nothing packed yet.", SANS, 9)
    printed = f"Printed {sheet.printed_at:%Y-%m-%d %H:%M} UTC"
    draw_text(canvas, left, PAGE_MARGIN - 14, printed, SANS, 7)
    canvas.showPage()
    return finish(canvas, buffer)
