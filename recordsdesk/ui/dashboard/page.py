"""The dashboard page as the main window builds it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from recordsdesk.services.requests_desk.desk import build_requests_desk
from recordsdesk.ui.dashboard.dashboard_widget import DashboardWidget

if TYPE_CHECKING:
    from recordsdesk.ui.pages import PageContext


def dashboard_page(context: PageContext) -> QWidget:
    """The supervisor's figures."""
    services = context.services
    return DashboardWidget(
        build_requests_desk(services), services.documents, context.actor, context.runner
    )
