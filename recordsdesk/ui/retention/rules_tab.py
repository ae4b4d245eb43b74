"""Retention rules an administrator edits (with a citation each), and the retention report."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from recordsdesk.domain.errors import RecordsDeskError
from recordsdesk.domain.retention import RetentionRule
from recordsdesk.services.actors import Actor
from recordsdesk.services.retention.dto import RetentionReport, RuleInfo
from recordsdesk.services.retention.wiring import RetentionServices
from recordsdesk.ui.fitting import fit_combo
from recordsdesk.ui.message_line import say
from recordsdesk.ui.retention.retention_models import RuleModel, YearModel
from recordsdesk.ui.retention.tab import RetentionTab
from recordsdesk.ui.table_model import read_only_table
from recordsdesk.ui.tasks import TaskRunner


def _years(maximum: int = 150) -> QSpinBox:
    box = QSpinBox()
    box.setRange(-1, maximum)
    box.setSpecialValueText("none")
    box.setValue(-1)
    return box


def _value(box: QSpinBox) -> int | None:
    return None if box.value() < 0 else box.value()


class RulesWidget(RetentionTab):
    """The rules, a form to set one (examples to start from), and the report on demand."""

    rules_shown = Signal(object)
    report_shown = Signal(object)

    def __init__(
        self,
        retention: RetentionServices,
        actor: Actor,
        runner: TaskRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(retention, actor, runner, parent)
        self.rules = RuleModel(self)
        self.years_model = YearModel(self)
        self.example = QComboBox()
        self.example.addItem("Start from an example…")
        for rule in retention.rules.examples():
            self.example.addItem(rule.name)
        fit_combo(self.example, 24)  # each example's whole name in the popup
        self.example.currentIndexChanged.connect(self._on_example_current_index_changed)
        self.record_type = QLineEdit()
        self.record_type.setPlaceholderText("MR, RAD … (empty: every type without its own rule)")
        self.name = QLineEdit()
        self.years = _years()
        self.majority_age = _years(30)
        self.after_majority = _years()
        self.after_death = _years()
        self.retire_after = _years()
        self.permanent = QCheckBox("Permanent: never destroyed")
        self.citation = QLineEdit()
        self.citation.setPlaceholderText("the law or policy this rule follows")
        self.save_button = QPushButton("Save the rule")
        self.save_button.clicked.connect(self._on_save_button_clicked)
        self.report_button = QPushButton("Run the retention report")
        self.report_button.clicked.connect(self._on_report_button_clicked)
        self.report_text = QLabel()
        self.report_text.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.example)
        form.addRow("Record type", self.record_type)
        form.addRow("Name", self.name)
        form.addRow("Years after last activity", self.years)
        majority = QHBoxLayout()
        majority.addWidget(self.majority_age)
        majority.addWidget(QLabel("plus years"))
        majority.addWidget(self.after_majority)
        form.addRow("Minors: age of majority", majority)
        form.addRow("Years after death", self.after_death)
        form.addRow("Off-site after years inactive", self.retire_after)
        form.addRow("", self.permanent)
        form.addRow("Citation", self.citation)
        form.addRow("", self.save_button)
        left = QVBoxLayout()
        left.addLayout(form)
        left.addWidget(self.message)
        left.addWidget(read_only_table(self.rules), 1)
        right = QVBoxLayout()
        right.addWidget(self.report_button)
        right.addWidget(self.report_text)
        right.addWidget(read_only_table(self.years_model), 1)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 3)
        layout.addLayout(right, 2)

    @Slot()
    def refresh(self) -> None:
        """Load the rules again."""
        self._runner.run_newest(
            self,
            "rules",
            lambda: self._retention.rules.listing(self._actor),
            self._on_listed,
            self._failed,
        )

    def _on_listed(self, rules: list[RuleInfo]) -> None:
        self.rules.set_rows(rules)
        self.rules_shown.emit(rules)

    def _failed(self, error: RecordsDeskError) -> None:
        super()._failed(error)
        self.rules_shown.emit(None)

    def _on_example_current_index_changed(self, index: int) -> None:
        examples = self._retention.rules.examples()
        if 1 <= index <= len(examples):
            self.show_rule(examples[index - 1])

    def show_rule(self, rule: RetentionRule) -> None:
        """Fill the form with ``rule``."""
        self.name.setText(rule.name)
        for box, value in (
            (self.years, rule.years_after_activity),
            (self.majority_age, rule.majority_age),
            (self.after_majority, rule.years_after_majority),
            (self.after_death, rule.years_after_death),
            (self.retire_after, rule.retire_after_years),
        ):
            box.setValue(-1 if value is None else value)
        self.permanent.setChecked(rule.permanent)
        self.citation.setText(rule.citation)

    def rule(self) -> RetentionRule:
        """The rule as the form says it."""
        return replace(
            RetentionRule(self.name.text()),
            years_after_activity=_value(self.years),
            majority_age=_value(self.majority_age),
            years_after_majority=_value(self.after_majority),
            years_after_death=_value(self.after_death),
            retire_after_years=_value(self.retire_after),
            permanent=self.permanent.isChecked(),
            citation=self.citation.text(),
        )

    def _on_save_button_clicked(self) -> None:
        rule, kind = self.rule(), self.record_type.text().strip() or None
        self._runner.run(
            lambda: self._retention.rules.set_rule(self._actor, kind, rule),
            self._on_saved,
            self._failed,
        )

    def _on_saved(self, info: RuleInfo) -> None:
        say(self.message, f"Saved: {info.record_type or 'every other type'}: {info.description}.")
        self.refresh()

    def _on_report_button_clicked(self) -> None:
        self.report_text.setText("Working through every volume…")
        self._runner.run(
            lambda: self._retention.candidates.report(self._actor),
            self._on_report,
            self._on_report_failed,
        )

    def _on_report(self, report: RetentionReport) -> None:
        self.years_model.set_rows(report.by_year)
        boxes = "; ".join(
            f"{age.years} years: {age.boxes} boxes ({age.volumes} volumes)"
            for age in report.boxes_by_age
        )
        self.report_text.setText(
            f"As of {report.as_of}: {report.next_12_months:,} volumes "
            f"({report.next_12_months_inches:,.1f} in) become eligible in the next 12 months; "
            f"{report.held:,} under legal hold. Boxes off-site by age: {boxes or 'none'}."
        )
        self.report_shown.emit(report)

    def _on_report_failed(self, error: RecordsDeskError) -> None:
        self.report_text.setText(error.message)
        self.report_shown.emit(None)
