"""Text as one-bit ^GF graphics for a Zebra printer: drawn by the PDF text path (shaping, bidi,
fallback faces) and rasterised by PDFium at the printer's resolution, a whole job at once."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PIL import Image

from recordsdesk.printing.pdf_canvas import finish, open_canvas
from recordsdesk.printing.text import draw_line, layout_line

# Dots darker than this (0 black .. 255 white) print.
_THRESHOLD = 140


@dataclass(frozen=True)
class TextGraphic:
    """A piece of text to send as a graphic: what, in which style, how large (points)."""

    text: str
    style: str
    size: float


def _gf(image: Image.Image) -> str:
    """A ^GFA command of a greyscale image: dark dots print."""
    bits = image.point(lambda value: 255 if value < _THRESHOLD else 0).convert("1")
    columns = (bits.width + 7) // 8
    data = bits.tobytes()  # rows padded to whole bytes, first dot in the high bit
    total = columns * bits.height
    return f"^GFA,{total},{total},{columns},{data.hex().upper()}"


def text_graphics(graphics: Sequence[TextGraphic], dots_per_inch: int) -> dict[TextGraphic, str]:
    """The ^GFA command of each distinct graphic, top-left at its field origin; one PDF and
    one rasterisation for the whole job."""
    distinct = list(dict.fromkeys(graphics))
    if not distinct:
        return {}
    # Imported here: PDFium takes a fifth of a second to load, and most jobs (every PDF, and
    # ZPL of Latin names) never need it.
    import pypdfium2

    canvas, buffer = open_canvas("ZPL text", (10, 10))
    for graphic in distinct:
        line = layout_line(graphic.text, graphic.style)
        canvas.setPageSize((max(1.0, line.width(graphic.size)) + 1, graphic.size * 1.3))
        draw_line(canvas, 0.5, graphic.size * 0.3, line, graphic.size)
        canvas.showPage()
    document = pypdfium2.PdfDocument(finish(canvas, buffer))
    try:
        scale = dots_per_inch / 72
        return {
            graphic: _gf(document[index].render(scale=scale, grayscale=True).to_pil().convert("L"))
            for index, graphic in enumerate(distinct)
        }
    finally:
        document.close()
