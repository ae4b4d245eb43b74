"""Rows of buttons that wrap and combo boxes sized to a few words, for a 1024x640 screen."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QComboBox, QPushButton, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from recordsdesk.ui.fitting import FlowLayout, fit_combo, flow_row
from tests.ui.conftest import OFFSCREEN_ONLY

pytestmark = OFFSCREEN_ONLY


def test_a_row_of_buttons_wraps_onto_a_second_row_when_narrow(qtbot: QtBot) -> None:
    buttons = [QPushButton(f"Action number {n}  [Ctrl+{n}]") for n in range(4)]
    widest = max(button.sizeHint().width() for button in buttons)
    row = flow_row(*buttons)
    holder = QWidget()
    QVBoxLayout(holder).addWidget(row)
    qtbot.addWidget(holder)
    # As narrow as its widest button, never as wide as all of them side by side.
    assert row.minimumSizeHint().width() == widest
    holder.resize(sum(b.sizeHint().width() for b in buttons) + 80, 200)
    holder.show()
    qtbot.waitUntil(lambda: buttons[-1].y() == buttons[0].y())  # one row when there is room
    holder.resize(widest * 2 + 40, 200)
    qtbot.waitUntil(lambda: buttons[-1].y() > buttons[0].y())  # wrapped
    assert row.height() >= row.heightForWidth(row.width()) > buttons[0].height()
    for button in buttons:  # nothing cut and nothing overlapping
        assert button.width() == button.sizeHint().width()
        assert button.geometry().right() < row.width()
    tops = {b.y() for b in buttons}
    for a in buttons:
        for b in buttons:
            assert a is b or not a.geometry().intersects(b.geometry())
    assert len(tops) == 2


def test_a_fitted_combo_box_is_as_wide_as_a_few_words_and_its_popup_shows_them_all(
    qtbot: QtBot,
) -> None:
    long = "Alternate: even digits white on black, odd digits black on white, bordered"
    combo = QComboBox()
    qtbot.addWidget(combo)
    combo.addItem("Short")
    wide = combo.minimumSizeHint().width()
    combo.addItem(long)
    fit_combo(combo, 12)
    plain = QComboBox()
    qtbot.addWidget(plain)
    plain.addItem(long)
    assert combo.minimumSizeHint().width() < plain.minimumSizeHint().width()
    assert combo.minimumSizeHint().width() <= max(wide, combo.fontMetrics().averageCharWidth() * 20)
    assert combo.view().minimumWidth() >= combo.fontMetrics().horizontalAdvance(long)
    combo.addItem(long + " and a longer one")  # added later: the popup widens with it
    assert combo.view().minimumWidth() >= combo.fontMetrics().horizontalAdvance(
        long + " and a longer one"
    )


def test_a_row_s_height_for_a_width_is_worked_out_once_until_it_changes(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    buttons = [QPushButton(f"Action {n}") for n in range(4)]
    row = flow_row(*buttons)
    qtbot.addWidget(row)
    flow = row.layout()
    assert isinstance(flow, FlowLayout)
    worked: list[int] = []
    original = FlowLayout._arrange

    def counting(self: FlowLayout, rect: QRect, place: bool) -> int:
        worked.append(rect.width())
        return original(self, rect, place)

    monkeypatch.setattr(FlowLayout, "_arrange", counting)
    first = flow.heightForWidth(120)
    assert [flow.heightForWidth(120) for _ in range(40)] == [first] * 40
    assert worked == [120]
    buttons[0].setText("A much longer action name than before")  # the row must be redone
    flow.invalidate()
    assert flow.heightForWidth(120) >= first and worked == [120, 120]
