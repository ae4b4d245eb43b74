"""The refile page: the cart in filing order, refiled by scanning in the order scanned."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from recordsdesk.services.actors import Actor
from recordsdesk.services.desk import Services
from recordsdesk.services.dto import ScanResult
from recordsdesk.ui.refiling.refile_widget import RefileWidget
from recordsdesk.ui.settings import DeskSettings
from recordsdesk.ui.tasks import TaskRunner
from tests.ui.conftest import OFFSCREEN_ONLY, barcode, scan

pytestmark = OFFSCREEN_ONLY


@pytest.fixture
def returned(file_room: Services, clerk: Actor) -> list[str]:
    """Three charts back from the clinic, returned in an order that is not filing order."""
    smith = barcode(file_room, clerk, "123456")
    jones = barcode(file_room, clerk, "423266")
    oster = barcode(file_room, clerk, "000042")
    for code in (jones, smith, oster):
        file_room.circulation.check_out(clerk, "CARD", code)
        file_room.circulation.return_volume(clerk, code)
    return [oster, smith, jones]  # terminal digit: sections 42, 56, 66


@pytest.fixture
def page(
    qtbot: QtBot,
    file_room: Services,
    clerk: Actor,
    settings: DeskSettings,
    runner: TaskRunner,
    returned: list[str],
) -> Iterator[RefileWidget]:
    widget = RefileWidget(file_room, clerk, settings, runner)
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    with qtbot.waitSignal(widget.cart_shown, timeout=10000):
        widget.show()
    yield widget
    runner.wait()


def test_the_cart_is_shown_in_filing_order(
    page: RefileWidget, returned: list[str], qtmodeltester: object
) -> None:
    assert [item.barcode for item in page.cart.rows] == returned
    assert page.cart.data(page.cart.index(1, 0)) == "56-34-12"
    assert page.cart.data(page.cart.index(1, 3)) == "SMITH, John"
    assert page.cart.headerData(0, Qt.Orientation.Horizontal) == "Shelf"
    assert page.count.text() == "3 charts on the cart to refile"
    assert not page.message.isVisible()
    qtmodeltester.check(page.cart)  # type: ignore[attr-defined]


def test_a_burst_of_scans_refiles_in_scan_order_and_the_cart_reloads(
    qtbot: QtBot, page: RefileWidget, returned: list[str]
) -> None:
    oster, smith, jones = returned
    answers: list[ScanResult] = []
    page.scan_answered.connect(answers.append)
    page.table.setFocus()  # a burst typed on the table still reaches the scan field
    scan(qtbot, page.table, smith)
    scan(qtbot, page.table, jones)
    qtbot.waitUntil(lambda: len(answers) == 2, timeout=10000)
    assert [(a.scan, a.outcome) for a in answers] == [(smith, "refiled"), (jones, "refiled")]
    qtbot.waitUntil(lambda: page.cart.rowCount() == 1, timeout=10000)
    assert [item.barcode for item in page.cart.rows] == [oster]
    assert page.count.text() == "1 chart on the cart to refile"
    assert page.message.text() == f"JONES, Mary · Vol 1 — {jones} refiled at 66-32-42."
    assert page.message.property("problem") is False


def test_a_chart_still_out_or_unknown_is_refused_in_red(
    qtbot: QtBot, page: RefileWidget, file_room: Services, clerk: Actor, returned: list[str]
) -> None:
    oster = returned[0]
    file_room.circulation.check_out(clerk, "W4", oster)
    with (
        qtbot.waitSignal(page.cart_shown, timeout=10000),
        qtbot.waitSignal(page.scan_answered, timeout=10000) as answered,
    ):
        scan(qtbot, page.scan_field, oster)
    assert answered.args[0].outcome == "refused"
    assert "is out, not home: return it first" in page.message.text()
    assert page.message.property("problem") is True
    assert page.cart.rowCount() == 2  # it left the cart when it went out again
    with qtbot.waitSignal(page.scan_answered, timeout=10000) as answered:
        scan(qtbot, page.scan_field, "V7777777")
    assert not answered.args[0].ok
    assert "Unknown chart barcode V7777777" in page.message.text()


def test_an_empty_cart_says_so(
    qtbot: QtBot, file_room: Services, clerk: Actor, settings: DeskSettings, runner: TaskRunner
) -> None:
    widget = RefileWidget(file_room, clerk, settings, runner)
    qtbot.addWidget(widget)
    with qtbot.waitSignal(widget.cart_shown, timeout=10000):
        widget.show()
    assert widget.cart.rowCount() == 0
    assert widget.count.text() == "The cart is empty: nothing to refile."


def test_each_answer_names_the_folder_in_hand_and_records_the_read_once(
    qtbot: QtBot,
    page: RefileWidget,
    file_room: Services,
    clerk: Actor,
    admin: Actor,
    returned: list[str],
) -> None:
    smith = returned[1]

    def named() -> list[str | None]:
        entries = file_room.audit.show(admin, user=clerk.username)
        return [e.mrn for e in entries if e.action == "scan_named_patient"]

    before = len(named())
    for said in ("refiled at 56-34-12.", "is not on the cart: nothing to refile."):
        with qtbot.waitSignal(page.scan_answered, timeout=10000) as answered:
            scan(qtbot, page.scan_field, smith)
        assert (answered.args[0].patient, answered.args[0].volume) == ("SMITH, John", 1)
        assert page.message.text() == f"SMITH, John · Vol 1 — {smith} {said}"
    assert named()[before:] == ["123456"]  # named twice on this page, recorded once
