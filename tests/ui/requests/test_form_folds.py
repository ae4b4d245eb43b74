"""The Requests page's form is folded away until a clerk asks for it (New request…, Ctrl+R),
takes the focus when it unfolds, and folds again once the request is made: the queue keeps the
room, also on a 1024x640 screen with STAT requests on top."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QTableView, QWidget
from pytestqt.qtbot import QtBot

from recordsdesk.services.actors import Actor, system_clock
from recordsdesk.services.desk import Services
from recordsdesk.services.requests import Priority
from recordsdesk.ui.main_window import MainWindow
from recordsdesk.ui.requests.requests_widget import FOLD_FORM, NEW_REQUEST, RequestsWidget
from tests.ui.conftest import OFFSCREEN_ONLY, barcode

pytestmark = OFFSCREEN_ONLY


def _focused() -> QWidget:
    focus = QApplication.focusWidget()
    assert focus is not None
    return focus


def _keys(qtbot: QtBot, text: str) -> None:
    """Type ``text`` wherever the focus is, as a clerk at the keyboard."""
    qtbot.keyClicks(_focused(), text)


def _press(
    qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    qtbot.keyClick(_focused(), key, modifier)


def test_the_form_is_folded_at_first_and_unfolds_on_the_button_with_the_focus(
    qtbot: QtBot, page: RequestsWidget
) -> None:
    assert page.form.isHidden() and page.new_button.isVisible()
    assert page.new_button.text() == NEW_REQUEST
    page.new_button.click()
    assert page.form.isVisible() and page.new_button.text() == FOLD_FORM
    qtbot.waitUntil(page.form.chart.hasFocus)
    page.form.chart.setText("123456")
    page.new_button.click()  # the same button folds it away; what was typed is kept
    assert page.form.isHidden() and page.new_button.text() == NEW_REQUEST
    qtbot.waitUntil(page.scan_field.hasFocus)
    page.new_button.click()
    assert page.form.chart.text() == "123456"


def test_a_request_made_on_the_button_folds_the_form_and_lands_in_the_queue(
    qtbot: QtBot, page: RequestsWidget, file_room: Services, clerk: Actor
) -> None:
    page.new_button.click()
    form = page.form
    form.chart.setText(barcode(file_room, clerk, "423266", 2))
    form.destination.setCurrentIndex(form.destination.findData("ORTH"))
    form.stat.setChecked(True)
    with qtbot.waitSignal(page.request_made, timeout=5000) as made:
        form.make_button.click()
    info = made.args[0]
    assert page.form.isHidden() and page.new_button.text() == NEW_REQUEST
    assert f"R{info.id:07d} made" in page.message.text()
    qtbot.waitUntil(lambda: [r.id for r in page.model.rows] == [info.id], timeout=5000)
    assert page.model.rows[0].stat and page.model.rows[0].to_code == "ORTH"
    qtbot.waitUntil(page.scan_field.hasFocus)
    assert [r.id for r in file_room.requests.pending(clerk)] == [info.id]


def test_a_request_made_at_the_keyboard_alone(
    qtbot: QtBot, page: RequestsWidget, file_room: Services, clerk: Actor
) -> None:
    page.setFocus()  # as the main window does when the page is chosen: the scan field
    qtbot.waitUntil(page.scan_field.hasFocus)
    _press(qtbot, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)  # New request…
    assert page.form.isVisible()
    qtbot.waitUntil(page.form.chart.hasFocus)
    _keys(qtbot, "123456")
    _press(qtbot, Qt.Key.Key_Tab)
    assert page.form.destination.hasFocus()
    _keys(qtbot, "W4")  # typed into the place's box, not taken for a scan
    assert page.form.destination_code() == "W4" and page.scan_field.text() == ""
    _press(qtbot, Qt.Key.Key_Tab)
    assert page.form.needed_by.hasFocus()  # two hours ahead unless changed
    when = page.form.needed_by.dateTime()
    _keys(qtbot, "9")  # the weekday takes no digit: the key is dropped, not taken for a scan
    assert page.form.needed_by.hasFocus() and page.scan_field.text() == ""
    assert page.form.needed_by.dateTime() == when
    with qtbot.waitSignal(page.request_made, timeout=5000) as made:
        _press(qtbot, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)  # Make request
    info = made.args[0]
    assert (info.barcode, info.location_code) == (barcode(file_room, clerk, "123456"), "W4")
    assert page.form.isHidden()
    qtbot.waitUntil(page.scan_field.hasFocus)
    qtbot.waitUntil(lambda: [r.id for r in page.model.rows] == [info.id], timeout=5000)
    # Opened again and left with Esc: folded, nothing made, back to scanning.
    _press(qtbot, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(page.form.chart.hasFocus)
    _keys(qtbot, "000042")
    _press(qtbot, Qt.Key.Key_Escape)
    assert page.form.isHidden() and page.scan_field.hasFocus()
    assert [r.id for r in file_room.requests.pending(clerk)] == [info.id]


def _rows_in_full(table: QTableView) -> int:
    """How many rows of the queue a clerk sees whole, without scrolling."""
    bottom = table.viewport().height()
    model = table.model()
    return sum(
        1
        for row in range(model.rowCount())
        if table.visualRect(model.index(row, 0)).bottom() < bottom
    )


def test_at_1024x640_with_two_stat_requests_the_folded_form_leaves_the_queue_its_rows(
    qtbot: QtBot, file_room: Services, clerk: Actor, make_window: Callable[..., MainWindow]
) -> None:
    soon = system_clock() + timedelta(hours=1)
    volumes = [barcode(file_room, clerk, "423266", n) for n in (1, 2, 3)]
    volumes += [barcode(file_room, clerk, "123456"), barcode(file_room, clerk, "000042")]
    for n, (chart, place) in enumerate((v, p) for p in ("CARD", "ORTH", "W4") for v in volumes):
        urgent = Priority.STAT if n < 2 else Priority.ROUTINE
        file_room.requests.add(clerk, chart, place, soon + timedelta(minutes=n), urgent)
    window = make_window(1024, 640)
    window.show_page("requests")
    page = window.pages["requests"]
    assert isinstance(page, RequestsWidget)
    qtbot.waitUntil(lambda: len(page.model.rows) == 15, timeout=5000)
    qtbot.waitUntil(lambda: page.banner.isVisible())
    assert page.banner.text().count("STAT:") == 2 and page.form.isHidden()
    folded = _rows_in_full(page.table)
    page.new_button.click()
    qtbot.waitUntil(lambda: _rows_in_full(page.table) < folded)
    unfolded = _rows_in_full(page.table)
    page.fold_form()
    qtbot.waitUntil(lambda: _rows_in_full(page.table) == folded)
    # Three rows were all the queue showed with the form always there; folded, it shows
    # the rows the screen has room for.
    assert folded >= 7 and unfolded <= 3, (folded, unfolded)
    assert window.width() == 1024
