"""Wizard page 1: where the records live, an embedded file or a server, with a connection test."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWizardPage,
)
from shiboken6 import isValid

from recordsdesk.services.setup.connection import DatabaseCheck, check_database, shown_url
from recordsdesk.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from recordsdesk.ui.first_run.wizard import FirstRunWizard

_PREFIX = "sqlite:///"


class DatabasePage(QWizardPage):
    """Embedded (one workstation) or a PostgreSQL server (several), tested before going on."""

    checked = Signal(object)  # the DatabaseCheck just shown

    def __init__(self, url: str, fixed_by: str, runner: TaskRunner) -> None:
        super().__init__()
        self.setTitle("Where the records live")
        self.setSubTitle(
            "One workstation keeps its records in a file on this computer. Several workstations "
            "share one PostgreSQL server."
        )
        self._runner = runner
        self.embedded = QRadioButton("On this computer (embedded database, one workstation)")
        self.server = QRadioButton("On a PostgreSQL server (several workstations)")
        group = QButtonGroup(self)
        group.addButton(self.embedded)
        group.addButton(self.server)
        self.path = QLineEdit(url[len(_PREFIX) :] if url.startswith(_PREFIX) else "")
        self.path.setObjectName("databasePath")
        self.backups = QLabel(
            "Back it up every night with  recordsdesk backup FOLDER/records-$(date +%F).sqlite3 "
            "(copies the file while desks keep working and checks the copy)."
        )
        self.backups.setWordWrap(True)
        self.server_url = QLineEdit("" if url.startswith(_PREFIX) else url)
        self.server_url.setPlaceholderText(
            "postgresql://recordsdesk@dbhost/records?sslmode=require"
        )
        self.test_button = QPushButton("Test connection")
        self.test_button.clicked.connect(self._on_test_button_clicked)
        self.result = QLabel("Not tested yet.")
        self.result.setObjectName("connectionResult")
        self.result.setWordWrap(True)
        self.details = QLabel("")
        self.details.setObjectName("connectionDetails")
        self.details.setWordWrap(True)
        self.check: DatabaseCheck | None = None
        form = QFormLayout()
        form.addRow("Database file", self.path)
        form.addRow("", self.backups)
        form.addRow("Server URL", self.server_url)
        layout = QVBoxLayout(self)
        layout.addWidget(self.embedded)
        layout.addWidget(self.server)
        layout.addLayout(form)
        layout.addWidget(self.test_button)
        layout.addWidget(self.result)
        layout.addWidget(self.details)
        layout.addStretch(1)
        (self.embedded if url.startswith(_PREFIX) else self.server).setChecked(True)
        self.fixed_by = fixed_by
        if fixed_by:
            note = QLabel(f"Chosen by {fixed_by}; start without it to choose another.")
            layout.insertWidget(2, note)
            for widget in (self.embedded, self.server, self.path, self.server_url):
                widget.setEnabled(False)
        self.embedded.toggled.connect(self._on_choice_toggled)
        self.path.textChanged.connect(self._forget_check)
        self.server_url.textChanged.connect(self._forget_check)
        self._on_choice_toggled()

    def initializePage(self) -> None:
        self._on_test_button_clicked()  # the proposed database is tested straight away

    @property
    def url(self) -> str:
        if self.embedded.isChecked():
            return _PREFIX + self.path.text().strip()
        return self.server_url.text().strip()

    @Slot()
    def _on_choice_toggled(self) -> None:
        embedded = self.embedded.isChecked()
        if not self.fixed_by:
            self.path.setEnabled(embedded)
            self.server_url.setEnabled(not embedded)
        self.backups.setVisible(embedded)
        self._forget_check()

    @Slot()
    def _forget_check(self) -> None:
        self.check = None
        self.result.setText("Not tested yet.")
        self.details.setText("")
        self.completeChanged.emit()

    @Slot()
    def _on_test_button_clicked(self) -> None:
        url = self.url
        self.test_button.setEnabled(False)
        self.result.setText("Testing…")
        self._runner.run(lambda: check_database(url), self._on_checked)

    def _on_checked(self, check: DatabaseCheck) -> None:
        if not isValid(self):
            return  # the wizard closed while the database was tested
        self.test_button.setEnabled(True)
        if check.url != shown_url(self.url):
            return  # the URL changed while it was tested
        self.show_check(check)

    def show_check(self, check: DatabaseCheck) -> None:
        """Show what a connection test found."""
        self.check = check
        self.result.setText(("✔ " if check.ok else "✘ ") + check.message)
        self.result.setStyleSheet("color: #1B5E20;" if check.ok else "color: #B71C1C;")
        if check.ok:
            tls = "Encryption: " + check.encryption
            if check.tls_needed:
                tls += "  — NOT ENCRYPTED across the network"
            self.details.setText(f"{check.server}\n{tls}\nDatabase: {check.url}")
        else:
            self.details.setText("")
        self.checked.emit(check)
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.check is not None and self.check.ok

    def validatePage(self) -> bool:
        wizard: FirstRunWizard = self.wizard()  # type: ignore[assignment]
        if self.check is not None and self.check.users:
            self.result.setText("✘ This database has users already: cancel and sign in instead.")
            return False
        wizard.first_run()
        return True
