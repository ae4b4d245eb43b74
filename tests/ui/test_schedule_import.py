"""Importing schedule files from the pull lists page: progress, stopping between files, a report."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from recordsdesk.feeds import NoticeKind
from recordsdesk.services.actors import Actor
from recordsdesk.services.desk import Services
from recordsdesk.ui.pull_lists.pull_list_widget import PullListWidget
from recordsdesk.ui.settings import DeskSettings
from recordsdesk.ui.tasks import TaskRunner
from tests.feeds import vendor_shapes as shapes
from tests.ui.conftest import OFFSCREEN_ONLY

pytestmark = OFFSCREEN_ONLY
HEADER = "appointment_id,mrn,family_name,given_name,dob,start,clinic,provider,status\n"


@pytest.fixture
def files(tmp_path: Path) -> list[str]:
    good = tmp_path / "monday.csv"
    good.write_text(
        HEADER
        + "A1,123456,SMITH,John,1970-05-01,2026-03-03 09:00,CARD,Dr Who,Booked\n"
        + "A2,423266,JONES,Mary,1960-01-01,2026-02-30 10:00,ORTH,Dr No,Booked\n"
        + "A3,777777,NEWMAN,Ann,1990-02-02,2026-03-03 11:00,Sleep Lab,Dr Z,Booked\n"
    )
    bad = tmp_path / "notes.pdf"
    bad.write_bytes(b"%PDF-1.4 not a schedule")
    later = tmp_path / "tuesday.csv"
    later.write_text(HEADER + "B1,423266,JONES,Mary,1960-01-01,2026-03-03 14:00,ORTH,X,Booked\n")
    return [str(good), str(bad), str(later)]


@pytest.fixture
def page(
    qtbot: QtBot, file_room: Services, clerk: Actor, settings: DeskSettings, runner: TaskRunner
) -> Iterator[PullListWidget]:
    widget = PullListWidget(file_room, clerk, settings, runner, today=date(2026, 3, 2))
    # Answers still on their way (the pull list's progress after an import) are delivered to
    # the page before it is closed, not to the next test's event loop once it is gone.
    qtbot.addWidget(
        widget, before_close_func=lambda _w: qtbot.waitUntil(runner.idle, timeout=10000)
    )
    with qtbot.waitSignal(widget.list_shown, timeout=5000):
        widget.show()
    yield widget
    if widget.import_report is not None:
        widget.import_report.close()
    runner.wait()


def test_import_reports_counts_problems_clinics_and_patients_with_no_chart(
    qtbot: QtBot, page: PullListWidget, files: list[str], qtmodeltester: object
) -> None:
    page.ask_files = lambda *_args: files
    with qtbot.waitSignal(page.import_finished, timeout=20000) as finished:
        page.import_button.click()
    assert [o.name for o in finished.args[0]] == ["monday.csv", "notes.pdf", "tuesday.csv"]
    report = page.import_report
    assert report is not None and report.isVisible()
    assert "2 of 3 files imported: 3 appointments added" in report.headline.text()
    problems = [(p.file, p.position) for p in report.problems.rows]
    assert problems == [("monday.csv", "line 3"), ("notes.pdf", "whole file")]
    assert "2026-02-30" in report.problems.rows[0].reason
    assert "neither" in report.problems.rows[1].reason
    assert [r.value for r in report.clinics.rows] == ["SLEEP-LAB"]
    assert [r.value for r in report.no_chart.rows] == ["777777"]
    assert report.tabs.currentIndex() == 1  # problems first when there are some
    assert report.summary.data(report.summary.index(1, 1)) == "not imported"
    for model in (report.summary, report.problems, report.clinics, report.no_chart):
        qtmodeltester.check(model)  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: page.items.rowCount() == 2, timeout=5000)  # the list shows them


def test_stopping_keeps_what_was_imported_and_names_what_was_not(
    qtbot: QtBot, page: PullListWidget, files: list[str], file_room: Services, clerk: Actor
) -> None:
    with qtbot.waitSignal(page.import_finished, timeout=20000) as finished:
        run = page.import_schedule(files)
        run.cancel()  # during the first file: it finishes, the others are left
    assert [o.name for o in finished.args[0]] == ["monday.csv"]
    report = page.import_report
    assert report is not None
    assert "Stopped: 2 file(s) not imported: notes.pdf, tuesday.csv." in report.headline.text()
    pulled = file_room.pull_lists.build(clerk, date(2026, 3, 3)).pull_list.items
    assert [i.mrn for i in pulled] == ["123456"]


def test_cancelling_the_file_choice_imports_nothing(
    qtbot: QtBot, page: PullListWidget, file_room: Services, clerk: Actor
) -> None:
    page.ask_files = lambda *_args: []
    page.import_button.click()
    assert page.importing is None and page.import_report is None
    assert file_room.requests.pending(clerk) == []


@pytest.fixture
def hl7_night(tmp_path: Path) -> str:
    """A night's HL7 file with a decision of every kind the messages can cause."""
    ambulatory = shapes.ambulatory("1001", "123456", "209903030930", sch11="209903030900")
    older = shapes.ambulatory(
        "1001", "123456", "209903031000", trigger="S14", sent="20260301070000"
    )
    cancel = shapes.athena_cancel("7001", "423266", "20260301100000")
    booking = shapes.athena_booking("7001", "423266", "209903030900", "20260301090000")
    # The cancel's last CR is lost: the booking's MSH follows its last segment on one line.
    path = tmp_path / "night.hl7"
    path.write_bytes(ambulatory + older + cancel.rstrip(b"\r") + booking)
    return str(path)


