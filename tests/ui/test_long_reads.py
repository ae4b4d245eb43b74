"""A long or junk read, on any page that takes scans, is shown without widening the window."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pytestqt.qtbot import QtBot

from recordsdesk.ui.main_window import MainWindow
from recordsdesk.ui.tasks import TaskRunner
from tests.ui.conftest import OFFSCREEN_ONLY

pytestmark = OFFSCREEN_ONLY
JUNK = "Z" * 500


@pytest.fixture
def window(make_window: Callable[..., MainWindow]) -> MainWindow:
    return make_window()


@pytest.mark.parametrize("page", ["desk", "lookup", "pull_lists", "labels", "refile"])
def test_a_500_character_read_does_not_widen_the_window(
    qtbot: QtBot, window: MainWindow, runner: TaskRunner, page: str
) -> None:
    window.show_page(page)
    widget = window.pages[page]
    read = widget.scanner.scanned  # type: ignore[attr-defined]
    before = _texts(widget)
    read.emit(JUNK, None)  # as the scanner filter hands a burst over
    qtbot.waitUntil(lambda: _texts(widget) != before and runner.idle())
    qtbot.waitUntil(lambda: "…" not in _texts(widget))  # no "Reading…", "Saving…", "Searching…"
    assert window.width() == 1280
    assert window.minimumSizeHint().width() <= 1280, page


def _texts(widget: object) -> str:
    """What the page says: its labels, its steady texts and the desk's answer headline."""
    from PySide6.QtWidgets import QLabel, QWidget

    from recordsdesk.ui.desk.feedback import FeedbackWidget
    from recordsdesk.ui.steady_text import SteadyText

    assert isinstance(widget, QWidget)
    texts = [label.text() for label in widget.findChildren(QLabel)]
    texts += [steady.text() for steady in widget.findChildren(SteadyText)]
    texts += [panel.headline for panel in widget.findChildren(FeedbackWidget)]
    return " ".join(texts)
