"""The shelf audit page: a run collected by scanning, checked, and charts brought home."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from recordsdesk.services.actors import Actor
from recordsdesk.services.desk import Services
from recordsdesk.ui.settings import DeskSettings
from recordsdesk.ui.shelf_audit.shelf_audit_models import TINT
from recordsdesk.ui.shelf_audit.shelf_audit_widget import ShelfAuditWidget
from recordsdesk.ui.tasks import TaskRunner
from tests.ui.conftest import OFFSCREEN_ONLY, scan

pytestmark = OFFSCREEN_ONLY


@pytest.fixture
def shelf(file_room: Services, admin: Actor) -> list[str]:
    """Five one-volume charts in terminal-digit order: sections 11, 22, 33, 44, 55."""
    barcodes = []
    for mrn in ("100011", "100022", "100033", "100044", "100055"):
        file_room.registry.register_patient(admin, mrn, f"SHELF, Number{mrn[-2:]}", None)
        barcodes.append(file_room.history.chart(admin, mrn).volumes[0].barcode)
    return barcodes


@pytest.fixture
def page(
    qtbot: QtBot, file_room: Services, clerk: Actor, settings: DeskSettings, runner: TaskRunner
) -> Iterator[ShelfAuditWidget]:
    widget = ShelfAuditWidget(file_room, clerk, settings, runner)
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    yield widget
    runner.wait()


def test_the_run_grows_as_scanned_and_a_misfile_is_tinted(
    qtbot: QtBot, page: ShelfAuditWidget, shelf: list[str], qtmodeltester: object
) -> None:
    a, b, c, d, e = shelf
    assert not page.check_button.isEnabled()
    page.run_table.setFocus()  # a burst typed on the table still reaches the scan field
    for code in (a, d, b, c, e, "V9999999"):
        scan(qtbot, page.run_table, code)
    qtbot.waitUntil(lambda: page.run.rowCount() == 6, timeout=5000)
    assert page.run.scans() == [a, d, b, c, e, "V9999999"]
    assert page.run.data(page.run.index(5, 0)) == "6"
    assert page.count.text() == "6 charts scanned in this run"
    with qtbot.waitSignal(page.audited, timeout=10000) as audited:
        qtbot.keyClick(page.scan_field, Qt.Key.Key_F5)
    assert audited.args[0].misfiled == 1
    kinds = [page.findings.data(page.findings.index(row, 1)) for row in range(6)]
    assert kinds == ["In place", "Misfiled", "In place", "In place", "In place", "Unknown"]
    assert f"between {c} and {e}" in page.findings.data(page.findings.index(1, 6))  # type: ignore[operator]
    assert page.findings.data(page.findings.index(1, 0), Qt.ItemDataRole.BackgroundRole) == TINT
    assert page.findings.data(page.findings.index(0, 0), Qt.ItemDataRole.BackgroundRole) is None
    assert page.message.text() == "6 charts checked: 1 misfiled, 1 unknown."
    assert page.message.property("problem") is True
    for model in (page.run, page.findings):
        qtmodeltester.check(model)  # type: ignore[attr-defined]
    page.clear_button.click()
    assert page.run.rowCount() == 0 and page.findings.rowCount() == 0
    assert not page.message.isVisible()


def test_charts_recorded_elsewhere_are_brought_home(
    qtbot: QtBot,
    page: ShelfAuditWidget,
    shelf: list[str],
    file_room: Services,
    clerk: Actor,
    admin: Actor,
    settings: DeskSettings,
    runner: TaskRunner,
) -> None:
    file_room.circulation.check_out(clerk, "CARD", shelf[1])
    for code in shelf:
        scan(qtbot, page.scan_field, code)
    with qtbot.waitSignal(page.audited, timeout=10000):
        page.check_button.click()
    assert page.findings.rows[1].finding == "recorded_out"
    assert page.message.text() == "5 charts checked: 1 recorded elsewhere."
    assert file_room.history.holdings(clerk) != []  # checking changes nothing
    # Bringing home overrides the ledger: the services refuse it to a clerk.
    with qtbot.waitSignal(page.audited, timeout=10000) as refused:
        page.home_button.click()
    assert refused.args == [None]
    assert "supervisor or above may override" in page.message.text()
    assert file_room.history.holdings(clerk) != []
    overseer = ShelfAuditWidget(file_room, admin, settings, runner)
    qtbot.addWidget(overseer)
    overseer.show()
    for code in shelf:
        scan(qtbot, overseer.scan_field, code)
    with qtbot.waitSignal(overseer.audited, timeout=10000):
        overseer.check_button.click()
    with qtbot.waitSignal(overseer.audited, timeout=10000) as audited:
        overseer.home_button.click()
    assert audited.args[0].brought_home == 1
    assert overseer.message.text() == "5 charts checked: 1 recorded elsewhere. 1 brought home."
    assert overseer.message.property("problem") is False
    assert "Brought home." in overseer.findings.rows[1].message
    assert file_room.history.holdings(clerk) == []


def test_an_empty_run_is_refused_with_the_services_message(
    qtbot: QtBot, page: ShelfAuditWidget
) -> None:
    with qtbot.waitSignal(page.audited, timeout=10000) as audited:
        page.audit(bring_home=False)
    assert audited.args == [None]
    assert "Scan the charts along the shelf" in page.message.text()
    assert page.message.property("problem") is True
    assert not page.home_button.isEnabled()
