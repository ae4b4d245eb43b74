"""The pull lists page: a day's list shown and sorted, printed, saved, and filled by scanning."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtPrintSupport import QPrinter
from pytestqt.qtbot import QtBot

from recordsdesk.services.actors import Actor
from recordsdesk.services.desk import Services
from recordsdesk.services.dto import ScanResult
from recordsdesk.ui.pull_lists.pull_list_widget import PullListWidget
from recordsdesk.ui.settings import DeskSettings
from recordsdesk.ui.tasks import TaskRunner
from tests.printing.pages import ink_box, page_count, page_texts, render
from tests.ui.conftest import OFFSCREEN_ONLY, barcode, scan

pytestmark = OFFSCREEN_ONLY

DAY = date(2026, 3, 3)
HEADER = "appointment_id,mrn,family_name,given_name,dob,start,clinic,provider,status\n"
FEED = (
    HEADER
    + "A1,123456,SMITH,John,1970-05-01,2026-03-03 09:00,CARD,Dr Who,Booked\n"
    + "B1,423266,JONES,Mary,1960-01-01,2026-03-03 10:00,ORTH,Dr No,Booked\n"
    + "B2,423266,JONES,Mary,1960-01-01,2026-03-03 14:00,CARD,Dr Who,Booked\n"
    + "C1,777777,NEWMAN,Ann,1990-02-02,2026-03-03 11:00,CARD,Dr Who,Booked\n"
).encode()


@pytest.fixture
def booked(file_room: Services, clerk: Actor) -> Services:
    file_room.schedule.import_file(clerk, FEED, "day.csv")
    return file_room


@pytest.fixture
def page(
    qtbot: QtBot, booked: Services, clerk: Actor, settings: DeskSettings, runner: TaskRunner
) -> Iterator[PullListWidget]:
    widget = PullListWidget(booked, clerk, settings, runner, today=date(2026, 3, 2))
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    with qtbot.waitSignal(widget.progress_shown, timeout=10000):
        widget.show()
    yield widget
    runner.wait()


def test_tomorrow_is_shown_with_items_exceptions_and_forwards(
    page: PullListWidget, qtmodeltester: object
) -> None:
    assert page.day_field.text() == "2026-03-03"
    assert [i.mrn for i in page.items.rows] == ["123456", "423266"]
    assert page.items.data(page.items.index(0, 3)) == "123456"
    assert page.items.data(page.items.index(1, 7)) == "Orthopaedics Clinic (ORTH)"
    assert [e.mrn for e in page.exceptions.rows] == ["777777"]
    assert page.exceptions.data(page.exceptions.index(0, 0)) == "No chart yet"
    assert [(f.from_clinic_code, f.to_clinic_code) for f in page.forwards.rows] == [
        ("ORTH", "CARD")
    ]
    assert page.tabs.tabText(0) == "To pull (2)"
    assert "pulled 0 of 2 · 2 left" in page.progress.text()
    for model in (page.items, page.exceptions, page.forwards):
        qtmodeltester.check(model)  # type: ignore[attr-defined]


def test_sort_by_time_and_a_bad_date(qtbot: QtBot, page: PullListWidget) -> None:
    with qtbot.waitSignal(page.list_shown, timeout=5000):
        page.order.setCurrentIndex(2)  # by appointment time
    assert [i.time.hour for i in page.items.rows] == [9, 10]
    page.day_field.setText("03/03/2026")
    with qtbot.waitSignal(page.list_shown, timeout=5000) as shown:
        page.show_list()
    assert shown.args == [None]
    assert "not a date: write it as YYYY-MM-DD" in page.message.text()
    assert page.items.rowCount() == 0


def test_scanning_fills_the_list_and_unknown_scans_are_refused(
    qtbot: QtBot, page: PullListWidget, booked: Services, clerk: Actor
) -> None:
    smith = barcode(booked, clerk, "123456")
    with qtbot.waitSignal(page.progress_shown, timeout=10000) as shown:
        scan(qtbot, page.scan_field, smith)
    assert shown.args[0].pulled == 1
    assert "pulled 1 of 2 · 1 left" in page.progress.text()
    assert [i.mrn for i in page.items.rows] == ["423266"]
    chart = booked.history.chart(clerk, "123456")
    assert chart.volumes[0].location is not None and chart.volumes[0].location.code == "CARD"
    with qtbot.waitSignal(page.scan_answered, timeout=5000) as answered:
        scan(qtbot, page.scan_field, "V9999999")
    result = answered.args[0]
    assert isinstance(result, ScanResult) and not result.ok
    assert "not on the pull list for 2026-03-03" in page.message.text()
    assert page.message.property("problem") is True


def test_the_list_and_each_answer_name_patients_recorded_read_once(
    qtbot: QtBot, page: PullListWidget, booked: Services, clerk: Actor, admin: Actor
) -> None:
    def reads() -> list[tuple[str, str | None]]:
        entries = booked.audit.show(admin, user=clerk.username)
        wanted = ("patients_listed", "scan_named_patient")
        return sorted((e.action, e.mrn) for e in entries if e.action in wanted)

    listed = [("patients_listed", mrn) for mrn in ("123456", "423266", "777777")]
    assert reads() == listed  # the list on the screen names them: a read of each
    smith = barcode(booked, clerk, "123456")
    with qtbot.waitSignal(page.list_shown, timeout=10000):
        scan(qtbot, page.scan_field, smith)
    assert page.message.text().startswith(f"SMITH, John · Vol 1 — {smith} checked out to")
    with qtbot.waitSignal(page.list_shown, timeout=10000):
        page.show_list()
    assert reads() == listed  # shown again and named by an answer: still once each


def test_a_burst_typed_on_the_table_reaches_the_scan_field(
    qtbot: QtBot, page: PullListWidget, booked: Services, clerk: Actor
) -> None:
    jones = barcode(booked, clerk, "423266", 3)
    page.item_table.setFocus()
    with qtbot.waitSignal(page.progress_shown, timeout=10000):
        scan(qtbot, page.item_table, jones)
    assert page.items.rowCount() == 1
    assert booked.history.chart(clerk, "423266").volumes[2].location is not None


def _to_file(out: Path) -> Callable[[object], QPrinter]:
    def choose(_parent: object) -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        return printer

    return choose


def test_print_goes_through_the_preview_and_is_recorded(
    qtbot: QtBot, page: PullListWidget, booked: Services, clerk: Actor, admin: Actor, tmp_path: Path
) -> None:
    page.print_button.click()
    qtbot.waitUntil(lambda: page.preview is not None, timeout=10000)
    preview = page.preview
    assert preview is not None and preview.isVisible()
    assert preview.pages is not None and preview.pages.count >= 2  # the list and routing sheets
    out = tmp_path / "printed.pdf"
    preview.choose_printer = _to_file(out)
    preview.print_button.click()
    qtbot.waitUntil(lambda: "recorded as printed" in page.message.text(), timeout=10000)
    assert page_count(out.read_bytes()) == preview.pages.count
    assert ink_box(render(out.read_bytes(), 0, 150)) is not None
    printed = booked.audit.show(admin, mrn="123456")
    assert any(e.action == "printed" and "Pull list 2026-03-03" in e.detail for e in printed)
    with qtbot.waitSignal(page.list_shown, timeout=5000):
        page.updates_only.setChecked(True)
    assert page.items.rowCount() == 0
    assert "Updates for" in page.progress.text()


def test_nothing_to_print_on_an_empty_day(qtbot: QtBot, page: PullListWidget) -> None:
    page.day_field.setText("2026-03-09")
    with qtbot.waitSignal(page.list_shown, timeout=5000):
        page.show_list()
    page.print_button.click()
    assert "Nothing to print: 2026-03-09 has no charts to pull." in page.message.text()
    assert page.preview is None


def test_save_csv_and_pdf(qtbot: QtBot, page: PullListWidget, tmp_path: Path) -> None:
    target = tmp_path / "list.csv"
    page.ask_path = lambda *_args: str(target)
    page.csv_button.click()
    qtbot.waitUntil(lambda: target.exists(), timeout=5000)
    lines = target.read_text().splitlines()
    assert lines[0].startswith("kind,unit,section") and len(lines) == 4
    pdf = tmp_path / "list.pdf"
    page.ask_path = lambda *_args: str(pdf)
    page.pdf_button.click()
    qtbot.waitUntil(lambda: "Saved to" in page.message.text() and pdf.exists(), timeout=10000)
    assert "SMITH, John" in page_texts(pdf.read_bytes())[0]


def test_a_list_built_for_another_day_that_ends_later_is_not_shown(
    qtbot: QtBot, page: PullListWidget, booked: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = threading.Event()
    build = booked.pull_lists.build

    def slow_for_the_3rd(actor: Actor, day: date, *rest: object) -> object:
        if day == DAY:
            assert gate.wait(30)  # still building when the clerk picks another day
        return build(actor, day, *rest)  # type: ignore[arg-type]

    monkeypatch.setattr(booked.pull_lists, "build", slow_for_the_3rd)
    try:
        page.show_list()  # the 3rd, slow
        page.day_field.setText("2026-03-04")
        with qtbot.waitSignal(page.list_shown, timeout=10000):
            page.show_list()
        assert page.view is not None and page.view.day == date(2026, 3, 4)
        gate.set()
        qtbot.waitUntil(page._runner.idle)
        # The 3rd's list came last and was dropped: the 4th (no appointments) stays shown.
        assert page.view is not None and page.view.day == date(2026, 3, 4)
        assert page.items.rowCount() == 0
    finally:
        gate.set()  # a failure must not leave a worker waiting into the teardown
