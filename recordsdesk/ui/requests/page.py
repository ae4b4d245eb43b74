"""The Requests page as the main window builds it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from recordsdesk.services.requests_desk.desk import build_requests_desk
from recordsdesk.ui.requests.requests_widget import RequestsWidget

if TYPE_CHECKING:
    from recordsdesk.ui.pages import PageContext


def requests_page(context: PageContext) -> QWidget:
    """Every clerk's queue; it polls at the desk's probe interval, at most once a second."""
    return RequestsWidget(
        build_requests_desk(context.services),
        context.actor,
        context.settings,
        context.runner,
        context.sounder,
        poll_seconds=min(1.0, context.probe_ms / 1000),
        documents=context.services.documents,
    )
