"""A plain table over Letter pages for the retention documents, with a header on each page."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from reportlab.pdfgen.canvas import Canvas

from recordsdesk.printing.fonts import SANS, SANS_BOLD
from recordsdesk.printing.page_furniture import (
    PAGE_MARGIN,
    PAGE_WIDTH,
    PageHeader,
    content_top,
    draw_header,
    draw_page_number,
)
from recordsdesk.printing.text import draw_text, fit_text

ROW = 14.0


@dataclass(frozen=True)
class Column:
    """A caption and a share of the page's width."""

    caption: str
    share: float


Intro = Callable[[Canvas, float], float]


def _widths(columns: Sequence[Column]) -> list[float]:
    room = PAGE_WIDTH - 2 * PAGE_MARGIN
    total = sum(c.share for c in columns)
    return [room * c.share / total for c in columns]


def _row(canvas: Canvas, cells: Sequence[str], widths: list[float], y: float, bold: bool) -> None:
    x = PAGE_MARGIN
    font = SANS_BOLD if bold else SANS
    for cell, width in zip(cells, widths, strict=True):
        fitted = fit_text(cell, font, width - 4, 8.5, 6)
        draw_text(canvas, x + 1, y, fitted.text, font, fitted.size)
        x += width


def draw_table(
    canvas: Canvas,
    header: PageHeader,
    columns: Sequence[Column],
    rows: Sequence[Sequence[str]],
    intro: Intro,
    intro_height: float,
    outro: Intro | None = None,
    footer_note: str = "",
) -> None:
    """Rows under their captions, page after page; ``intro`` draws above the table on page 1
    (``intro_height`` tall, returning the y below it), ``outro`` below the last row."""
    widths = _widths(columns)
    bottom = PAGE_MARGIN + 10
    pages: list[list[Sequence[str]]] = [[]]
    y = content_top(header) - intro_height - ROW
    for row in rows:
        if y - ROW < bottom:
            pages.append([])
            y = content_top(header) - ROW
        pages[-1].append(row)
        y -= ROW
    needs_outro_page = outro is not None and y - 150 < bottom
    total = len(pages) + (1 if needs_outro_page else 0)
    for number, page_rows in enumerate(pages, start=1):
        y = draw_header(canvas, header)
        if number == 1:
            y = intro(canvas, y)
        canvas.setFillColorRGB(0, 0, 0)
        _row(canvas, [c.caption for c in columns], widths, y - 10, True)
        canvas.setLineWidth(0.5)
        canvas.line(PAGE_MARGIN, y - 13, PAGE_WIDTH - PAGE_MARGIN, y - 13)
        y -= ROW
        for row in page_rows:
            _row(canvas, row, widths, y - 10, False)
            y -= ROW
        if outro is not None and number == len(pages) and not needs_outro_page:
            outro(canvas, y - 10)
        draw_page_number(canvas, number, total, footer_note)
        canvas.showPage()
    if needs_outro_page and outro is not None:
        y = draw_header(canvas, header)
        outro(canvas, y)
        draw_page_number(canvas, total, total, footer_note)
        canvas.showPage()
