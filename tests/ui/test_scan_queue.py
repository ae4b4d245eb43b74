"""The scan queue's one worker: jobs in the order posted on one thread, answers on the GUI
thread in that order, and the thread gone when its queue is stopped or deleted."""

from __future__ import annotations

import queue
import sys
import threading
from collections.abc import Callable

import pytest
from PySide6.QtCore import QObject
from pytestqt.qtbot import QtBot

from recordsdesk.domain.circulation import Outcome
from recordsdesk.domain.errors import InvalidInput
from recordsdesk.services.actors import Actor
from recordsdesk.services.desk import Services
from recordsdesk.ui.desk.scan_queue import ScanQueue, _serve
from recordsdesk.ui.main_window import MainWindow
from tests.ui.conftest import OFFSCREEN_ONLY, barcode

pytestmark = OFFSCREEN_ONLY  # the last test opens the main window


def _workers() -> set[threading.Thread]:
    """The scan workers alive now (those of earlier tests may still be ending)."""
    return {t for t in threading.enumerate() if t.name == "recordsdesk-scans"}


def _started_since(before: set[threading.Thread]) -> threading.Thread:
    """The one scan worker started since ``before`` was taken."""
    (started,) = _workers() - before
    return started


def test_jobs_run_in_order_on_one_thread_and_answer_on_the_gui_thread(qtbot: QtBot) -> None:
    queue = ScanQueue()
    ran_on: list[int] = []
    answers: list[tuple[int, object]] = []
    answered_on: set[int] = set()

    def answered(seq: int, value: object) -> None:
        answers.append((seq, value))
        answered_on.add(threading.get_ident())

    queue.answered.connect(answered)

    def job(number: int) -> int:
        ran_on.append(threading.get_ident())
        return number * 10

    for seq in range(1, 51):
        queue.post(seq, lambda n=seq: job(n))
    qtbot.waitUntil(lambda: len(answers) == 50)
    queue.stop()
    assert answers == [(seq, seq * 10) for seq in range(1, 51)]
    assert len(set(ran_on)) == 1 and ran_on[0] != threading.get_ident()
    assert answered_on == {threading.get_ident()}
    assert queue.pending == 0


def test_a_refused_job_is_answered_as_refused_and_the_next_still_runs(qtbot: QtBot) -> None:
    queue = ScanQueue()
    failed: list[tuple[int, object, str]] = []
    answered: list[int] = []
    queue.failed.connect(lambda seq, outcome, message: failed.append((seq, outcome, message)))
    queue.answered.connect(lambda seq, _value: answered.append(seq))

    def refused() -> None:
        raise InvalidInput("No patient with MRN 12345X.")

    queue.post(1, refused)
    queue.post(2, lambda: "ok")
    qtbot.waitUntil(lambda: answered == [2])
    queue.stop()
    assert failed == [(1, Outcome.REFUSED, "No patient with MRN 12345X.")]


def test_stopping_answers_what_is_queued_then_ends_the_worker(qtbot: QtBot) -> None:
    before = _workers()
    queue = ScanQueue()
    release = threading.Event()
    answered: list[int] = []
    queue.answered.connect(lambda seq, _value: answered.append(seq))
    queue.post(1, lambda: release.wait(30))
    queue.post(2, lambda: None)
    worker = _started_since(before)
    release.set()
    queue.stop()
    assert answered == [1, 2]
    assert not worker.is_alive()  # stop joined it


def test_a_queue_deleted_with_its_page_ends_its_worker(qtbot: QtBot) -> None:
    before = _workers()
    page = QObject()
    queue = ScanQueue(parent=page)
    queue.post(1, lambda: None)
    qtbot.waitUntil(lambda: queue.pending == 0)
    worker = _started_since(before)
    assert worker.is_alive()  # kept warm for the next scan
    page.deleteLater()
    qtbot.waitUntil(lambda: not worker.is_alive())


def test_a_page_closed_while_its_job_runs_loses_only_that_answer(qtbot: QtBot) -> None:
    before = _workers()
    page = QObject()
    queue = ScanQueue(parent=page)
    started, release = threading.Event(), threading.Event()

    def slow() -> str:
        started.set()
        release.wait(30)
        return "late"

    queue.post(1, slow)
    assert started.wait(30)
    worker = _started_since(before)
    page.deleteLater()
    qtbot.waitUntil(lambda: not _alive(page))
    release.set()  # the answer has no one to go to: the worker ends quietly
    qtbot.waitUntil(lambda: not worker.is_alive())


def test_a_bug_outside_a_job_is_logged_and_the_worker_lives_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    hooked: list[type[BaseException]] = []
    monkeypatch.setattr(sys, "excepthook", lambda kind, _exc, _tb: hooked.append(kind))
    jobs: queue.SimpleQueue[Callable[[], None] | None] = queue.SimpleQueue()
    ran: list[str] = []

    def bug() -> None:
        raise ValueError("not a scan's error")

    def wrong_runtime() -> None:
        raise RuntimeError("not a deleted object")

    for job in (bug, wrong_runtime, lambda: ran.append("after"), None):
        jobs.put(job)
    relay = QObject()
    worker = threading.Thread(target=_serve, args=(jobs, relay))
    worker.start()
    worker.join(30)
    assert not worker.is_alive()
    assert ran == ["after"] and hooked == [ValueError, RuntimeError]


def _alive(obj: QObject) -> bool:
    try:
        obj.objectName()
    except RuntimeError:
        return False
    return True


def test_closing_the_window_saves_every_page_scan_read_before(
    file_room: Services, clerk: Actor, make_window: Callable[..., MainWindow]
) -> None:
    charts = [barcode(file_room, clerk, mrn) for mrn in ("123456", "423266", "000042")]
    for chart in charts:  # back from the clinic, on the cart to be refiled
        file_room.circulation.check_out(clerk, "CARD", chart)
        file_room.circulation.return_volume(clerk, chart)
    assert len(file_room.refiling.cart(clerk)) == 3
    before = _workers()
    window = make_window()
    window.show_page("refile")
    page = window.pages["refile"]
    for chart in charts:
        page.scans.submit(chart)  # type: ignore[attr-defined]
    assert _workers() - before  # the page's worker is up
    window.close()  # at once: the scans may still be queued
    assert file_room.refiling.cart(clerk) == []
    assert not _workers() - before  # and every worker the window started is gone
