"""Chart labels on every stock: every barcode scans, text is right, nothing leaves its label."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.lib.units import mm

from recordsdesk.domain.errors import InvalidInput
from recordsdesk.printing.documents import ChartLabel
from recordsdesk.printing.labels import (
    LABEL_MARGIN,
    chart_labels_pdf,
    draw_chart_label,
    layout_chart_label,
    render_chart_labels,
)
from recordsdesk.printing.pdf_canvas import open_canvas
from recordsdesk.printing.settings import PrinterOffset, PrintSettings, Symbology
from recordsdesk.printing.stocks import LabelCell, Stock, StockKind, all_stocks, stock_by_name
from recordsdesk.printing.text import text_width
from tests.printing.conftest import NAMES, sample_labels
from tests.printing.pages import (
    DPIS,
    decode_all,
    fonts_all_embedded,
    ink_box,
    page_count,
    page_texts,
    pixels_to_mm,
    points_to_pixels,
    render,
)
from tests.printing.zpl_render import one_bit_with_gain

PDF_STOCKS = [stock for stock in all_stocks() if stock.kind is not StockKind.ZPL]
MARGIN_MM = LABEL_MARGIN / 72 * 25.4


def _cell_crop(image, cell: LabelCell, dpi: int, offset: PrinterOffset | None = None):  # type: ignore[no-untyped-def]
    """The part of the page image where a label (moved by the printer offset) should be."""
    offset = offset or PrinterOffset()
    page_height = image.height
    left = points_to_pixels(cell.x, dpi) + offset.x_mm / 25.4 * dpi
    top = page_height - points_to_pixels(cell.y + cell.height, dpi) + offset.y_mm / 25.4 * dpi
    right = left + points_to_pixels(cell.width, dpi)
    bottom = top + points_to_pixels(cell.height, dpi)
    return image.crop((round(left), round(top), round(right), round(bottom)))


def _assert_inside_margins(crop, dpi: int, where: str, margin_mm: float = MARGIN_MM) -> None:  # type: ignore[no-untyped-def]
    """Ink sits on the label's margin at the top, right and bottom, and not left of it."""
    MARGIN_MM = margin_mm
    box = ink_box(crop)
    assert box is not None, f"{where}: the label is blank"
    left, top, right, bottom = (pixels_to_mm(value, dpi) for value in box)
    width, height = pixels_to_mm(crop.width, dpi), pixels_to_mm(crop.height, dpi)
    assert top == pytest.approx(MARGIN_MM, abs=0.5), where
    assert width - right == pytest.approx(MARGIN_MM, abs=0.5), where
    assert height - bottom == pytest.approx(MARGIN_MM, abs=0.5), where
    assert MARGIN_MM - 0.5 <= left <= MARGIN_MM + 1.0, where


@pytest.mark.parametrize("stock", PDF_STOCKS, ids=lambda stock: stock.name)
def test_every_label_scans_and_sits_on_its_label(stock: Stock) -> None:
    count = min(stock.labels_per_page, 12) if stock.kind is StockKind.SHEET else 2
    labels = sample_labels(count)
    pdf = chart_labels_pdf(labels, stock)
    cells = stock.place(count)
    assert page_count(pdf) == max(cell.page for cell in cells) + 1
    for dpi in DPIS:
        decoded: list[str] = []
        for page in range(page_count(pdf)):
            image = render(pdf, page, dpi)
            decoded += decode_all(image)
            for cell in cells:
                if cell.page == page:
                    crop = _cell_crop(image, cell, dpi)
                    where = f"{stock.name} #{cell.position} @{dpi}"
                    _assert_inside_margins(crop, dpi, where, stock.content_margin / mm)
        assert sorted(decoded) == sorted(label.barcode for label in labels), f"{dpi} dpi"


def test_a_full_sheet_of_small_labels_all_scan() -> None:
    stock = stock_by_name("5167")
    labels = sample_labels(stock.labels_per_page)
    pdf = chart_labels_pdf(labels, stock)
    assert page_count(pdf) == 1
    for dpi in DPIS:
        assert sorted(decode_all(render(pdf, 0, dpi))) == [label.barcode for label in labels]


