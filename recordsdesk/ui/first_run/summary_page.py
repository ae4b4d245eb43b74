"""Wizard page 5: what was set up, and what comes next (sign in; the same from the command line)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWizardPage

if TYPE_CHECKING:
    from recordsdesk.ui.first_run.wizard import FirstRunWizard


class SummaryPage(QWizardPage):
    """The choices made, as the file room now has them."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle("Ready")
        self.setSubTitle("RecordsDesk is set up. Finish, then sign in as the administrator.")
        self.summary = QLabel("")
        self.summary.setObjectName("setupSummary")
        self.summary.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addStretch(1)

    def initializePage(self) -> None:
        wizard: FirstRunWizard = self.wizard()  # type: ignore[assignment]
        room = wizard.file_room_page.choice
        printers = wizard.printers_page.choice
        admin = wizard.actor.username if wizard.actor else "?"
        check = wizard.database_page.check
        lines = [
            f"Database: {check.url if check else wizard.url}",
            f"Administrator: {admin}",
            f"File room: {room.name}; {room.scheme} digit filing; MRNs of {room.mrn_width} digits; "
            f"{room.palette} colours",
            f"Labels: {printers.label_printer or 'no printer yet'} on {printers.label_stock}",
            f"Lists: {printers.list_printer or 'no printer yet'}",
            "",
            "Next: add locations (clinics, wards) and users in Settings, or from the command line:",
            "    recordsdesk --user ADMIN location add CARD --name 'Cardiology' --kind clinic",
            "    recordsdesk --user ADMIN user add NAME --role clerk --password-stdin",
        ]
        self.summary.setText("\n".join(lines))
