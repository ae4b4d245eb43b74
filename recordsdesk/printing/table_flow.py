"""Long tables over Letter pages: headings kept with what follows, repeated on each new page."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import Enum

from reportlab.pdfgen.canvas import Canvas

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
from recordsdesk.printing.text import draw_text, fit_text, wrap_text

TICK_BOX = 9.0
_CELL_PAD = 3.0
_FOOT_ROOM = 14.0
# Table text is set in one size and wraps: read in a corridor, every row looks the same.
CELL_SIZE = 9.0
_CELL_LEADING = 11.0


class RowKind(Enum):
    """What a row is; headings stay with the rows that follow them."""

    TITLE = "title"  # a table's title ("Not on the shelf")
    COLUMNS = "columns"  # the column captions
    BAND = "band"  # a group: a shelving unit
    SUBBAND = "subband"  # a subgroup: a section
    ITEM = "item"  # one chart
    NOTE = "note"  # a line of plain text

    @property
    def height(self) -> float:
        """The row's height in points."""
        return _HEIGHTS[self.value]


_HEIGHTS = {
    "title": 22.0,
    "columns": 15.0,
    "band": 19.0,
    "subband": 16.0,
    "item": 17.0,
    "note": 15.0,
}


@dataclass(frozen=True)
class Column:
    """A table column: its caption and width in points."""

    caption: str
    width: float
    bold: bool = False


@dataclass(frozen=True)
class Row:
    """One row: its kind, its cells (or the heading's text), and whether it has a tick box."""

    kind: RowKind
    cells: tuple[str, ...]
    columns: tuple[Column, ...] = ()
    tick: bool = False
    strong: bool = False

    @property
    def is_heading(self) -> bool:
        """Headings never end a page."""
        return self.kind is not RowKind.ITEM and self.kind is not RowKind.NOTE


@dataclass(frozen=True)
class Part:
    """A run of pages under one page header (a pull list, one clinic's routing sheet)."""

    header: PageHeader
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Page:
    """The rows that landed on one page."""

    header: PageHeader
    rows: tuple[Row, ...]


@functools.lru_cache(maxsize=4096)
def cell_lines(row: Row, columns: tuple[Column, ...]) -> tuple[tuple[str, ...], ...]:
    """Each cell's text wrapped to its column at CELL_SIZE."""
    wrapped = []
    for column, text in zip(columns, row.cells, strict=False):
        font = SANS_BOLD if column.bold or row.strong else SANS
        wrapped.append(tuple(wrap_text(text, font, CELL_SIZE, column.width - _CELL_PAD)))
    return tuple(wrapped)


def row_height(row: Row, columns: tuple[Column, ...]) -> float:
    """The row's height: its kind's, or taller where an item's cells wrap."""
    if row.kind is not RowKind.ITEM or not columns:
        return row.kind.height
    lines = max((len(cell) for cell in cell_lines(row, columns)), default=1)
    return max(row.kind.height, 6 + lines * _CELL_LEADING)


def _continued(row: Row) -> Row:
    return replace(row, cells=(f"{row.cells[0]} (continued)", *row.cells[1:]))


def paginate(part: Part) -> list[Page]:
    """Split a part's rows over pages, repeating column captions and group headings."""
    budget = content_top(part.header) - PAGE_MARGIN - _FOOT_ROOM
    pages: list[Page] = []
    current: list[Row] = []
    used = 0.0
    columns: Row | None = None
    band: Row | None = None
    subband: Row | None = None
    rows = part.rows
    for index, row in enumerate(rows):
        widths = (
            row.columns if row.kind is RowKind.COLUMNS else (columns.columns if columns else ())
        )
        need = row_height(row, widths)
        if row.is_heading:
            # Keep the heading with the headings after it and the first row they introduce.
            for following in rows[index + 1 :]:
                need += row_height(following, widths)
                if not following.is_heading:
                    break
        if current and used + need > budget:
            pages.append(Page(part.header, tuple(current)))
            current, used = [], 0.0
            carried: list[Row] = []
            if (
                columns is not None
                and row.kind is not RowKind.COLUMNS
                and (row.kind is not RowKind.TITLE)
            ):
                carried.append(columns)
            if band is not None and row.kind in (RowKind.SUBBAND, RowKind.ITEM):
                carried.append(_continued(band))
            if subband is not None and row.kind is RowKind.ITEM:
                carried.append(_continued(subband))
            current.extend(carried)
            used = sum(row_height(r, widths) for r in carried)
        if row.kind is RowKind.TITLE:
            columns, band, subband = None, None, None
        elif row.kind is RowKind.COLUMNS:
            columns, band, subband = row, None, None
        elif row.kind is RowKind.BAND:
            band, subband = row, None
        elif row.kind is RowKind.SUBBAND:
            subband = row
        current.append(row)
        used += row_height(row, widths)
    pages.append(Page(part.header, tuple(current)))
    return pages


