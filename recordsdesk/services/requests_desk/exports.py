"""The dashboard leaving the window: a PDF report, and the numbers behind each plot as CSV."""

from __future__ import annotations

import os
from pathlib import Path

from recordsdesk.domain.errors import InvalidInput
from recordsdesk.printing.dashboard_report import dashboard_report_pdf
from recordsdesk.printing.saving import save_document
from recordsdesk.services.actors import Actor, Permission
from recordsdesk.services.documents import Document
from recordsdesk.services.requests_desk.figures import Dashboard
from recordsdesk.services.requests_desk.plots import dashboard_plots, dashboard_report, plot_csv
from recordsdesk.services.site_settings import load_settings
from recordsdesk.storage.unit_of_work import Database


class DashboardExports:
    """Report and CSV files of a dashboard already read; they name no patient."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def report(self, actor: Actor, board: Dashboard) -> Document:
        """The dashboard as a PDF report (print or save it through DocumentService)."""
        actor.require(Permission.REPORTS)
        with self._db.reading() as uow:
            room = load_settings(uow.session).file_room
        title = f"Dashboard {board.period.first} to {board.period.last}"
        return Document(dashboard_report_pdf(dashboard_report(board, room)), "pdf", title)

    def save_csv(
        self, actor: Actor, board: Dashboard, folder: str | os.PathLike[str]
    ) -> tuple[Path, ...]:
        """One CSV file per plot in ``folder``, named by plot and period; the files written."""
        actor.require(Permission.REPORTS)
        target = Path(folder)
        if not target.is_dir():
            raise InvalidInput(f"Cannot save to {target}: it is not a folder.")
        span = f"{board.period.first}_{board.period.last}"
        return tuple(
            save_document(target / f"dashboard-{plot.key}-{span}.csv", plot_csv(plot))
            for plot in dashboard_plots(board)
        )
