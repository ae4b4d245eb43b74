"""The dialog a supervisor flags a chart missing with: its barcode and where it was looked for."""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)


class FlagMissingDialog(QDialog):
    """Asks for the barcode and a note; stays open until the flag is recorded or cancelled."""

    submitted = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Flag a chart missing")
        self.barcode = QLineEdit()
        self.barcode.setPlaceholderText("Scan or type the volume barcode")
        self.note = QLineEdit()
        self.note.setPlaceholderText("Where it was looked for (needed)")
        self.note.setMaxLength(255)
        self.error = QLabel()
        self.error.setObjectName("actionMessage")
        self.error.setProperty("problem", True)
        self.error.setWordWrap(True)
        self.error.hide()
        note = QLabel(
            "Flag a chart missing only after a search has failed. The next scan of it, "
            "anywhere, records it found."
        )
        note.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Barcode", self.barcode)
        form.addRow("Note", self.note)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Flag missing")
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 12)
        layout.setSpacing(10)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)

    @Slot()
    def _on_buttons_accepted(self) -> None:
        self.error.hide()
        self.ok_button.setEnabled(False)
        self.submitted.emit(self.barcode.text().strip(), self.note.text())

    def refused(self, message: str) -> None:
        """The flag was not recorded: say why and let the supervisor correct it."""
        self.error.setText(message)
        self.error.show()
        self.ok_button.setEnabled(True)
        self.adjustSize()
