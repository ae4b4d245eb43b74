"""Print preview: the document's pages as they will print, then print, send or save it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from recordsdesk.domain.errors import RecordsDeskError
from recordsdesk.services.actors import Actor
from recordsdesk.services.audit import AuditAction
from recordsdesk.services.documents import Document, DocumentService
from recordsdesk.ui.message_line import say
from recordsdesk.ui.printing import choices
from recordsdesk.ui.printing.pdf_pages import PdfPages
from recordsdesk.ui.tasks import TaskRunner

PREVIEW_DPI = 96
MAX_PREVIEW_PAGES = 20
SUFFIXES = {"pdf": ("pdf", "PDF files (*.pdf)"), "zpl": ("zpl", "ZPL files (*.zpl)")}


class PrintPreviewDialog(QDialog):
    """Shows a Document; Print sends it to a queue (ZPL for a label printer; a list to the
    site's list printer, chosen already), else goes through the system print dialog (PDF)."""

    printed = Signal(str)
    saved = Signal(str)

    def __init__(
        self,
        document: Document,
        documents: DocumentService,
        actor: Actor,
        runner: TaskRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Print preview — {document.title}")
        self.document = document
        self._documents = documents
        self._actor = actor
        self._runner = runner
        self.choose_printer: choices.ChoosePrinter = choices.choose_printer
        self.ask_path: choices.AskSavePath = choices.ask_save_path
        self.page_labels: list[QLabel] = []
        self.pages: PdfPages | None = None

        self.heading = QLabel()
        self.heading.setObjectName("caption")
        self.status = QLabel()
        self.status.setObjectName("actionMessage")
        self.status.setWordWrap(True)
        self.queue = QComboBox()
        self.queue.setMinimumWidth(180)
        self.queue.addItems(choices.printer_names())
        # A list (pull list...) goes to the site's list printer unless the clerk picks another.
        self.to_queue = document.raw or bool(document.printer)
        if document.printer:
            if self.queue.findText(document.printer) < 0:
                self.queue.insertItem(0, document.printer)
            self.queue.setCurrentText(document.printer)
        self.print_button = QPushButton("Print…  [Ctrl+P]")
        self.save_button = QPushButton("Save…  [Ctrl+S]")
        close = QPushButton("Close  [Esc]")
        self.print_button.clicked.connect(self._on_print_button_clicked)
        self.save_button.clicked.connect(self._on_save_button_clicked)
        close.clicked.connect(self.reject)
        for keys, slot in (("Ctrl+P", self.print_button.click), ("Ctrl+S", self.save_button.click)):
            QShortcut(QKeySequence(keys), self).activated.connect(slot)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self._body(), 1)
        layout.addWidget(self.status)
        buttons = QHBoxLayout()
        if self.to_queue:
            buttons.addWidget(QLabel("Label printer" if document.raw else "List printer"))
            buttons.addWidget(self.queue)
        buttons.addStretch(1)
        for button in (self.print_button, self.save_button, close):
            buttons.addWidget(button)
        layout.addLayout(buttons)
        self.resize(900, 760)
        # A marginal label stock is named before anything is printed.
        self.show_status(" ".join(document.warnings), problem=bool(document.warnings))

    def _body(self) -> QWidget:
        if self.document.raw:
            self.heading.setText(
                f"{self.document.title} · ZPL for a Zebra label printer: "
                "it is sent to the printer as it is."
            )
            text = QPlainTextEdit(self.document.data.decode("utf-8", "replace"))
            text.setReadOnly(True)
            text.setObjectName("zplText")
            if not self.queue.count():
                self.print_button.setEnabled(False)
                self.show_status("No printer queue is set up on this workstation: save the file.")
            return text
        pages = PdfPages(self.document.data)
        self.pages = pages
        shown = min(pages.count, MAX_PREVIEW_PAGES)
        more = f" (the first {shown} shown; all print)" if shown < pages.count else ""
        self.heading.setText(
            f"{self.document.title} · {pages.count} page{'s' if pages.count != 1 else ''}{more}"
        )
        column = QWidget()
        column.setObjectName("previewPages")
        column.setStyleSheet("#previewPages { background: #78909C; }")
        stack = QVBoxLayout(column)
        stack.setSpacing(12)
        for page in range(shown):
            label = QLabel()
            label.setPixmap(QPixmap.fromImage(pages.image(page, PREVIEW_DPI)))
            label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            self.page_labels.append(label)
            stack.addWidget(label)
        scroll = QScrollArea()
        scroll.setWidget(column)
        scroll.setWidgetResizable(True)
        scroll.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        return scroll

    def show_status(self, text: str, problem: bool = False) -> None:
        say(self.status, text, problem)

    def _failed(self, error: RecordsDeskError) -> None:
        self.print_button.setEnabled(True)
        self.save_button.setEnabled(True)
        self.show_status(error.message, problem=True)

    @Slot()
    def _on_print_button_clicked(self) -> None:
        if self.to_queue:
            self._send_to_queue()
            return
        assert self.pages is not None
        printer = self.choose_printer(self)
        if printer is None:
            return
        try:
            count = self.pages.print_to(printer)
        except RecordsDeskError as error:
            self._failed(error)
            return
        where = printer.printerName() or printer.outputFileName() or "the printer"
        self.show_status(f"Printed {count} page{'s' if count != 1 else ''} on {where}.")

        def record() -> None:
            self._documents.record_export(
                self._actor,
                self.document.title,
                self.document.mrns,
                f"printer {where} (system print dialog)",
                AuditAction.PRINTED,
            )

        self._runner.run(record, lambda _none: self.printed.emit(where), self._failed)

    def _send_to_queue(self) -> None:
        queue = self.queue.currentText()
        if not queue:
            what = "label" if self.document.raw else "list"
            self.show_status(f"Choose the {what} printer first.", problem=True)
            return
        self.print_button.setEnabled(False)
        self.show_status(f"Sending to {queue}…")

        def sent(job: str) -> None:
            self.print_button.setEnabled(True)
            self.show_status(f"Sent to {queue} (job {job}).")
            self.printed.emit(queue)

        self._runner.run(
            lambda: self._documents.send(self._actor, self.document, queue), sent, self._failed
        )

    @Slot()
    def _on_save_button_clicked(self) -> None:
        suffix, kinds = SUFFIXES.get(self.document.kind, (self.document.kind, "All files (*)"))
        suggested = f"{self.document.title.split(' (')[0].replace(' ', '-').lower()}.{suffix}"
        path = self.ask_path(self, "Save the document", suggested, kinds)
        if not path:
            return
        self.save_button.setEnabled(False)

        def done(_none: None) -> None:
            self.save_button.setEnabled(True)
            self.show_status(f"Saved to {path}.")
            self.saved.emit(path)

        self._runner.run(
            lambda: self._documents.save(self._actor, self.document, path, force=True),
            done,
            self._failed,
        )

    def done(self, result: int) -> None:
        if self.pages is not None:
            self.pages.close()
            self.pages = None
        super().done(result)
