"""Wizard page 2: the first administrator, who then adds the clerks and supervisors."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QWizardPage
from shiboken6 import isValid

from recordsdesk.domain.errors import RecordsDeskError
from recordsdesk.services.actors import Actor

if TYPE_CHECKING:
    from recordsdesk.ui.first_run.wizard import FirstRunWizard


class AdministratorPage(QWizardPage):
    """User name and password of the first user, an administrator.

    Next creates the administrator on the task runner (the schema and the password hash take a
    second or two): the window stays responsive, Next waits, and the wizard moves on by itself
    once the administrator exists (or shows why not).
    """

    administrator_created = Signal(str)
    administrator_refused = Signal(str)

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
        self.status = QLabel("")
        self.status.setObjectName("adminStatus")
        self.creating = False
        self._created: Actor | None = None
        form = QFormLayout(self)
        form.addRow("User name", self.username)
        form.addRow("Full name", self.full_name)
        form.addRow("Password", self.password)
        form.addRow("Password again", self.repeat)
        form.addRow("", self.rules)
        form.addRow("", self.error)
        form.addRow("", self.status)
        for field in (self.username, self.password, self.repeat):
            field.textChanged.connect(self.completeChanged)

    def isComplete(self) -> bool:
        filled = bool(self.username.text().strip() and self.password.text() and self.repeat.text())
        return filled and not self.creating

    def validatePage(self) -> bool:
        created = self._created
        if created is not None and created.username == self.username.text().strip():
            return True  # made in the background: move on
        if self.creating:
            return False
        if self.password.text() != self.repeat.text():
            self.error.setText("The two passwords differ.")
            return False
        wizard: FirstRunWizard = self.wizard()  # type: ignore[assignment]
        try:
            first_run = wizard.first_run()
        except RecordsDeskError as exc:
            self.error.setText(exc.message)
            return False
        username, password = self.username.text().strip(), self.password.text()
        full_name, workstation = self.full_name.text().strip(), wizard.workstation
        self._set_creating(True)
        wizard.runner.run(
            lambda: first_run.create_administrator(username, password, workstation, full_name),
            self._on_created,
            self._on_refused,
        )
        return False

    def _set_creating(self, creating: bool) -> None:
        self.creating = creating
        for field in (self.username, self.full_name, self.password, self.repeat):
            field.setEnabled(not creating)
        self.error.setText("")
        self.status.setText("Creating the administrator…" if creating else "")
        self.completeChanged.emit()

    def _on_created(self, actor: Actor) -> None:
        if not isValid(self):
            return  # the wizard closed meanwhile
        self._created = actor
        wizard: FirstRunWizard = self.wizard()  # type: ignore[assignment]
        wizard.actor = actor
        self._set_creating(False)
        if wizard.currentPage() is self:
            wizard.next()
        self.administrator_created.emit(actor.username)  # on the next page by now

    def _on_refused(self, error: RecordsDeskError) -> None:
        if not isValid(self):
            return
        self._set_creating(False)
        self.error.setText(error.message)
        self.administrator_refused.emit(error.message)
