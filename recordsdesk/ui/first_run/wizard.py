"""The first-run wizard: database, first administrator, file room, printers, then sign in."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget, QWizard

from recordsdesk.services.actors import Actor
from recordsdesk.services.desk import Services
from recordsdesk.services.setup.first_run import FirstRunService
from recordsdesk.ui.first_run.administrator_page import AdministratorPage
from recordsdesk.ui.first_run.database_page import DatabasePage
from recordsdesk.ui.first_run.file_room_page import FileRoomPage
from recordsdesk.ui.first_run.printers_page import PrintersPage
from recordsdesk.ui.first_run.summary_page import SummaryPage
from recordsdesk.ui.tasks import TaskRunner

# Opens the services on a database URL (the composition point's factory).
ServicesFactory = Callable[[str], Services]


class FirstRunWizard(QWizard):
    """Shown when the database has no user yet; leaves ``services`` and ``actor`` set up."""

    def __init__(
        self,
        open_services: ServicesFactory,
        runner: TaskRunner,
        url: str,
        url_fixed_by: str = "",
        workstation: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Set up RecordsDesk")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self._open_services = open_services
        self.runner = runner
        self.workstation = workstation
        self.services: Services | None = None
        self.actor: Actor | None = None
        self.database_page = DatabasePage(url, url_fixed_by, runner)
        self.administrator_page = AdministratorPage()
        self.file_room_page = FileRoomPage()
        self.printers_page = PrintersPage(runner)
        self.summary_page = SummaryPage()
        for page in (
            self.database_page,
            self.administrator_page,
            self.file_room_page,
            self.printers_page,
            self.summary_page,
        ):
            self.addPage(page)
        self.resize(760, 560)

    @property
    def url(self) -> str:
        return self.database_page.url

    def first_run(self) -> FirstRunService:
        """The set-up use cases on the chosen database (opened when first needed)."""
        if self.services is None or self.services.db.url != self.url:
            if self.services is not None:
                self.services.close()
            self.services = self._open_services(self.url)
        return FirstRunService(self.services)

    def release_services(self) -> None:
        """Close the database if the wizard ends without handing it over."""
        if self.services is not None:
            self.services.close()
            self.services = None