@pytest.mark.parametrize("symbology", [Symbology.CODE39, Symbology.CODE39_CHECKED])
@pytest.mark.parametrize("stock_name", ["5160", "5066", "thermal-2.25x1.25"])
def test_code39_labels_scan_with_or_without_check_character(
    symbology: Symbology, stock_name: str
) -> None:
    labels = sample_labels(4)
    pdf = chart_labels_pdf(labels, stock_by_name(stock_name), PrintSettings(symbology=symbology))
    expected = [label.barcode for label in labels]
    if symbology is Symbology.CODE39_CHECKED:
        expected = [value + _mod43(value) for value in expected]
    for dpi in DPIS:
        decoded = [
            text for page in range(page_count(pdf)) for text in decode_all(render(pdf, page, dpi))
        ]
        assert sorted(decoded) == sorted(expected)


def test_code39_too_long_for_a_small_label_is_refused_not_printed_unreadable() -> None:
    with pytest.raises(InvalidInput, match="does not fit"):
        chart_labels_pdf(
            sample_labels(1), stock_by_name("5167"), PrintSettings(symbology=Symbology.CODE39)
        )


def _mod43(value: str) -> str:
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-. $/+%"
    return alphabet[sum(alphabet.index(ch) for ch in value) % 43]


def test_start_at_a_position_on_a_half_used_sheet() -> None:
    stock = stock_by_name("5160")
    labels = sample_labels(5)
    pdf = chart_labels_pdf(labels, stock, start_at=28)
    assert page_count(pdf) == 2
    first, second = render(pdf, 0, 300), render(pdf, 1, 300)
    for position in range(1, 31):
        cell = stock.cell(0, position)
        assert (ink_box(_cell_crop(first, cell, 300)) is not None) == (position >= 28), position
        assert (ink_box(_cell_crop(second, cell, 300)) is not None) == (position <= 2), position
    assert sorted(decode_all(first)) == ["V0000001", "V0000002", "V0000003"]
    assert sorted(decode_all(second)) == ["V0000004", "V0000005"]


@pytest.mark.parametrize("offset", [PrinterOffset(1.0, 0.8), PrinterOffset(-1.2, -0.8)])
@pytest.mark.parametrize("stock_name", ["5160", "5163", "thermal-4x2"])
def test_printer_offset_moves_every_label(offset: PrinterOffset, stock_name: str) -> None:
    stock = stock_by_name(stock_name)
    count = 6 if stock.kind is StockKind.SHEET else 1
    pdf = chart_labels_pdf(sample_labels(count), stock, PrintSettings(offset=offset))
    image = render(pdf, 0, 300)
    if stock.kind is StockKind.ROLL:
        # The page is the label: its ink moves by the offset towards or away from the edges.
        box = ink_box(image)
        assert box is not None
        width, height = pixels_to_mm(image.width, 300), pixels_to_mm(image.height, 300)
        _, top, right, bottom = (pixels_to_mm(value, 300) for value in box)
        margin = stock.content_margin / mm
        assert top == pytest.approx(margin + offset.y_mm, abs=0.5)
        assert width - right == pytest.approx(margin - offset.x_mm, abs=0.5)
        assert height - bottom == pytest.approx(margin - offset.y_mm, abs=0.5)
        return
    for cell in stock.place(count):
        crop = _cell_crop(image, cell, 300, offset)
        where = f"{stock_name} #{cell.position} offset {offset}"
        _assert_inside_margins(crop, 300, where, stock.content_margin / mm)
    # Unmoved, the same cells would show ink out of place: the offset really was applied.
    unmoved = _cell_crop(image, stock.cell(0, 1), 300)
    box = ink_box(unmoved)
    assert box is not None
    assert pixels_to_mm(box[1], 300) == pytest.approx(MARGIN_MM + offset.y_mm, abs=0.5)


