"""The About dialog: version, database, Qt and Python versions, licences of what is bundled."""

from __future__ import annotations

import json
import platform
import sys

import PySide6
from PySide6.QtCore import Qt, Slot, qVersion
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from recordsdesk import __version__
from recordsdesk.resources import resource_path
from recordsdesk.services.setup.connection import shown_url


def version_lines(database_url: str) -> list[str]:
    """What this installation is, one fact a line (also what a support call asks for)."""
    how = "installed bundle" if getattr(sys, "frozen", False) else "Python package"
    return [
        f"RecordsDesk {__version__} ({how})",
        f"Database: {shown_url(database_url)}",
        f"Qt {qVersion()}, PySide6 {PySide6.__version__}",
        f"Python {platform.python_version()} on {platform.system()} {platform.machine()}",
    ]


def bundled_licences() -> list[dict[str, str]]:
    """The packages the installer bundles: name, version, licence and the file with its text."""
    index: list[dict[str, str]] = json.loads(
        resource_path("licences", "bundled.json").read_text(encoding="utf-8")
    )
    return index


class AboutDialog(QDialog):
    """Who we are and what we ship; each bundled package's licence text on selection."""

    def __init__(self, database_url: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("About RecordsDesk")
        icon = QLabel()
        icon.setPixmap(QPixmap(str(resource_path("icons", "recordsdesk-128.png"))))
        self.setWindowIcon(QIcon(str(resource_path("icons", "recordsdesk.svg"))))
        self.facts = QLabel("\n".join(version_lines(database_url)))
        self.facts.setObjectName("aboutFacts")
        self.facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        heading = QHBoxLayout()
        heading.addWidget(icon)
        heading.addWidget(self.facts, 1)
        self.packages = QListWidget()
        self.packages.setObjectName("licences")
        for entry in bundled_licences():
            item = QListWidgetItem(f"{entry['name']} {entry['version']} — {entry['licence']}")
            item.setData(Qt.ItemDataRole.UserRole, entry["file"])
            self.packages.addItem(item)
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.packages.currentItemChanged.connect(self._on_packages_current_item_changed)
        split = QHBoxLayout()
        split.addWidget(self.packages, 2)
        split.addWidget(self.text, 3)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(heading)
        layout.addWidget(QLabel("Bundled with the installer, and their licences:"))
        layout.addLayout(split, 1)
        layout.addWidget(buttons)
        self.packages.setCurrentRow(0)
        self.resize(900, 600)

    @Slot(QListWidgetItem, QListWidgetItem)
    def _on_packages_current_item_changed(
        self, current: QListWidgetItem | None, _previous: QListWidgetItem | None
    ) -> None:
        if current is None:
            return
        file = str(current.data(Qt.ItemDataRole.UserRole))
        self.text.setPlainText(resource_path("licences", file).read_text(encoding="utf-8"))
