"""A box's manifest: every volume in it, in filing order, to travel with the box."""

from __future__ import annotations

from reportlab.lib.units import inch
from reportlab.pdfgen.canvas import Canvas

from recordsdesk.printing.barcode_drawing import draw_barcode
from recordsdesk.printing.fonts import SANS
from recordsdesk.printing.page_furniture import PAGE_HEIGHT, PAGE_MARGIN, PAGE_WIDTH, PageHeader
from recordsdesk.printing.pdf_canvas import finish, open_canvas
from recordsdesk.printing.retention_documents import BoxSheet
from recordsdesk.printing.retention_tables import Column, draw_table
from recordsdesk.printing.settings import PrintSettings
from recordsdesk.printing.text import draw_text

_COLUMNS = (
    Column("#", 0.4),
    Column("Shelf", 1.2),
    Column("Patient", 2.6),
    Column("MRN", 1.0),
    Column("Volume", 1.0),
    Column("Type", 1.5),
    Column("Barcode", 1.1),
)
_INTRO = 1.2 * inch


def box_manifest_pdf(sheet: BoxSheet, settings: PrintSettings | None = None) -> bytes:
    """The manifest of one box: its barcode, where it is, then every volume."""
    settings = settings or PrintSettings()
    canvas, buffer = open_canvas(f"Manifest of box {sheet.barcode}", (PAGE_WIDTH, PAGE_HEIGHT))
    header = PageHeader(
        f"Box manifest {sheet.barcode}",
        f"{sheet.file_room} · {sheet.where} · shelves {sheet.shelf_range}",
        f"{len(sheet.contents)} volumes · packed {sheet.packed_on:%Y-%m-%d}",
    )

    def intro(page: Canvas, y: float) -> float:
        box = (PAGE_MARGIN, y - 0.75 * inch, 3.2 * inch, 0.7 * inch)
        draw_barcode(page, sheet.barcode, box, settings.symbology, centred=False)
        caption = f"{sheet.barcode}: scan to see the box"
        draw_text(page, PAGE_MARGIN + 0.1 * inch, y - 0.9 * inch, caption, SANS, 8)
        return float(y - _INTRO)

    rows = [
        (str(n), v.shelf, v.name, v.mrn, v.volume, v.record_type, v.barcode)
        for n, v in enumerate(sheet.contents, start=1)
    ]
    if not rows:
        rows = [("", "", "Empty: nothing packed yet.", "", "", "", "")]
    draw_table(
        canvas,
        header,
        _COLUMNS,
        rows,
        intro,
        _INTRO,
        footer_note=f"Printed {sheet.printed_at:%Y-%m-%d %H:%M} UTC",
    )
    return finish(canvas, buffer)
