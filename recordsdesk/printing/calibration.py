"""The calibration page: label outlines and centre marks, to measure a printer's X/Y offset."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from recordsdesk.domain.errors import InvalidInput
from recordsdesk.printing.fonts import SANS, SANS_BOLD
from recordsdesk.printing.pdf_canvas import finish, open_canvas
from recordsdesk.printing.settings import PrinterOffset
from recordsdesk.printing.stocks import LabelCell, Stock, StockKind
from recordsdesk.printing.text import draw_text, fit_text

_MARK = 3 * mm


def _draw_cell(canvas: Canvas, cell: LabelCell) -> None:
    """The label's outline and a cross at its centre."""
    canvas.setLineWidth(0.3)
    canvas.rect(cell.x, cell.y, cell.width, cell.height, stroke=1, fill=0)
    cx = cell.x + cell.width / 2
    cy = cell.y + cell.height / 2
    mark = min(_MARK, cell.height / 3)
    canvas.line(cx - mark, cy, cx + mark, cy)
    canvas.line(cx, cy - mark, cx, cy + mark)


def _instructions(stock: Stock, offset: PrinterOffset) -> list[str]:
    return [
        f"Calibration for {stock.description}",
        f"Offset now: X {offset.x_mm:+.1f} mm, Y {offset.y_mm:+.1f} mm",
        "Print on plain paper, hold it over a label sheet against the light.",
        "Outlines right of the labels: lower X. Below them: lower Y.",
    ]


def calibration_pdf(stock: Stock, offset: PrinterOffset | None = None) -> bytes:
    """One page with every label's outline and centre cross, shifted by the printer's offset."""
    offset = offset or PrinterOffset()
    if stock.kind is StockKind.ZPL:
        raise InvalidInput(f"{stock.description} is calibrated on the Zebra printer itself.")
    page_width, page_height = stock.page_size
    canvas, buffer = open_canvas(f"Calibration: {stock.description}", stock.page_size)
    canvas.setStrokeColorRGB(0, 0, 0)
    canvas.saveState()
    canvas.translate(offset.dx, offset.dy)
    for position in range(1, stock.labels_per_page + 1):
        _draw_cell(canvas, stock.cell(0, position))
    canvas.restoreState()
    lines = _instructions(stock, offset)
    if stock.kind is StockKind.SHEET:
        # The sheet's top and bottom margins are bare paper, inside what a laser printer reaches:
        # the title goes above the labels and the how-to below them.
        room = page_width - 20 * mm
        for index, line in enumerate(lines):
            font = SANS_BOLD if index == 0 else SANS
            fitted = fit_text(line, font, room, 7, 5)
            y = page_height - 7 * mm - index * 9 if index < 2 else 9 * mm - (index - 2) * 9
            draw_text(canvas, 10 * mm, y, fitted.text, font, fitted.size)
    else:
        fitted = fit_text(lines[1], SANS, page_width - 12 * mm, 7, 4)
        draw_text(canvas, 6 * mm, 4 * mm, fitted.text, SANS, fitted.size)
    canvas.showPage()
    return finish(canvas, buffer)
