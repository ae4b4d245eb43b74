"""Box labels, box manifests and certificates of destruction: barcodes decode, text is there."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from recordsdesk.printing.retention_box_label import box_label_pdf
from recordsdesk.printing.retention_certificate import certificate_pdf
from recordsdesk.printing.retention_documents import (
    BoxedVolume,
    BoxSheet,
    Certificate,
    DestroyedVolume,
)
from recordsdesk.printing.retention_manifest import box_manifest_pdf
from recordsdesk.printing.settings import PrintSettings, Symbology
from tests.printing.conftest import NAMES
from tests.printing.pages import DPIS, decode_all, page_count, page_texts, render

NOW = datetime(2029, 4, 2, 9, 15, tzinfo=UTC)


def _sheet(count: int) -> BoxSheet:
    return BoxSheet(
        barcode="B000123",
        file_room="Main file room",
        where="off-site at Records Centre North (allow 3 days to recall)",
        packed_on=date(2029, 3, 30),
        printed_at=NOW,
        contents=tuple(
            BoxedVolume(
                f"V{n + 1:07d}",
                f"{n:06d}",
                NAMES[n % len(NAMES)],
                "Vol 1 of 1",
                "Medical record",
                f"{n % 100:02d}-00-{n // 100:02d}",
            )
            for n in range(count)
        ),
    )


@pytest.mark.parametrize("dpi", DPIS)
@pytest.mark.parametrize("symbology", [Symbology.CODE128, Symbology.CODE39])
def test_the_box_label_barcode_decodes_and_lists_the_contents(
    dpi: int, symbology: Symbology
) -> None:
    pdf = box_label_pdf(_sheet(50), PrintSettings(symbology=symbology))
    assert page_count(pdf) == 1
    assert decode_all(render(pdf, 0, dpi)) == ["B000123"]
    text = page_texts(pdf)[0]
    assert "BOX B000123" in text and "Records Centre North" in text
    assert NAMES[0] in text and "V0000001" in text
    assert "and 12 more: see the box manifest" in text


def test_the_manifest_lists_every_volume_over_pages_and_its_barcode_decodes() -> None:
    pdf = box_manifest_pdf(_sheet(120))
    assert page_count(pdf) == 3
    assert decode_all(render(pdf, 0, 300)) == ["B000123"]
    texts = "\n".join(page_texts(pdf))
    assert all(f"V{n:07d}" in texts for n in range(1, 121))
    assert "Page 3 of 3" in texts


def test_the_certificate_says_what_when_how_by_whom_and_under_which_rule() -> None:
    lines = tuple(
        DestroyedVolume(
            f"V{n:07d}",
            f"12345{n}",
            NAMES[n % len(NAMES)],
            "Vol 1 of 1",
            "Medical record",
            "B000123" if n % 2 else "",
            "Adults 10 years",
            "State schedule GS-1 item 12",
            date(2028, 1, 1),
            NOW,
            "cleo",
        )
        for n in range(1, 8)
    )
    pdf = certificate_pdf(
        Certificate(
            batch=4,
            file_room="Main file room",
            method="cross-cut shredding",
            note="",
            proposed_by="sam",
            proposed_at=NOW,
            approved_by="tess",
            approved_at=NOW,
            completed_at=NOW,
            printed_at=NOW,
            lines=lines,
        )
    )
    text = "\n".join(page_texts(pdf))
    for words in (
        "Certificate of destruction",
        "batch 4",
        "cross-cut shredding",
        "sam",
        "tess",
        "State schedule GS-1 item 12",
        "V0000007",
        "Witnessed by",
        "2029-04-02 09:15",
    ):
        assert words in text
    assert decode_all(render(pdf, 0, 300)) == []
