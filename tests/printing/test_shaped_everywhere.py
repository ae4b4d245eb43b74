"""Every printed document draws names and free text through the shaped text path: no module
of the printing package draws or measures text with reportlab's unshaped calls, and each
document prints Chinese, Arabic, Devanagari and Latin names in their own faces."""

from __future__ import annotations

import ast
import re
import unicodedata
from collections.abc import Callable
from datetime import UTC, date, datetime, time
from pathlib import Path

import pytest

import recordsdesk.printing
from recordsdesk.printing.dashboard_report import (
    BARS,
    DashboardReport,
    ReportPlot,
    ReportSeries,
    dashboard_report_pdf,
)
from recordsdesk.printing.documents import (
    BarcodeCard,
    OutguideCard,
    PullListDocument,
    PullListException,
    PullListItem,
    RoutingEntry,
    RoutingSheet,
)
from recordsdesk.printing.outguide import outguides_pdf
from recordsdesk.printing.overdue_notice import NoticeChart, OverdueNotice, overdue_notices_pdf
from recordsdesk.printing.printer_check import printer_check_pdf
from recordsdesk.printing.pull_list import pull_list_pdf
from recordsdesk.printing.release_accounting import (
    AccountingDocument,
    AccountingLine,
    accounting_pdf,
)
from recordsdesk.printing.release_letters import (
    CoverLetter,
    LogSheet,
    cover_letter_pdf,
    log_sheet_pdf,
)
from recordsdesk.printing.request_slip import RequestSlip, request_slips_pdf
from recordsdesk.printing.retention_box_label import box_label_pdf
from recordsdesk.printing.retention_certificate import certificate_pdf
from recordsdesk.printing.retention_documents import (
    BoxedVolume,
    BoxSheet,
    Certificate,
    DestroyedVolume,
)
from recordsdesk.printing.retention_manifest import box_manifest_pdf
from recordsdesk.printing.settings import Symbology
from recordsdesk.printing.sheets import barcode_sheet_pdf
from recordsdesk.printing.text import layout_line
from tests.printing.pages import decode_all, page_texts, render

# reportlab's calls that draw or measure a string as it is, unshaped and in one face; and its
# graphics renderer, which draws a chart's strings that way (dashboard_report renders with a
# shaped one).
UNSHAPED = frozenset(
    {
        "drawString",
        "drawCentredString",
        "drawCenteredString",
        "drawRightString",
        "drawAlignedString",
        "simpleSplit",
        "stringWidth",
        "beginText",
        "textLine",
        "textLines",
        "drawText",
        "Paragraph",
        "renderPDF",
    }
)
# The one module that may: it draws each shaped run in its face.
SHAPED_PATH = "text.py"

NAMES = {
    "latin": "NGUYỄN-ŻÓŁKOWSKA, Ánh",
    "chinese": "王, 秀英",
    "arabic": "الهاشمي, محمد",
    "devanagari": "शर्मा, प्रिया",
}
# The face each script is drawn in (its embedded font's name).
FACES = {
    "latin": b"NotoSans-",
    "chinese": b"NotoSansCJK",
    "arabic": b"NotoSansArabic",
    "devanagari": b"NotoSansDevanagari",
}
NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def unshaped_calls(source: str) -> list[tuple[int, str]]:
    """(line, name) of every use of an unshaped text call in source: a name, an attribute or an
    import; defining a method of that name (a renderer's override) is not a use."""
    found = []
    for node in ast.walk(ast.parse(source)):
        names: list[str] = []
        if isinstance(node, ast.Attribute):
            names = [node.attr]
        elif isinstance(node, ast.Name):
            names = [node.id]
        elif isinstance(node, ast.ImportFrom):
            names = [alias.name for alias in node.names]
            if (node.module or "").endswith("renderPDF") and "draw" in names:
                names.append("renderPDF")  # its draw(), with the unshaped renderer
        elif isinstance(node, ast.Import):
            names = [part for alias in node.names for part in alias.name.split(".")]
        found += [(getattr(node, "lineno", 0), name) for name in names if name in UNSHAPED]
    return found


