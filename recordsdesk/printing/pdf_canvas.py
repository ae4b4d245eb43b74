"""A reportlab canvas writing to memory, set up the same way for every RecordsDesk document."""

from __future__ import annotations

import io

from reportlab.lib.colors import Color, HexColor
from reportlab.pdfgen.canvas import Canvas

from recordsdesk.printing.fonts import SANS, register_fonts


def open_canvas(title: str, page_size: tuple[float, float]) -> tuple[Canvas, io.BytesIO]:
    """A canvas for one document and the buffer its PDF lands in once saved."""
    register_fonts()
    buffer = io.BytesIO()
    # invariant: the same data gives byte-identical PDFs, which makes reprints comparable.
    canvas = Canvas(
        buffer, pagesize=page_size, invariant=1, pageCompression=1, initialFontName=SANS
    )
    canvas.setTitle(title)
    canvas.setAuthor("RecordsDesk")
    canvas.setCreator("RecordsDesk")
    return canvas, buffer


def finish(canvas: Canvas, buffer: io.BytesIO) -> bytes:
    """Close the document and return the PDF bytes."""
    canvas.save()
    return buffer.getvalue()


def colour(hex_rgb: str) -> Color:
    """A reportlab colour from '#RRGGBB'."""
    result: Color = HexColor(hex_rgb)
    return result
