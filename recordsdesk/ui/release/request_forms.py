"""The forms of the ROI desk: a new request as received, and the authorisation that came with it."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from recordsdesk.domain.errors import InvalidInput
from recordsdesk.domain.release_of_information import (
    ALLOWED_BASES,
    Authorisation,
    Basis,
    RequesterKind,
    SpecialCategory,
)
from recordsdesk.services.release.dto import NewRequest
from recordsdesk.ui.dates import parse_day
from recordsdesk.ui.message_line import say


def _codes(text: str) -> tuple[str, ...]:
    return tuple(c.strip() for c in text.split(",") if c.strip())


def _optional_day(text: str) -> date | None:
    return parse_day(text) if text.strip() else None


class _FormDialog(QDialog):
    """A form that stays open until its answer is accepted by the service, or cancelled."""

    def __init__(self, title: str, ok_text: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.error = QLabel()
        self.error.setObjectName("actionMessage")
        self.error.setWordWrap(True)
        say(self.error, "")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(ok_text)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 12)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(620)

    @Slot()
    def _on_buttons_accepted(self) -> None:
        try:
            self.submit()
        except InvalidInput as exc:
            self.refused(exc.message)

    def submit(self) -> None:
        raise NotImplementedError

    def refused(self, message: str) -> None:
        """The service said no: show why and let the clerk correct it."""
        say(self.error, message, problem=True)
        self.ok_button.setEnabled(True)


class NewRequestDialog(_FormDialog):
    """A request as it arrived: patient, requester, what is asked, when it came."""

    submitted = Signal(object)

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__("Log a request for release of information", "Log request", parent)
        self.mrn = QLineEdit()
        self.mrn.setPlaceholderText("The patient's MRN")
        self.kind = QComboBox()
        for kind in RequesterKind:
            self.kind.addItem(kind.label, kind)
        self.purpose = QComboBox()
        self.name = QLineEdit()
        self.name.setPlaceholderText("Person, practice, firm, court or agency")
        self.address = QPlainTextEdit()
        self.address.setFixedHeight(56)
        self.what = QLineEdit()
        self.what.setPlaceholderText("What is asked, in the requester's words")
        self.record_types = QLineEdit()
        self.record_types.setPlaceholderText("MR, RAD … (empty: every chart)")
        self.period = QLineEdit()
        self.period.setPlaceholderText("YYYY-MM-DD:YYYY-MM-DD, the care asked about (optional)")
        self.volumes = QLineEdit()
        self.volumes.setPlaceholderText("V0000042, … (empty: every volume of those record types)")
        self.received = QLineEdit(today.isoformat())
        self.due = QLineEdit()
        self.due.setPlaceholderText("YYYY-MM-DD: the date a subpoena or order sets")
        for caption, field in (
            ("MRN", self.mrn),
            ("From", self.kind),
            ("Ground", self.purpose),
            ("Requester", self.name),
            ("Address", self.address),
            ("Asked for", self.what),
            ("Record types", self.record_types),
            ("Period", self.period),
            ("Volumes", self.volumes),
            ("Received", self.received),
            ("Due", self.due),
        ):
            self.form.addRow(caption, field)
        self.kind.currentIndexChanged.connect(self._on_kind_current_index_changed)
        self._on_kind_current_index_changed(0)

    @Slot(int)
    def _on_kind_current_index_changed(self, _index: int) -> None:
        kind = RequesterKind(self.kind.currentData())
        self.purpose.clear()
        for basis in ALLOWED_BASES[kind]:
            self.purpose.addItem(basis.label, basis)

    def submit(self) -> None:
        # Qt hands the enums back as plain text.
        kind = RequesterKind(self.kind.currentData())
        basis = Basis(self.purpose.currentData())
        date_from = date_to = None
        if self.period.text().strip():
            start, colon, end = self.period.text().partition(":")
            if not colon:
                raise InvalidInput("Write the period as FROM:TO, two dates YYYY-MM-DD.")
            date_from, date_to = parse_day(start), parse_day(end)
        request = NewRequest(
            mrn=self.mrn.text().strip(),
            kind=kind,
            requester_name=self.name.text(),
            requester_address=self.address.toPlainText(),
            what=self.what.text(),
            received_on=parse_day(self.received.text()),
            basis=basis,
            due_on=_optional_day(self.due.text()),
            record_types=_codes(self.record_types.text()),
            date_from=date_from,
            date_to=date_to,
            volumes=_codes(self.volumes.text()),
        )
        if not request.mrn:
            raise InvalidInput("Type the patient's MRN.")
        self.ok_button.setEnabled(False)
        self.submitted.emit(request)


class AuthorisationDialog(_FormDialog):
    """The HIPAA authorisation, element by element (164.508(c))."""

    submitted = Signal(object)

    def __init__(self, current: Authorisation | None, parent: QWidget | None = None) -> None:
        super().__init__("Record the authorisation", "Record authorisation", parent)
        now = current or Authorisation()
        self.description = QLineEdit(now.description)
        self.discloser = QLineEdit(now.discloser)
        self.recipient = QLineEdit(now.recipient)
        self.purpose = QLineEdit(now.purpose)
        self.expires = QLineEdit(now.expires_on.isoformat() if now.expires_on else "")
        self.expires.setPlaceholderText("YYYY-MM-DD")
        self.expiry_event = QLineEdit(now.expiry_event)
        self.expiry_event.setPlaceholderText("or an event: 'end of the claim'")
        self.signed_by = QLineEdit(now.signed_by)
        self.signed_on = QLineEdit(now.signed_on.isoformat() if now.signed_on else "")
        self.signed_on.setPlaceholderText("YYYY-MM-DD")
        self.authority = QLineEdit(now.representative_authority)
        self.authority.setPlaceholderText("when signed by a representative: their authority")
        self.statements = QCheckBox("Right to revoke, conditioning and redisclosure statements")
        self.statements.setChecked(now.statements)
        self.covers: dict[SpecialCategory, QCheckBox] = {}
        for caption, field in (
            ("Information", self.description),
            ("Who discloses", self.discloser),
            ("Who receives", self.recipient),
            ("Purpose", self.purpose),
            ("Expires on", self.expires),
            ("Expiry event", self.expiry_event),
            ("Signed by", self.signed_by),
            ("Signed on", self.signed_on),
            ("Authority", self.authority),
            ("Statements", self.statements),
        ):
            self.form.addRow(caption, field)
        for category in SpecialCategory:
            box = QCheckBox(category.label)
            box.setChecked(category in now.covers)
            self.covers[category] = box
            self.form.addRow(
                "Names" if category is SpecialCategory.PSYCHOTHERAPY_NOTES else "", box
            )

    def submit(self) -> None:
        authorisation = Authorisation(
            description=self.description.text(),
            discloser=self.discloser.text(),
            recipient=self.recipient.text(),
            purpose=self.purpose.text(),
            expires_on=_optional_day(self.expires.text()),
            expiry_event=self.expiry_event.text(),
            signed_by=self.signed_by.text(),
            signed_on=_optional_day(self.signed_on.text()),
            representative_authority=self.authority.text(),
            statements=self.statements.isChecked(),
            covers=frozenset(c for c, box in self.covers.items() if box.isChecked()),
        )
        self.ok_button.setEnabled(False)
        self.submitted.emit(authorisation)
