"""The task runner: answers on the GUI thread; a load asked again answers only the newest."""

from __future__ import annotations

import threading

import pytest
import shiboken6
from PySide6.QtCore import QObject
from pytestqt.qtbot import QtBot

from recordsdesk.domain.errors import NotFound
from recordsdesk.ui.tasks import TaskRunner


def test_an_older_load_that_ends_after_a_newer_one_is_not_shown(qtbot: QtBot) -> None:
    runner = TaskRunner(threads=2)
    release_first = threading.Event()
    shown: list[str] = []
    owner = object()

    def first() -> str:
        release_first.wait(30)  # held until the newer load has been answered
        return "stale: 0 volumes"

    runner.run_newest(owner, "box", first, shown.append)
    runner.run_newest(owner, "box", lambda: "fresh: 1 volume", shown.append)
    qtbot.waitUntil(lambda: shown == ["fresh: 1 volume"])
    release_first.set()
    qtbot.waitUntil(runner.idle)
    assert shown == ["fresh: 1 volume"]


def test_loads_of_other_things_or_owners_are_each_answered(qtbot: QtBot) -> None:
    runner = TaskRunner(threads=2)
    shown: list[str] = []
    one, other = object(), object()
    runner.run_newest(one, "box", lambda: "one box", shown.append)
    runner.run_newest(one, "boxes", lambda: "one list", shown.append)
    runner.run_newest(other, "box", lambda: "other box", shown.append)
    qtbot.waitUntil(runner.idle)
    assert sorted(shown) == ["one box", "one list", "other box"]


def test_an_answer_for_a_widget_deleted_meanwhile_is_dropped(
    qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    gate = threading.Event()
    shown: list[str] = []

    class Page(QObject):
        def show_rows(self, rows: str) -> None:
            shown.append(rows)
            self.setObjectName(rows)  # a deleted page would raise here

        def load(self) -> None:
            runner.run(lambda: gate.wait(30) and "saved", lambda rows: self.show_rows(rows))

    def refuse() -> str:
        gate.wait(30)
        raise NotFound("No patient with MRN 423266.")

    page, newest, saving, refused, kept = Page(), Page(), Page(), Page(), Page()
    runner = TaskRunner(threads=5)
    runner.run(lambda: gate.wait(30) and "rows", page.show_rows)
    runner.run(refuse, refused.show_rows, lambda error: shown.append(error.message))
    runner.run_newest(newest, "rows", lambda: gate.wait(30) and "newest", newest.show_rows)
    saving.load()
    runner.run(lambda: "kept", lambda rows: shown.append(rows), owner=kept)
    qtbot.waitUntil(lambda: shown == ["kept"])
    for closed in (page, newest, saving, refused):  # closed while their loads run
        shiboken6.delete(closed)
    gate.set()
    qtbot.waitUntil(runner.idle)
    assert shown == ["kept"]
    # The refusal nobody could be shown is noted by its kind, without its words.
    assert "not shown, its page was closed: NotFound" in caplog.text
    assert "423266" not in caplog.text