def _draw_cells(canvas: Canvas, row: Row, columns: tuple[Column, ...], y: float) -> None:
    x = PAGE_MARGIN
    first_baseline = y - 12
    wrapped = cell_lines(row, columns)
    for index, (column, lines) in enumerate(zip(columns, wrapped, strict=False)):
        if index == 0 and row.tick:
            canvas.setLineWidth(0.8)
            box_y = y - 17 / 2 - TICK_BOX / 2
            canvas.rect(x + 2, box_y, TICK_BOX, TICK_BOX, stroke=1, fill=0)
        else:
            font = SANS_BOLD if column.bold or row.strong else SANS
            for number, line in enumerate(lines):
                draw_text(canvas, x, first_baseline - number * _CELL_LEADING, line, font, CELL_SIZE)
        x += column.width


def draw_row(canvas: Canvas, row: Row, columns: tuple[Column, ...], y: float) -> None:
    """Draw a row whose top is at y."""
    width = PAGE_WIDTH - 2 * PAGE_MARGIN
    height = row_height(row, columns)
    canvas.setFillColorRGB(0, 0, 0)
    if row.kind is RowKind.TITLE:
        draw_text(canvas, PAGE_MARGIN, y - height + 6, row.cells[0], SANS_BOLD, 13)
    elif row.kind is RowKind.NOTE:
        draw_text(canvas, PAGE_MARGIN, y - height + 5, row.cells[0], SANS, 9)
    elif row.kind in (RowKind.BAND, RowKind.SUBBAND):
        dark = row.kind is RowKind.BAND
        shade = 0.15 if dark else 0.85
        canvas.setFillColorRGB(shade, shade, shade)
        canvas.rect(PAGE_MARGIN, y - height + 1, width, height - 2, stroke=0, fill=1)
        canvas.setFillColorRGB(*((1.0, 1.0, 1.0) if dark else (0.0, 0.0, 0.0)))
        fitted = fit_text(" · ".join(row.cells), SANS_BOLD, width - 8, 10 if dark else 9, 7)
        draw_text(canvas, PAGE_MARGIN + 4, y - height + 5.5, fitted.text, SANS_BOLD, fitted.size)
    elif row.kind is RowKind.COLUMNS:
        x = PAGE_MARGIN
        canvas.setFillColorRGB(0.3, 0.3, 0.3)
        for column in row.columns:
            draw_text(canvas, x, y - height + 5, column.caption.upper(), SANS_BOLD, 7.5)
            x += column.width
        canvas.setLineWidth(0.6)
        canvas.line(PAGE_MARGIN, y - height + 1, PAGE_MARGIN + width, y - height + 1)
    else:
        _draw_cells(canvas, row, columns, y)
        canvas.setStrokeColorRGB(0.75, 0.75, 0.75)
        canvas.setLineWidth(0.3)
        canvas.line(PAGE_MARGIN, y - height, PAGE_MARGIN + width, y - height)
        canvas.setStrokeColorRGB(0, 0, 0)


def render_parts(title: str, parts: Sequence[Part], footer_note: str) -> bytes:
    """Paginate every part, then draw them with 'page x of y' counted over the whole document."""
    pages = [page for part in parts for page in paginate(part)]
    canvas, buffer = open_canvas(title, (PAGE_WIDTH, PAGE_HEIGHT))
    for number, page in enumerate(pages, start=1):
        y = draw_header(canvas, page.header)
        columns: tuple[Column, ...] = ()
        for row in page.rows:
            if row.kind is RowKind.COLUMNS:
                columns = row.columns
            draw_row(canvas, row, columns, y)
            y -= row_height(row, columns)
        draw_page_number(canvas, number, len(pages), footer_note)
        canvas.showPage()
    return finish(canvas, buffer)
