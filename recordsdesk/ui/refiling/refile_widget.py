"""The refile page: the cart in filing order, and a scan that puts each chart back in its slot."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from recordsdesk.domain.errors import RecordsDeskError
from recordsdesk.services.actors import Actor
from recordsdesk.services.desk import Services
from recordsdesk.services.dto import ScanResult
from recordsdesk.services.refiling import CartItem
from recordsdesk.ui.desk.outcomes import who_of
from recordsdesk.ui.message_line import say
from recordsdesk.ui.refiling.cart_model import CartModel
from recordsdesk.ui.scan_input import PageScans, never_widens, page_scanner
from recordsdesk.ui.settings import DeskSettings
from recordsdesk.ui.table_model import read_only_table
from recordsdesk.ui.tasks import TaskRunner


class RefileWidget(QWidget):
    """The to-be-refiled cart; each scan refiles one chart, in the order scanned."""

    cart_shown = Signal(object)
    scan_answered = Signal(object)

    def __init__(
        self,
        services: Services,
        actor: Actor,
        settings: DeskSettings,
        runner: TaskRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("refile")
        self._services = services
        self._actor = actor
        self._settings = settings
        self._runner = runner
        # The patients this page's answers have named: each is recorded read once.
        self.named: set[str] = set()
        self.scans = PageScans(self._refiling_work, self)
        self.scans.answered.connect(self._on_scans_answered)
        self._loaded = False
        self.cart = CartModel(self)
        self._build()
        self.scanner = page_scanner(self, self.scan_field)
        self.scanner.scanned.connect(self._on_scanner_scanned)

    def _build(self) -> None:
        self.count = QLabel("Loading the cart…")
        self.count.setObjectName("cartCount")
        self.count.setStyleSheet("font-size: 16pt; font-weight: 700; color: #0D47A1;")
        self.refresh_button = QPushButton("Refresh  [F5]")
        self.refresh_button.clicked.connect(self.show_cart)
        self.scan_field = QLineEdit()
        self.scan_field.setObjectName("scanField")
        self.scan_field.setPlaceholderText("Scan each chart as you put it back in its slot")
        self.scan_field.returnPressed.connect(self._on_scan_field_return_pressed)
        self.message = QLabel()
        self.message.setObjectName("actionMessage")
        self.message.setWordWrap(True)
        never_widens(self.message)
        self.table = read_only_table(self.cart)

        top = QHBoxLayout()
        top.addWidget(self.count, 1)
        top.addWidget(self.refresh_button)
        scan_row = QHBoxLayout()
        caption = QLabel("Scan")
        caption.setObjectName("caption")
        scan_row.addWidget(caption)
        scan_row.addWidget(self.scan_field, 1)
        hint = QLabel("The cart in filing order: walk the shelves from the top of the list.")
        hint.setStyleSheet("color: #546E7A;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.setSpacing(8)
        layout.addLayout(top)
        layout.addLayout(scan_row)
        layout.addWidget(self.message)
        layout.addWidget(hint)
        layout.addWidget(self.table, 1)
        self.setFocusProxy(self.scan_field)
        self.show_message("")
        shortcut = QShortcut(QKeySequence("F5"), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.show_cart)

    def show_message(self, text: str, problem: bool = False) -> None:
        say(self.message, text, problem)

    # The cart -------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._loaded:
            self._loaded = True
            self.show_cart()

    @Slot()
    def show_cart(self) -> None:
        """Load the cart again: returned charts not yet refiled, in filing order."""
        self._runner.run_newest(
            self,
            "cart",
            lambda: self._services.refiling.cart(self._actor),
            self._on_cart,
            self._on_cart_failed,
        )

    def _on_cart(self, items: list[CartItem]) -> None:
        self.cart.set_rows(items)
        n = len(items)
        if n:
            self.count.setText(f"{n} chart{'s' if n != 1 else ''} on the cart to refile")
        else:
            self.count.setText("The cart is empty: nothing to refile.")
        self.cart_shown.emit(items)

    def _on_cart_failed(self, error: RecordsDeskError) -> None:
        self.count.setText("The cart could not be loaded.")
        self.show_message(error.message, problem=True)
        self.cart_shown.emit(None)

    # Refiling by scanning -------------------------------------------------------------------

    def submit_scan(self, raw: str) -> None:
        """A chart scanned as put back: refiled, one after another in the order scanned."""
        self.scans.submit(raw)

    def _refiling_work(self, text: str) -> Callable[[], ScanResult]:
        named = self.named
        return lambda: self._services.refiling.refile(self._actor, text, named)

    def _on_scans_answered(self, result: ScanResult) -> None:
        # The service's answers name the chart; a scan it could not read is named here.
        said = (
            result.message if result.scan in result.message else f"{result.scan}: {result.message}"
        )
        who = who_of(result)  # the folder in hand is checked against the name on screen
        self.show_message(f"{who} — {said}" if who else said, problem=not result.ok)
        self.scan_answered.emit(result)
        if not self.scans.pending:
            self.show_cart()

    @Slot()
    def _on_scan_field_return_pressed(self) -> None:
        text = self.scan_field.text()
        self.scan_field.clear()
        self.submit_scan(text)

    @Slot(str, object)
    def _on_scanner_scanned(self, text: str, _field: object) -> None:
        self.submit_scan(text)
