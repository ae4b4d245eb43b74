"""Barcode sheets, command sheets, outguides and the calibration page: they scan and read right."""

from __future__ import annotations

from datetime import datetime

import pytest

from recordsdesk.domain.barcodes import Command, ScanKind, command_barcode, parse_scan
from recordsdesk.domain.errors import InvalidInput
from recordsdesk.printing.calibration import calibration_pdf
from recordsdesk.printing.documents import BarcodeCard, OutguideCard, standard_command_cards
from recordsdesk.printing.outguide import outguides_pdf
from recordsdesk.printing.settings import PrinterOffset, PrintSettings, Symbology
from recordsdesk.printing.sheets import barcode_sheet_pdf, command_sheet_pdf
from recordsdesk.printing.stocks import StockKind, all_stocks, stock_by_name
from tests.printing.pages import (
    DPIS,
    decode_all,
    fonts_all_embedded,
    ink_box,
    page_count,
    page_texts,
    pixels_to_mm,
    render,
)

CARDS = [
    BarcodeCard("CARD", "Cardiology Clinic, Ørsted wing", "L-CARD"),
    BarcodeCard("W4", "Ward 4", "L-W4"),
    BarcodeCard("JNGUYEN", "Nguyễn Thị Ánh", "P-JNGUYEN"),
    BarcodeCard("LWALESA", "Łucja Wałęsa", "P-LWALESA"),
] * 3


def _all_codes(pdf: bytes, dpi: int) -> list[str]:
    return [code for page in range(page_count(pdf)) for code in decode_all(render(pdf, page, dpi))]


@pytest.mark.parametrize("symbology", [Symbology.CODE128, Symbology.CODE39])
def test_barcode_sheet_scans_and_names_each_card(symbology: Symbology) -> None:
    pdf = barcode_sheet_pdf(
        CARDS, printed_at=datetime(2025, 6, 2, 9, 30), settings=PrintSettings(symbology=symbology)
    )
    assert page_count(pdf) == 2  # ten cards to a page
    for dpi in DPIS:
        assert sorted(_all_codes(pdf, dpi)) == sorted(card.barcode for card in CARDS)
    text = "\n".join(page_texts(pdf))
    for card in CARDS:
        assert card.name in text
        assert f"Code {card.code}" in text
    assert "Page 1 of 2" in text and "Page 2 of 2" in text
    descriptors, files = fonts_all_embedded(pdf)
    assert descriptors == files >= 1


def test_command_sheet_has_every_desk_command_and_each_scans_as_a_command() -> None:
    pdf = command_sheet_pdf()
    assert [card.barcode for card in standard_command_cards()] == [
        command_barcode(command) for command in Command
    ]
    for dpi in DPIS:
        codes = _all_codes(pdf, dpi)
        assert sorted(codes) == sorted(command_barcode(command) for command in Command)
        assert all(parse_scan(code).kind is ScanKind.COMMAND for code in codes)
    text = page_texts(pdf)[0]
    for label in ("Check out", "Return", "Transfer", "Undo last scan"):
        assert label in text


def test_empty_sheets_are_refused() -> None:
    with pytest.raises(InvalidInput):
        barcode_sheet_pdf([])
    with pytest.raises(InvalidInput):
        outguides_pdf([])


def test_outguides_say_where_the_chart_went_and_scan() -> None:
    cards = [
        OutguideCard(
            "Nguyễn Thị Ánh",
            "12-34-56",
            "2 of 3",
            "Cardiology Clinic",
            "CARD",
            datetime(2025, 6, 3, 9, 15),
            "Łucja Wałęsa",
            datetime(2025, 6, 5, 17, 0),
            "L-CARD",
        ),
        OutguideCard(
            "Renée Dubé",
            "00-04-32",
            "1 of 1",
            "Ward 4",
            "W4",
            datetime(2025, 6, 3, 10, 0),
            "Jürgen Müller",
            None,
            "L-W4",
        ),
        OutguideCard(
            "Øyvind Ødegård",
            "98-76-54",
            "1 of 2",
            "Dr Jane Doe",
            "JDOE",
            datetime(2025, 6, 3, 11, 0),
            "ada",
        ),
    ]
    pdf = outguides_pdf(cards)
    assert page_count(pdf) == 2
    for dpi in DPIS:
        assert sorted(_all_codes(pdf, dpi)) == ["L-CARD", "L-W4"]
    text = "\n".join(page_texts(pdf))
    for expected in (
        "OUT",
        "Nguyễn Thị Ánh",
        "12-34-56",
        "2 of 3",
        "Cardiology Clinic (CARD)",
        "Tue 03 Jun 2025 09:15",
        "Łucja Wałęsa",
        "Thu 05 Jun 2025 17:00",
        "No due date",
        "Øyvind Ødegård",
        "Dr Jane Doe (JDOE)",
    ):
        assert expected in text


@pytest.mark.parametrize(
    "stock", [s for s in all_stocks() if s.kind is not StockKind.ZPL], ids=lambda s: s.name
)
def test_calibration_page_draws_every_label_outline_where_the_stock_says(stock) -> None:  # type: ignore[no-untyped-def]
    # On a roll the page is the label, so the outline is moved inwards to stay on it.
    offset = PrinterOffset(1.0, -0.5 if stock.kind is StockKind.SHEET else 0.5)
    pdf = calibration_pdf(stock, offset)
    image = render(pdf, 0, 300)
    for position in (1, stock.labels_per_page):
        cell = stock.cell(0, position)
        # The outline's corners, moved by the offset, in page millimetres from the top left.
        left = cell.x / 72 * 25.4 + offset.x_mm
        top = (stock.page_size[1] - cell.y - cell.height) / 72 * 25.4 + offset.y_mm
        right = left + cell.width / 72 * 25.4
        bottom = top + cell.height / 72 * 25.4
        middle_x = (left + right) / 2
        middle_y = (top + bottom) / 2
        # The top edge, looked for in a thin window across its middle (clear of the centre cross).
        top_window = _window(middle_x - 1, top - 1.5, middle_x + 1, top + 1.5)
        found = ink_box(image.crop(top_window))
        assert found is not None
        assert pixels_to_mm(top_window[1] + found[1], 300) == pytest.approx(top, abs=0.5)
        # The left edge, likewise halfway down.
        left_window = _window(left - 1.5, middle_y - 1, left + 1.5, middle_y + 1)
        found = ink_box(image.crop(left_window))
        assert found is not None
        assert pixels_to_mm(left_window[0] + found[0], 300) == pytest.approx(left, abs=0.5)
    assert f"Offset now: X +1.0 mm, Y {offset.y_mm:+.1f} mm" in page_texts(pdf)[0]


def _window(left: float, top: float, right: float, bottom: float) -> tuple[int, int, int, int]:
    """A pixel box at 300 dpi from millimetres."""
    # Never past the page's top or left edge: PIL fills what lies outside an image with black.
    left, top = max(0.0, left), max(0.0, top)
    return tuple(round(value / 25.4 * 300) for value in (left, top, right, bottom))  # type: ignore[return-value]


def test_calibration_of_a_zebra_stock_is_refused() -> None:
    with pytest.raises(InvalidInput, match="Zebra"):
        calibration_pdf(stock_by_name("zpl"))
