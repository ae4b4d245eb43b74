"""The work areas of the main window: a registry later areas (pull lists, labels ...) join."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from PySide6.QtWidgets import QWidget

from recordsdesk.services.actors import Actor, Permission
from recordsdesk.services.desk import Services
from recordsdesk.ui.dashboard.page import dashboard_page
from recordsdesk.ui.desk.desk_widget import DeskWidget
from recordsdesk.ui.desk.destination import LocationListModel
from recordsdesk.ui.desk.sounds import Sounder
from recordsdesk.ui.labels.labels_widget import LabelsWidget
from recordsdesk.ui.lookup.lookup_widget import ChartLookupWidget
from recordsdesk.ui.pull_lists.pull_list_widget import PullListWidget
from recordsdesk.ui.refiling.refile_widget import RefileWidget
from recordsdesk.ui.release.queue_widget import release_page
from recordsdesk.ui.reports.reports_widget import ReportsWidget
from recordsdesk.ui.requests.page import requests_page
from recordsdesk.ui.retention.retention_widget import build_retention_page
from recordsdesk.ui.settings import DeskSettings
from recordsdesk.ui.shelf_audit.shelf_audit_widget import ShelfAuditWidget
from recordsdesk.ui.tasks import TaskRunner


@dataclass(frozen=True)
class PageContext:
    """What a page is built from: the services, who is signed in, and the shared runners."""

    services: Services
    actor: Actor
    settings: DeskSettings
    runner: TaskRunner
    sounder: Sounder
    probe_ms: int = 2000
    # The idle time before the window locks; None: the site's idle_lock_minutes (tests set it).
    idle_lock_ms: int | None = None


@dataclass(frozen=True)
class Page:
    """One work area: its name in the navigation, its shortcut, and how to build it."""

    key: str
    title: str
    shortcut: str
    build: Callable[[PageContext], QWidget]
    permission: Permission | None = None


def _desk(context: PageContext) -> QWidget:
    s = context.services
    return DeskWidget(
        s.circulation,
        s.locations,
        partial(s.site.settings, context.actor),
        context.actor,
        context.settings,
        context.runner,
        context.sounder,
        context.probe_ms,
    )


def _lookup(context: PageContext) -> QWidget:
    from recordsdesk.services.retention.wiring import retention_for

    s = context.services
    locations = LocationListModel(s.locations, context.actor, context.runner)
    widget = ChartLookupWidget(
        s.registry,
        s.history,
        s.circulation,
        s.site,
        locations,
        context.actor,
        context.runner,
        documents=s.documents,
        deaths=retention_for(s).rules,
    )
    locations.setParent(widget)
    locations.reload()
    return widget


def _pull_lists(context: PageContext) -> QWidget:
    return PullListWidget(context.services, context.actor, context.settings, context.runner)


def _labels(context: PageContext) -> QWidget:
    return LabelsWidget(context.services, context.actor, context.settings, context.runner)


def _reports(context: PageContext) -> QWidget:
    return ReportsWidget(context.services, context.actor, context.runner)


def _refile(context: PageContext) -> QWidget:
    return RefileWidget(context.services, context.actor, context.settings, context.runner)


def _shelf_audit(context: PageContext) -> QWidget:
    return ShelfAuditWidget(context.services, context.actor, context.settings, context.runner)


def default_pages() -> tuple[Page, ...]:
    """The work areas this version has, in navigation order."""
    return (
        Page("desk", "Desk", "Ctrl+1", _desk, Permission.CIRCULATE),
        Page("lookup", "Chart lookup", "Ctrl+2", _lookup, Permission.VIEW_CHARTS),
        Page("pull_lists", "Pull lists", "Ctrl+3", _pull_lists, Permission.VIEW_CHARTS),
        Page("labels", "Labels", "Ctrl+4", _labels, Permission.PRINT),
        Page("reports", "Reports", "Ctrl+5", _reports, Permission.REPORTS),
        Page("refile", "Refile", "Ctrl+6", _refile, Permission.CIRCULATE),
        Page("shelf_audit", "Shelf audit", "Ctrl+7", _shelf_audit, Permission.CIRCULATE),
        Page("requests", "Requests", "Ctrl+8", requests_page, Permission.VIEW_CHARTS),
        Page("release", "Release of info", "Ctrl+9", release_page, Permission.PREPARE_RELEASES),
        Page("retention", "Retention", "Ctrl+0", build_retention_page, Permission.VIEW_CHARTS),
        Page("dashboard", "Dashboard", "Ctrl+Shift+D", dashboard_page, Permission.REPORTS),
    )
