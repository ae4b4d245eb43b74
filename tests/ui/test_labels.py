"""Labels: batches from the labels page, labels and outguides from chart lookup, auto labels."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import QBuffer, QIODevice
from PySide6.QtGui import QImage
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QPlainTextEdit
from pytestqt.qtbot import QtBot

from recordsdesk.services.actors import Actor
from recordsdesk.services.desk import Services
from recordsdesk.ui.desk.destination import LocationListModel
from recordsdesk.ui.labels.labels_widget import LabelsWidget
from recordsdesk.ui.lookup.lookup_widget import ChartLookupWidget
from recordsdesk.ui.printing.pdf_pages import PdfPages
from recordsdesk.ui.printing.preview_dialog import PrintPreviewDialog
from recordsdesk.ui.settings import DeskSettings
from recordsdesk.ui.tasks import TaskRunner
from tests.conftest import FakeClock
from tests.printing.file_queue import file_queue
from tests.printing.pages import decode_all, render
from tests.ui.conftest import OFFSCREEN_ONLY, barcode, scan

pytestmark = OFFSCREEN_ONLY


def pil(image: QImage) -> Image.Image:
    """A QImage as a greyscale PIL image (through PNG)."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    import io

    return Image.open(io.BytesIO(bytes(buffer.data()))).convert("L")


def printer_to(out: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(out))
    return printer


@pytest.fixture
def dated(file_room: Services, admin: Actor, clock: FakeClock) -> Services:
    clock.advance(days=1)  # a day after the file room's first (undated) patients
    file_room.registry.register_patient(admin, "654321", "NGUYEN, Anh", date(1960, 1, 1), 2)
    file_room.registry.register_patient(admin, "111222", "BROWN, Alice", date(1971, 7, 2), 1)
    return file_room


@pytest.fixture
def labels(
    qtbot: QtBot, dated: Services, clerk: Actor, settings: DeskSettings, runner: TaskRunner
) -> Iterator[LabelsWidget]:
    widget = LabelsWidget(dated, clerk, settings, runner, today=date(2026, 3, 2))
    qtbot.addWidget(widget)
    widget.resize(1100, 650)
    widget.show()
    qtbot.waitUntil(runner.idle)
    yield widget
    if widget.preview is not None:
        widget.preview.close()
    runner.wait()


def _preview(qtbot: QtBot, labels: LabelsWidget) -> PrintPreviewDialog:
    with qtbot.waitSignal(labels.preview_opened, timeout=10000) as opened:
        labels.preview_button.click()
        qtbot.waitUntil(lambda: labels.preview_button.isEnabled(), timeout=10000)
        assert not labels.message.property("problem"), labels.message.text()
    dialog = opened.args[0]
    assert isinstance(dialog, PrintPreviewDialog)
    return dialog


def test_a_scanned_batch_previews_and_prints_labels_that_scan(
    qtbot: QtBot, labels: LabelsWidget, dated: Services, clerk: Actor, tmp_path: Path
) -> None:
    brown = barcode(dated, clerk, "111222")
    scan(qtbot, labels.entry, "654321")
    scan(qtbot, labels.entry, brown)
    qtbot.waitUntil(lambda: labels.reads.pending == 0)
    assert labels.entries() == ["654321", brown]
    labels.stock.setCurrentIndex(labels.stock.findData("avery-5163"))
    preview = _preview(qtbot, labels)
    assert preview.pages is not None and preview.pages.count == 1
    wanted = sorted([barcode(dated, clerk, "654321", 1), barcode(dated, clerk, "654321", 2), brown])
    assert sorted(decode_all(pil(preview.pages.image(0, 300)))) == wanted
    out = tmp_path / "labels.pdf"
    preview.choose_printer = lambda _parent: printer_to(out)
    with qtbot.waitSignal(preview.printed, timeout=10000):
        preview.print_button.click()
    assert sorted(decode_all(render(out.read_bytes(), 0, 300))) == wanted


