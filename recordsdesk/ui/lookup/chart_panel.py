"""One patient's charts: who, the home shelf with its colour blocks, volumes, history, actions."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCompleter,
    QGridLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from recordsdesk.services.dto import ChartDetail, VolumeInfo
from recordsdesk.ui.desk.destination import LocationListModel, code_of
from recordsdesk.ui.fitting import flow_row
from recordsdesk.ui.formats import day
from recordsdesk.ui.lookup.chart_models import HistoryTableModel, VolumeTableModel
from recordsdesk.ui.lookup.colour_blocks import ColourBlocksWidget
from recordsdesk.ui.message_line import say


def _table(model: VolumeTableModel | HistoryTableModel) -> QTableView:
    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    table.setWordWrap(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


class ChartPanelWidget(QWidget):
    """Shows a ChartDetail; asks for check-out, return and a new volume by signals."""

    check_out_requested = Signal(str, str)
    return_requested = Signal(str)
    new_volume_requested = Signal(str)
    labels_requested = Signal(str, int)
    outguide_requested = Signal(str)
    death_requested = Signal(str)  # MRN: enter or correct the date of death

    def __init__(self, locations: LocationListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.chart: ChartDetail | None = None
        self.name = QLabel()
        self.name.setObjectName("chartName")
        self.facts = QLabel()
        self.facts.setObjectName("chartFacts")
        self.facts.setWordWrap(True)
        self.blocks = ColourBlocksWidget()
        self.shelf = QLabel()
        self.shelf.setObjectName("chartShelf")
        self.volumes = VolumeTableModel(self)
        self.history = HistoryTableModel(self)
        self.volume_table = _table(self.volumes)
        self.history_table = _table(self.history)
        self.destination = QLineEdit()
        self.destination.setPlaceholderText("Send to (code or name)")
        completer = QCompleter(locations, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.destination.setCompleter(completer)
        self.check_out_button = QPushButton("Check out  [Ctrl+O]")
        self.return_button = QPushButton("Return  [Ctrl+R]")
        self.new_volume_button = QPushButton("New volume  [Ctrl+N]")
        self.labels_button = QPushButton("Labels  [Ctrl+L]")
        labels_menu = QMenu(self.labels_button)
        self.all_labels_action = labels_menu.addAction("All volumes")
        self.one_label_action = labels_menu.addAction("Selected volume only")
        self.all_labels_action.triggered.connect(self._on_all_labels_action_triggered)
        self.one_label_action.triggered.connect(self._on_one_label_action_triggered)
        self.labels_button.setMenu(labels_menu)
        self.outguide_button = QPushButton("Outguide")
        self.outguide_button.setToolTip("Print the outguide card of the selected volume")
        self.outguide_button.clicked.connect(self._on_outguide_button_clicked)
        self.message = QLabel()
        self.message.setObjectName("actionMessage")
        self.message.setWordWrap(True)
        self.check_out_button.clicked.connect(self._on_check_out_button_clicked)
        self.destination.returnPressed.connect(self._on_check_out_button_clicked)
        self.return_button.clicked.connect(self._on_return_button_clicked)
        self.new_volume_button.clicked.connect(self._on_new_volume_button_clicked)

        head = QGridLayout()
        head.addWidget(self.name, 0, 0)
        head.addWidget(self.facts, 1, 0)
        head.addWidget(self.blocks, 0, 1, 2, 1)
        head.addWidget(self.shelf, 0, 2, 2, 1)
        head.setColumnStretch(0, 1)
        self.death_button = QPushButton("Date of death…")
        self.death_button.clicked.connect(self._on_death_button_clicked)
        self.death_button.hide()  # shown where the page can record deaths
        # One row on a wide screen, two where narrow: the buttons wrap, nothing is cut.
        self.destination.setMinimumWidth(170)
        actions = flow_row(
            self.destination,
            self.check_out_button,
            self.return_button,
            self.new_volume_button,
            self.labels_button,
            self.outguide_button,
            self.death_button,
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(head)
        layout.addWidget(actions)
        layout.addWidget(self.message)
        layout.addWidget(QLabel("Volumes"))
        layout.addWidget(self.volume_table, 2)
        layout.addWidget(QLabel("History (newest first)"))
        layout.addWidget(self.history_table, 3)
        self.volume_table.setMinimumHeight(110)
        self.message.hide()
        self.show_chart(None)

    def show_chart(self, chart: ChartDetail | None, palette: tuple[str, ...] | None = None) -> None:
        """Show ``chart`` (None: nothing chosen yet), keeping the selected volume if it is there."""
        selected = self.selected_volume()
        self.chart = chart
        for widget in (
            self.check_out_button,
            self.return_button,
            self.new_volume_button,
            self.labels_button,
            self.outguide_button,
            self.death_button,
        ):
            widget.setEnabled(chart is not None)
        self.destination.setEnabled(chart is not None)
        if chart is None:
            self.name.setText("No chart open")
            self.facts.setText("Search by MRN, chart barcode, or name (FAMILY, Given) and DOB.")
            self.shelf.setText("")
            self.blocks.set_digits("")
            self.volumes.set_volumes(())
            self.history.set_history(())
            return
        self.name.setText(chart.name)
        dob = day(chart.dob) or "not recorded"
        self.facts.setText(f"MRN {chart.mrn_groups}   ·   born {dob}")
        if palette:
            self.blocks.set_digits(chart.colour_digits, palette)
        else:
            self.blocks.set_digits(chart.colour_digits)
        self.shelf.setText(f"Home shelf\nsection {chart.section}\nfiled as {chart.shelf}")
        self.volumes.set_volumes(chart.volumes)
        self.history.set_history(chart.history)
        barcodes = [v.barcode for v in chart.volumes]
        row = barcodes.index(selected.barcode) if selected and selected.barcode in barcodes else 0
        if chart.volumes:
            self.volume_table.selectionModel().select(
                self.volumes.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )

    def selected_volume(self) -> VolumeInfo | None:
        if self.chart is None:
            return None
        rows = self.volume_table.selectionModel().selectedRows()
        return self.volumes.volume_at(rows[0].row()) if rows else None

    def show_message(self, text: str, problem: bool = False) -> None:
        say(self.message, text, problem)

    @Slot()
    def _on_check_out_button_clicked(self) -> None:
        volume = self.selected_volume()
        code = code_of(self.destination.text())
        if volume is None:
            self.show_message("Choose a volume first.", problem=True)
        elif not code:
            self.show_message("Type where it goes first (a location code or name).", problem=True)
            self.destination.setFocus()
        else:
            self.check_out_requested.emit(code, volume.barcode)

    @Slot()
    def _on_return_button_clicked(self) -> None:
        volume = self.selected_volume()
        if volume is None:
            self.show_message("Choose a volume first.", problem=True)
        else:
            self.return_requested.emit(volume.barcode)

    @Slot()
    def _on_new_volume_button_clicked(self) -> None:
        if self.chart is not None:
            self.new_volume_requested.emit(self.chart.mrn)

    @Slot()
    def _on_all_labels_action_triggered(self) -> None:
        if self.chart is not None:
            self.labels_requested.emit(self.chart.mrn, 0)

    @Slot()
    def _on_one_label_action_triggered(self) -> None:
        volume = self.selected_volume()
        if self.chart is None or volume is None:
            self.show_message("Choose a volume first.", problem=True)
        else:
            self.labels_requested.emit(self.chart.mrn, volume.number)

    @Slot()
    def _on_outguide_button_clicked(self) -> None:
        volume = self.selected_volume()
        if volume is None:
            self.show_message("Choose a volume first.", problem=True)
        else:
            self.outguide_requested.emit(volume.barcode)

    def _on_death_button_clicked(self) -> None:
        if self.chart is not None:
            self.death_requested.emit(self.chart.mrn)