def test_offsets_out_of_range_are_refused() -> None:
    with pytest.raises(InvalidInput, match="X offset"):
        PrinterOffset(25.0, 0.0)
    with pytest.raises(InvalidInput, match="Y offset"):
        PrinterOffset(0.0, float("nan"))


def test_names_in_many_alphabets_are_drawn_and_fonts_embedded() -> None:
    pdf = chart_labels_pdf(sample_labels(len(NAMES)), stock_by_name("5163"))
    text = page_texts(pdf)[0]
    for name in NAMES:
        assert name in text
    for needle in ("Ø", "Ł", "ü", "é", "ễ", "Đ"):
        assert needle in text
    descriptors, files = fonts_all_embedded(pdf)
    assert descriptors >= 1
    assert descriptors == files
    assert b"/BaseFont /Helvetica" not in pdf


def test_label_shows_mrn_volume_dob_and_year() -> None:
    label = ChartLabel(
        "Ann Lee", "12-34-56", date(1970, 1, 31), 2, 3, "Radiology", "V0000042", "56", 2024
    )
    text = page_texts(chart_labels_pdf([label], stock_by_name("5160")))[0]
    for expected in ("Ann Lee", "12-34-56", "Vol 2 of 3", "DOB 31 Jan 1970", "Radiology", "2024"):
        assert expected in text
    # The colour-coded digits are printed inside their blocks.
    assert "5" in text.split("12-34-56")[0] + text and "6" in text


LONG_NAMES = st.text(
    alphabet=st.sampled_from(list("abcdefghijklmnopqrstuvwxyzÆØÅŁłüéễđĐ -'")),
    min_size=1,
    max_size=120,
).filter(lambda text: text.strip() != "")


@settings(max_examples=60, deadline=None)
@given(name=LONG_NAMES, stock=st.sampled_from(PDF_STOCKS), digits=st.sampled_from(["07", "564"]))
def test_text_never_leaves_its_room(name: str, stock: Stock, digits: str) -> None:
    label = ChartLabel(
        name,
        "123-45-67",
        date(2001, 12, 24),
        12,
        12,
        "Medical record extra",
        "V1234567",
        digits,
        2025,
    )
    cell = stock.place(1)[0]
    layout = layout_chart_label(label, cell, PrintSettings(), stock)
    margin = stock.content_margin
    right_edge = cell.x + cell.width - margin
    for run in layout.runs:
        width = text_width(run.fitted.text, run.font, run.fitted.size)
        assert width <= run.room + 0.01
        assert run.x + width <= right_edge + 0.01
        assert run.fitted.size >= 6.0
        assert run.x >= cell.x + margin - 0.01
    # Shortened or not, the MRN and the volume are always there in full.
    drawn = [run.fitted.text for run in layout.runs]
    assert "123-45-67" in drawn
    assert any(text.startswith(("Vol 12 of 12", "Vol 12/12", "12/12")) for text in drawn)
    assert any("2001" in text for text in drawn)
    beside_blocks = [run for run in layout.runs if run.baseline > layout.boxes[0].y]
    assert layout.boxes[0].x > max(run.x + run.width for run in beside_blocks)


@settings(max_examples=8, deadline=None)
@given(name=st.text(alphabet=st.sampled_from(list("WMØŁễ ")), min_size=40, max_size=200))
def test_very_long_names_are_shortened_and_stay_on_the_label(name: str) -> None:
    stock = stock_by_name("5160")
    label = ChartLabel(
        name + "X", "12-34-56", date(1980, 5, 5), 1, 1, "Medical record", "V0000007", "56"
    )
    pdf = chart_labels_pdf([label], stock)
    image = render(pdf, 0, 300)
    crop = _cell_crop(image, stock.cell(0, 1), 300)
    _assert_inside_margins(crop, 300, "long name", stock.content_margin / mm)
    layout = layout_chart_label(label, stock.cell(0, 1), PrintSettings(), stock)
    assert layout.name_shortened
    assert "…" in layout.runs[0].fitted.text
    assert decode_all(image) == ["V0000007"]


