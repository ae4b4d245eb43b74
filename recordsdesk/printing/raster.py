"""Text as a one-bit ^GF graphic for a Zebra printer: drawn by the PDF text path (shaping, bidi,
fallback faces) and rasterised by PDFium at the printer's resolution."""

from __future__ import annotations

import pypdfium2

from recordsdesk.printing.pdf_canvas import finish, open_canvas
from recordsdesk.printing.text import draw_line, layout_line

# Dots darker than this (0 black .. 255 white) print.
_THRESHOLD = 140


def text_bitmap(text: str, style: str, size: float, dots_per_inch: int) -> str:
    """A ^GFA command drawing text at size points, top-left at the field origin."""
    line = layout_line(text, style)
    width = max(1.0, line.width(size)) + 1
    height = size * 1.3
    canvas, buffer = open_canvas("ZPL text", (width, height))
    draw_line(canvas, 0.5, size * 0.3, line, size)
    canvas.showPage()
    document = pypdfium2.PdfDocument(finish(canvas, buffer))
    try:
        page = document[0]
        image = page.render(scale=dots_per_inch / 72, grayscale=True).to_pil().convert("L")
    finally:
        document.close()
    columns = (image.width + 7) // 8
    pixels = image.tobytes()
    rows = []
    for y in range(image.height):
        row = pixels[y * image.width : (y + 1) * image.width]
        bits = bytearray(columns)
        for x, value in enumerate(row):
            if value < _THRESHOLD:
                bits[x >> 3] |= 0x80 >> (x & 7)
        rows.append(bits.hex().upper())
    total = columns * image.height
    return f"^GFA,{total},{total},{columns},{''.join(rows)}"
