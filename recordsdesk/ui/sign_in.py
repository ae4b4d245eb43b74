"""The sign-in dialog: user name, password and workstation, checked by the user service."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from recordsdesk.domain.errors import RecordsDeskError
from recordsdesk.services.actors import Actor
from recordsdesk.services.users import UserService
from recordsdesk.ui.settings import DeskSettings
from recordsdesk.ui.tasks import TaskRunner

NO_USERS = (
    "This database has no users yet. An administrator creates the first one with\n"
    "  recordsdesk user add NAME --role admin --password-stdin"
)


class SignInDialog(QDialog):
    """Asks who is at the desk; ``actor`` is set when the dialog is accepted."""

    def __init__(
        self,
        users: UserService,
        settings: DeskSettings,
        runner: TaskRunner,
        database: str,
        username: str = "",
        workstation: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Sign in to RecordsDesk")
        self.actor: Actor | None = None
        self._users = users
        self._settings = settings
        self._runner = runner
        self.username = QLineEdit(username or settings.last_user)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.workstation = QLineEdit(workstation or settings.workstation)
        self.error = QLabel()
        self.error.setObjectName("signInError")
        self.error.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Sign in")
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("User name", self.username)
        form.addRow("Password", self.password)
        form.addRow("Workstation", self.workstation)
        where = QLabel(f"Database: {database}")
        where.setWordWrap(True)
        layout = QVBoxLayout(self)
        title = QLabel("RecordsDesk")
        title.setStyleSheet("font-size: 20pt; font-weight: 700;")
        layout.addWidget(title)
        layout.addWidget(where)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)
        (self.password if self.username.text() else self.username).setFocus()
        runner.run(users.count, self._on_users_counted, self._show_error)

    def _on_users_counted(self, count: int) -> None:
        if count == 0:
            self.error.setText(NO_USERS)

    @Slot()
    def _on_buttons_accepted(self) -> None:
        name, password = self.username.text(), self.password.text()
        workstation = self.workstation.text().strip() or self._settings.workstation
        if not name.strip() or not password:
            self.error.setText("Type your user name and password.")
            return
        self.buttons.setEnabled(False)
        self.error.setText("Checking…")
        self._runner.run(
            lambda: self._users.sign_in(name, password, workstation),
            self._on_signed_in,
            self._show_error,
        )

    def _on_signed_in(self, actor: Actor) -> None:
        self.actor = actor
        self._settings.last_user = actor.username
        self._settings.workstation = actor.workstation
        self.accept()

    def _show_error(self, error: RecordsDeskError) -> None:
        self.buttons.setEnabled(True)
        self.error.setText(error.message)
        self.password.clear()
        self.password.setFocus()
