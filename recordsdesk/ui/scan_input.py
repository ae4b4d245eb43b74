"""Scanner input for pages other than the desk: bursts land in the page's scan field."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

from recordsdesk.ui.desk.scanner import ScannerFilter, Target
from recordsdesk.ui.settings import DeskSettings


def strip_framing(raw: str, settings: DeskSettings) -> str:
    """The scan without the prefix and suffix this workstation's scanner adds, trimmed."""
    prefix, suffix = settings.scanner_prefix, settings.scanner_suffix
    if prefix and raw.startswith(prefix):
        raw = raw[len(prefix) :]
    if suffix and raw.endswith(suffix):
        raw = raw[: -len(suffix)]
    return raw.strip()


def page_scanner(page: QWidget, scan_field: QLineEdit) -> ScannerFilter:
    """A scanner filter for ``page``: while it is shown, scans typed anywhere on it are read.

    A hidden page (another page chosen, the window locked) hears nothing.
    """

    def classify(watched: QObject) -> tuple[Target, QLineEdit | None]:
        if not isinstance(watched, QWidget) or not page.isVisible():
            return Target.OUTSIDE, None
        if watched is scan_field:
            return Target.SCAN_FIELD, None
        if watched.window() is not page.window():
            return Target.OUTSIDE, None
        focus = QApplication.focusWidget()
        if focus is not None and focus is not watched and watched.isAncestorOf(focus):
            return Target.OUTSIDE, None
        if isinstance(watched, QLineEdit):
            return Target.TEXT, watched
        return Target.OTHER, None

    scanner = ScannerFilter(classify, scan_field, parent=page)
    app = QApplication.instance()
    if app is not None:
        app.installEventFilter(scanner)
    return scanner
