"""The workstation settings dialog: the name and the sound, and a check of the scanner.

A scanner's prefix and suffix are a site setting (``scanner_prefix``, ``scanner_suffix``),
read by the services with every scan; this page shows them and lets the clerk scan a label
to see how it is read: whether the scanner ends each code with Enter, types fast enough to
be told from a person, and what the code is read as.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from recordsdesk.domain.barcodes import Scan
from recordsdesk.domain.errors import RecordsDeskError
from recordsdesk.ui.desk.burst import BurstRecognizer
from recordsdesk.ui.settings import DeskSettings
from recordsdesk.ui.tasks import TaskRunner

_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def visible(text: str) -> str:
    """Control characters a scanner may send, written so a person can read them."""
    return text.encode("unicode_escape").decode("ascii") if text else "none"


class SettingsDialog(QDialog):
    """Edits this workstation's settings; OK saves them in QSettings."""

    def __init__(
        self,
        settings: DeskSettings,
        parent: QWidget | None = None,
        read: Callable[[str], Scan] | None = None,
        runner: TaskRunner | None = None,
        framing: tuple[str, str] = ("", ""),
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Workstation settings")
        self._settings = settings
        self._read = read
        self._runner = runner
        self._burst = BurstRecognizer()
        self._last_burst: str | None = None
        self.workstation = QLineEdit(settings.workstation)
        self.sound = QCheckBox("Sounds for done, warning and problem")
        self.sound.setChecked(settings.sound_on)
        self.error = QLabel()
        self.error.setObjectName("signInError")
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Workstation name", self.workstation)
        form.addRow("Sound", self.sound)

        prefix, suffix = framing
        self.framing = QLabel(
            f"Prefix {visible(prefix)}, suffix {visible(suffix)} (site settings "
            "scanner_prefix and scanner_suffix, taken off every scan on every page)."
        )
        self.framing.setWordWrap(True)
        self.check_field = QLineEdit()
        self.check_field.setObjectName("scannerCheck")
        self.check_field.setPlaceholderText("Click here and scan any RecordsDesk label")
        self.check_field.installEventFilter(self)
        self.check_result = QLabel(
            "A scanner must end every code with Enter (its suffix, CR) and send nothing "
            "else around it unless the site's prefix and suffix say so."
        )
        self.check_result.setObjectName("scannerCheckResult")
        self.check_result.setWordWrap(True)
        box = QGroupBox("Scanner check")
        inner = QVBoxLayout(box)
        inner.addWidget(self.framing)
        inner.addWidget(self.check_field)
        inner.addWidget(self.check_result)
        box.setEnabled(read is not None and runner is not None)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(box)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Time the keys of the check field as the desk does, by their own timestamps.
        if (
            watched is self.check_field
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
        ):
            if event.key() in _ENTER:
                # Taken here: the scanner's Enter must not also press the dialog's Save.
                self._last_burst = self._burst.enter(event.timestamp())
                self.check_scan()
                return True
            if event.text() and event.text().isprintable():
                self._burst.key(event.text(), event.timestamp())
        return False

    def check_scan(self) -> None:
        """Read what the check field holds, as the desk would, and say how it came."""
        raw = self.check_field.text()
        self.check_field.clear()
        if not raw.strip():
            return
        burst = self._last_burst is not None
        how = (
            "Enter received, typed at scanner speed: the desk reads it wherever the focus is."
            if burst
            else "Enter received, but typed slowly: the desk takes it as typing. If this was "
            "the scanner, set it to send each code at full speed."
        )
        if self._read is None or self._runner is None:
            return
        read = self._read
        self.check_result.setText("Reading…")
        self._runner.run(
            lambda: read(raw),
            lambda scan: self.check_result.setText(
                f"{how}\nRead as a {scan.kind.value}: {scan.value} (as sent: {visible(raw)})."
            ),
            lambda error: self._on_check_failed(how, raw, error),
        )

    def _on_check_failed(self, how: str, raw: str, error: RecordsDeskError) -> None:
        self.check_result.setText(
            f"{how}\nNot readable: {error.message} (as sent: {visible(raw)}). Check the "
            "site's scanner prefix and suffix against what the scanner sends."
        )

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
        self._settings.workstation = name
        self._settings.sound_on = self.sound.isChecked()
        self._settings.sync()
        self.accept()
