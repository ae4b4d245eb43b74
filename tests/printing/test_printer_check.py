"""The printer's test page: says which queue and room, and its barcode scans."""

from __future__ import annotations

from datetime import datetime

import pytest

from recordsdesk.printing.printer_check import TEST_BARCODE, printer_check_pdf
from recordsdesk.printing.settings import Symbology
from tests.printing.pages import decode_all, page_count, page_texts, render


@pytest.mark.parametrize("symbology", [Symbology.CODE128, Symbology.CODE39])
def test_the_test_page_names_queue_and_room_and_its_barcode_scans(symbology: Symbology) -> None:
    pdf = printer_check_pdf(
        "FRONTDESK", "North Wing file room", datetime(2026, 3, 2, 8, 30), symbology
    )
    assert page_count(pdf) == 1
    text = page_texts(pdf)[0]
    assert "Printer queue: FRONTDESK" in text
    assert "File room: North Wing file room" in text
    assert "Printed: 2026-03-02 08:30" in text
    assert decode_all(render(pdf, 0, 300)) == [TEST_BARCODE]
