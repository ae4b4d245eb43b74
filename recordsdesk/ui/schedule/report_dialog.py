"""What a schedule import did: counts per file, problems, the decisions taken (by kind), new
clinics and patients with no chart."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from recordsdesk.ui.schedule.decision_notes import notes_of
from recordsdesk.ui.schedule.notes_widget import DecisionNotesWidget
from recordsdesk.ui.schedule.schedule_import import FileOutcome
from recordsdesk.ui.table_model import Column, RowsTableModel, read_only_table


@dataclass(frozen=True)
class ProblemRow:
    """A line or message not imported, or a whole file refused."""

    file: str
    position: str
    reason: str


@dataclass(frozen=True)
class NamedRow:
    """A clinic or patient the import named, and the file that named it."""

    file: str
    value: str


def _count(name: str, heading: str = "") -> Column:
    return (
        heading or name.replace("_", " ").capitalize(),
        lambda o: "" if o.report is None else f"{getattr(o.report, name):,}",
    )


class ImportSummaryModel(RowsTableModel):
    """One row per file: its format and what it did (Older: messages older than one already
    applied to their appointment; Kept: cancels kept for appointments not booked yet; the
    headline says both in words)."""

    columns = (
        ("File", lambda o: o.name),
        ("Format", lambda o: o.report.format.upper() if o.report else "not imported"),
        *(_count(n) for n in ("events", "added", "changed", "cancelled", "unchanged")),
        _count("superseded", "Older"),
        _count("kept_cancels", "Kept"),
        _count("requests"),
        (
            "Decisions",
            lambda o: "" if o.report is None else f"{sum(n.count for n in o.report.notices):,}",
        ),
        ("Problems", lambda o: "whole file" if o.report is None else str(len(o.report.problems))),
    )

    def is_problem(self, row: object) -> bool:
        return isinstance(row, FileOutcome) and (row.report is None or bool(row.report.problems))


class ProblemModel(RowsTableModel):
    """Problems, each with the file and position it came from."""

    columns = (
        ("File", lambda p: p.file),
        ("Where", lambda p: p.position),
        ("Why it was not imported", lambda p: p.reason),
    )


class NamedModel(RowsTableModel):
    """Clinics to review, or patients booked with no chart."""

    def __init__(self, heading: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.columns = (("File", lambda r: r.file), (heading, lambda r: r.value))


def problems_of(outcomes: Sequence[FileOutcome]) -> list[ProblemRow]:
    rows = []
    for outcome in outcomes:
        if outcome.report is None:
            rows.append(ProblemRow(outcome.name, "whole file", outcome.error))
            continue
        rows.extend(ProblemRow(outcome.name, p.position, p.reason) for p in outcome.report.problems)
    return rows


class ImportReportDialog(QDialog):
    """The report of one import run, read after the progress has gone."""

    def __init__(
        self,
        outcomes: Sequence[FileOutcome],
        cancelled: bool = False,
        skipped: Sequence[str] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Schedule import")
        self.summary = ImportSummaryModel(self)
        self.summary.set_rows(outcomes)
        self.problems = ProblemModel(self)
        self.problems.set_rows(problems_of(outcomes))
        reports = [(o.name, o.report) for o in outcomes if o.report is not None]
        self.clinics = NamedModel("New clinic (review it in locations)", self)
        self.clinics.set_rows(NamedRow(n, c) for n, r in reports for c in r.new_clinics)
        self.no_chart = NamedModel("MRN booked with no chart", self)
        self.no_chart.set_rows(NamedRow(n, m) for n, r in reports for m in r.booked_without_chart)
        self.notes = DecisionNotesWidget(notes_of(reports))

        added = sum(r.added for _, r in reports)
        changed = sum(r.changed for _, r in reports)
        cancelled_count = sum(r.cancelled for _, r in reports)
        lines = [
            f"{len(reports)} of {len(outcomes)} file{'s' if len(outcomes) != 1 else ''} imported: "
            f"{added} appointments added, {changed} changed, {cancelled_count} cancelled."
        ]
        if cancelled and skipped:
            lines.append(f"Stopped: {len(skipped)} file(s) not imported: {', '.join(skipped)}.")
        superseded = sum(r.superseded for _, r in reports)
        kept = sum(r.kept_cancels for _, r in reports)
        if superseded or kept:
            lines.append(
                f"{superseded:,} older message(s) not applied (a newer one about the same "
                f"appointment was); {kept:,} cancel(s) kept for appointments not booked yet."
            )
        if self.problems.rowCount():
            lines.append(
                f"{self.problems.rowCount()} problem(s): see Problems. The rest was imported."
            )
        decisions = sum(k.count for k in self.notes.kinds.rows)
        if decisions:
            lines.append(
                f"{decisions:,} decision(s) noted, of {self.notes.kinds.rowCount()} kind(s): "
                "see Decisions."
            )
        self.headline = QLabel("\n".join(lines))
        self.headline.setObjectName("caption")
        self.headline.setWordWrap(True)
        self.tabs = QTabWidget()
        self.tabs.setUsesScrollButtons(True)
        self.tabs.addTab(read_only_table(self.summary), "Files")
        self.tabs.addTab(read_only_table(self.problems), f"Problems ({self.problems.rowCount()})")
        self.tabs.addTab(self.notes, f"Decisions ({decisions:,})")
        for title, model in (
            (f"New clinics ({self.clinics.rowCount()})", self.clinics),
            (f"Booked with no chart ({self.no_chart.rowCount()})", self.no_chart),
        ):
            self.tabs.addTab(read_only_table(model), title)
        if self.problems.rowCount():
            self.tabs.setCurrentIndex(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)
        # Room for the decisions on a 1024x640 screen and more on a larger one.
        around = parent.window().size() if parent is not None else None
        if around is not None and around.width() > 0:
            self.resize(
                min(1100, max(760, int(around.width() * 0.9))),
                min(680, max(460, int(around.height() * 0.85))),
            )
        else:
            self.resize(900, 520)
