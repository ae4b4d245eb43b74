"""Die-cut corners: each stock's corner radius as its template gives it, and nothing printed
(colour blocks, year band, barcode, text) nearer the rounded edge than the label margin."""

from __future__ import annotations

import math
from dataclasses import replace

import pytest

from recordsdesk.printing.labels import layout_chart_label
from recordsdesk.printing.settings import PrintSettings
from recordsdesk.printing.stocks import LABEL_MARGIN, LabelCell, Stock, all_stocks, stock_by_name
from tests.printing.conftest import sample_labels

INCH = 72.0
# The template radii (gLabels' Avery US-Letter templates, `round`), in inches.
TEMPLATE_RADII = {
    "avery-5160": 1 / 16,
    "avery-5163": 1 / 8,
    "avery-5167": 1 / 16,
    "avery-5066": 1 / 16,
    "avery-5366": 1 / 16,
}


def clearance(cell: LabelCell, radius: float, x: float, y: float) -> float:
    """How far the point (x, y) inside the label lies from its die-cut outline: a rectangle
    whose corners are arcs of the given radius."""
    dx = min(x - cell.x, cell.x + cell.width - x)
    dy = min(y - cell.y, cell.y + cell.height - y)
    if dx < radius and dy < radius:
        return radius - math.hypot(radius - dx, radius - dy)
    return min(dx, dy)


def _corners(x: float, y: float, width: float, height: float) -> list[tuple[float, float]]:
    return [(x, y), (x + width, y), (x, y + height), (x + width, y + height)]


@pytest.mark.parametrize("name", sorted(TEMPLATE_RADII))
def test_each_avery_stock_has_its_template_radius(name: str) -> None:
    assert stock_by_name(name).corner_radius == pytest.approx(TEMPLATE_RADII[name] * INCH)


@pytest.mark.parametrize("stock", all_stocks(), ids=lambda stock: stock.name)
def test_nothing_prints_nearer_the_rounded_corner_than_the_margin(stock: Stock) -> None:
    # Three digits and a year band: the top-right corner as full as a label gets.
    label = replace(sample_labels(1)[0], colour_digits="487", year=2025)
    cell = stock.place(1)[0]
    layout = layout_chart_label(label, cell, PrintSettings(), stock)
    points = [p for box in layout.boxes for p in _corners(box.x, box.y, box.width, box.height)]
    points += _corners(*layout.barcode_box)
    for run in layout.runs:
        size = run.fitted.size
        points += _corners(run.x, run.baseline - 0.25 * size, run.width, 1.05 * size)
    nearest = min(clearance(cell, stock.corner_radius, x, y) for x, y in points)
    assert nearest >= LABEL_MARGIN - 0.01, f"{stock.name}: {nearest / INCH * 25.4:.2f} mm"
    # The top-right block, which once stood under 1 mm from the curve on 5163.
    top_right = max(layout.boxes, key=lambda box: box.x + box.width)
    corner = (top_right.x + top_right.width, top_right.y + top_right.height)
    assert clearance(cell, stock.corner_radius, *corner) >= LABEL_MARGIN - 0.01


def test_the_clearance_measure_sees_a_corner_too_close() -> None:
    stock = stock_by_name("avery-5163")
    cell = stock.place(1)[0]
    # A block at the plain 1.5 mm margin, as before corners were counted.
    x = cell.x + cell.width - LABEL_MARGIN
    y = cell.y + cell.height - LABEL_MARGIN
    radius = stock.corner_radius
    expected = radius - (radius - LABEL_MARGIN) * math.sqrt(2)  # about 0.8 mm
    assert clearance(cell, radius, x, y) == pytest.approx(expected)
    assert 0 < clearance(cell, radius, x, y) < LABEL_MARGIN
