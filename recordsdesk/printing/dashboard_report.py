"""The dashboard as a PDF report: the headline figures, then each plot drawn with reportlab's
own charts, two to a row on Letter pages."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.renderPDF import _PDFRenderer, renderScaledDrawing
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib.colors import HexColor
from reportlab.pdfgen.canvas import Canvas

from recordsdesk.printing.fonts import SANS, SANS_BOLD
from recordsdesk.printing.page_furniture import (
    PAGE_HEIGHT,
    PAGE_MARGIN,
    PAGE_WIDTH,
    PageHeader,
    draw_header,
    draw_page_number,
)
from recordsdesk.printing.pdf_canvas import finish, open_canvas
from recordsdesk.printing.text import draw_text, fit_text

BARS = "bars"
STACKED = "stacked"
LINES = "lines"
MAX_LABELS = 8


@dataclass(frozen=True)
class ReportSeries:
    """One series of a plot: its name, one value per category (None: no figure), its colour."""

    name: str
    values: tuple[float | None, ...]
    colour: str


@dataclass(frozen=True)
class ReportPlot:
    """A plot and the numbers behind it: categories along the bottom, series up the side."""

    key: str
    title: str
    kind: str  # BARS, STACKED or LINES
    category_name: str
    categories: tuple[str, ...]
    series: tuple[ReportSeries, ...]
    unit: str
    days: bool = False  # the categories are ISO dates

    @property
    def empty(self) -> bool:
        return not self.categories or all(
            not v for s in self.series for v in s.values if v is not None
        )


@dataclass(frozen=True)
class DashboardReport:
    """The whole report: a title, the headline figures, the plots."""

    title: str
    subtitle: str
    right: str
    tiles: tuple[tuple[str, str], ...]
    plots: tuple[ReportPlot, ...]


def thinned(categories: Sequence[str], most: int = MAX_LABELS, days: bool = False) -> list[str]:
    """Category labels with all but about ``most`` of them blanked, evenly; days shortened."""
    step = max(1, -(-len(categories) // most))
    shown = [c[5:] if days and len(c) == 10 else c for c in categories]
    return [c if i % step == 0 else "" for i, c in enumerate(shown)]


def _plot_drawing(plot: ReportPlot, width: float, height: float) -> Drawing:
    drawing = Drawing(width, height)
    drawing.add(String(0, height - 12, plot.title, fontName=SANS_BOLD, fontSize=10))
    drawing.add(
        String(0, height - 24, plot.unit, fontName=SANS, fontSize=7, fillColor=HexColor("#546E7A"))
    )
    if plot.empty:
        drawing.add(
            String(
                width / 2,
                height / 2,
                "Nothing to show for this period",
                fontName=SANS,
                fontSize=9,
                textAnchor="middle",
            )
        )
        return drawing
    chart: VerticalBarChart | HorizontalLineChart
    if plot.kind == LINES:
        chart = HorizontalLineChart()
        chart.joinedLines = 1
        for i, series in enumerate(plot.series):
            chart.lines[i].strokeColor = HexColor(series.colour)
            chart.lines[i].strokeWidth = 1.5
    else:
        chart = VerticalBarChart()
        chart.barSpacing = 0
        chart.groupSpacing = 2 if len(plot.categories) > 40 else 6
        chart.bars.strokeColor = None
        for i, series in enumerate(plot.series):
            chart.bars[i].fillColor = HexColor(series.colour)
        if plot.kind == STACKED:
            chart.categoryAxis.style = "stacked"
    columns = -(-len(plot.series) // 2)
    legend_height = 12 * min(2, len(plot.series)) + 4 if len(plot.series) > 1 else 0
    chart.x = 30
    chart.y = 30 + legend_height
    chart.width = width - 40
    chart.height = height - 60 - legend_height
    chart.data = [tuple(0 if v is None else v for v in s.values) for s in plot.series]
    if plot.kind == LINES:
        # Lines break where a day has no figure, rather than dropping to zero.
        chart.data = [tuple(v for v in s.values) for s in plot.series]
    most = MAX_LABELS if plot.days else 24
    chart.categoryAxis.categoryNames = thinned(plot.categories, most, days=plot.days)
    chart.categoryAxis.labels.fontName = SANS
    chart.categoryAxis.labels.fontSize = 6
    tilted = plot.days or len(plot.categories) > 10
    chart.categoryAxis.labels.angle = 30 if tilted else 0
    chart.categoryAxis.labels.boxAnchor = "ne" if tilted else "n"
    chart.valueAxis.labels.fontName = SANS
    chart.valueAxis.labels.fontSize = 6
    chart.valueAxis.valueMin = 0
    chart.valueAxis.forceZero = 1
    highest = max((v for s in plot.series for v in s.values if v is not None), default=0.0)
    if highest <= 5:
        chart.valueAxis.valueStep = 1  # counts: no half charts on the axis
    chart.valueAxis.visibleGrid = 1
    chart.valueAxis.gridStrokeColor = HexColor("#CFD8DC")
    chart.valueAxis.gridStrokeWidth = 0.3
    drawing.add(chart)
    if len(plot.series) > 1:
        legend = Legend()
        legend.x = 30
        legend.y = legend_height
        legend.fontName = SANS
        legend.fontSize = 7
        legend.columnMaximum = 2
        legend.boxAnchor = "nw"
        legend.dx = 7
        legend.dy = 7
        legend.deltay = 11
        legend.deltax = (width - 40) / columns
        legend.alignment = "right"
        legend.colorNamePairs = [(HexColor(s.colour), s.name) for s in plot.series]
        drawing.add(legend)
    return drawing


class _ShapedRenderer(_PDFRenderer):  # type: ignore[misc]
    """reportlab's PDF renderer for its charts, with every string (titles, axis labels, legend
    names such as borrower codes and clerks' names) laid out by the shaped text path."""

    def drawString(self, stringObj: String) -> None:
        if not self._fill:
            return
        state = self._tracker.getState()
        style = SANS_BOLD if state["fontName"] == SANS_BOLD else SANS
        align = {"end": "right", "numeric": "right", "middle": "centre"}.get(
            state["textAnchor"], "left"
        )
        draw_text(
            self._canvas, stringObj.x, stringObj.y, stringObj.text, style, state["fontSize"], align
        )


