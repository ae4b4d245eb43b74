"""Wizard page 4: label and list printers, the label stock, a test page, the calibration page."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QWizardPage,
)
from shiboken6 import isValid

from recordsdesk.domain.errors import RecordsDeskError
from recordsdesk.printing.stocks import all_stocks
from recordsdesk.services.setup.first_run import PrinterChoice
from recordsdesk.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from recordsdesk.ui.first_run.wizard import FirstRunWizard

NONE = "(none yet)"


class PrintersPage(QWizardPage):
    """Queues seen on this computer; pages printed in the background, answered on the page."""

    def __init__(self, runner: TaskRunner) -> None:
        super().__init__()
        self.setTitle("Printers")
        self.setSubTitle(
            "Labels usually go to a label or thermal printer, lists to a laser printer. "
            "Print the calibration page on plain paper and hold it over a label sheet."
        )
        self._runner = runner
        self.label_queue = QComboBox()
        self.list_queue = QComboBox()
        self.stock = QComboBox()
        for stock in all_stocks():
            self.stock.addItem(stock.description, stock.name)
        self.test_button = QPushButton("Print a test page")
        self.test_button.clicked.connect(self._on_test_button_clicked)
        self.calibration_button = QPushButton("Print the calibration page")
        self.calibration_button.clicked.connect(self._on_calibration_button_clicked)
        self.status = QLabel("")
        self.status.setObjectName("printStatus")
        self.status.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.test_button)
        buttons.addWidget(self.calibration_button)
        buttons.addStretch(1)
        form = QFormLayout(self)
        form.addRow("Label printer", self.label_queue)
        form.addRow("Label stock", self.stock)
        form.addRow("List printer", self.list_queue)
        form.addRow("", buttons)
        form.addRow("", self.status)

    def initializePage(self) -> None:
        wizard: FirstRunWizard = self.wizard()  # type: ignore[assignment]
        service = wizard.first_run()
        self.status.setText("Looking for printers…")
        self._runner.run(service.queues, self._on_queues_found, self._on_queues_failed)

    def _on_queues_found(self, queues: tuple[str, ...]) -> None:
        if not isValid(self):
            return  # the wizard closed before the printers were listed
        for combo in (self.label_queue, self.list_queue):
            combo.clear()
            combo.addItem(NONE, "")
            for queue in queues:
                combo.addItem(queue, queue)
        found = ", ".join(queues) if queues else "none"
        self.status.setText(f"Printers on this computer: {found}.")
        if queues:
            self.label_queue.setCurrentIndex(1)
            self.list_queue.setCurrentIndex(1)

    def _on_queues_failed(self, error: RecordsDeskError) -> None:
        if not isValid(self):
            return
        for combo in (self.label_queue, self.list_queue):
            combo.clear()
            combo.addItem(NONE, "")
        self.status.setText(f"{error.message} Printers can be chosen later in Settings.")

    @property
    def choice(self) -> PrinterChoice:
        return PrinterChoice(
            label_printer=str(self.label_queue.currentData() or ""),
            list_printer=str(self.list_queue.currentData() or ""),
            label_stock=str(self.stock.currentData()),
        )

    def _print(self, what: str, queue: str, work: object) -> None:
        if not queue:
            self.status.setText(f"Choose a printer for the {what} first.")
            return
        self.status.setText(f"Sending the {what} to {queue}…")
        self._runner.run(
            work,  # type: ignore[arg-type]
            lambda job: self._say(f"The {what} went to {queue} (job {job})."),
            lambda error: self._say(error.message),
        )

    def _say(self, text: str) -> None:
        if isValid(self):
            self.status.setText(text)

    @Slot()
    def _on_test_button_clicked(self) -> None:
        wizard: FirstRunWizard = self.wizard()  # type: ignore[assignment]
        queue, actor, service = self.choice.list_printer, wizard.actor, wizard.first_run()
        if actor is not None:
            self._print("test page", queue, lambda: service.print_test_page(actor, queue))

    @Slot()
    def _on_calibration_button_clicked(self) -> None:
        wizard: FirstRunWizard = self.wizard()  # type: ignore[assignment]
        choice, actor, service = self.choice, wizard.actor, wizard.first_run()
        if actor is not None:
            self._print(
                "calibration page",
                choice.label_printer,
                lambda: service.print_calibration_page(
                    actor, choice.label_printer, choice.label_stock
                ),
            )

    def validatePage(self) -> bool:
        wizard: FirstRunWizard = self.wizard()  # type: ignore[assignment]
        if wizard.actor is None:
            return False
        try:
            wizard.first_run().set_up_printers(wizard.actor, self.choice)
        except RecordsDeskError as exc:
            self.status.setText(exc.message)
            return False
        return True
