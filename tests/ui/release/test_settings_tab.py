"""The Release of information page's settings tab: shown to administrators only; the fees, the
due days, the ROI desk and the special record types changed from it, each in the trail."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from recordsdesk.domain.release_of_information import FeeSchedule, SpecialCategory
from recordsdesk.services.actors import Actor
from recordsdesk.services.desk import Services
from recordsdesk.services.release.desk import ReleaseServices, build_release_services
from recordsdesk.ui.release.queue_widget import ReleasePageWidget
from recordsdesk.ui.release.settings_widget import ReleaseSettingsWidget
from recordsdesk.ui.tasks import TaskRunner
from tests.conftest import FakeClock
from tests.ui.conftest import OFFSCREEN_ONLY

pytestmark = OFFSCREEN_ONLY


@pytest.fixture
def roi(file_room: Services, admin: Actor, clock: FakeClock) -> ReleaseServices:
    """The ROI services, with a record type for psychotherapy notes not flagged yet."""
    built = build_release_services(file_room, clock)
    built.site.set_category(admin, "PSY", None, "Psychotherapy")
    return built


def _page(
    qtbot: QtBot, roi: ReleaseServices, actor: Actor, runner: TaskRunner
) -> ReleasePageWidget:
    page = ReleasePageWidget(roi, actor, runner)
    qtbot.addWidget(page)
    page.resize(1280, 800)
    with qtbot.waitSignal(page.queue_widget.queue_shown, timeout=10000):
        page.show()
    return page


def test_only_those_who_may_change_the_settings_see_the_tab(
    qtbot: QtBot, roi: ReleaseServices, clerk: Actor, runner: TaskRunner
) -> None:
    page = _page(qtbot, roi, clerk, runner)
    assert page.count() == 1 and page.settings_widget is None
    assert page.tabText(0) == "Queue"


def test_settings_are_changed_from_the_tab(
    qtbot: QtBot,
    roi: ReleaseServices,
    file_room: Services,
    admin: Actor,
    runner: TaskRunner,
    tmp_path: Path,
) -> None:
    page = _page(qtbot, roi, admin, runner)
    assert [page.tabText(i) for i in range(page.count())] == ["Queue", "Settings"]
    tab = page.settings_widget
    assert isinstance(tab, ReleaseSettingsWidget)
    with qtbot.waitSignal(tab.settings_shown, timeout=10000):
        page.setCurrentWidget(tab)
    assert (tab.per_page.text(), tab.base.text(), tab.cap.text()) == ("0.25", "15.00", "6.50")
    assert (tab.policy_days.value(), tab.desk.text()) == (30, "ROI")
    assert [r.code for r in tab.types.rows] == ["MR", "PSY", "RAD"]

    page.activateWindow()
    qtbot.waitActive(page)
    tab.per_page.setFocus()
    tab.per_page.clear()
    qtbot.keyClicks(tab.per_page, "0.10")
    tab.no_cap.setChecked(True)
    assert not tab.cap.isEnabled()
    tab.policy_days.setValue(21)
    with qtbot.waitSignal(tab.settings_saved, timeout=10000):
        qtbot.keyClick(tab.per_page, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert tab.message.text() == "Saved: copy fees, due days."
    assert roi.site.fee_schedule() == FeeSchedule(10, 1500, None)
    assert roi.site.policy_days() == 21

    # Psychotherapy notes flagged from the list: chosen row, category, Set.
    psy = [r.code for r in tab.types.rows].index("PSY")
    tab.table.setCurrentIndex(tab.types.index(psy, 0))
    assert tab.category.currentText() == "none (released by default)"
    tab.category.setCurrentIndex(tab.category.findData("psychotherapy_notes"))
    with qtbot.waitSignal(tab.settings_saved, timeout=10000):
        tab.category_button.click()
    assert tab.message.text() == "PSY: Psychotherapy notes (164.508(a)(2))."
    assert [(r.code, r.category) for r in roi.site.record_types()][1] == (
        "PSY",
        SpecialCategory.PSYCHOTHERAPY_NOTES,
    )
    # Choosing the row again shows its category now.
    tab.table.setCurrentIndex(tab.types.index(0, 0))
    tab.table.setCurrentIndex(tab.types.index(psy, 0))
    assert tab.category.currentText() == "Psychotherapy notes (164.508(a)(2))"
    changes = [e for e in file_room.audit.show(admin) if e.action == "setting_changed"]
    assert len(changes) == 1 + 3  # the fixture's new record type, then the tab's three

    # A bad amount is named, nothing stored.
    tab.base.setText("fifteen")
    with qtbot.waitSignal(tab.settings_saved, timeout=10000):
        tab.save_button.click()
    assert "'fifteen' is not an amount of money" in tab.message.text()
    assert roi.site.fee_schedule().base_cents == 1500
    tab.grab().save(str(tmp_path / "roi-settings.png"))
    assert (tmp_path / "roi-settings.png").stat().st_size > 0
