"""Wizard page 3: the file room's name, filing scheme, MRN width and label colours."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
    QWizardPage,
)

from recordsdesk.domain.errors import RecordsDeskError
from recordsdesk.services.setup.first_run import FileRoomChoice
from recordsdesk.services.setup.palettes import PALETTE_PRESETS, PRESET_TITLES

if TYPE_CHECKING:
    from recordsdesk.ui.first_run.wizard import FirstRunWizard

SCHEME_TITLES = {
    "terminal": "Terminal digit (12-34-56 files under 56, then 34, then 12)",
    "middle": "Middle digit (12-34-56 files under 34, then 12, then 56)",
    "straight": "Straight numeric (plain number order)",
}


def _ink(fill: str) -> str:
    red, green, blue = (int(fill[i : i + 2], 16) for i in (1, 3, 5))
    return "#000000" if 0.299 * red + 0.587 * green + 0.114 * blue > 150 else "#FFFFFF"


class FileRoomPage(QWizardPage):
    """The room's rules; the palette drawn as the ten digit blocks a label will carry."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle("The file room")
        self.setSubTitle("How charts are filed and coloured. All of it can be changed later.")
        self.name = QLineEdit("Main file room")
        self.scheme = QComboBox()
        for key, title in SCHEME_TITLES.items():
            self.scheme.addItem(title, key)
        self.mrn_width = QSpinBox()
        self.mrn_width.setRange(4, 20)
        self.mrn_width.setSingleStep(2)
        self.mrn_width.setValue(6)
        self.mrn_width.setSuffix(" digits")
        self.colours = QComboBox()
        for key in PALETTE_PRESETS:
            self.colours.addItem(PRESET_TITLES[key], key)
        self.blocks = QWidget()
        self.blocks.setObjectName("paletteBlocks")
        row = QHBoxLayout(self.blocks)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(3)
        self.block_labels = [QLabel(str(digit)) for digit in range(10)]
        for block in self.block_labels:
            block.setFixedSize(34, 40)
            row.addWidget(block)
        row.addStretch(1)
        self.example = QLabel("")
        self.error = QLabel("")
        self.error.setStyleSheet("color: #B71C1C;")
        form = QFormLayout(self)
        form.addRow("Name on printed lists", self.name)
        form.addRow("Filing scheme", self.scheme)
        form.addRow("MRN width", self.mrn_width)
        form.addRow("", self.example)
        form.addRow("Label colours", self.colours)
        form.addRow("", self.blocks)
        form.addRow("", self.error)
        self.colours.currentIndexChanged.connect(self._on_palette_current_index_changed)
        self.mrn_width.valueChanged.connect(self._on_mrn_width_value_changed)
        self._on_palette_current_index_changed()
        self._on_mrn_width_value_changed()

    @property
    def choice(self) -> FileRoomChoice:
        return FileRoomChoice(
            name=self.name.text().strip(),
            scheme=str(self.scheme.currentData()),
            mrn_width=self.mrn_width.value(),
            palette=str(self.colours.currentData()),
        )

    @Slot()
    def _on_palette_current_index_changed(self) -> None:
        colours = PALETTE_PRESETS[str(self.colours.currentData())]
        for block, fill in zip(self.block_labels, colours, strict=True):
            block.setStyleSheet(
                f"background: {fill}; color: {_ink(fill)}; font-weight: bold; font-size: 14pt;"
                "border: 1px solid #555; qproperty-alignment: AlignCenter;"
            )

    @Slot()
    def _on_mrn_width_value_changed(self) -> None:
        width = self.mrn_width.value()
        if width % 2:
            self.mrn_width.setValue(width + 1)
            return
        padded = "4321".zfill(width)
        groups = "-".join(padded[i : i + 2] for i in range(0, width, 2))
        self.example.setText(f"MRN 4321 is padded to {padded} and labelled {groups}")

    def validatePage(self) -> bool:
        wizard: FirstRunWizard = self.wizard()  # type: ignore[assignment]
        if wizard.actor is None:
            return False
        try:
            wizard.first_run().set_up_room(wizard.actor, self.choice)
        except RecordsDeskError as exc:
            self.error.setText(exc.message)
            return False
        return True