def test_the_report_shows_every_decision_by_kind_and_saves_them_all(
    qtbot: QtBot,
    page: PullListWidget,
    hl7_night: str,
    files: list[str],
    tmp_path: Path,
    qtmodeltester: object,
) -> None:
    page.resize(1024, 640)
    with qtbot.waitSignal(page.import_finished, timeout=20000):
        page.import_schedule([hl7_night, files[0]])
    report = page.import_report
    assert report is not None
    assert report.width() <= 1024 - 40 and report.height() <= 640 - 40  # fits a small screen
    assert report.notes.kind_table.minimumHeight() >= 6 * 20  # every kind met, unscrolled
    text = report.headline.text()
    assert "1 older message(s) not applied" in text
    assert "1 cancel(s) kept for appointments not booked yet" in text
    # The files' own counts: the older S14 and the kept cancel, beside the others.
    headers = [
        report.summary.headerData(c, Qt.Orientation.Horizontal)
        for c in range(report.summary.columnCount())
    ]
    night = {h: report.summary.data(report.summary.index(0, c)) for c, h in enumerate(headers)}
    assert (night["Older"], night["Kept"]) == ("1", "1")
    assert night["Decisions"] == str(sum(n.count for n in report.notes.notes))
    notes = report.notes
    kinds = {row.kind: row for row in notes.kinds.rows}
    assert set(kinds) == {
        NoticeKind.START_TIME,
        NoticeKind.MRN,
        NoticeKind.APPOINTMENT_ID,
        NoticeKind.FRAMING,
        NoticeKind.SUPERSEDED,
        NoticeKind.TOMBSTONE,
    }
    assert kinds[NoticeKind.TOMBSTONE].count == 2  # the cancel kept, the booking kept cancelled
    start = kinds[NoticeKind.START_TIME]
    assert start.examples[0].file == "night.hl7"
    assert start.examples[0].position == "message 1, line 1"
    assert "from AIL-6 over SCH-11.4" in start.examples[0].reason
    assert "night.hl7 message 2" in kinds[NoticeKind.SUPERSEDED].first_places
    total = sum(k.count for k in notes.kinds.rows)
    assert f"{total} decision(s) noted, of 6 kind(s)" in text
    assert report.tabs.tabText(2) == f"Decisions ({total})"
    # Choosing a kind above lists its notes below; "All decisions" lists every one.
    assert len(notes.shown.rows) == len(notes.notes)
    notes.kind_table.selectRow(list(kinds).index(NoticeKind.TOMBSTONE))
    assert {n.kind for n in notes.shown.rows} == {NoticeKind.TOMBSTONE}
    assert notes.choice.currentData() is NoticeKind.TOMBSTONE
    notes.choice.setCurrentIndex(0)
    assert len(notes.shown.rows) == len(notes.notes)
    # Saved: every note of every kind, with its file and place; no patient name in them.
    target = tmp_path / "notes.csv"
    notes.ask_path = lambda *_args: str(target)
    with qtbot.waitSignal(notes.notes_saved, timeout=5000):
        notes.save_button.click()
    with open(target, encoding="utf-8-sig", newline="") as saved:
        rows = list(csv.DictReader(saved))
    assert len(rows) == len(notes.notes)
    assert {r["kind"] for r in rows} == {k.value for k in kinds}
    assert str(target) in notes.saved.text()
    written = target.read_text(encoding="utf-8-sig")
    for name in ("AMBULANT", "ALICE", "ANN"):
        assert name not in written
    for model in (notes.kinds, notes.shown, report.summary):
        qtmodeltester.check(model)  # type: ignore[attr-defined]


def test_a_file_with_no_decisions_says_none(
    qtbot: QtBot, page: PullListWidget, files: list[str]
) -> None:
    with qtbot.waitSignal(page.import_finished, timeout=20000):
        page.import_schedule([files[0]])
    report = page.import_report
    assert report is not None
    assert "decision" not in report.headline.text()
    assert report.tabs.tabText(2) == "Decisions (0)"
    assert not report.notes.save_button.isEnabled()
