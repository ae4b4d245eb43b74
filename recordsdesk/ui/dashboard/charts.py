"""A dashboard plot drawn with Qt Charts (PySide6-Addons): the same plot the PDF report draws."""

from __future__ import annotations

from PySide6.QtCharts import (
    QAbstractAxis,
    QAbstractBarSeries,
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QCategoryAxis,
    QChart,
    QHorizontalBarSeries,
    QHorizontalStackedBarSeries,
    QLegend,
    QLineSeries,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, QPointF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QWidget

from recordsdesk.printing.dashboard_report import LINES, STACKED, ReportPlot
from recordsdesk.ui.dashboard.chart_view import PlotView

MOST_LABELS = 6
SUBTITLE = "<span style='font-size:8pt; font-weight:normal; color:#546E7A'>{}</span>"


def label_step(count: int, most: int = MOST_LABELS) -> int:
    """Categories per labelled stretch of axis, so that at most ``most`` labels are shown."""
    return max(1, -(-count // most))


def stretch_axis(plot: ReportPlot, font: QFont) -> QCategoryAxis:
    """The bottom axis of a plot over days or hours: category i sits at x = i, and each
    labelled stretch of ``label_step`` categories carries its first one's name centred, so
    labels are wide enough to read whole however long the period."""
    axis = QCategoryAxis()
    count = len(plot.categories)
    axis.setRange(-0.5, count - 0.5)
    step = label_step(count)
    for first in range(0, count, step):
        name = plot.categories[first]
        if plot.days and len(name) == 10:
            name = name[5:]  # MM-DD
        axis.append(name, min(first + step, count) - 0.5)
    axis.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionCenter)
    axis.setLabelsFont(font)
    axis.setGridLineVisible(False)
    return axis


def _value_axis(font: QFont, highest: float, whole: bool) -> QValueAxis:
    axis = QValueAxis()
    axis.setLabelsFont(font)
    axis.setRange(0, max(highest * 1.1, 1.0))
    axis.applyNiceNumbers()
    axis.setLabelFormat("%.0f")
    if whole and highest < 10:
        axis.setTickType(QValueAxis.TickType.TicksDynamic)
        axis.setTickAnchor(0)
        axis.setTickInterval(1 if highest <= 5 else 2)
    return axis


def _bar_sets(plot: ReportPlot, series: QAbstractBarSeries, reverse: bool) -> float:
    """Fill ``series`` with the plot's bar sets; the tallest bar (or stack)."""
    order = list(range(len(plot.categories)))
    if reverse:
        order.reverse()
    totals = [0.0] * len(order)
    for source in plot.series:
        bar_set = QBarSet(source.name)
        bar_set.setColor(QColor(source.colour))
        bar_set.setBorderColor(QColor(source.colour))
        for slot, i in enumerate(order):
            value = source.values[i] or 0.0
            bar_set.append(value)
            stacked = plot.kind == STACKED
            totals[slot] = totals[slot] + value if stacked else max(totals[slot], value)
        series.append(bar_set)
    series.setBarWidth(0.8)
    return max(totals, default=0.0)


def _whole(plot: ReportPlot) -> bool:
    return all(v is None or float(v).is_integer() for s in plot.series for v in s.values)


def plot_chart(plot: ReportPlot) -> QChart:
    """A QChart of ``plot``: places as horizontal bars (every name readable), days and hours
    along the bottom as bars or lines."""
    chart = QChart()
    chart.setTitle(f"{plot.title}<br>{SUBTITLE.format(plot.unit)}")
    title_font = QFont()
    title_font.setPointSize(10)
    title_font.setBold(True)
    chart.setTitleFont(title_font)
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.setBackgroundRoundness(4)
    small = QFont()
    small.setPointSize(8)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    legend_font = QFont()
    legend_font.setPointSize(7)
    chart.legend().setFont(legend_font)
    chart.legend().setMarkerShape(QLegend.MarkerShape.MarkerShapeCircle)
    chart.legend().setVisible(len(plot.series) > 1)
    whole = _whole(plot)
    across: QAbstractAxis
    if plot.category_name == "location":
        # Horizontal bars, the biggest at the top: a code per row, never cut short.
        bars: QAbstractBarSeries = (
            QHorizontalStackedBarSeries() if plot.kind == STACKED else QHorizontalBarSeries()
        )
        highest = _bar_sets(plot, bars, reverse=True)
        names = QBarCategoryAxis()
        names.append(list(reversed(plot.categories)) or [" "])
        names.setLabelsFont(small)
        names.setGridLineVisible(False)
        names.setTruncateLabels(False)
        values = _value_axis(small, highest, whole)
        chart.addAxis(names, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(values, Qt.AlignmentFlag.AlignBottom)
        chart.addSeries(bars)
        bars.attachAxis(names)
        bars.attachAxis(values)
        return chart
    across = stretch_axis(plot, small)
    chart.addAxis(across, Qt.AlignmentFlag.AlignBottom)
    if plot.kind == LINES:
        highest = 0.0
        lines = []
        for source in plot.series:
            line = QLineSeries()
            line.setName(source.name)
            line.setPen(QPen(QColor(source.colour), 2))
            for i, value in enumerate(source.values):
                if value is not None:
                    line.append(QPointF(i, value))
                    highest = max(highest, value)
            lines.append(line)
        values = _value_axis(small, highest, whole)
        chart.addAxis(values, Qt.AlignmentFlag.AlignLeft)
        for line in lines:
            chart.addSeries(line)
            line.attachAxis(across)
            line.attachAxis(values)
        return chart
    columns: QAbstractBarSeries = QStackedBarSeries() if plot.kind == STACKED else QBarSeries()
    highest = _bar_sets(plot, columns, reverse=False)
    values = _value_axis(small, highest, whole)
    chart.addAxis(values, Qt.AlignmentFlag.AlignLeft)
    chart.addSeries(columns)
    columns.attachAxis(across)
    columns.attachAxis(values)
    return chart


def plot_view(plot: ReportPlot, parent: QWidget | None = None) -> PlotView:
    """A view of ``plot`` that can be redrawn with new figures."""
    view = PlotView(plot_chart(plot), plot, parent)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    return view
