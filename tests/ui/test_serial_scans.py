"""A page's scans applied one at a time, in order; a scan that cannot start is answered at once."""

from __future__ import annotations

import threading

from pytestqt.qtbot import QtBot

from recordsdesk.domain.errors import InvalidInput
from recordsdesk.services.dto import ScanResult
from recordsdesk.ui.serial_scans import SerialScans
from recordsdesk.ui.tasks import TaskRunner
from tests.ui.conftest import OFFSCREEN_ONLY

pytestmark = OFFSCREEN_ONLY


def test_a_burst_is_applied_in_order_never_two_at_once(qtbot: QtBot, runner: TaskRunner) -> None:
    running = threading.Lock()
    overlapped: list[str] = []

    def work_for(text: str):  # type: ignore[no-untyped-def]
        if text == "BAD":
            raise InvalidInput("That is not a chart.")

        def work() -> ScanResult:
            if not running.acquire(blocking=False):
                overlapped.append(text)
                return ScanResult(text, False, "overlap", "two at once")
            try:
                return ScanResult(text, True, "done", f"{text} done")
            finally:
                running.release()

        return work

    scans = SerialScans(runner, work_for)
    answers: list[ScanResult] = []
    scans.answered.connect(answers.append)
    sent = [f"V{n:07d}" for n in range(40)]
    sent.insert(10, "BAD")
    for text in sent:
        scans.submit(text)
    qtbot.waitUntil(lambda: len(answers) == len(sent), timeout=10000)
    assert [a.scan for a in answers] == sent
    assert overlapped == []
    bad = answers[10]
    assert (bad.ok, bad.outcome, bad.message) == (False, "refused", "That is not a chart.")
    assert scans.pending == 0
