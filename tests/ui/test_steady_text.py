"""Text that changes on every scan: it fits its room, and a new text moves nothing on screen."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QObject
from PySide6.QtGui import QFont, QFontMetricsF
from PySide6.QtWidgets import QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from recordsdesk.services.actors import Actor
from recordsdesk.services.desk import Services
from recordsdesk.ui.desk.desk_widget import DeskWidget
from recordsdesk.ui.desk.outcomes import Tone
from recordsdesk.ui.steady_text import SteadyText, fit_lines
from tests.ui.conftest import OFFSCREEN_ONLY, barcode, settle

pytestmark = OFFSCREEN_ONLY


def _font() -> QFont:
    font = QFont()
    font.setPointSizeF(15)
    return font


def test_text_is_wrapped_in_its_room_and_the_last_line_cut_with_an_ellipsis(qapp: object) -> None:
    font = _font()
    metrics = QFontMetricsF(font)
    width = metrics.horizontalAdvance("M") * 20
    long_text = " ".join(["word"] * 60)
    lines = fit_lines(long_text, font, width, 3)
    assert len(lines) == 3
    assert all(metrics.horizontalAdvance(line) <= width for line in lines)
    assert lines[-1].endswith("…")
    assert lines[0].startswith("word word")


def test_each_paragraph_starts_a_line_and_short_text_is_whole(qapp: object) -> None:
    font = _font()
    lines = fit_lines("KHAN, Chloé · Vol 1\nChecked out.", font, 600, 3)
    assert lines == ["KHAN, Chloé · Vol 1", "Checked out."]
    assert fit_lines("", font, 600, 3) == [""]


def test_a_cut_before_a_later_paragraph_says_there_is_more(qapp: object) -> None:
    font = _font()
    lines = fit_lines("first\nsecond\nthird", font, 600, 2)
    assert lines[0] == "first"
    assert lines[1].startswith("second") and lines[1].endswith("…")


def test_right_to_left_names_are_laid_out_and_fit(qapp: object) -> None:
    font = _font()
    metrics = QFontMetricsF(font)
    name = "عبد الرحمن بن محمد " * 10
    lines = fit_lines(name, font, 200, 2)
    assert len(lines) == 2
    assert all(metrics.horizontalAdvance(line) <= 200 for line in lines)
    assert "عبد" in lines[0]


class _LayoutRequests(QObject):
    """Counts the layout requests posted to one widget."""

    def __init__(self, watched: QWidget) -> None:
        super().__init__()
        self.count = 0
        watched.installEventFilter(self)

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:
            self.count += 1
        return False


def _idle() -> None:
    QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)


def test_new_text_repaints_the_text_alone_and_asks_for_no_layout(qtbot: QtBot) -> None:
    page = QWidget()
    qtbot.addWidget(page)
    layout = QVBoxLayout(page)
    steady = SteadyText(lines=1)
    layout.addWidget(steady)
    page.show()
    _idle()
    height, requests = steady.sizeHint().height(), _LayoutRequests(page)
    for text in ("1 done", "2 done · 1 problem · a much longer count than before " * 5, ""):
        steady.setText(text)
        _idle()
        assert steady.text() == text
        assert steady.accessibleName() == text
    assert requests.count == 0
    assert steady.sizeHint().height() == height


def test_an_answer_on_the_desk_keeps_the_panel_still_and_lays_nothing_out(
    qtbot: QtBot, desk: DeskWidget, file_room: Services, clerk: Actor
) -> None:
    # The list full enough for its scroll bar, and the window idle, before counting.
    desk.submit_scan("L-CARD")
    for n in range(30):
        desk.submit_scan(f"V99{n:05d}")
    settle(qtbot, desk)
    _idle()
    height, requests = desk.feedback.height(), _LayoutRequests(desk)
    chart = barcode(file_room, clerk, "423266", 2)
    answers = ("V9999999", chart, "Z" * 300, chart, "12345X")  # problems, done, check
    tones = set()
    for text in answers:
        desk.submit_scan(text)
        settle(qtbot, desk)
        _idle()
        tones.add(desk.feedback.tone)
        assert desk.feedback.height() == height
    assert tones == {Tone.PROBLEM, Tone.DONE, Tone.WARNING}  # the answers did differ
    assert requests.count == 0


def test_the_panel_gives_its_whole_answer_to_a_screen_reader_and_as_a_tip(
    qtbot: QtBot, make_desk: Callable[..., DeskWidget]
) -> None:
    desk = make_desk()
    desk.submit_scan("V9999999")
    settle(qtbot, desk)
    assert desk.feedback.accessibleName() == desk.feedback.headline
    assert desk.feedback.accessibleDescription() == desk.feedback.details
    assert desk.feedback.toolTip() == desk.feedback.details
