"""A chart view that remembers the plot it draws (its numbers are what CSV export saves)."""

from __future__ import annotations

from PySide6.QtCharts import QChart, QChartView
from PySide6.QtWidgets import QWidget

from recordsdesk.printing.dashboard_report import ReportPlot


class PlotView(QChartView):
    """One plot of the dashboard in the window."""

    def __init__(self, chart: QChart, plot: ReportPlot, parent: QWidget | None = None) -> None:
        super().__init__(chart, parent)
        self.plot = plot
        # Places are listed one a row: their plots need the height to name every one.
        self.setMinimumSize(220, 300 if plot.category_name == "location" else 240)

    def show_plot(self, chart: QChart, plot: ReportPlot) -> None:
        """Draw a new chart in place of the old one (the view deletes the old chart)."""
        old = self.chart()
        self.setChart(chart)
        self.plot = plot
        if old is not None:
            old.deleteLater()
