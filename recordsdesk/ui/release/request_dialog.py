"""The view of one release request: its facts, checklist, authorisation, and the next steps."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from recordsdesk.domain.errors import RecordsDeskError
from recordsdesk.domain.release_of_information import AuthElement, Check
from recordsdesk.services.actors import Actor, Permission
from recordsdesk.services.documents import Document
from recordsdesk.services.release.desk import ReleaseServices
from recordsdesk.services.release.dto import DisclosureInfo, RequestDetail
from recordsdesk.ui.message_line import say
from recordsdesk.ui.printing.preview_dialog import PrintPreviewDialog
from recordsdesk.ui.release.request_forms import AuthorisationDialog
from recordsdesk.ui.release.request_state import RequestViewState
from recordsdesk.ui.tasks import TaskRunner

# (parent, title, question) -> the text typed, or None when cancelled.
AskText = Callable[[QWidget, str, str], str | None]


# (parent, title, question, choices) -> the choice made, or None when cancelled.
AskChoice = Callable[[QWidget, str, str, list[str]], str | None]


def ask_text(parent: QWidget, title: str, question: str) -> str | None:
    """The system's one-line question."""
    text, ok = QInputDialog.getText(parent, title, question)
    return text if ok else None


def ask_choice(parent: QWidget, title: str, question: str, choices: list[str]) -> str | None:
    """The system's pick-one question."""
    text, ok = QInputDialog.getItem(parent, title, question, choices, 0, False)
    return text if ok else None


