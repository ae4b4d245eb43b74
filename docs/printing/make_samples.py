"""Make the sample pages in docs/printing: every printed document, as PNG (150 dpi).

python docs/printing/make_samples.py
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time
from pathlib import Path

import pypdfium2
from PIL import Image

from recordsdesk.printing.calibration import calibration_pdf
from recordsdesk.printing.documents import (
    BarcodeCard,
    ChartLabel,
    OutguideCard,
    PullListDocument,
    PullListException,
    PullListItem,
    RoutingEntry,
    RoutingSheet,
)
from recordsdesk.printing.fonts import SANS, SANS_BOLD
from recordsdesk.printing.labels import chart_labels_pdf
from recordsdesk.printing.outguide import outguides_pdf
from recordsdesk.printing.page_furniture import PAGE_HEIGHT, PAGE_MARGIN, PAGE_WIDTH
from recordsdesk.printing.pdf_canvas import finish, open_canvas
from recordsdesk.printing.pull_list import pull_list_pdf
from recordsdesk.printing.retention_box_label import box_label_pdf
from recordsdesk.printing.retention_certificate import certificate_pdf
from recordsdesk.printing.retention_documents import (
    BoxedVolume,
    BoxSheet,
    Certificate,
    DestroyedVolume,
)
from recordsdesk.printing.retention_manifest import box_manifest_pdf
from recordsdesk.printing.sheets import barcode_sheet_pdf, command_sheet_pdf
from recordsdesk.printing.stocks import StockKind, all_stocks, stock_by_name
from recordsdesk.printing.text import draw_text

HERE = Path(__file__).parent
DPI = 150

# One patient in each script a hospital meets (family name first, as the registry keeps it).
SCRIPT_NAMES = (
    ("Latin, with diacritics", "NGUYỄN-ŻÓŁKOWSKA, Thị Ánh"),
    ("Latin, long", "WOLFESCHLEGELSTEINHAUSENBERGERDORFF, Hubert Blaine"),
    ("Greek", "ΠΑΠΑΔΟΠΟΎΛΟΥ, Γιώργος"),
    ("Cyrillic", "ЩЕРБАКОВА, Юлия"),
    ("Hebrew", "כהן, דוד"),
    ("Arabic", "الهاشمي, محمد"),
    ("Devanagari", "शर्मा, प्रिया"),
    ("Chinese", "王, 秀英"),
    ("Japanese", "佐藤, さくら"),
    ("Korean", "김, 민준"),
)


def _labels(count: int) -> list[ChartLabel]:
    return [
        ChartLabel(
            name=SCRIPT_NAMES[index % len(SCRIPT_NAMES)][1],
            mrn_groups=f"{index % 90 + 10:02d}-{index * 7 % 100:02d}-{index * 13 % 100:02d}",
            dob=date(1940 + index * 3 % 80, index % 12 + 1, index % 28 + 1),
            volume_number=1 + index % 3,
            volume_count=3,
            record_type=("Medical record", "Radiology")[index % 2],
            barcode=f"V{index + 1:07d}",
            colour_digits=f"{index * 13 % 100:02d}",
            year=2026 if index % 3 == 0 else None,
        )
        for index in range(count)
    ]


def _save(pdf: bytes, name: str, pages: tuple[int, ...] = (0,), scale: float = DPI / 72) -> None:
    document = pypdfium2.PdfDocument(pdf)
    for number, page in enumerate(pages, start=1):
        image = document[page].render(scale=scale, grayscale=False).to_pil()
        suffix = f"-page-{number}" if len(pages) > 1 else ""
        image.save(HERE / f"{name}{suffix}.png")


def _roll(pdf: bytes, name: str) -> None:
    """A roll's labels (one a page) laid out two across on one image, at 203 dpi as printed."""
    document = pypdfium2.PdfDocument(pdf)
    images = [page.render(scale=203 / 72, grayscale=True).to_pil() for page in document]
    width, height = images[0].size
    rows = (len(images) + 1) // 2
    sheet = Image.new("L", (2 * width + 30, rows * (height + 20) + 10), 200)
    for index, image in enumerate(images):
        sheet.paste(image, (10 + (index % 2) * (width + 10), 10 + (index // 2) * (height + 20)))
    sheet.save(HERE / f"{name}.png")


def names_page() -> bytes:
    """A page of names in every script, at the sizes labels use."""
    canvas, buffer = open_canvas("Names in every script", (PAGE_WIDTH, PAGE_HEIGHT))
    y = PAGE_HEIGHT - PAGE_MARGIN - 20
    draw_text(canvas, PAGE_MARGIN, y, "Names in every script", SANS_BOLD, 18)
    y -= 16
    note = (
        "Noto faces chosen per run of text, shaped by HarfBuzz, in Unicode bidi order; "
        "right-to-left names read from the right."
    )
    draw_text(canvas, PAGE_MARGIN, y, note, SANS, 9)
    y -= 30
    for script, name in SCRIPT_NAMES:
        draw_text(canvas, PAGE_MARGIN, y, script, SANS, 9)
        draw_text(canvas, PAGE_MARGIN + 120, y, name, SANS_BOLD, 16)
        y -= 20
        draw_text(canvas, PAGE_MARGIN + 120, y, name, SANS, 9)
        draw_text(canvas, PAGE_MARGIN + 330, y, name, SANS_BOLD, 6)
        y -= 28
    canvas.showPage()
    return finish(canvas, buffer)


def pull_list() -> bytes:
    items = []
    for index in range(60):
        unit, section = 7 + index // 30, 30 + index // 8
        items.append(
            PullListItem(
                unit=f"Unit {unit}",
                section=f"{section:02d}",
                mrn_groups=f"{index % 90 + 10:02d}-{index % 97:02d}-{section:02d}",
                name=SCRIPT_NAMES[index % len(SCRIPT_NAMES)][1],
                volume="1 of 2",
                barcode=f"V{index + 1:07d}",
                shelf=f"U{unit} S{section} shelf {index % 6 + 1}",
                clinic=("Cardiology", "Renal clinic", "Paediatric Cardiothoracic Surgery")[
                    index % 3
                ],
                time=time(8 + index % 9, 15 * (index % 4)),
                stat=index == 5,
            )
        )
    exceptions = (
        PullListException(
            "23-41-30",
            "ИВАНОВА, Анна",
            "Checked out to another clinic and not back since the weekend",
            "Orthopaedics outpatients, Level 4 East Wing",
            datetime(2026, 3, 1, 14, 5),
            "Paediatric Cardiothoracic Surgery Outpatients",
            time(16, 45),
        ),
        PullListException(
            "55-10-31",
            "כהן, דוד",
            "Missing",
            "",
            datetime(2026, 2, 20, 9, 0),
            "Renal clinic",
            time(9, 0),
        ),
        PullListException(
            "99-00-01", "김, 민준", "Booked, no chart yet", "", None, "Cardiology", time(10, 30)
        ),
    )
    sheets = (
        RoutingSheet(
            "Cardiology",
            (
                RoutingEntry(
                    time(8, 0),
                    "10-00-30",
                    "NGUYỄN, Thị Ánh",
                    "1 of 2",
                    "Dr Okafor",
                    "then to Renal clinic 14:00",
                ),
                RoutingEntry(time(9, 30), "11-01-30", "王, 秀英", "1 of 1", "Dr Lindqvist"),
            ),
        ),
    )
    document = PullListDocument(
        date=date(2026, 3, 3),
        file_room="Main file room",
        printed_at=datetime(2026, 3, 2, 22, 45),
        items=tuple(items),
        exceptions=exceptions,
        routing_sheets=sheets,
    )
    return pull_list_pdf(document)


def retention() -> None:
    """The off-site box's label and manifest, and a certificate of destruction, with names in
    several scripts."""
    names = [name for _script, name in SCRIPT_NAMES]
    contents = tuple(
        BoxedVolume(
            f"V{n + 1:07d}",
            f"{n * 7919 % 1000000:06d}",
            names[n % len(names)],
            "Vol 1 of 1",
            "Medical record",
            f"{n % 100:02d}-{n * 7 % 100:02d}-{n * 13 % 100:02d}",
        )
        for n in range(24)
    )
    sheet = BoxSheet(
        "B000123",
        "Main file room",
        "off-site at Records Centre North (allow 3 days to recall)",
        date(2026, 3, 2),
        datetime(2026, 3, 2, 9, 0),
        contents,
    )
    _save(box_label_pdf(sheet), "retention-box-label")
    _save(box_manifest_pdf(sheet), "retention-box-manifest")
    moment = datetime(2026, 3, 2, 9, 0)
    lines = tuple(
        DestroyedVolume(
            v.barcode,
            v.mrn,
            v.name,
            "1",
            v.record_type,
            "B000123",
            "Adult, 10 years after last visit",
            "State retention schedule, rule 4",
            date(2025, 12, 31),
            moment,
            "cleo",
        )
        for v in contents[:12]
    )
    certificate = Certificate(
        7,
        "Main file room",
        "cross-cut shredding on site",
        "",
        "sam",
        moment,
        "ada",
        moment,
        moment,
        moment,
        lines,
    )
    _save(certificate_pdf(certificate), "retention-certificate")


def main() -> None:
    _save(names_page(), "names-in-every-script")
    for stock in all_stocks():
        if stock.kind is StockKind.ZPL:
            continue
        count = min(stock.labels_per_page, 30) if stock.kind is StockKind.SHEET else 1
        scale = DPI / 72 if stock.kind is StockKind.SHEET else 300 / 72
        if stock.kind is StockKind.ROLL:
            _roll(chart_labels_pdf(_labels(10), stock), f"labels-{stock.name}")
        else:
            _save(chart_labels_pdf(_labels(count), stock), f"labels-{stock.name}", (0,), scale)
    five160 = stock_by_name("avery-5160")
    _save(chart_labels_pdf(_labels(5), five160, start_at=14), "labels-avery-5160-start-at-14")
    _save(calibration_pdf(five160), "calibration-avery-5160")
    cards = [
        BarcodeCard(code, name, f"L-{code}")
        for code, name in (
            ("CARD", "Cardiology Clinic"),
            ("REN", "Renal clinic"),
            ("W4", "Ward 4 East"),
            ("ORTHO", "Orthopaedics"),
        )
    ]
    _save(barcode_sheet_pdf(cards, "Locations", datetime(2026, 3, 2, 9, 0)), "barcode-sheet")
    _save(command_sheet_pdf(), "command-sheet")
    outguide = OutguideCard(
        "الهاشمي, محمد",
        "12-34-56",
        "2 of 3",
        "Cardiology Clinic",
        "CARD",
        datetime(2026, 3, 2, 9, 12),
        "cleo",
        datetime(2026, 3, 3, 9, 12),
        "L-CARD",
    )
    _save(
        outguides_pdf(
            [
                outguide,
                replace(
                    outguide,
                    patient_name="王, 秀英",
                    to_name="Renal clinic",
                    to_code="REN",
                    to_barcode="L-REN",
                ),
            ]
        ),
        "outguides",
    )
    pdf = pull_list()
    _save(pdf, "pull-list", (0, 1))
    _save(pdf, "routing-sheet", (len(pypdfium2.PdfDocument(pdf)) - 1,))
    retention()


if __name__ == "__main__":
    main()
