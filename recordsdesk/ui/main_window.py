"""The main window: a navigation of work areas, the area shown, who and where in the status bar."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QProgressDialog,
    QSizePolicy,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from recordsdesk.services.site_settings import SiteSettings
from recordsdesk.ui.about import AboutDialog
from recordsdesk.ui.admin.settings_dialog import SettingsDialog
from recordsdesk.ui.desk.desk_widget import DeskWidget
from recordsdesk.ui.desk.scan_queue import ScanQueue
from recordsdesk.ui.lock import IdleWatch, LockWidget
from recordsdesk.ui.navigation import NavigationList
from recordsdesk.ui.pages import Page, PageContext, default_pages
from recordsdesk.ui.pull_lists.pull_list_widget import PullListWidget
from recordsdesk.ui.requests.requests_widget import RequestsWidget
from recordsdesk.ui.tasks import TaskRunner

SIDEBAR_WIDTH = 200
SIDEBAR_STYLE = """
#sidebar { background: #263238; }
#sidebar QToolButton { color: #ECEFF1; background: #37474F; border: none; border-radius: 4px;
    padding: 6px 8px; font-size: 10pt; }
#sidebar QToolButton:hover { background: #455A64; }
"""


class MainWindow(QMainWindow):
    """The navigation on the left, the chosen work area on the right; locked when left idle."""

    locked = Signal()
    unlocked = Signal()

    def __init__(
        self,
        context: PageContext,
        pages: tuple[Page, ...] | None = None,
        parent: QWidget | None = None,
        idle_clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(parent)
        self._context = context
        actor = context.actor
        self.setWindowTitle(f"RecordsDesk — {actor.username} at {actor.workstation}")
        self.navigation = NavigationList()
        self.stack = QStackedWidget()
        self.pages: dict[str, QWidget] = {}
        for page in pages if pages is not None else default_pages():
            if page.permission is not None and not actor.may(page.permission):
                continue
            widget = page.build(context)
            self.pages[page.key] = widget
            self.stack.addWidget(widget)
            self.navigation.add_area(page.key, page.title, page.shortcut)
            shortcut = QShortcut(QKeySequence(page.shortcut), self)
            shortcut.activated.connect(lambda key=page.key: self.show_page(key))
        self.navigation.currentRowChanged.connect(self._on_navigation_current_row_changed)
        work = QWidget()
        side = QWidget()
        side.setObjectName("sidebar")
        side.setFixedWidth(SIDEBAR_WIDTH)
        side.setStyleSheet(SIDEBAR_STYLE)
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.setSpacing(0)
        side_layout.addWidget(self.navigation, 1)
        side_layout.addWidget(self._menus())
        layout = QHBoxLayout(work)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(side)
        layout.addWidget(self.stack, 1)
        self.work = work
        # Locking, unlocking and signing out are recorded one after another, in the order the
        # clerk did them: they share one single-threaded runner.
        self._session_runner = TaskRunner(threads=1, parent=self)
        self.lock_screen = LockWidget(context.services.users, actor, self._session_runner)
        self.lock_screen.unlocked.connect(self._on_lock_screen_unlocked)
        self.lock_screen.switch_user_requested.connect(self._on_lock_screen_switch_user_requested)
        self.screens = QStackedWidget()
        self.screens.addWidget(work)
        self.screens.addWidget(self.lock_screen)
        self.setCentralWidget(self.screens)
        self.signed_out = False
        self.settings_dialog: SettingsDialog | None = None
        self._idle_minutes = 0.0
        self._framing = ("", "")
        self._disabled: list[QShortcut | QAction] = []
        self._status(context)
        QShortcut(QKeySequence("Ctrl+Q"), self).activated.connect(self.close)
        self.idle = IdleWatch(context.idle_lock_ms or 10 * 60_000, self, clock=idle_clock)
        self.idle.went_idle.connect(self._on_idle_went_idle)
        if context.idle_lock_ms is not None:
            self._idle_minutes = context.idle_lock_ms / 60_000
            self.idle.start()
        context.runner.run(
            lambda: context.services.site.settings(actor), self._on_site_settings_loaded
        )
        geometry = context.settings.geometry
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1280, 800)
        self.navigation.setCurrentRow(0)

    def _menus(self) -> QWidget:
        """Window-wide actions (they work from any page) and the buttons under the navigation."""
        self.import_action = QAction("Import schedule…", self)
        self.import_action.setShortcut(QKeySequence("Ctrl+I"))
        self.import_action.triggered.connect(self._on_import_action_triggered)
        self.import_action.setEnabled(isinstance(self.pages.get("pull_lists"), PullListWidget))
        self.settings_action = QAction("Settings", self)
        self.settings_action.setShortcut(QKeySequence("Ctrl+,"))
        self.settings_action.triggered.connect(self._on_settings_action_triggered)
        self.lock_action = QAction("Lock", self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+Shift+L"))
        self.lock_action.triggered.connect(lambda: self.lock(on_request=True))
        self.sign_out_action = QAction("Sign out", self)
        self.sign_out_action.triggered.connect(self._on_lock_screen_switch_user_requested)
        self.about_action = QAction("About", self)
        self.about_action.setShortcut(QKeySequence("F1"))
        self.about_action.triggered.connect(self._on_about_action_triggered)
        box = QWidget()
        box.setObjectName("navigationFoot")
        column = QVBoxLayout(box)
        column.setContentsMargins(8, 4, 8, 8)
        column.setSpacing(4)
        for action, keys in (
            (self.settings_action, "Ctrl+,"),
            (self.lock_action, "Ctrl+Shift+L"),
            (self.sign_out_action, ""),
            (self.about_action, "F1"),
        ):
            self.addAction(action)
            # The button shows the action's icon text: the hint is kept there, so that
            # disabling and enabling the action (lock, unlock) does not wipe it.
            action.setIconText(f"{action.text()}  {keys}".strip())
            button = QToolButton()
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            column.addWidget(button)
        self.addAction(self.import_action)
        return box

    @Slot()
    def _on_about_action_triggered(self) -> None:
        AboutDialog(self._context.services.db.url, self).exec()

    def _status(self, context: PageContext) -> None:
        actor = context.actor
        bar = self.statusBar()
        self.user_label = QLabel(f"Signed in: {actor.username} ({actor.role.value})")
        self.database_label = QLabel(self._database_text(context))
        self.database_label.setObjectName("databaseState")
        self.workstation_label = QLabel(f"Workstation: {actor.workstation}")
        bar.addWidget(self.user_label)
        bar.addWidget(self.database_label, 1)
        bar.addPermanentWidget(self.workstation_label)
        desk = self.pages.get("desk")
        if isinstance(desk, DeskWidget):
            desk.queue.database_lost.connect(self._on_desk_database_lost)
            desk.queue.database_restored.connect(self._on_desk_database_restored)

    @staticmethod
    def _database_text(context: PageContext) -> str:
        db = context.services.db
        return f"Database: {db.url} · {db.protection}"

    def show_page(self, key: str) -> None:
        """Bring the work area ``key`` forward."""
        row = self.navigation.row_of(key)
        if row >= 0:
            self.navigation.setCurrentRow(row)

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
        self.database_label.setText(self._database_text(self._context))
        self._set_down(False)

    def _set_down(self, down: bool) -> None:
        self.database_label.setProperty("down", down)
        self.database_label.style().unpolish(self.database_label)
        self.database_label.style().polish(self.database_label)

    # Idle lock ---------------------------------------------------------------------------

    @property
    def is_locked(self) -> bool:
        return self.screens.currentWidget() is self.lock_screen

    def _on_site_settings_loaded(self, settings: SiteSettings) -> None:
        self._framing = (settings.scanner.prefix, settings.scanner.suffix)
        if self._context.idle_lock_ms is not None:
            return  # an idle time given at start (tests) stands
        self._idle_minutes = settings.idle_lock_minutes
        self.idle.set_interval(settings.idle_lock_minutes * 60_000)
        if not self.is_locked:
            self.idle.start()

    @Slot()
    def _on_idle_went_idle(self) -> None:
        self.lock()

    def lock(self, on_request: bool = False) -> None:
        """Hide every page behind the lock screen; scans and shortcuts stop until unlocked."""
        if self.is_locked:
            return
        self.idle.stop()
        for dialog in self.findChildren(QDialog):
            if dialog.isVisible() and not isinstance(dialog, QProgressDialog):
                dialog.reject()
        self._disabled = [
            item
            for item in self.findChildren(QObject)
            if isinstance(item, QShortcut | QAction) and item.isEnabled()
        ]
        for item in self._disabled:
            item.setEnabled(False)
        self.navigation.setEnabled(False)
        self.screens.setCurrentWidget(self.lock_screen)
        self.lock_screen.start(0 if on_request else self._idle_minutes)
        actor, users = self._context.actor, self._context.services.users
        self._session_runner.run(lambda: users.desk_locked(actor), _ignore, _ignore)
        self.locked.emit()

    @Slot()
    def _on_lock_screen_unlocked(self) -> None:
        for item in self._disabled:
            item.setEnabled(True)
        self._disabled = []
        self.navigation.setEnabled(True)
        self.screens.setCurrentWidget(self.work)
        page = self.stack.currentWidget()
        if page is not None:
            page.setFocus(Qt.FocusReason.OtherFocusReason)
        self.idle.start()
        self.unlocked.emit()

    @Slot()
    def _on_lock_screen_switch_user_requested(self) -> None:
        """Sign out (recorded) and close; the application asks who is next."""
        actor, users = self._context.actor, self._context.services.users
        self.lock_screen.switch_button.setEnabled(False)

        def done(_value: object) -> None:
            self.signed_out = True
            self.close()

        self._session_runner.run(lambda: users.sign_out(actor), done, done)

    # Menu actions -------------------------------------------------------------------------

    @Slot()
    def _on_import_action_triggered(self) -> None:
        page = self.pages.get("pull_lists")
        if isinstance(page, PullListWidget):
            self.show_page("pull_lists")
            page.import_button.click()

    @Slot()
    def _on_settings_action_triggered(self) -> None:
        services = self._context.services
        dialog = SettingsDialog(
            self._context.settings,
            self,
            read=services.circulation.read,
            runner=self._context.runner,
            framing=self._framing,
        )
        dialog.accepted.connect(self._on_settings_dialog_accepted)
        self.settings_dialog = dialog
        dialog.open()

    @Slot()
    def _on_settings_dialog_accepted(self) -> None:
        desk = self.pages.get("desk")
        if isinstance(desk, DeskWidget):
            desk.sound_button.setChecked(self._context.settings.sound_on)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.idle.remove()
        self._context.settings.geometry = self.saveGeometry()
        self._context.settings.sync()
        for widget in self.pages.values():
            if isinstance(widget, DeskWidget | RequestsWidget):
                widget.shutdown()
        # Every page's scans read before the window closed are answered, and saved, first.
        for scans in self.findChildren(ScanQueue):
            scans.stop()
        self._context.runner.wait()
        super().closeEvent(event)


def _ignore(_value: object) -> None:
    """A record the window asks for and need not wait on (the desk locked)."""