def test_bad_labels_are_refused_before_anything_is_drawn() -> None:
    good = sample_labels(1)[0]
    bad_volume = ChartLabel("A", "1", date(2000, 1, 1), 4, 3, "MR", "V0000001", "01")
    with pytest.raises(InvalidInput, match="Volume 4 of 3"):
        chart_labels_pdf([good, bad_volume], stock_by_name("5160"))
    bad_code = ChartLabel("A", "1", date(2000, 1, 1), 1, 1, "MR", "v-lower", "01")
    with pytest.raises(InvalidInput, match="Code 39"):
        chart_labels_pdf(
            [bad_code], stock_by_name("5160"), PrintSettings(symbology=Symbology.CODE39)
        )
    with pytest.raises(InvalidInput, match="no labels"):
        chart_labels_pdf([], stock_by_name("5160"))


def test_render_chart_labels_picks_pdf_or_zpl_by_stock() -> None:
    labels = sample_labels(2)
    assert render_chart_labels(labels, stock_by_name("5160")).startswith(b"%PDF")
    zpl = render_chart_labels(labels, stock_by_name("zpl")).decode()
    assert zpl.count("^XA") == 2
    with pytest.raises(InvalidInput, match="start position must be 1"):
        render_chart_labels(labels, stock_by_name("zpl"), start_at=3)
    with pytest.raises(InvalidInput, match="ZPL"):
        chart_labels_pdf(labels, stock_by_name("zpl"))


THERMAL = [stock for stock in all_stocks() if stock.kind is StockKind.ROLL]


@pytest.mark.parametrize("stock", THERMAL, ids=lambda stock: stock.name)
@pytest.mark.parametrize(
    "symbology", [Symbology.CODE128, Symbology.CODE39], ids=lambda s: str(s.value)
)
def test_thermal_labels_scan_at_203_dpi_one_bit_with_a_dot_of_gain(
    stock: Stock, symbology: Symbology
) -> None:
    labels = sample_labels(4)
    pdf = chart_labels_pdf(labels, stock, PrintSettings(symbology=symbology))
    for page, label in enumerate(labels):
        printed = one_bit_with_gain(render(pdf, page, 203), gain=1)
        assert decode_all(printed) == [label.barcode], f"{stock.name} {label.barcode}"


@pytest.mark.parametrize("stock", THERMAL, ids=lambda stock: stock.name)
def test_thermal_digit_blocks_survive_one_bit_printing(stock: Stock) -> None:
    label = replace(sample_labels(1)[0], colour_digits="048", year=None)
    pdf = chart_labels_pdf([label], stock)
    printed = one_bit_with_gain(render(pdf, 0, 203), gain=0)
    layout = layout_chart_label(label, stock.place(1)[0], PrintSettings(), stock)
    dpi = 203
    for box, digit in zip(layout.boxes, "048", strict=True):
        # Even digits are solid black with the digit in white: both survive the threshold.
        left = points_to_pixels(box.x, dpi)
        top = printed.height - points_to_pixels(box.y + box.height, dpi)
        crop = printed.crop(
            (
                round(left) + 2,
                round(top) + 2,
                round(left + points_to_pixels(box.width, dpi)) - 2,
                round(top + points_to_pixels(box.height, dpi)) - 2,
            )
        )
        histogram = crop.histogram()
        black, white = histogram[0], histogram[255]
        assert black > white > 0, f"digit {digit}: black block with a white digit"
    assert all(box.fill in ("#000000", "#FFFFFF") for box in layout.boxes)


def test_bars_land_on_the_dot_grid() -> None:
    stock = stock_by_name("thermal-2.25x1.25")
    label = sample_labels(1)[0]
    layout = layout_chart_label(label, stock.place(1)[0], PrintSettings(), stock)
    canvas, _ = open_canvas("grid", stock.page_size)
    drawn = draw_chart_label(canvas, label, layout, PrintSettings(), 203)
    dot = 72 / 203
    assert drawn.module / dot == pytest.approx(round(drawn.module / dot), abs=1e-6)
    assert drawn.x / dot == pytest.approx(round(drawn.x / dot), abs=1e-6)