class RequestDialog(QDialog):
    """One request; every change goes through the services and the view is drawn again."""

    changed = Signal()
    shown = Signal(object)

    def __init__(
        self,
        roi: ReleaseServices,
        actor: Actor,
        runner: TaskRunner,
        request_id: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("releaseRequest")
        self.setWindowTitle("Release of information request")
        self._roi = roi
        self._actor = actor
        self._runner = runner
        self.request_id = request_id
        self.detail: RequestDetail | None = None
        self.ask_text: AskText = ask_text
        self.ask_choice: AskChoice = ask_choice
        self.check_boxes: dict[Check, tuple[QCheckBox, QLineEdit]] = {}
        self._build()
        self.reload()

    # Layout ------------------------------------------------------------------------------------

    def _build(self) -> None:
        self.title = QLabel("Loading…")
        self.title.setObjectName("chartName")
        self.title.setStyleSheet("font-size: 17pt;")
        self.subtitle = QLabel()
        self.subtitle.setObjectName("chartFacts")
        self.due = QLabel()
        self.due.setStyleSheet("font-size: 13pt; font-weight: 700;")
        self.facts_box = QGroupBox("Request")
        self.facts = QFormLayout(self.facts_box)
        self.special = QLabel()
        self.special.setWordWrap(True)
        self.checklist_box = QGroupBox("Checklist")
        self.checklist = QGridLayout(self.checklist_box)
        self.minimum_necessary = QLineEdit()
        self.minimum_necessary.setPlaceholderText(
            "Minimum necessary: what is sent, and why no more"
        )
        self.save_checks = QPushButton("Save checklist  [Ctrl+S]")
        self.save_checks.clicked.connect(self._on_save_checks_clicked)
        self.authorisation = QLabel()
        self.authorisation.setWordWrap(True)
        self.authorise_button = QPushButton("Record authorisation…")
        self.authorise_button.clicked.connect(self._on_authorise_button_clicked)
        self.missing = QLabel()
        self.missing.setObjectName("actionMessage")
        self.missing.setWordWrap(True)
        self.message = QLabel()
        self.message.setObjectName("actionMessage")
        self.message.setWordWrap(True)

        self.paper_button = QPushButton("Request the paper")
        self.copies_button = QPushButton("Copies…")
        self.extend_button = QPushButton("Extend 30 days…")
        self.approve_button = QPushButton("Approve special category…")
        self.deny_button = QPushButton("Deny…")
        self.withdraw_button = QPushButton("Withdraw…")
        self.log_button = QPushButton("Log sheet")
        self.letter_button = QPushButton("Cover letter")
        self.release_button = QPushButton("Release  [Ctrl+R]")
        self.release_button.setStyleSheet("font-weight: 700;")
        close = QPushButton("Close  [Esc]")
        close.clicked.connect(self.reject)
        for button, slot in (
            (self.paper_button, self._on_paper_button_clicked),
            (self.copies_button, self._on_copies_button_clicked),
            (self.extend_button, self._on_extend_button_clicked),
            (self.approve_button, self._on_approve_button_clicked),
            (self.deny_button, self._on_deny_button_clicked),
            (self.withdraw_button, self._on_withdraw_button_clicked),
            (self.log_button, self._on_log_button_clicked),
            (self.letter_button, self._on_letter_button_clicked),
            (self.release_button, self._on_release_button_clicked),
        ):
            button.clicked.connect(slot)
        QShortcut(QKeySequence("Ctrl+R"), self).activated.connect(self.release_button.click)
        QShortcut(QKeySequence("Ctrl+S"), self).activated.connect(self.save_checks.click)

        left = QVBoxLayout()
        left.addWidget(self.facts_box)
        special_box = QGroupBox("Special categories")
        QVBoxLayout(special_box).addWidget(self.special)
        left.addWidget(special_box)
        left.addStretch(1)
        right = QVBoxLayout()
        checks = QVBoxLayout()
        checks.addWidget(self.checklist_box)
        checks.addWidget(self.minimum_necessary)
        checks.addWidget(self.save_checks)
        right.addLayout(checks)
        auth_box = QGroupBox("Authorisation (45 CFR 164.508(c))")
        auth_layout = QVBoxLayout(auth_box)
        auth_layout.addWidget(self.authorisation)
        auth_layout.addWidget(self.authorise_button)
        right.addWidget(auth_box)
        right.addStretch(1)
        body = QHBoxLayout()
        body.addLayout(left, 5)
        body.addLayout(right, 6)
        actions = QHBoxLayout()
        for button in (
            self.paper_button,
            self.copies_button,
            self.extend_button,
            self.approve_button,
            self.deny_button,
            self.withdraw_button,
        ):
            actions.addWidget(button)
        actions.addStretch(1)
        finish = QHBoxLayout()
        finish.addWidget(self.log_button)
        finish.addWidget(self.letter_button)
        finish.addStretch(1)
        finish.addWidget(self.release_button)
        finish.addWidget(close)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addWidget(self.due)
        layout.addLayout(body, 1)
        layout.addWidget(self.missing)
        layout.addWidget(self.message)
        layout.addLayout(actions)
        layout.addLayout(finish)
        say(self.message, "")
        self.resize(1180, 760)

    # Loading and drawing -----------------------------------------------------------------------

    def reload(self) -> None:
        """Read the request again (the read is recorded for its patient)."""
        self._runner.run(
            lambda: self._roi.requests.detail(self._actor, self.request_id),
            self._on_detail,
            self._on_failed,
        )

    def _on_detail(self, detail: RequestDetail) -> None:
        self.detail = detail
        state = RequestViewState.of(detail, self._actor.may(Permission.APPROVE_RELEASES))
        self.title.setText(state.title)
        self.subtitle.setText(state.subtitle)
        colour = "#B71C1C" if state.overdue else "#0D47A1"
        self.due.setText(f"{state.due} · {state.status}")
        self.due.setStyleSheet(f"font-size: 13pt; font-weight: 700; color: {colour};")
        while self.facts.rowCount():
            self.facts.removeRow(0)
        for caption, value in state.facts:
            label = QLabel(value)
            label.setWordWrap(True)
            self.facts.addRow(f"{caption}", label)
        self.special.setText("\n".join(state.special) or "None asked for.")
        self._draw_checklist(detail, state.can_edit)
        self._draw_authorisation(detail)
        if state.missing:
            say(self.missing, "Still needed before release:\n• " + "\n• ".join(state.missing), True)
        else:
            say(self.missing, "" if not state.can_edit else "Ready to release.")
        for button, on in (
            (self.paper_button, state.can_edit),
            (self.copies_button, state.can_edit),
            (self.extend_button, state.can_extend),
            (self.approve_button, state.can_approve),
            (self.deny_button, state.can_deny),
            (self.withdraw_button, state.can_edit),
            (self.release_button, state.can_release),
            (self.letter_button, state.released),
            (self.save_checks, state.can_edit),
            (self.authorise_button, state.can_edit),
        ):
            button.setEnabled(on)
        self.shown.emit(detail)

    def _draw_checklist(self, detail: RequestDetail, editable: bool) -> None:
        while self.checklist.count():
            item = self.checklist.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.check_boxes = {}
        for row, line in enumerate(detail.checklist):
            box = QCheckBox(line.label)
            box.setChecked(line.done)
            box.setEnabled(editable)
            note = QLineEdit(line.note)
            note.setPlaceholderText("note (what was seen)")
            note.setEnabled(editable)
            label = box.text()
            box.setToolTip(label)
            self.checklist.addWidget(box, row * 2, 0)
            self.checklist.addWidget(note, row * 2 + 1, 0)
            self.check_boxes[Check(line.key)] = (box, note)
        self.minimum_necessary.setText(detail.minimum_necessary)
        self.minimum_necessary.setVisible(
            Check.MINIMUM_NECESSARY.value in {c.key for c in detail.checklist}
        )
        self.minimum_necessary.setEnabled(editable)

    def _draw_authorisation(self, detail: RequestDetail) -> None:
        auth = detail.authorisation
        if auth is None:
            needed = detail.basis.value == "authorisation"
            self.authorisation.setText(
                "None received: this request needs one." if needed else "Not needed on this ground."
            )
            return
        lacking = set(auth.missing())
        lines = [f"{'✗' if e in lacking else '✓'} {e.label}" for e in AuthElement]
        if auth.expires_on:
            lines.append(f"Expires {auth.expires_on:%Y-%m-%d}")
        if auth.covers:
            lines.append("Names: " + ", ".join(c.label for c in sorted(auth.covers)))
        self.authorisation.setText("\n".join(lines))

    # Actions -----------------------------------------------------------------------------------

    def _run(self, work: Callable[[], Any], said: Callable[[Any], str]) -> None:
        def done(value: Any) -> None:
            say(self.message, said(value))
            self.changed.emit()
            self.reload()

        self._runner.run(work, done, self._on_failed)

    def _on_failed(self, error: RecordsDeskError) -> None:
        say(self.message, error.message, problem=True)

    @Slot()
    def _on_save_checks_clicked(self) -> None:
        ticks = {c: note.text() for c, (box, note) in self.check_boxes.items() if box.isChecked()}
        minimum = self.minimum_necessary.text() if self.minimum_necessary.isVisible() else None
        self._run(
            lambda: self._roi.requests.record_checks(self._actor, self.request_id, ticks, minimum),
            lambda _d: "Checklist saved.",
        )

    @Slot()
    def _on_authorise_button_clicked(self) -> None:
        current = self.detail.authorisation if self.detail else None
        dialog = AuthorisationDialog(current, self)

        def submitted(authorisation: Any) -> None:
            def done(_detail: RequestDetail) -> None:
                dialog.accept()
                say(self.message, "Authorisation recorded.")
                self.changed.emit()
                self.reload()

            self._runner.run(
                lambda: self._roi.requests.record_authorisation(
                    self._actor, self.request_id, authorisation
                ),
                done,
                lambda error: dialog.refused(error.message),
            )

        dialog.submitted.connect(submitted)
        dialog.open()

    def _ask(self, title: str, question: str) -> str | None:
        answer = self.ask_text(self, title, question)
        return None if answer is None else answer.strip()

    @Slot()
    def _on_paper_button_clicked(self) -> None:
        self._run(
            lambda: self._roi.disclosures.request_paper(self._actor, self.request_id),
            lambda made: f"{len(made)} volume(s) requested to the ROI desk.",
        )

    @Slot()
    def _on_copies_button_clicked(self) -> None:
        answer = self._ask("Copies", "How many pages were copied?")
        if answer is None:
            return
        if not answer.isdigit():
            say(self.message, f"'{answer}' is not a number of pages.", problem=True)
            return
        pages = int(answer)
        self._run(
            lambda: self._roi.disclosures.record_copies(self._actor, self.request_id, pages),
            lambda fee: f"{pages} pages recorded; fee {fee / 100:.2f}.",
        )

    @Slot()
    def _on_extend_button_clicked(self) -> None:
        reason = self._ask("Extend by 30 days", "The reason, as written to the patient:")
        if reason is None:
            return
        self._run(
            lambda: self._roi.requests.extend(self._actor, self.request_id, reason),
            lambda d: f"Extended: now due {d.row.due_on:%Y-%m-%d}.",
        )

    @Slot()
    def _on_approve_button_clicked(self) -> None:
        if self.detail is None or not self.detail.held_back:
            return
        held = self.detail.held_back
        category = held[0]
        if len(held) > 1:
            labels = [c.label for c in held]
            chosen = self.ask_choice(self, "Approve", "Which special category?", labels)
            if chosen is None:
                return
            category = held[labels.index(chosen)]
        note = self._ask(f"Approve: {category.label}", "The consent this approval rests on:")
        if note is None:
            return
        self._run(
            lambda: self._roi.requests.approve(self._actor, self.request_id, category, note),
            lambda _d: f"{category.label} approved for release.",
        )

    @Slot()
    def _on_deny_button_clicked(self) -> None:
        reason = self._ask("Deny the request", "The reason, as written to the requester:")
        if reason is None:
            return
        self._run(
            lambda: self._roi.requests.deny(self._actor, self.request_id, reason),
            lambda _d: "Request denied.",
        )

    @Slot()
    def _on_withdraw_button_clicked(self) -> None:
        note = self._ask("Withdrawn", "How was it withdrawn (a call, a letter …)?")
        if note is None:
            return
        self._run(
            lambda: self._roi.requests.withdraw(self._actor, self.request_id, note),
            lambda _d: "Request withdrawn.",
        )

    @Slot()
    def _on_release_button_clicked(self) -> None:
        def said(d: DisclosureInfo) -> str:
            held = f" Held back: {', '.join(c.label for c in d.held_back)}." if d.held_back else ""
            return (
                f"Released to {d.recipient} (audit entry #{d.audit_event_id}).{held} "
                "Print the cover letter and the log sheet."
            )

        self._run(lambda: self._roi.disclosures.release(self._actor, self.request_id), said)

    def _preview(self, make: Callable[[], Document]) -> None:
        def show(document: Document) -> None:
            preview = PrintPreviewDialog(
                document, self._roi.output, self._actor, self._runner, self
            )
            preview.open()

        self._runner.run(make, show, self._on_failed)

    @Slot()
    def _on_log_button_clicked(self) -> None:
        self._preview(lambda: self._roi.documents.log_sheet(self._actor, self.request_id))

    @Slot()
    def _on_letter_button_clicked(self) -> None:
        self._preview(lambda: self._roi.documents.cover_letter(self._actor, self.request_id))
