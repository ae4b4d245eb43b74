"""The workstation settings dialog: the scanner's prefix and suffix, the name, the sound."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from recordsdesk.ui.settings import DeskSettings


def _visible(text: str) -> str:
    """Control characters a scanner may send, written so a person can read and type them."""
    return text.encode("unicode_escape").decode("ascii")


def _typed(text: str) -> str:
    """The reverse of _visible: '\\x02' typed becomes the STX character."""
    try:
        return text.encode("ascii", "backslashreplace").decode("unicode_escape")
    except UnicodeDecodeError:
        return text


class SettingsDialog(QDialog):
    """Edits this workstation's settings; OK saves them in QSettings."""

    def __init__(self, settings: DeskSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Workstation settings")
        self._settings = settings
        self.prefix = QLineEdit(_visible(settings.scanner_prefix))
        self.prefix.setPlaceholderText("none")
        self.suffix = QLineEdit(_visible(settings.scanner_suffix))
        self.suffix.setPlaceholderText("none")
        self.workstation = QLineEdit(settings.workstation)
        self.sound = QCheckBox("Sounds for done, warning and problem")
        self.sound.setChecked(settings.sound_on)
        self.error = QLabel()
        self.error.setObjectName("signInError")
        self.error.setWordWrap(True)
        note = QLabel(
            "The prefix and suffix are what this workstation's scanner adds around every code "
            "(write control characters as \\x02, \\t); they are taken off each scan. A new "
            "workstation name is used from the next sign-in."
        )
        note.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Scanner prefix", self.prefix)
        form.addRow("Scanner suffix", self.suffix)
        form.addRow("Workstation name", self.workstation)
        form.addRow("Sound", self.sound)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)

    @Slot()
    def _on_buttons_accepted(self) -> None:
        name = self.workstation.text().strip()
        if not name:
            self.error.setText("The workstation needs a name (it is recorded with every scan).")
            self.workstation.setFocus()
            return
        if len(name) > 64 or not name.isprintable():
            self.error.setText("A workstation name is up to 64 printable characters.")
            self.workstation.setFocus()
            return
        self._settings.scanner_prefix = _typed(self.prefix.text())
        self._settings.scanner_suffix = _typed(self.suffix.text())
        self._settings.workstation = name
        self._settings.sound_on = self.sound.isChecked()
        self._settings.sync()
        self.accept()
