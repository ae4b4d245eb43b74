"""Request slips: both barcodes scan from the printed page, at laser and thermal resolutions."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from recordsdesk.domain.errors import InvalidInput
from recordsdesk.printing.request_slip import RequestSlip, request_slips_pdf
from tests.printing.pages import DPIS, decode_all, page_count, page_texts, render


def _slip(number: int, stat: bool) -> RequestSlip:
    return RequestSlip(
        request_barcode=f"R{number:07d}",
        stat=stat,
        chart_barcode=f"V{number + 100:07d}",
        shelf="56-34-12",
        mrn="123456",
        name="ØSTERGÅRD, Łukasz",
        volume="2",
        to_name="Emergency Department",
        to_code="ED",
        needed_by=datetime(2026, 3, 2, 9, 30, tzinfo=UTC),
        asked="Mon 02 Mar 09:05 by cleo",
        note="bay 4",
    )


@pytest.mark.parametrize("dpi", DPIS)
def test_every_barcode_on_the_slips_scans(dpi: int) -> None:
    pdf = request_slips_pdf([_slip(1, True), _slip(2, False), _slip(3, False)])
    assert page_count(pdf) == 2
    found = decode_all(render(pdf, 0, dpi)) + decode_all(render(pdf, 1, dpi))
    assert sorted(found) == sorted(
        ["R0000001", "V0000101", "R0000002", "V0000102", "R0000003", "V0000103"]
    )


def test_the_slip_says_what_to_pull_and_where_it_goes() -> None:
    text = page_texts(request_slips_pdf([_slip(7, True)]))[0]
    for words in (
        "STAT REQUEST",
        "ØSTERGÅRD, Łukasz",
        "56-34-12",
        "Emergency Department (ED)",
        "bay 4",
    ):
        assert words in text
    with pytest.raises(InvalidInput):
        request_slips_pdf([])
