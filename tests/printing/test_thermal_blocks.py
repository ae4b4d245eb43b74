"""The site's thermal block style: every style prints the digit blocks in pure black and white
on thermal rolls and Zebras, black blocks never merge, and the setting reaches the printer."""

from __future__ import annotations

import itertools
import re
from dataclasses import replace

import pytest
from PIL import Image

from recordsdesk.domain.colours import ThermalBlocks
from recordsdesk.domain.errors import InvalidInput
from recordsdesk.printing.labels import ColourBox, chart_labels_pdf, layout_chart_label
from recordsdesk.printing.settings import PrintSettings
from recordsdesk.printing.stocks import Stock, StockKind, all_stocks, stock_by_name
from recordsdesk.printing.zpl import chart_labels_zpl
from recordsdesk.services.documents import print_settings
from recordsdesk.services.site_settings import parse_settings
from tests.printing.conftest import sample_labels
from tests.printing.pages import decode_all, points_to_pixels, render
from tests.printing.zpl_render import formats, one_bit_with_gain, render_format

THERMAL = [stock for stock in all_stocks() if stock.kind is StockKind.ROLL]
ZEBRA = [stock for stock in all_stocks() if stock.kind is StockKind.ZPL]
# Two even digits side by side, then an odd one: what used to print as one black bar.
DIGITS = "041"
DPI = 203


def _crop(printed: Image.Image, box: ColourBox, inset: int = 2) -> Image.Image:
    left = points_to_pixels(box.x, DPI)
    top = printed.height - points_to_pixels(box.y + box.height, DPI)
    return printed.crop(
        (
            round(left) + inset,
            round(top) + inset,
            round(left + points_to_pixels(box.width, DPI)) - inset,
            round(top + points_to_pixels(box.height, DPI)) - inset,
        )
    )


def test_the_styles_say_which_blocks_are_black() -> None:
    assert [ThermalBlocks.ALTERNATE.dark(d) for d in "0123"] == [True, False, True, False]
    assert all(ThermalBlocks.SOLID.dark(d) for d in "0123456789")
    assert not any(ThermalBlocks.OUTLINED.dark(d) for d in "0123456789")
    assert ThermalBlocks.from_setting(" Solid ") is ThermalBlocks.SOLID
    with pytest.raises(InvalidInput, match="alternate, solid, outlined"):
        ThermalBlocks.from_setting("dithered")


@pytest.mark.parametrize("style", list(ThermalBlocks), ids=lambda s: s.value)
@pytest.mark.parametrize("stock", THERMAL, ids=lambda stock: stock.name)
def test_every_style_survives_one_bit_printing_and_keeps_blocks_apart(
    stock: Stock, style: ThermalBlocks
) -> None:
    label = replace(sample_labels(1)[0], colour_digits=DIGITS, year=None)
    settings = PrintSettings(thermal_blocks=style)
    pdf = chart_labels_pdf([label], stock, settings)
    printed = one_bit_with_gain(render(pdf, 0, DPI), gain=1)
    assert decode_all(printed) == [label.barcode]
    layout = layout_chart_label(label, stock.place(1)[0], settings, stock)
    assert all(box.fill in ("#000000", "#FFFFFF") for box in layout.boxes)
    for box, digit in zip(layout.boxes, DIGITS, strict=True):
        histogram = _crop(printed, box).histogram()
        black, white = histogram[0], histogram[255]
        if style.dark(digit):
            assert black > white > 0, f"{digit}: a black block with its digit in white"
        else:
            assert white > black > 0, f"{digit}: a white block, its digit and frame in black"
    for first, second in itertools.pairwise(layout.boxes):
        # Between two neighbouring blocks, a white column the height of the blocks.
        middle = points_to_pixels((first.x + first.width + second.x) / 2, DPI)
        top = printed.height - points_to_pixels(first.y + first.height, DPI)
        column = printed.crop((round(middle), round(top) + 3, round(middle) + 1, round(top + 20)))
        assert column.histogram()[0] == 0, f"{style.value}: blocks merge on {stock.name}"


def _blocks(form: str) -> list[tuple[int, int, int]]:
    """The digit blocks of a ZPL label: (x, width, line thickness) of each box as tall as
    it is drawn at the label's top (the year band, when there is one, is the widest)."""
    found = re.findall(r"\^FO(\d+),(\d+)\^GB(\d+),(\d+),(\d+),B\^FS", form)
    boxes = [(int(x), int(w), int(t)) for x, _y, w, _h, t in found]
    return sorted(boxes)


@pytest.mark.parametrize("style", list(ThermalBlocks), ids=lambda s: s.value)
@pytest.mark.parametrize("stock", ZEBRA, ids=lambda stock: stock.name)
def test_zebra_labels_follow_the_style_and_keep_blocks_apart(
    stock: Stock, style: ThermalBlocks
) -> None:
    label = replace(sample_labels(1)[0], colour_digits=DIGITS, year=None)
    form = formats(chart_labels_zpl([label], stock, PrintSettings(thermal_blocks=style)))[0]
    blocks = _blocks(form)
    assert len(blocks) == len(DIGITS)
    for (_x, width, thickness), digit in zip(blocks, DIGITS, strict=True):
        assert (thickness == width) is style.dark(digit), (digit, thickness, width)
    for (x, width, _), (next_x, _, _) in itertools.pairwise(blocks):
        assert next_x - (x + width) >= 4, "at least 4 dots (0.5 mm) of white between blocks"
    assert decode_all(render_format(form, gain=1)) == [label.barcode]


def test_the_site_setting_reaches_the_print_settings() -> None:
    assert parse_settings({}).thermal_blocks is ThermalBlocks.ALTERNATE
    site = parse_settings({"thermal_blocks": "outlined"})
    assert print_settings(site).thermal_blocks is ThermalBlocks.OUTLINED
    with pytest.raises(InvalidInput, match="Choose one of: alternate, solid, outlined"):
        parse_settings({"thermal_blocks": "grey"})


def test_colour_stocks_keep_their_colours_whatever_the_thermal_style() -> None:
    label = replace(sample_labels(1)[0], colour_digits=DIGITS)
    stock = stock_by_name("avery-5163")
    settings = PrintSettings(thermal_blocks=ThermalBlocks.SOLID)
    layout = layout_chart_label(label, stock.place(1)[0], settings, stock)
    fills = [box.fill for box in layout.boxes if box.text.text in DIGITS]
    assert fills == [settings.palette[int(d)] for d in DIGITS]
