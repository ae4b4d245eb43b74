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
        # Shown only when an administrator's reset requires a new password before anything else.
        self.new_password = QLineEdit()
        self.new_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat_password = QLineEdit()
        self.repeat_password.setEchoMode(QLineEdit.EchoMode.Password)
        self._pending: Actor | None = None
        self._typed = ""
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
        form.addRow("New password", self.new_password)
        form.addRow("New password again", self.repeat_password)
        self._form = form
        for field in (self.new_password, self.repeat_password):
            form.setRowVisible(field, False)
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
        if self._pending is not None:
            self._change_password(self._pending)
            return
        name, password = self.username.text(), self.password.text()
        workstation = self.workstation.text().strip() or self._settings.workstation
        if not name.strip() or not password:
            self.error.setText("Type your user name and password.")
            return
        self.buttons.setEnabled(False)
        self.error.setText("Checking…")
        self._typed = password
        self._runner.run(
            lambda: self._users.sign_in(name, password, workstation),
            self._on_signed_in,
            self._show_error,
        )

    def _on_signed_in(self, actor: Actor) -> None:
        if actor.must_change_password:
            self._ask_for_new_password(actor)
            return
        self._welcome(actor)

    def _ask_for_new_password(self, actor: Actor) -> None:
        self._pending = actor
        for field in (self.username, self.password, self.workstation):
            field.setEnabled(False)
        for field in (self.new_password, self.repeat_password):
            self._form.setRowVisible(field, True)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Set password")
        self.buttons.setEnabled(True)
        self.error.setText(
            "Your password was reset: choose a new one (at least 10 characters, "
            "not your user name) before you start."
        )
        self.new_password.setFocus()

    def _change_password(self, actor: Actor) -> None:
        new, again = self.new_password.text(), self.repeat_password.text()
        if new != again:
            self.error.setText("The two new passwords differ: type them again.")
            self.new_password.clear()
            self.repeat_password.clear()
            self.new_password.setFocus()
            return
        old = self._typed
        self.buttons.setEnabled(False)
        self.error.setText("Saving…")
        self._runner.run(
            lambda: self._users.change_password(actor, old, new),
            self._welcome,
            self._on_change_failed,
        )

    def _on_change_failed(self, error: RecordsDeskError) -> None:
        self.buttons.setEnabled(True)
        self.error.setText(error.message)
        self.new_password.clear()
        self.repeat_password.clear()
        self.new_password.setFocus()

    def _welcome(self, actor: Actor) -> None:
        self._typed = ""
        self.actor = actor
        self._settings.last_user = actor.username
        self._settings.workstation = actor.workstation
        self.accept()

    def _show_error(self, error: RecordsDeskError) -> None:
        self.buttons.setEnabled(True)
        self.error.setText(error.message)
        self.password.clear()
        self.password.setFocus()
