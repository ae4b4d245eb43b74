"""The Release of information page's settings tab: copy fees and the patient-access cap, the
days a third party's request is due, the ROI desk, and which record types are special."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from recordsdesk.domain.errors import RecordsDeskError
from recordsdesk.domain.release_of_information import (
    FeeSchedule,
    SpecialCategory,
    money,
    parse_money,
)
from recordsdesk.services.actors import Actor
from recordsdesk.services.release.desk import ReleaseServices
from recordsdesk.services.release.site import ReleaseSettings, SpecialRecordType
from recordsdesk.ui.fitting import fit_combo
from recordsdesk.ui.message_line import say
from recordsdesk.ui.table_model import RowsTableModel, read_only_table
from recordsdesk.ui.tasks import TaskRunner

NO_CATEGORY = "none (released by default)"


class RecordTypeCategoryModel(RowsTableModel):
    """Rows are SpecialRecordType DTOs: every record type and its special category."""

    columns = (
        ("Record type", lambda r: r.code),
        ("Name", lambda r: r.name),
        ("Special category", lambda r: r.category.label if r.category else "—"),
    )


def _plain(cents: int) -> str:
    return money(cents).lstrip("$")


class ReleaseSettingsWidget(QWidget):
    """The settings as a form; Save (Ctrl+S) stores what changed, each change in the trail."""

    settings_shown = Signal(object)
    settings_saved = Signal(object)

    def __init__(
        self, roi: ReleaseServices, actor: Actor, runner: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("releaseSettings")
        self._roi = roi
        self._actor = actor
        self._runner = runner
        self._loaded = False
        self.current: ReleaseSettings | None = None
        self.types = RecordTypeCategoryModel(self)
        self._build()

    def _build(self) -> None:
        self.per_page = QLineEdit()
        self.base = QLineEdit()
        self.cap = QLineEdit()
        self.no_cap = QCheckBox("No cap: the page fee alone")
        self.no_cap.toggled.connect(self._on_no_cap_toggled)
        self.policy_days = QSpinBox()
        self.policy_days.setRange(1, 365)
        self.policy_days.setSuffix(" days after receipt")
        self.policy_days.setMaximumWidth(220)
        self.desk = QLineEdit()
        self.desk.setMaxLength(16)
        for field in (self.per_page, self.base, self.cap, self.desk):
            field.setMaximumWidth(160)
        fees = QGroupBox("Copy fees")
        fee_form = QFormLayout(fees)
        fee_form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        fee_form.addRow("A page ($)", self.per_page)
        fee_form.addRow("Base fee, third parties ($)", self.base)
        cap_row = QHBoxLayout()
        cap_row.addWidget(self.cap)
        cap_row.addWidget(self.no_cap)
        cap_row.addStretch(1)
        fee_form.addRow("Patient's own copy, at most ($)", cap_row)
        fee_note = QLabel(
            "A patient's own copy is charged by the page only, never a search or retrieval fee, "
            "up to the cap (45 CFR 164.524(c)(4)). Treatment, courts, law enforcement and "
            "agencies are not charged."
        )
        fee_note.setWordWrap(True)
        fee_note.setStyleSheet("color: #546E7A;")
        fee_form.addRow(fee_note)
        desk = QGroupBox("Turnaround and paper")
        desk_form = QFormLayout(desk)
        desk_form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        desk_form.addRow("A third party's request is due", self.policy_days)
        desk_form.addRow("Volumes are requested to (location)", self.desk)
        desk_note = QLabel(
            "A patient's own request is due 30 days after receipt by law (164.524(b)(2)); a "
            "subpoena or court order by the date it gives."
        )
        desk_note.setWordWrap(True)
        desk_note.setStyleSheet("color: #546E7A;")
        desk_form.addRow(desk_note)
        self.save_button = QPushButton("Save settings  [Ctrl+S]")
        self.save_button.clicked.connect(self._on_save_button_clicked)

        self.table = read_only_table(self.types)
        self.table.selectionModel().currentRowChanged.connect(self._on_table_current_changed)
        self.category = QComboBox()
        self.category.addItem(NO_CATEGORY, None)
        for category in SpecialCategory:
            self.category.addItem(category.label, category.value)
        fit_combo(self.category, 18)
        self.category_button = QPushButton("Set category")
        self.category_button.clicked.connect(self._on_category_button_clicked)
        special = QGroupBox("Special record types: never released without approval")
        special_layout = QVBoxLayout(special)
        special_layout.addWidget(self.table, 1)
        special_layout.addWidget(QLabel("Chosen record type:"))
        pick = QHBoxLayout()
        pick.addWidget(self.category, 1)
        pick.addWidget(self.category_button)
        special_layout.addLayout(pick)

        self.message = QLabel()
        self.message.setObjectName("actionMessage")
        self.message.setWordWrap(True)
        left = QVBoxLayout()
        left.addWidget(fees)
        left.addWidget(desk)
        left.addWidget(self.save_button)
        left.addStretch(1)
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addWidget(special, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.addWidget(self.message)
        layout.addLayout(columns, 1)
        say(self.message, "")
        shortcut = QShortcut(QKeySequence("Ctrl+S"), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.save_button.click)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._loaded:
            self._loaded = True
            self.load()

    @Slot()
    def load(self) -> None:
        """Read the settings again."""
        self._runner.run(
            lambda: self._roi.site.settings(self._actor), self._on_loaded, self._on_failed
        )

    def _on_loaded(self, settings: ReleaseSettings) -> None:
        self.current = settings
        fees = settings.fees
        self.per_page.setText(_plain(fees.per_page_cents))
        self.base.setText(_plain(fees.base_cents))
        self.no_cap.setChecked(fees.access_cap_cents is None)
        self.cap.setText("" if fees.access_cap_cents is None else _plain(fees.access_cap_cents))
        self.policy_days.setValue(settings.policy_days)
        self.desk.setText(settings.desk_location)
        self.types.set_rows(settings.record_types)
        self.settings_shown.emit(settings)

    def _on_failed(self, error: RecordsDeskError) -> None:
        say(self.message, error.message, problem=True)
        self.settings_saved.emit(None)

    @Slot(bool)
    def _on_no_cap_toggled(self, checked: bool) -> None:
        self.cap.setEnabled(not checked)

    @Slot()
    def _on_save_button_clicked(self) -> None:
        before = self.current
        if before is None:
            return
        texts = (self.per_page.text(), self.base.text(), self.cap.text())
        no_cap = self.no_cap.isChecked()
        days = self.policy_days.value()
        desk = self.desk.text()

        def work() -> tuple[ReleaseSettings, list[str]]:
            site = self._roi.site
            per_page, base = parse_money(texts[0]), parse_money(texts[1])
            fees = FeeSchedule(per_page, base, None if no_cap else parse_money(texts[2]))
            changed: list[str] = []
            if fees != before.fees:
                site.set_fee_schedule(self._actor, fees)
                changed.append("copy fees")
            if days != before.policy_days:
                site.set_policy_days(self._actor, days)
                changed.append("due days")
            if desk.strip().upper() != before.desk_location:
                site.set_desk_location(self._actor, desk)
                changed.append("ROI desk")
            return site.settings(self._actor), changed

        def saved(result: tuple[ReleaseSettings, list[str]]) -> None:
            settings, changed = result
            self._on_loaded(settings)
            say(self.message, "Saved: " + ", ".join(changed) + "." if changed else "No change.")
            self.settings_saved.emit(settings)

        self._runner.run(work, saved, self._on_failed)

    @Slot(QModelIndex, QModelIndex)
    def _on_table_current_changed(self, index: QModelIndex, _previous: QModelIndex) -> None:
        if not index.isValid():
            return
        row: SpecialRecordType = self.types.rows[index.row()]
        wanted = row.category.value if row.category else None
        self.category.setCurrentIndex(max(0, self.category.findData(wanted)))

    @Slot()
    def _on_category_button_clicked(self) -> None:
        index = self.table.currentIndex()
        if not index.isValid():
            say(self.message, "Choose a record type in the list first.", problem=True)
            return
        code = self.types.rows[index.row()].code
        # Qt hands the item's data back as a plain string.
        data = self.category.currentData()
        category = SpecialCategory(data) if data else None

        def work() -> tuple[ReleaseSettings, SpecialRecordType]:
            info = self._roi.site.set_category(self._actor, code, category)
            return self._roi.site.settings(self._actor), info

        def saved(result: tuple[ReleaseSettings, SpecialRecordType]) -> None:
            settings, info = result
            self._on_loaded(settings)
            said = info.category.label if info.category else "no special category"
            say(self.message, f"{info.code}: {said}.")
            self.settings_saved.emit(settings)

        self._runner.run(work, saved, self._on_failed)