def _draw_plot(drawing: Drawing, canvas: Canvas, x: float, y: float) -> None:
    _ShapedRenderer().draw(renderScaledDrawing(drawing), canvas, x, y)


def _tiles(canvas: Canvas, tiles: Sequence[tuple[str, str]], top: float) -> float:
    """The headline figures in a row of boxes; the y below them."""
    width = (PAGE_WIDTH - 2 * PAGE_MARGIN) / max(1, len(tiles))
    height = 44.0
    for i, (label, value) in enumerate(tiles):
        x = PAGE_MARGIN + i * width
        canvas.setStrokeColorRGB(0.7, 0.74, 0.77)
        canvas.setFillColorRGB(0.93, 0.95, 0.96)
        canvas.rect(x + 2, top - height, width - 4, height, stroke=1, fill=1)
        canvas.setFillColorRGB(0.05, 0.28, 0.63)
        fitted = fit_text(value, SANS_BOLD, width - 12, 15, 8)
        draw_text(canvas, x + 8, top - 20, fitted.text, SANS_BOLD, fitted.size)
        canvas.setFillColorRGB(0.2, 0.2, 0.2)
        small = fit_text(label, SANS, width - 12, 7.5, 5)
        draw_text(canvas, x + 8, top - 36, small.text, SANS, small.size)
    return top - height - 10


def dashboard_report_pdf(report: DashboardReport) -> bytes:
    """The report as PDF bytes: tiles on the first page, then the plots two to a row."""
    canvas, buffer = open_canvas(report.title, (PAGE_WIDTH, PAGE_HEIGHT))
    header = PageHeader(report.title, report.subtitle, report.right)
    column = (PAGE_WIDTH - 2 * PAGE_MARGIN - 20) / 2
    plot_height = 192.0
    pages: list[list[tuple[ReportPlot, float, float]]] = [[]]
    top = PAGE_HEIGHT - PAGE_MARGIN - 47 - 54  # below the header and the tiles
    y = top
    for index, plot in enumerate(report.plots):
        col = index % 2
        if col == 0 and index:
            y -= plot_height + 12
        if y - plot_height < PAGE_MARGIN + 10:
            pages.append([])
            y = PAGE_HEIGHT - PAGE_MARGIN - 47
        pages[-1].append((plot, PAGE_MARGIN + col * (column + 20), y - plot_height))
    for number, placed in enumerate(pages, start=1):
        below = draw_header(canvas, header)
        if number == 1:
            _tiles(canvas, report.tiles, below)
        for plot, x, bottom in placed:
            _draw_plot(_plot_drawing(plot, column, plot_height), canvas, x, bottom)
        draw_page_number(canvas, number, len(pages), "RecordsDesk dashboard")
        canvas.showPage()
    return finish(canvas, buffer)
