"""The task runner: answers on the GUI thread; a load asked again answers only the newest."""

from __future__ import annotations

import threading

from pytestqt.qtbot import QtBot

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