def test_what_is_not_a_chart_or_nothing_at_all_is_refused(
    qtbot: QtBot, labels: LabelsWidget
) -> None:
    labels.preview_button.click()
    qtbot.waitUntil(lambda: "Nothing to print" in labels.message.text(), timeout=5000)
    assert labels.preview is None
    scan(qtbot, labels.entry, "L-CARD")
    qtbot.waitUntil(lambda: "location code, not a chart" in labels.message.text())
    assert labels.entries() == []
    labels.new_since.setText("yesterday")
    labels.by_new.setChecked(True)
    labels.preview_button.click()
    assert "not a date: write it as YYYY-MM-DD" in labels.message.text()
    scan(qtbot, labels.entry, "999999")
    qtbot.waitUntil(lambda: labels.entries() == ["999999"])
    labels.by_list.setChecked(True)
    labels.preview_button.click()
    qtbot.waitUntil(lambda: "999999" in labels.message.text(), timeout=5000)
    assert labels.message.property("problem") is True


def test_new_volumes_since_a_day_on_zpl(
    qtbot: QtBot, labels: LabelsWidget, dated: Services, clerk: Actor
) -> None:
    labels.new_since.setText("2026-03-03")
    labels.by_new.setChecked(True)
    labels.stock.setCurrentIndex(labels.stock.findData("zpl"))
    preview = _preview(qtbot, labels)
    assert preview.document.kind == "zpl" and preview.pages is None
    text = preview.findChild(QPlainTextEdit, "zplText")
    assert text is not None and text.toPlainText().count("^XA") == 3
    preview.close()


@pytest.fixture
def lookup(
    qtbot: QtBot, dated: Services, clerk: Actor, runner: TaskRunner
) -> Iterator[ChartLookupWidget]:
    locations = LocationListModel(dated.locations, clerk, runner)
    widget = ChartLookupWidget(
        dated.registry,
        dated.history,
        dated.circulation,
        dated.site,
        locations,
        clerk,
        runner,
        documents=dated.documents,
    )
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    with qtbot.waitSignal(widget.chart_shown, timeout=5000):
        widget.search("654321")
    yield widget
    if widget.preview is not None:
        widget.preview.close()
    runner.wait()


def _decoded(preview: PrintPreviewDialog | None) -> list[str]:
    assert preview is not None and preview.pages is not None
    return sorted(decode_all(pil(preview.pages.image(0, 300))))


def test_lookup_prints_all_volumes_or_the_selected_one(
    qtbot: QtBot, lookup: ChartLookupWidget, dated: Services, clerk: Actor
) -> None:
    both = [barcode(dated, clerk, "654321", 1), barcode(dated, clerk, "654321", 2)]
    with qtbot.waitSignal(lookup.action_finished, timeout=10000):
        lookup.panel.all_labels_action.trigger()
    assert _decoded(lookup.preview) == both
    lookup.preview.close()  # type: ignore[union-attr]
    lookup.panel.volume_table.selectRow(1)
    with qtbot.waitSignal(lookup.action_finished, timeout=10000):
        lookup.panel.one_label_action.trigger()
    assert _decoded(lookup.preview) == both[1:]


def test_outguide_only_for_a_chart_that_is_out(
    qtbot: QtBot, lookup: ChartLookupWidget, dated: Services, clerk: Actor
) -> None:
    with qtbot.waitSignal(lookup.action_finished, timeout=10000):
        lookup.panel.outguide_button.click()
    assert "on its shelf" in lookup.panel.message.text()
    assert lookup.preview is None
    dated.circulation.check_out(clerk, "CARD", barcode(dated, clerk, "654321", 1))
    with qtbot.waitSignal(lookup.chart_shown, timeout=5000):
        lookup.open_chart("654321")
    lookup.panel.volume_table.selectRow(0)
    with qtbot.waitSignal(lookup.action_finished, timeout=10000):
        lookup.panel.outguide_button.click()
    assert lookup.preview is not None and lookup.preview.document.title == "Outguides"
    assert "L-CARD" in _decoded(lookup.preview)


