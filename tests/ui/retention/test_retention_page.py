"""The retention page: candidates listed in walk order, a box packed by scan, a batch refused."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from recordsdesk.services.actors import Actor
from recordsdesk.services.desk import Services
from recordsdesk.services.retention.wiring import RetentionServices, build_retention
from recordsdesk.ui.retention.retention_widget import RetentionWidget
from recordsdesk.ui.tasks import TaskRunner
from tests.conftest import FakeClock
from tests.services.retention.conftest import RULE
from tests.ui.conftest import OFFSCREEN_ONLY, barcode, scan

pytestmark = OFFSCREEN_ONLY


@pytest.fixture
def retention(file_room: Services, admin: Actor, clock: FakeClock) -> RetentionServices:
    built = build_retention(file_room.db, clock, file_room.trail)
    built.rules.set_rule(admin, None, RULE)
    file_room.locations.add(admin, "RC1", "Records Centre North", "offsite", None)
    clock.advance(days=365 * 4)
    return built


@pytest.fixture
def page(
    qtbot: QtBot,
    file_room: Services,
    retention: RetentionServices,
    clerk: Actor,
    runner: TaskRunner,
) -> Iterator[RetentionWidget]:
    widget = RetentionWidget(file_room, retention, clerk, runner)
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    with qtbot.waitSignal(widget.destruction.batches_shown, timeout=10000):
        widget.show()
    yield widget
    widget.close()


def test_the_candidates_are_listed_in_walk_order_with_unit_counts(
    qtbot: QtBot, page: RetentionWidget, clock: FakeClock
) -> None:
    tab = page.candidates
    with qtbot.waitSignal(tab.listed, timeout=10000) as listed:
        tab.refresh()
    assert listed.args is not None and listed.args[0].volumes == 5
    assert [tab.model.candidate_at(r).mrn for r in range(tab.model.rowCount())] == [
        "42",
        "123456",
        "423266",
        "423266",
        "423266",
    ]
    assert "5 volumes to retire off-site · 7.5 inches" in tab.summary.text()
    assert "Unit 9: 1 (1.5 in)" in tab.units.text()


def test_a_box_is_opened_and_packed_by_scan_and_a_second_box_refuses(
    qtbot: QtBot, page: RetentionWidget, file_room: Services, clerk: Actor
) -> None:
    boxes = page.boxes
    page.setCurrentWidget(boxes)
    with qtbot.waitSignal(boxes.box_shown, timeout=10000):
        boxes.open_button.click()
    code = barcode(file_room, clerk, "123456")
    with qtbot.waitSignal(boxes.scan_answered, timeout=10000) as answered:
        scan(qtbot, boxes.scan_field, code)
    assert answered.args is not None and answered.args[0].ok
    qtbot.waitUntil(lambda: boxes.contents.rowCount() == 1, timeout=10000)
    assert "B000001" in boxes.heading.text() and "1 volumes" in boxes.heading.text()
    with qtbot.waitSignal(boxes.box_shown, timeout=10000):
        boxes.open_button.click()
    with qtbot.waitSignal(boxes.scan_answered, timeout=10000) as refused:
        scan(qtbot, boxes.scan_field, code)
    assert refused.args is not None and not refused.args[0].ok
    assert "one box at a time" in boxes.message.text()


def test_a_clerk_cannot_propose_a_batch_and_is_told_why(
    qtbot: QtBot, page: RetentionWidget
) -> None:
    tab = page.destruction
    page.setCurrentWidget(tab)
    with qtbot.waitSignal(tab.batches_shown, timeout=10000):
        tab.propose_button.click()
    assert "only a supervisor or above may propose" in tab.message.text()


def test_an_administrator_saves_a_rule_from_an_example_and_runs_the_report(
    qtbot: QtBot,
    file_room: Services,
    retention: RetentionServices,
    admin: Actor,
    runner: TaskRunner,
) -> None:
    widget = RetentionWidget(file_room, retention, admin, runner)
    qtbot.addWidget(widget)
    with qtbot.waitSignal(widget.rules.rules_shown, timeout=10000):
        widget.show()
    tab = widget.rules
    assert tab.rules.rowCount() == 1
    tab.example.setCurrentIndex(3)
    assert tab.permanent.isChecked() and tab.name.text() == "Example: permanent"
    tab.record_type.setText("RAD")
    with qtbot.waitSignal(tab.rules_shown, timeout=10000):
        tab.save_button.click()
    assert tab.rules.rowCount() == 2 and "Saved: RAD" in tab.message.text()
    with qtbot.waitSignal(tab.report_shown, timeout=10000) as shown:
        tab.report_button.click()
    assert shown.args is not None and shown.args[0].next_12_months == 0
    assert tab.years_model.rowCount() == 1 and "2036" in tab.years_model.data(
        tab.years_model.index(0, 0)
    )
    widget.close()


def test_a_clerk_saving_a_rule_is_refused(qtbot: QtBot, page: RetentionWidget) -> None:
    tab = page.rules
    tab.example.setCurrentIndex(1)
    # The refusal, not the listing the page loads as it is shown (it may come in between).
    with qtbot.waitSignal(tab.rules_shown, timeout=10000, check_params_cb=lambda r: r is None):
        tab.save_button.click()
    assert "only an admin or above may edit retention rules" in tab.message.text()
