"""The About dialog: what this installation is, and the licence of each bundled package."""

from __future__ import annotations

import platform

from PySide6.QtCore import qVersion
from pytestqt.qtbot import QtBot

from recordsdesk import __version__
from recordsdesk.ui.about import AboutDialog
from tests.ui.conftest import OFFSCREEN_ONLY

pytestmark = OFFSCREEN_ONLY


def test_the_dialog_names_version_database_qt_and_python_without_the_password(
    qtbot: QtBot,
) -> None:
    dialog = AboutDialog("postgresql://desk:s3cret@dbhost/records")
    qtbot.addWidget(dialog)
    lines = dialog.facts.text().splitlines()
    assert lines[0] == f"RecordsDesk {__version__} (Python package)"
    assert lines[1] == "Database: postgresql://desk:***@dbhost/records"
    assert lines[2].startswith(f"Qt {qVersion()}, PySide6 ")
    assert lines[3].startswith(f"Python {platform.python_version()} on ")


def test_choosing_a_package_shows_its_licence_text(qtbot: QtBot) -> None:
    dialog = AboutDialog("sqlite:///records.sqlite3")
    qtbot.addWidget(dialog)
    names = [dialog.packages.item(row).text() for row in range(dialog.packages.count())]
    row = next(i for i, name in enumerate(names) if name.startswith("PySide6_Essentials"))
    dialog.packages.setCurrentRow(row)
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in dialog.text.toPlainText()
    row = next(i for i, name in enumerate(names) if name.startswith("SQLAlchemy"))
    dialog.packages.setCurrentRow(row)
    assert "Permission is hereby granted" in dialog.text.toPlainText()
