"""The labels page shows the site's thermal block style; an administrator changes it there."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pytestqt.qtbot import QtBot

from recordsdesk.domain.colours import ThermalBlocks
from recordsdesk.services.actors import Actor
from recordsdesk.services.desk import Services
from recordsdesk.ui.labels.labels_widget import LabelsWidget
from recordsdesk.ui.settings import DeskSettings
from recordsdesk.ui.tasks import TaskRunner
from tests.ui.conftest import OFFSCREEN_ONLY

pytestmark = OFFSCREEN_ONLY


def _page(
    qtbot: QtBot, services: Services, actor: Actor, settings: DeskSettings, runner: TaskRunner
) -> LabelsWidget:
    widget = LabelsWidget(services, actor, settings, runner, today=date(2026, 3, 2))
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.show()
    qtbot.waitUntil(runner.idle)
    return widget


def test_an_administrator_chooses_the_style_on_the_labels_page(
    qtbot: QtBot,
    file_room: Services,
    admin: Actor,
    settings: DeskSettings,
    runner: TaskRunner,
    tmp_path: Path,
) -> None:
    file_room.site.change(admin, "thermal_blocks", "outlined")
    page = _page(qtbot, file_room, admin, settings, runner)
    combo = page.thermal_blocks
    assert combo.isEnabled() and combo.currentData() == "outlined"
    assert [combo.itemData(i) for i in range(combo.count())] == [s.value for s in ThermalBlocks]
    index = combo.findData("solid")
    combo.setCurrentIndex(index)
    combo.activated.emit(index)
    qtbot.waitUntil(lambda: "solid" in page.message.text().lower(), timeout=10000)
    assert file_room.site.settings(admin).thermal_blocks is ThermalBlocks.SOLID
    page.grab().save(str(tmp_path / "labels-page.png"))
    assert (tmp_path / "labels-page.png").stat().st_size > 0


def test_a_clerk_sees_the_style_but_cannot_change_it(
    qtbot: QtBot,
    file_room: Services,
    admin: Actor,
    clerk: Actor,
    settings: DeskSettings,
    runner: TaskRunner,
) -> None:
    file_room.site.change(admin, "thermal_blocks", "solid")
    page = _page(qtbot, file_room, clerk, settings, runner)
    assert page.thermal_blocks.currentData() == "solid"
    assert not page.thermal_blocks.isEnabled()
    assert "administrator" in page.thermal_blocks.toolTip()
