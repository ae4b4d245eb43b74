"""Wizard page 2: the first administrator, who then adds the clerks and supervisors."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QWizardPage

from recordsdesk.domain.errors import RecordsDeskError

if TYPE_CHECKING:
    from recordsdesk.ui.first_run.wizard import FirstRunWizard


class AdministratorPage(QWizardPage):
    """User name and password of the first user, an administrator."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle("The first administrator")
        self.setSubTitle(
            "An administrator manages users, settings, locations and backups. Add clerks and "
            "supervisors afterwards (Settings, or recordsdesk user add)."
        )
        self.username = QLineEdit()
        self.username.setObjectName("adminUsername")
        self.full_name = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat = QLineEdit()
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.rules = QLabel("At least 10 characters, not the user name, not a common password.")
        self.error = QLabel("")
        self.error.setObjectName("adminError")
        self.error.setStyleSheet("color: #B71C1C;")
        self.error.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow("User name", self.username)
        form.addRow("Full name", self.full_name)
        form.addRow("Password", self.password)
        form.addRow("Password again", self.repeat)
        form.addRow("", self.rules)
        form.addRow("", self.error)
        for field in (self.username, self.password, self.repeat):
            field.textChanged.connect(self.completeChanged)

    def isComplete(self) -> bool:
        return bool(self.username.text().strip() and self.password.text() and self.repeat.text())

    def validatePage(self) -> bool:
        if self.password.text() != self.repeat.text():
            self.error.setText("The two passwords differ.")
            return False
        wizard: FirstRunWizard = self.wizard()  # type: ignore[assignment]
        # A second or two (the schema, the password hash): the wizard waits for it on purpose,
        # the next page needs the administrator.
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            wizard.actor = wizard.first_run().create_administrator(
                self.username.text().strip(),
                self.password.text(),
                wizard.workstation,
                self.full_name.text().strip(),
            )
        except RecordsDeskError as exc:
            self.error.setText(exc.message)
            return False
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.error.setText("")
        return True
