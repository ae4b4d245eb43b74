"""ZPL for Zebra printers: one well-formed format per label, the barcode and text in it."""

from __future__ import annotations

import re

import pytest

from recordsdesk.domain.errors import InvalidInput
from recordsdesk.printing.settings import PrinterOffset, PrintSettings, Symbology
from recordsdesk.printing.stocks import stock_by_name
from recordsdesk.printing.zpl import ZplFont, chart_labels_zpl
from tests.printing.conftest import sample_labels


def _formats(zpl: str) -> list[str]:
    return re.findall(r"\^XA.*?\^XZ", zpl, flags=re.S)


def test_one_format_per_label_with_code128_and_text() -> None:
    labels = sample_labels(3)
    zpl = chart_labels_zpl(labels, stock_by_name("zpl"))
    formats = _formats(zpl)
    assert len(formats) == 3
    for label, form in zip(labels, formats, strict=True):
        assert "^CI28" in form  # UTF-8 field data
        assert "^PW457" in form and "^LL254" in form  # 2.25" x 1.25" at 203 dpi
        assert re.search(r"\^BY[2-4],3,\d+\^FO\d+,\d+\^BCN,\d+,N,N,N,A\^FD" + label.barcode, form)
        assert f"^FD{label.mrn_groups}^FS" in form
        assert (
            f"^FDVol {label.volume_number} of {label.volume_count}, DOB {label.dob:%d %b %Y}"
            in form
        )
        assert label.name in form
        # Every field's data is closed before the next command.
        assert form.count("^FD") == len(re.findall(r"\^FD[^\^]*\^FS", form))


def test_large_stock_code39_and_offset() -> None:
    label = sample_labels(1)[0]
    plain = chart_labels_zpl([label], stock_by_name("zpl-4x2"))
    moved = chart_labels_zpl(
        [label],
        stock_by_name("zpl-4x2"),
        PrintSettings(symbology=Symbology.CODE39_CHECKED, offset=PrinterOffset(2.0, 1.0)),
    )
    assert "^PW812" in plain and "^LL406" in plain
    assert "^B3N,Y," in moved
    origins_plain = [tuple(map(int, m)) for m in re.findall(r"\^FO(\d+),(\d+)", plain)]
    origins_moved = [tuple(map(int, m)) for m in re.findall(r"\^FO(\d+),(\d+)", moved)]
    # 2 mm and 1 mm at 203 dpi are 16 and 8 dots (the barcode may recentre; text does not).
    assert origins_moved[0] == (origins_plain[0][0] + 16, origins_plain[0][1] + 8)


def test_field_data_cannot_break_out_of_its_field() -> None:
    label = sample_labels(1)[0]
    from dataclasses import replace

    zpl = chart_labels_zpl([replace(label, name="Evil^XZ~JR name")], stock_by_name("zpl"))
    assert zpl.count("^XZ") == 1
    assert "~JR" not in zpl


def test_printer_font_is_selectable_for_unicode_names() -> None:
    zpl = chart_labels_zpl(sample_labels(1), stock_by_name("zpl"), font=ZplFont("E:TT0003M_.TTF"))
    assert "^A@N," in zpl and "E:TT0003M_.TTF" in zpl


def test_zpl_needs_a_zebra_stock_and_labels() -> None:
    with pytest.raises(InvalidInput, match="PDF"):
        chart_labels_zpl(sample_labels(1), stock_by_name("5160"))
    with pytest.raises(InvalidInput, match="no labels"):
        chart_labels_zpl([], stock_by_name("zpl"))
