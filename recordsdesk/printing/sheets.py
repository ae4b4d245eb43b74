"""Barcode sheets for the desk: places and people to scan, and the desk's command codes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from reportlab.lib.units import inch, mm
from reportlab.pdfgen.canvas import Canvas

from recordsdesk.domain.errors import InvalidInput
from recordsdesk.printing.barcode_drawing import draw_barcode
from recordsdesk.printing.documents import BarcodeCard, CommandCard, standard_command_cards
from recordsdesk.printing.fonts import SANS, SANS_BOLD
from recordsdesk.printing.page_furniture import (
    PAGE_HEIGHT,
    PAGE_MARGIN,
    PAGE_WIDTH,
    PageHeader,
    content_top,
    draw_header,
    draw_page_number,
)
from recordsdesk.printing.pdf_canvas import finish, open_canvas
from recordsdesk.printing.settings import PrintSettings
from recordsdesk.printing.text import draw_text, fit_text

_CARD_PADDING = 3 * mm


def _card_outline(canvas: Canvas, x: float, y: float, width: float, height: float) -> None:
    """A light dashed outline, to cut along or to see where one card ends."""
    canvas.saveState()
    canvas.setStrokeColorRGB(0.6, 0.6, 0.6)
    canvas.setLineWidth(0.5)
    canvas.setDash(3, 3)
    canvas.rect(x, y, width, height, stroke=1, fill=0)
    canvas.restoreState()


def _draw_card(
    canvas: Canvas,
    box: tuple[float, float, float, float],
    heading: str,
    detail: str,
    value: str,
    settings: PrintSettings,
    heading_size: float,
) -> None:
    """One card: a heading, a detail line, a big barcode and its value in plain text."""
    x, y, width, height = box
    _card_outline(canvas, x, y, width, height)
    inner_x = x + _CARD_PADDING
    inner_w = width - 2 * _CARD_PADDING
    top = y + height - _CARD_PADDING
    title = fit_text(heading, SANS_BOLD, inner_w, heading_size, 8)
    canvas.setFillColorRGB(0, 0, 0)
    draw_text(
        canvas, x + width / 2, top - title.size, title.text, SANS_BOLD, title.size, align="centre"
    )
    top -= title.size * 1.3
    if detail:
        line = fit_text(detail, SANS, inner_w, 11, 7)
        draw_text(
            canvas, x + width / 2, top - line.size, line.text, SANS, line.size, align="centre"
        )
        top -= line.size * 1.4
    caption = 8.0
    # The barcode and its caption sit together, centred in the room left under the heading.
    room_bottom = y + _CARD_PADDING
    room = top - 2 * mm - room_bottom
    bar_height = min(0.9 * inch, room - caption * 1.5)
    block_bottom = room_bottom + (room - bar_height - caption * 1.5) / 2
    bar_box = (inner_x, block_bottom + caption * 1.5, inner_w, bar_height)
    draw_barcode(canvas, value, bar_box, settings.symbology, dots_per_inch=settings.dpi_for(300))
    draw_text(canvas, x + width / 2, block_bottom, value, SANS, caption, align="centre")


def _grid_pages(
    count: int, columns: int, rows: int, top: float
) -> list[list[tuple[float, float, float, float]]]:
    """Card boxes page by page, filling across then down below top."""
    width = (PAGE_WIDTH - 2 * PAGE_MARGIN) / columns
    height = (top - PAGE_MARGIN) / rows
    pages: list[list[tuple[float, float, float, float]]] = []
    for index in range(count):
        slot = index % (columns * rows)
        if slot == 0:
            pages.append([])
        row, column = divmod(slot, columns)
        x = PAGE_MARGIN + column * width
        y = top - (row + 1) * height
        pages[-1].append((x, y, width, height))
    return pages


def _card_sheet(
    title: str,
    header: PageHeader,
    cards: Sequence[tuple[str, str, str]],
    grid: tuple[int, int],
    heading_size: float,
    settings: PrintSettings,
) -> bytes:
    if not cards:
        raise InvalidInput("There is nothing to print on the sheet.")
    canvas, buffer = open_canvas(title, (PAGE_WIDTH, PAGE_HEIGHT))
    top = content_top(header)
    pages = _grid_pages(len(cards), grid[0], grid[1], top)
    remaining = iter(cards)
    for number, boxes in enumerate(pages, start=1):
        canvas.saveState()
        canvas.translate(settings.offset.dx, settings.offset.dy)
        draw_header(canvas, header)
        for box in boxes:
            heading, detail, value = next(remaining)
            _draw_card(canvas, box, heading, detail, value, settings, heading_size)
        canvas.restoreState()
        draw_page_number(canvas, number, len(pages))
        canvas.showPage()
    return finish(canvas, buffer)


def barcode_sheet_pdf(
    cards: Sequence[BarcodeCard],
    title: str = "Locations and borrowers",
    printed_at: datetime | None = None,
    settings: PrintSettings | None = None,
) -> bytes:
    """A sheet of place and person barcodes (ten to a page), for scanning at the desk."""
    stamp = f"Printed {printed_at:%d %b %Y %H:%M}" if printed_at else ""
    header = PageHeader(title, "Scan a card to choose where charts go or who takes them.", stamp)
    rows = [(card.name, f"Code {card.code}", card.barcode) for card in cards]
    return _card_sheet(title, header, rows, (2, 5), 16, settings or PrintSettings())


def command_sheet_pdf(
    cards: Sequence[CommandCard] | None = None, settings: PrintSettings | None = None
) -> bytes:
    """The desk's command sheet: one big barcode per command, to hang beside the scanner."""
    header = PageHeader("Desk commands", "Scan a command to switch the desk's mode.")
    rows = [(card.label, "", card.barcode) for card in (cards or standard_command_cards())]
    return _card_sheet("Desk commands", header, rows, (1, 4), 28, settings or PrintSettings())
