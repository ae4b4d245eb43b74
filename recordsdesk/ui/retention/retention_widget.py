"""The retention page: six tabs over the retention services, and how the main window builds it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QTabWidget, QWidget

from recordsdesk.services.actors import Actor
from recordsdesk.services.desk import Services
from recordsdesk.services.retention.wiring import RetentionServices, retention_for
from recordsdesk.ui.retention.boxes_tab import BoxesWidget
from recordsdesk.ui.retention.candidates_tab import CandidatesWidget
from recordsdesk.ui.retention.deaths_tab import DeathsWidget
from recordsdesk.ui.retention.destruction_tab import DestructionWidget
from recordsdesk.ui.retention.holds_tab import HoldsWidget
from recordsdesk.ui.retention.rules_tab import RulesWidget
from recordsdesk.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from recordsdesk.ui.pages import PageContext


class RetentionWidget(QTabWidget):
    """Candidates to retire, boxes, legal holds, destruction, rules and report, dates of death:
    a tab each."""

    def __init__(
        self,
        services: Services,
        retention: RetentionServices,
        actor: Actor,
        runner: TaskRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("retention")
        self.candidates = CandidatesWidget(retention, actor, runner)
        self.boxes = BoxesWidget(services, retention, actor, runner)
        self.holds = HoldsWidget(retention, actor, runner)
        self.destruction = DestructionWidget(services, retention, actor, runner)
        self.rules = RulesWidget(retention, actor, runner)
        self.deaths = DeathsWidget(retention, actor, runner)
        self.addTab(self.candidates, "Candidates to retire")
        self.addTab(self.boxes, "Off-site boxes")
        self.addTab(self.holds, "Legal holds")
        self.addTab(self.destruction, "Destruction")
        self.addTab(self.rules, "Rules and report")
        self.addTab(self.deaths, "Dates of death")
        self._loaded = False

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._loaded:
            self._loaded = True
            self.boxes.refresh()
            self.holds.refresh()
            self.destruction.refresh()
            self.rules.refresh()


def build_retention_page(context: PageContext) -> QWidget:
    """The page as the main window's page registry builds it."""
    services = context.services
    return RetentionWidget(services, retention_for(services), context.actor, context.runner)
