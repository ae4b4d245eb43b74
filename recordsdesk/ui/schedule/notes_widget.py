"""The import report's decision notes: a count per kind with the first places, every note of
the kind chosen below it, and the whole list saved as CSV for the go-live audit."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QItemSelection, Qt, Signal, Slot
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from recordsdesk.feeds import NoticeKind
from recordsdesk.ui.fitting import fit_combo
from recordsdesk.ui.printing import choices
from recordsdesk.ui.schedule.decision_notes import (
    KindRow,
    NoteRow,
    by_kind,
    of_kind,
    save_notes,
)
from recordsdesk.ui.table_model import ModelIndex, RowsTableModel, read_only_table


def _heading(kind: NoticeKind) -> str:
    return kind.value[:1].upper() + kind.value[1:]


class KindModel(RowsTableModel):
    """One row per kind of decision: how many messages, where it was first taken and what it
    said; the tooltip gives the first places and notes."""

    columns = (
        ("Decision", lambda k: _heading(k.kind)),
        ("Messages", lambda k: f"{k.count:,}"),
        ("First at", lambda k: f"{k.examples[0].file} {k.examples[0].position}"),
        ("First example", lambda k: k.examples[0].reason),
    )

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role == Qt.ItemDataRole.ToolTipRole and index.isValid() and index.row() < len(self.rows):
            row: KindRow = self.rows[index.row()]
            return "\n".join(f"{n.file} {n.position}: {n.reason}" for n in row.examples)
        return super().data(index, role)


class NoteModel(RowsTableModel):
    """Decision notes, each with its file and place; the tooltip gives the note whole."""

    columns = (
        ("File", lambda n: n.file),
        ("Where", lambda n: n.position),
        ("Note", lambda n: n.reason),
        ("Decision", lambda n: n.kind.value),
    )

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role == Qt.ItemDataRole.ToolTipRole and index.isValid() and index.row() < len(self.rows):
            note: NoteRow = self.rows[index.row()]
            return f"{note.file} {note.position}: {note.reason}"
        return super().data(index, role)


def _note_column_stretched(table: QTableView, column: int) -> QTableView:
    """The long text column takes the room left; the others fit their contents."""
    header = table.horizontalHeader()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
    return table


# Kinds shown without scrolling (there are eight): the list of notes keeps the rest.
_KIND_ROWS = 6


def _tall_enough(table: QTableView, rows: int) -> None:
    """``table`` at least as tall as its header and ``rows`` rows (one when empty)."""
    table.resizeRowsToContents()
    height = table.horizontalHeader().sizeHint().height() + 2 * table.frameWidth()
    height += max(rows, 1) * table.verticalHeader().defaultSectionSize()
    if table.horizontalScrollBar().isVisible() or rows:
        height += table.horizontalScrollBar().sizeHint().height() // 2
    table.setMinimumHeight(height)


class DecisionNotesWidget(QWidget):
    """The notes grouped by kind above, the notes of the chosen kind (or all) below."""

    notes_saved = Signal(str)

    def __init__(self, notes: Sequence[NoteRow], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.notes = tuple(notes)
        self.ask_path: choices.AskSavePath = choices.ask_save_path
        self.kinds = KindModel(self)
        self.kinds.set_rows(by_kind(self.notes))
        self.shown = NoteModel(self)
        self.kind_table = _note_column_stretched(read_only_table(self.kinds), 3)
        self.kind_table.setSelectionMode(self.kind_table.SelectionMode.SingleSelection)
        self.note_table = _note_column_stretched(read_only_table(self.shown), 2)
        self.choice = fit_combo(QComboBox(), 30)
        self.choice.addItem(f"All decisions ({sum(n.count for n in self.notes):,})", None)
        for row in self.kinds.rows:
            self.choice.addItem(f"{_heading(row.kind)} ({row.count:,})", row.kind)
        self.choice.setToolTip("Which notes the list shows")
        self.save_button = QPushButton("&Save notes…")
        self.save_button.setShortcut(QKeySequence("Ctrl+S"))
        self.save_button.setToolTip("Every note, all kinds, as a CSV file (Ctrl+S)")
        self.save_button.setEnabled(bool(self.notes))
        self.saved = QLabel()
        self.saved.setObjectName("caption")
        self.saved.setWordWrap(True)

        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        label = QLabel("S&how:")
        label.setBuddy(self.choice)
        row.addWidget(label)
        row.addWidget(self.choice, 1)
        row.addWidget(self.save_button)
        below = QWidget()
        lower = QVBoxLayout(below)
        lower.setContentsMargins(0, 0, 0, 0)
        lower.addLayout(row)
        lower.addWidget(self.note_table, 1)
        lower.addWidget(self.saved)
        self.saved.hide()
        _tall_enough(self.kind_table, min(self.kinds.rowCount(), _KIND_ROWS))
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.kind_table)
        splitter.addWidget(below)
        splitter.setChildrenCollapsible(False)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

        self.choice.currentIndexChanged.connect(self._on_choice_current_index_changed)
        self.kind_table.selectionModel().selectionChanged.connect(
            self._on_kind_table_selection_changed
        )
        self.save_button.clicked.connect(self._on_save_button_clicked)
        self.show_kind(None)

    def show_kind(self, kind: NoticeKind | None) -> None:
        """List the notes of ``kind`` (None: every note)."""
        index = self.choice.findData(kind) if kind is not None else 0
        if index >= 0 and index != self.choice.currentIndex():
            self.choice.setCurrentIndex(index)  # comes back here through the signal
            return
        self.shown.set_rows(of_kind(self.notes, kind))

    def save(self, path: str) -> None:
        """Write every note to ``path`` as CSV."""
        save_notes(self.notes, path)
        self.saved.setText(f"{len(self.notes):,} notes saved to {path}")
        self.saved.show()
        self.notes_saved.emit(path)

    @Slot(int)
    def _on_choice_current_index_changed(self, index: int) -> None:
        kind = self.choice.itemData(index)
        self.shown.set_rows(of_kind(self.notes, kind if isinstance(kind, NoticeKind) else None))

    @Slot(QItemSelection, QItemSelection)
    def _on_kind_table_selection_changed(self, *_selection: QItemSelection) -> None:
        rows = self.kind_table.selectionModel().selectedRows()
        if rows:
            chosen: KindRow = self.kinds.rows[rows[0].row()]
            self.show_kind(chosen.kind)

    @Slot()
    def _on_save_button_clicked(self) -> None:
        path = self.ask_path(self, "Save the decision notes", "schedule-notes.csv", "CSV (*.csv)")
        if path:
            try:
                self.save(path)
            except OSError as exc:
                self.saved.setText(f"Not saved: {exc.strerror or exc}")
                self.saved.show()
