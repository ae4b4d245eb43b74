"""ZPL for Zebra printers: one format per label, barcodes that scan after a dot of print gain,
the record type, escaped field data, one offset for every field, names in any script."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
import zxingcpp

from recordsdesk.domain.errors import InvalidInput
from recordsdesk.printing.settings import PrinterOffset, PrintSettings, Symbology
from recordsdesk.printing.stocks import stock_by_name
from recordsdesk.printing.zpl import chart_labels_zpl, field_data
from tests.printing.conftest import sample_labels
from tests.printing.zpl_render import formats, render_format

SYMBOLOGIES = [Symbology.CODE128, Symbology.CODE39, Symbology.CODE39_CHECKED]


@pytest.mark.parametrize("stock_name", ["zpl", "zpl-4x2"])
@pytest.mark.parametrize("symbology", SYMBOLOGIES)
@pytest.mark.parametrize("gain", [0, 1])
def test_every_zpl_barcode_scans_even_with_a_dot_of_gain(
    stock_name: str, symbology: Symbology, gain: int
) -> None:
    labels = sample_labels(4)
    zpl = chart_labels_zpl(labels, stock_by_name(stock_name), PrintSettings(symbology=symbology))
    for label, form in zip(labels, formats(zpl), strict=True):
        image = render_format(form, gain=gain)
        found = [result.text for result in zxingcpp.read_barcodes(image)]
        expected = label.barcode
        if symbology is Symbology.CODE39_CHECKED:
            assert len(found) == 1 and found[0][:-1] == expected
        else:
            assert found == [expected]


def test_one_format_per_label_with_the_record_type() -> None:
    labels = [replace(label, record_type="Radiology") for label in sample_labels(3)]
    zpl = chart_labels_zpl(labels, stock_by_name("zpl"))
    assert len(formats(zpl)) == 3
    for label, form in zip(labels, formats(zpl), strict=True):
        assert "^CI28" in form and "^PW457" in form and "^LL254" in form
        assert f"^FD{label.mrn_groups}^FS" in form
        assert "Radiology" in form  # MR and RAD labels of one patient differ in print
        assert f"Vol {label.volume_number} of {label.volume_count}" in form
        assert form.count("^FD") == len(re.findall(r"\^FD[^\^]*\^FS", form))


def test_field_data_is_escaped_not_lost() -> None:
    assert field_data("O^BRIEN~JR_X") == "O_5EBRIEN_7EJR_5FX"
    label = replace(sample_labels(1)[0], name="EVIL^XZ~JR, Name_x")
    zpl = chart_labels_zpl([label], stock_by_name("zpl"))
    assert zpl.count("^XZ") == 1 and "~JR" not in zpl
    assert "^FH_^FDEVIL_5EXZ_7EJR," in zpl and "Name_5Fx" in zpl


@pytest.mark.parametrize("offset", [PrinterOffset(2.0, 1.0), PrinterOffset(-1.5, -0.5)])
def test_the_printer_offset_moves_every_field_alike(offset: PrinterOffset) -> None:
    label = sample_labels(1)[0]
    stock = stock_by_name("zpl-4x2")
    plain = chart_labels_zpl([label], stock)
    moved = chart_labels_zpl([label], stock, PrintSettings(offset=offset))
    before = [tuple(map(int, m)) for m in re.findall(r"\^FO(\d+),(\d+)", plain)]
    after = [tuple(map(int, m)) for m in re.findall(r"\^FO(\d+),(\d+)", moved)]
    shifts = {(b[0] - a[0], b[1] - a[1]) for a, b in zip(before, after, strict=True)}
    dx, dy = round(offset.x_mm / 25.4 * 203), round(offset.y_mm / 25.4 * 203)
    assert shifts == {(dx, dy)}


def test_names_beyond_font_0_print_as_graphics_and_latin_as_text() -> None:
    latin, arabic = sample_labels(2)
    latin = replace(latin, name="MÜLLER, Jürgen")
    arabic = replace(arabic, name="الهاشمي, محمد")
    zpl = chart_labels_zpl([latin, arabic], stock_by_name("zpl"))
    first, second = formats(zpl)
    assert "^FDMÜLLER, Jürgen^FS" in first
    assert "الهاشمي" not in second and "^GFA," in second
    # The graphic has ink: the name is drawn, not left blank.
    graphic = re.search(r"\^GFA,\d+,\d+,\d+,([0-9A-F]+)", second)
    assert graphic is not None and graphic.group(1).strip("0")


def test_digit_blocks_are_black_and_white_on_a_one_colour_printer() -> None:
    label = replace(sample_labels(1)[0], colour_digits="47", year=None)
    form = formats(chart_labels_zpl([label], stock_by_name("zpl")))[0]
    boxes = re.findall(r"\^GB(\d+),(\d+),(\d+),B", form)
    assert len(boxes) == 2
    seven, four = boxes  # laid right to left
    assert int(four[2]) == int(four[0])  # 4: a solid black block, the digit reversed out
    assert int(seven[2]) < int(seven[0]) // 2  # 7: an outlined white block
    assert form.count("^FR") == 1


def test_a_long_name_keeps_the_first_given_name() -> None:
    label = replace(sample_labels(1)[0], name="WOLFESCHLEGELSTEINHAUSENBERGERDORFF, Hubert Blaine")
    for stock in ("zpl", "zpl-4x2"):
        assert "Hubert" in chart_labels_zpl([label], stock_by_name(stock))


def test_zpl_needs_a_zebra_stock_and_labels() -> None:
    with pytest.raises(InvalidInput, match="PDF"):
        chart_labels_zpl(sample_labels(1), stock_by_name("5160"))
    with pytest.raises(InvalidInput, match="no labels"):
        chart_labels_zpl([], stock_by_name("zpl"))


def test_control_characters_never_reach_the_printer() -> None:
    label = replace(sample_labels(1)[0], name="NUL\x00L, Β\x00ell\x1b")
    zpl = chart_labels_zpl([label], stock_by_name("zpl"))
    assert "\x00" not in zpl and "\x1b" not in zpl
    assert len(formats(zpl)) == 1 and "^GFA," in zpl