def test_the_check_finds_unshaped_text() -> None:
    sample = (
        "from reportlab.lib.utils import simpleSplit\n"
        "from reportlab.graphics import renderPDF\n"
        "from reportlab.graphics.renderPDF import draw\n"
        "from reportlab.graphics.renderPDF import _PDFRenderer\n"
        "canvas.drawString(1, 2, name)\n"
        "canvas.drawRightString(1, 2, name)\n"
        "width = page.stringWidth(name, 'Helvetica', 9)\n"
        "class R:\n"
        "    def drawString(self, s): pass\n"
    )
    assert [name for _, name in unshaped_calls(sample)] == [
        "simpleSplit",
        "renderPDF",
        "renderPDF",
        "drawString",
        "drawRightString",
        "stringWidth",
    ]


def test_no_printing_module_draws_text_unshaped() -> None:
    package = Path(recordsdesk.printing.__file__).parent
    modules = sorted(package.rglob("*.py"))
    assert len(modules) > 25  # the walk sees the package
    offenders = [
        f"{path.relative_to(package)}:{line}: {name}"
        for path in modules
        if path.name != SHAPED_PATH
        for line, name in unshaped_calls(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def _fonts(pdf: bytes) -> set[bytes]:
    return set(re.findall(rb"/BaseFont /(?:[A-Z]{6}\+)?(\S+)", pdf))


def _box_sheet(name: str) -> BoxSheet:
    return BoxSheet(
        barcode="B000123",
        file_room="Main file room",
        where="off-site at Records Centre North",
        packed_on=date(2026, 3, 1),
        printed_at=NOW,
        contents=(BoxedVolume("V0000001", "000001", name, "Vol 1 of 1", "Medical record", "01"),),
    )


def _certificate(name: str) -> Certificate:
    line = DestroyedVolume(
        "V0000001",
        "000001",
        name,
        "1",
        "Medical record",
        "B000123",
        "Adult records",
        "State rule 10 years",
        date(2025, 1, 1),
        NOW,
        name,
    )
    return Certificate(
        1, "Main file room", f"shredding by {name}", "", name, NOW, name, NOW, NOW, NOW, (line,)
    )


def _cover_letter(name: str) -> bytes:
    return cover_letter_pdf(
        CoverLetter(
            "Main file room",
            "ROI-000001",
            date(2026, 3, 2),
            name,
            f"care of {name}\nSpringfield",
            name,
            "000042",
            "1 May 1970",
            date(2026, 3, 1),
            f"the discharge summary dictated for {name}",
            "continuing care",
            3,
            "$0.00",
            (),
            False,
            "cleo",
        )
    )


def _log_sheet(name: str) -> bytes:
    return log_sheet_pdf(
        LogSheet(
            "Main file room",
            "ROI-000001",
            (("Patient", name), ("Recipient", name)),
            (("Identity checked", True, name), ("Fee paid", False, "")),
            (("Signed by", name),),
            "2026-03-02 09:30",
        )
    )


def _accounting(name: str) -> bytes:
    line = AccountingLine(date(2026, 3, 1), name, name, "copies", "care", "ROI-000001")
    return accounting_pdf(
        AccountingDocument(
            "Main file room",
            name,
            "000042",
            date(2020, 1, 1),
            date(2026, 3, 2),
            "now",
            (line,),
            (),
        )
    )


def _slips(name: str) -> bytes:
    slip = RequestSlip(
        "R0000001", True, "V0000001", "56-34-12", "123456", name, "2", name, "ED", NOW, "cleo", name
    )
    return request_slips_pdf([slip])


def _notices(name: str) -> bytes:
    chart = NoticeChart("V0000001", "000001", name, 1, NOW, NOW, 3)
    return overdue_notices_pdf([OverdueNotice("ED", name, "Main file room", NOW, (chart,))])


def _outguides(name: str) -> bytes:
    card = OutguideCard(name, "12-34-56", "1 of 1", name, "ED", NOW, "cleo", NOW, "L-ED")
    return outguides_pdf([card])


def _pull_list(name: str) -> bytes:
    item = PullListItem(
        "Unit 1", "12", "12-34-56", name, "1 of 1", "V0000001", "A1", name, time(9, 0)
    )
    missing = PullListException("12-34-57", name, f"out to {name}", name, NOW, name, time(9, 30))
    routing = RoutingSheet(name, (RoutingEntry(time(9, 0), "12-34-56", name, "1 of 1", name),))
    return pull_list_pdf(
        PullListDocument(date(2026, 3, 2), "Main file room", NOW, (item,), (missing,), (routing,))
    )


def _barcode_sheet(name: str) -> bytes:
    return barcode_sheet_pdf([BarcodeCard("ED", name, "L-ED")])


def _dashboard(name: str) -> bytes:
    plot = ReportPlot(
        "out",
        "Charts out",
        BARS,
        "location",
        (name, "ED"),
        (ReportSeries(name, (3.0, 1.0), "#1565C0"), ReportSeries("other", (1.0, 2.0), "#B71C1C")),
        "charts out now",
    )
    return dashboard_report_pdf(
        DashboardReport("Dashboard", "Main file room", "", ((name, "12"),), (plot,))
    )


def _printer_check(name: str) -> bytes:
    return printer_check_pdf("labels", name, NOW, Symbology.CODE128)


DOCUMENTS: dict[str, Callable[[str], bytes]] = {
    "cover letter": _cover_letter,
    "disclosure log sheet": _log_sheet,
    "accounting of disclosures": _accounting,
    "box label": lambda name: box_label_pdf(_box_sheet(name)),
    "box manifest": lambda name: box_manifest_pdf(_box_sheet(name)),
    "certificate of destruction": lambda name: certificate_pdf(_certificate(name)),
    "request slip": _slips,
    "overdue notice": _notices,
    "outguide": _outguides,
    "pull list": _pull_list,
    "barcode sheet": _barcode_sheet,
    "dashboard report": _dashboard,
    "printer test page": _printer_check,
}


@pytest.mark.parametrize("script", NAMES)
def test_the_sample_names_have_every_glyph(script: str) -> None:
    assert layout_line(NAMES[script], "RecordsDesk-Sans").missing == ()


@pytest.mark.parametrize("script", NAMES)
@pytest.mark.parametrize("document", DOCUMENTS)
def test_each_document_prints_each_script_in_its_face(document: str, script: str) -> None:
    name = NAMES[script]
    pdf = DOCUMENTS[document](name)
    # Drawn unshaped, the name would be in Noto Sans alone, with boxes for what it lacks.
    assert any(font.startswith(FACES[script]) for font in _fonts(pdf)), (document, _fonts(pdf))
    text = unicodedata.normalize("NFKC", " ".join(page_texts(pdf)))
    if script != "devanagari":
        # Devanagari's conjuncts do not extract as their letters; its face is checked above.
        family = unicodedata.normalize("NFKC", name.split(",")[0])
        assert family in text, (document, script)


@pytest.mark.parametrize(
    ("document", "barcodes"),
    [
        ("box label", ["B000123"]),
        ("request slip", ["R0000001", "V0000001"]),
        ("barcode sheet", ["L-ED"]),
        ("printer test page", ["C-TEST"]),
    ],
)
def test_the_barcodes_still_scan_beside_the_names(document: str, barcodes: list[str]) -> None:
    pdf = DOCUMENTS[document](NAMES["arabic"])
    assert sorted(decode_all(render(pdf, 0, 203))) == sorted(barcodes)
