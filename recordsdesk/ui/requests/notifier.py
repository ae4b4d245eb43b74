"""A desktop notification: the system tray's message where there is a tray, else the window
asks for attention (its taskbar entry flashes)."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication, QStyle, QSystemTrayIcon, QWidget


class DesktopNotifier(QObject):
    """Shows notifications outside the window; ``shown`` keeps what was shown, in order."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.shown: list[tuple[str, str]] = []
        self._tray: QSystemTrayIcon | None = None

    def notify(self, title: str, text: str, window: QWidget | None = None) -> None:
        """Tell the clerk even when the window is behind another or minimised."""
        self.shown.append((title, text))
        if QSystemTrayIcon.isSystemTrayAvailable() and QSystemTrayIcon.supportsMessages():
            if self._tray is None:
                icon = QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
                self._tray = QSystemTrayIcon(icon, self)
                self._tray.show()
            self._tray.showMessage(title, text, QSystemTrayIcon.MessageIcon.Critical, 15000)
        if window is not None:
            QApplication.alert(window, 0)
