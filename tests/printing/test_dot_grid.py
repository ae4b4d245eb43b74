"""Every barcode on every stock lands on the printer's dot grid: whole dots wide, starting on a
dot edge, at 203 and 300 dpi, in every position of a sheet and with a printer offset."""

from __future__ import annotations

import pytest

from recordsdesk.domain.errors import InvalidInput
from recordsdesk.printing.labels import draw_chart_label, layout_chart_label, snapped_offset
from recordsdesk.printing.pdf_canvas import open_canvas
from recordsdesk.printing.settings import PrinterOffset, PrintSettings, Symbology
from recordsdesk.printing.stocks import Stock, StockKind, all_stocks
from tests.printing.conftest import sample_labels

PDF_STOCKS = [stock for stock in all_stocks() if stock.kind is not StockKind.ZPL]


def _on_grid(points: float, dpi: int) -> bool:
    dots = points / 72 * dpi
    return abs(dots - round(dots)) < 1e-6


@pytest.mark.parametrize("dpi", [203, 300])
@pytest.mark.parametrize("symbology", [Symbology.CODE128, Symbology.CODE39])
@pytest.mark.parametrize("stock", PDF_STOCKS, ids=lambda stock: stock.name)
def test_bars_are_whole_dots_on_every_stock_and_position(
    stock: Stock, symbology: Symbology, dpi: int
) -> None:
    settings = PrintSettings(
        symbology=symbology, dots_per_inch=dpi, offset=PrinterOffset(0.7, -0.3)
    )
    dx, dy = snapped_offset(settings, dpi)
    assert _on_grid(dx, dpi) and _on_grid(dy, dpi)
    count = min(stock.labels_per_page, 12)
    canvas, _ = open_canvas("grid", stock.page_size)
    drawn_any = 0
    for label, cell in zip(sample_labels(count), stock.place(count), strict=True):
        try:
            layout = layout_chart_label(label, cell, settings, stock)
            drawn = draw_chart_label(canvas, label, layout, settings, dpi)
        except InvalidInput as error:  # Code 39 that cannot fit is refused, not drawn badly
            assert "does not fit" in str(error) and symbology is Symbology.CODE39
            continue
        drawn_any += 1
        where = f"{stock.name} #{cell.position} at {dpi} dpi"
        assert _on_grid(drawn.module, dpi), where
        assert _on_grid(drawn.x + dx, dpi), where
    assert drawn_any or symbology is Symbology.CODE39