def _lookup_showing_111222(
    qtbot: QtBot, dated: Services, clerk: Actor, runner: TaskRunner
) -> ChartLookupWidget:
    """Chart lookup, with printing, showing the chart of patient 111222."""
    widget = ChartLookupWidget(
        dated.registry,
        dated.history,
        dated.circulation,
        dated.site,
        LocationListModel(dated.locations, clerk, runner),
        clerk,
        runner,
        documents=dated.documents,
    )
    qtbot.addWidget(widget)
    widget.show()
    with qtbot.waitSignal(widget.chart_shown, timeout=5000):
        widget.search("111222")
    qtbot.waitUntil(runner.idle)
    return widget


def test_a_new_volume_gets_its_label_when_the_site_wants_it(
    qtbot: QtBot,
    dated: Services,
    admin: Actor,
    clerk: Actor,
    runner: TaskRunner,
) -> None:
    dated.site.change(admin, "auto_labels", "yes")
    widget = _lookup_showing_111222(qtbot, dated, clerk, runner)
    widget.panel.new_volume_button.click()
    qtbot.waitUntil(lambda: widget.preview is not None, timeout=10000)
    assert _decoded(widget.preview) == [barcode(dated, clerk, "111222", 2)]
    assert "ready to print" in widget.panel.message.text()
    widget.preview.close()  # type: ignore[union-attr]
    runner.wait()


def test_new_volume_labels_go_straight_to_the_label_printer(
    qtbot: QtBot,
    dated: Services,
    admin: Actor,
    clerk: Actor,
    runner: TaskRunner,
    cups_queues: list[str],
) -> None:
    dated.site.change(admin, "auto_labels", "yes")
    dated.site.change(admin, "label_printer", "RECORDSDESK_TEST")
    widget = _lookup_showing_111222(qtbot, dated, clerk, runner)
    said: list[str] = []
    widget.action_finished.connect(said.append)
    with file_queue() as queue:
        widget.panel.new_volume_button.click()
        qtbot.waitUntil(lambda: any(s.startswith("Printed: ") for s in said), timeout=15000)
        assert widget.preview is None
        assert "goes to RECORDSDESK_TEST" in said[0]
        job = next(s for s in said if s.startswith("Printed: ")).removeprefix("Printed: ")
        pdf = queue.pdf(job)
    assert decode_all(render(pdf, 0, 300)) == [barcode(dated, clerk, "111222", 2)]
    runner.wait()


def test_preview_pages_are_white_not_transparent(dated: Services, clerk: Actor) -> None:
    labels = dated.documents.chart_labels(clerk, mrns=["111222"])
    document = dated.documents.render_labels(clerk, labels, "thermal-4x2")
    pages = PdfPages(document.data)
    image = pages.image(0, 100)
    assert image.pixelColor(1, 1).name() == "#ffffff"
    assert image.hasAlphaChannel() is False
    pages.close()


def test_a_marginal_stock_is_named_before_printing(qtbot: QtBot, labels: LabelsWidget) -> None:
    labels.stock.setCurrentIndex(labels.stock.findData("avery-5167"))
    assert labels.stock_warning.isVisible()
    assert "5167" in labels.stock_warning.text() and "6 mm" in labels.stock_warning.text()
    scan(qtbot, labels.entry, "654321")
    qtbot.waitUntil(lambda: labels.entries() == ["654321"])  # the one scan reader is queued
    preview = _preview(qtbot, labels)
    assert "marginal" in preview.status.text()
    preview.close()
    labels.stock.setCurrentIndex(labels.stock.findData("avery-5160"))
    assert not labels.stock_warning.isVisible()
