"""The main window: a navigation of work areas, the area shown, who and where in the status bar."""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from recordsdesk.ui.desk.desk_widget import DeskWidget
from recordsdesk.ui.pages import Page, PageContext, default_pages


class MainWindow(QMainWindow):
    """The navigation on the left, the chosen work area on the right."""

    def __init__(
        self,
        context: PageContext,
        pages: tuple[Page, ...] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._context = context
        actor = context.actor
        self.setWindowTitle(f"RecordsDesk — {actor.username} at {actor.workstation}")
        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setFixedWidth(150)
        self.stack = QStackedWidget()
        self.pages: dict[str, QWidget] = {}
        for page in pages if pages is not None else default_pages():
            if page.permission is not None and not actor.may(page.permission):
                continue
            widget = page.build(context)
            self.pages[page.key] = widget
            self.stack.addWidget(widget)
            item = QListWidgetItem(f"{page.title}\n{page.shortcut}")
            item.setData(Qt.ItemDataRole.UserRole, page.key)
            self.navigation.addItem(item)
            shortcut = QShortcut(QKeySequence(page.shortcut), self)
            shortcut.activated.connect(lambda key=page.key: self.show_page(key))
        self.navigation.currentRowChanged.connect(self._on_navigation_current_row_changed)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.navigation)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self._status(context)
        QShortcut(QKeySequence("Ctrl+Q"), self).activated.connect(self.close)
        geometry = context.settings.geometry
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1280, 800)
        self.navigation.setCurrentRow(0)

    def _status(self, context: PageContext) -> None:
        actor = context.actor
        bar = self.statusBar()
        self.user_label = QLabel(f"Signed in: {actor.username} ({actor.role.value})")
        self.database_label = QLabel(f"Database: {context.services.db.url}")
        self.database_label.setObjectName("databaseState")
        self.workstation_label = QLabel(f"Workstation: {actor.workstation}")
        bar.addWidget(self.user_label)
        bar.addWidget(self.database_label, 1)
        bar.addPermanentWidget(self.workstation_label)
        desk = self.pages.get("desk")
        if isinstance(desk, DeskWidget):
            desk.queue.database_lost.connect(self._on_desk_database_lost)
            desk.queue.database_restored.connect(self._on_desk_database_restored)

    def show_page(self, key: str) -> None:
        """Bring the work area ``key`` forward."""
        for row in range(self.navigation.count()):
            if self.navigation.item(row).data(Qt.ItemDataRole.UserRole) == key:
                self.navigation.setCurrentRow(row)
                return

    @property
    def current_page(self) -> QWidget | None:
        return self.stack.currentWidget()

    @Slot(int)
    def _on_navigation_current_row_changed(self, row: int) -> None:
        if row < 0:
            return
        self.stack.setCurrentIndex(row)
        page = self.stack.currentWidget()
        if page is not None:
            page.setFocus(Qt.FocusReason.OtherFocusReason)

    @Slot(str)
    def _on_desk_database_lost(self, message: str) -> None:
        self.database_label.setText(f"Database: UNREACHABLE · {self._context.services.db.url}")
        self._set_down(True)

    @Slot()
    def _on_desk_database_restored(self) -> None:
        self.database_label.setText(f"Database: {self._context.services.db.url}")
        self._set_down(False)

    def _set_down(self, down: bool) -> None:
        self.database_label.setProperty("down", down)
        self.database_label.style().unpolish(self.database_label)
        self.database_label.style().polish(self.database_label)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._context.settings.geometry = self.saveGeometry()
        self._context.settings.sync()
        for widget in self.pages.values():
            if isinstance(widget, DeskWidget):
                widget.shutdown()
        self._context.runner.wait()
        super().closeEvent(event)
