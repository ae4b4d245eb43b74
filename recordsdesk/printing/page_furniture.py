"""What every Letter page of a RecordsDesk document carries: a header line and 'page x of y'."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.pagesizes import LETTER
from reportlab.lib.units import inch
from reportlab.pdfgen.canvas import Canvas

from recordsdesk.printing.fonts import SANS, SANS_BOLD
from recordsdesk.printing.text import draw_text, fit_text

PAGE_WIDTH = float(LETTER[0])
PAGE_HEIGHT = float(LETTER[1])
# Laser printers cannot print the outer quarter inch; a half inch leaves room to hole-punch.
PAGE_MARGIN = float(0.5 * inch)


@dataclass(frozen=True)
class PageHeader:
    """The title across the top of a page and the facts on its right."""

    title: str
    subtitle: str = ""
    right: str = ""


def content_top(header: PageHeader) -> float:
    """The y below the header where a page's content may start."""
    return PAGE_HEIGHT - PAGE_MARGIN - (35 if header.subtitle else 20) - 12


def draw_header(canvas: Canvas, header: PageHeader) -> float:
    """Draw the header; returns the y below it where the page's content may start."""
    top = PAGE_HEIGHT - PAGE_MARGIN
    right_text = fit_text(header.right, SANS, PAGE_WIDTH / 3, 9, 6)
    canvas.setFillColorRGB(0, 0, 0)
    draw_text(
        canvas,
        PAGE_WIDTH - PAGE_MARGIN,
        top - 10,
        right_text.text,
        SANS,
        right_text.size,
        align="right",
    )
    room = PAGE_WIDTH - 2 * PAGE_MARGIN - PAGE_WIDTH / 3 - 12
    title = fit_text(header.title, SANS_BOLD, room, 16, 9)
    draw_text(canvas, PAGE_MARGIN, top - 14, title.text, SANS_BOLD, title.size)
    y = top - 20
    if header.subtitle:
        subtitle = fit_text(header.subtitle, SANS, PAGE_WIDTH - 2 * PAGE_MARGIN, 10, 6)
        draw_text(canvas, PAGE_MARGIN, y - 11, subtitle.text, SANS, subtitle.size)
        y -= 15
    canvas.setLineWidth(0.8)
    canvas.line(PAGE_MARGIN, y - 4, PAGE_WIDTH - PAGE_MARGIN, y - 4)
    return content_top(header)


def draw_page_number(canvas: Canvas, number: int, total: int, note: str = "") -> None:
    """'Page x of y' at the foot of the page, with a note (when printed) on the left."""
    canvas.setFillColorRGB(0, 0, 0)
    y = PAGE_MARGIN - 14
    draw_text(canvas, PAGE_WIDTH - PAGE_MARGIN, y, f"Page {number} of {total}", SANS, 8, "right")
    if note:
        fitted = fit_text(note, SANS, PAGE_WIDTH / 2, 8, 6)
        draw_text(canvas, PAGE_MARGIN, y, fitted.text, SANS, fitted.size)
