"""The window's crash log: private, value-free, uniquely named, and one plain line for the clerk."""

from __future__ import annotations

import stat
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from recordsdesk import app as app_module
from recordsdesk.domain.circulation import Outcome
from recordsdesk.domain.errors import RecordsDeskError
from recordsdesk.ui.crash_hook import CrashReporter
from recordsdesk.ui.desk.scan_queue import ScanQueue
from recordsdesk.ui.tasks import TaskRunner
from tests.ui.conftest import OFFSCREEN_ONLY

pytestmark = OFFSCREEN_ONLY  # the clerk's message is a window of its own

# What a bug's message could carry: SQL with a patient's name, MRN and date of birth.
SECRET = "INSERT INTO patients VALUES ('SMITH, John', '123456', '1970-05-01')"


@pytest.fixture
def crashes(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    return tmp_path / "state" / "RecordsDesk" / "crashes"


@pytest.fixture
def reporter(qtbot: QtBot, crashes: Path) -> Iterator[CrashReporter]:
    built = CrashReporter().install()
    yield built
    built.uninstall()
    if built.box is not None:
        built.box.close()
        built.box.deleteLater()


def _shown(qtbot: QtBot, reporter: CrashReporter) -> str:
    qtbot.waitUntil(lambda: reporter.box is not None and reporter.box.isVisible())
    assert reporter.box is not None
    return reporter.box.text()


def _one_log(crashes: Path) -> Path:
    logs = sorted(crashes.glob("crash-*.log"))
    assert len(logs) == 1, logs
    return logs[0]


def _assert_private_and_clean(crashes: Path, log: Path, line: str) -> None:
    assert stat.S_IMODE(crashes.stat().st_mode) == 0o700
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    content = log.read_text()
    assert "command: window" in content
    assert "ValueError" in content or "RuntimeError" in content
    for leak in ("SMITH", "123456", "1970", "INSERT"):
        assert leak not in content and leak not in line
    assert "\n" not in line and str(log) in line and line.startswith("Something went wrong")


def test_an_exception_in_a_slot_on_the_gui_thread_is_logged_and_shown(
    qtbot: QtBot, reporter: CrashReporter, crashes: Path
) -> None:
    button = QPushButton("Go")
    qtbot.addWidget(button)

    def boom() -> None:
        raise ValueError(SECRET)

    button.clicked.connect(boom)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    line = _shown(qtbot, reporter)
    _assert_private_and_clean(crashes, _one_log(crashes), line)
    assert "ValueError" in line


def test_an_exception_in_a_worker_is_logged_and_shown(
    qtbot: QtBot, reporter: CrashReporter, crashes: Path
) -> None:
    runner = TaskRunner()
    heard: list[RecordsDeskError] = []

    def work() -> None:
        raise RuntimeError(SECRET)

    runner.run(work, lambda _value: None, heard.append)
    qtbot.waitUntil(lambda: bool(heard))
    runner.wait()
    assert heard[0].message == "Something went wrong and it was not done."
    line = _shown(qtbot, reporter)
    _assert_private_and_clean(crashes, _one_log(crashes), line)


def test_an_exception_in_a_plain_thread_is_logged_and_shown(
    qtbot: QtBot, reporter: CrashReporter, crashes: Path
) -> None:
    def work() -> None:
        raise ValueError(SECRET)

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    line = _shown(qtbot, reporter)
    _assert_private_and_clean(crashes, _one_log(crashes), line)


def test_crashes_at_the_same_moment_get_logs_of_their_own(
    qtbot: QtBot, reporter: CrashReporter, crashes: Path
) -> None:
    lines = [reporter.report(ValueError(SECRET)) for _ in range(3)]
    logs = sorted(crashes.glob("crash-*.log"))
    assert len(logs) == 3 and len(set(lines)) == 3


def test_a_crash_log_that_cannot_be_written_is_said_plainly(qtbot: QtBot, crashes: Path) -> None:
    def cannot(_exc: BaseException) -> Path:
        raise PermissionError("the state folder is read-only")

    reporter = CrashReporter(cannot)
    line = reporter.report(ValueError(SECRET))
    assert line.endswith("no crash log could be written.") and "SMITH" not in line
    assert not crashes.exists()


def test_uninstalling_puts_the_hooks_back(qtbot: QtBot, crashes: Path) -> None:
    before = (sys.excepthook, threading.excepthook)
    reporter = CrashReporter().install()
    assert sys.excepthook == reporter._on_exception
    reporter.uninstall()
    assert (sys.excepthook, threading.excepthook) == before


def test_the_application_installs_the_hook_at_start(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    installed: list[object] = []
    monkeypatch.setattr(app_module, "install_crash_hook", installed.append)
    # Stop right after the start-up the hook belongs to: the database cannot be opened.
    monkeypatch.setattr(
        app_module, "open_database", lambda _o: (_ for _ in ()).throw(RecordsDeskError("no"))
    )
    monkeypatch.setattr(app_module.QMessageBox, "critical", lambda *_a: None)
    assert app_module.main(["--db", "sqlite:////nonexistent/x.sqlite3", "--demo"]) == 1
    assert len(installed) == 1


def test_a_bug_in_a_scan_is_logged_without_values_and_the_queue_goes_on(
    qtbot: QtBot, reporter: CrashReporter, crashes: Path
) -> None:
    queue = ScanQueue()
    failed: list[tuple[int, object, str]] = []
    answered: list[int] = []
    queue.failed.connect(lambda seq, outcome, message: failed.append((seq, outcome, message)))
    queue.answered.connect(lambda seq, _value: answered.append(seq))

    def bug() -> None:
        raise KeyError(SECRET)

    queue.post(1, bug)
    queue.post(2, lambda: "ok")
    qtbot.waitUntil(lambda: bool(failed) and bool(answered))
    queue.stop()
    assert failed[0][0] == 1 and failed[0][1] == Outcome.ERROR and answered == [2]
    line = _shown(qtbot, reporter)
    log = _one_log(crashes)
    assert "KeyError" in log.read_text() and "SMITH" not in log.read_text()
    assert str(log) in line and "SMITH" not in line
