"""The questions a print or save asks the clerk (a file name, a printer), replaceable in tests."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrinterInfo
from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

# (parent, caption, suggested file name, filter) -> the chosen path, or None when cancelled.
AskSavePath = Callable[[QWidget, str, str, str], str | None]
# (parent, caption, filter) -> the chosen paths (none when cancelled).
AskOpenPaths = Callable[[QWidget, str, str], list[str]]
# (parent) -> a printer set up by the clerk, or None when cancelled.
ChoosePrinter = Callable[[QWidget], QPrinter | None]


def ask_save_path(parent: QWidget, caption: str, suggested: str, kinds: str) -> str | None:
    """The system's save dialog."""
    path, _ = QFileDialog.getSaveFileName(parent, caption, suggested, kinds)
    return path or None


def ask_open_paths(parent: QWidget, caption: str, kinds: str) -> list[str]:
    """The system's open dialog, several files allowed."""
    paths, _ = QFileDialog.getOpenFileNames(parent, caption, "", kinds)
    return list(paths)


def choose_printer(parent: QWidget) -> QPrinter | None:
    """The system print dialog on a high-resolution printer (the default one chosen)."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("Print")
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return printer


def printer_names() -> list[str]:
    """The printer queues this workstation sees (CUPS), the default first."""
    default = QPrinterInfo.defaultPrinterName()
    names = list(QPrinterInfo.availablePrinterNames())
    return sorted(names, key=lambda name: (name != default, name.lower()))
