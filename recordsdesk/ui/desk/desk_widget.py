"""The circulation desk: mode, destination, scan field, big feedback and the running scan list."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime
from functools import partial
from itertools import count

from PySide6.QtCore import QEvent, QObject, Qt, Signal, Slot
from PySide6.QtGui import QCloseEvent, QFont, QFontMetrics, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QButtonGroup,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from recordsdesk.domain.barcodes import Command, ScanKind, parse_scan
from recordsdesk.domain.errors import InvalidInput
from recordsdesk.services.actors import Actor
from recordsdesk.services.circulation import CirculationService
from recordsdesk.services.dto import ScanResult
from recordsdesk.services.locations import LocationService
from recordsdesk.ui.desk.destination import DestinationWidget, LocationListModel
from recordsdesk.ui.desk.feedback import FeedbackWidget
from recordsdesk.ui.desk.jobs import Answer, DestinationJob, ScanJob, UndoJob
from recordsdesk.ui.desk.modes import DeskMode
from recordsdesk.ui.desk.outcomes import Tone, details_of, title_of
from recordsdesk.ui.desk.scan_list_model import ScanListModel, ScanRow
from recordsdesk.ui.desk.scan_queue import ScanQueue
from recordsdesk.ui.desk.scanner import ScannerFilter, Target
from recordsdesk.ui.desk.sounds import Sound, Sounder
from recordsdesk.ui.settings import DeskSettings
from recordsdesk.ui.tasks import TaskRunner

SOUNDS = {Tone.DONE: Sound.SUCCESS, Tone.WARNING: Sound.WARNING, Tone.PROBLEM: Sound.PROBLEM}
_DESTINATION_KINDS = (ScanKind.LOCATION, ScanKind.PERSON)


class DeskWidget(QWidget):
    """Reads scans in order, hands them to the scan queue, and shows every answer."""

    mode_changed = Signal(object)
    scan_shown = Signal(object)

    def __init__(
        self,
        circulation: CirculationService,
        locations: LocationService,
        probe: Callable[[], object],
        actor: Actor,
        settings: DeskSettings,
        runner: TaskRunner,
        sounder: Sounder,
        probe_ms: int = 2000,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("desk")
        self._settings = settings
        self._sounder = sounder
        self._sounder.muted = not settings.sound_on
        self._seq = count(1)
        self._destination = ""
        self._destination_jobs: dict[int, str] = {}
        self.mode = DeskMode.parse(settings.last_mode)
        self.database_down = False

        self.locations = LocationListModel(locations, runner, self)
        self.model = ScanListModel(self)
        self.queue = ScanQueue(circulation, locations, probe, actor, probe_ms, self)
        self.queue.answered.connect(self._on_queue_answered)
        self.queue.database_lost.connect(self._on_queue_database_lost)
        self.queue.database_restored.connect(self._on_queue_database_restored)
        self._build()
        self.scanner = ScannerFilter(self._classify, self.scan_field, parent=self)
        self.scanner.scanned.connect(self._on_scanner_scanned)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self.scanner)
        self._shortcuts()
        self.set_mode(self.mode)
        self.locations.reload()
        if settings.last_destination:
            self._post_destination(settings.last_destination, settings.last_destination)

    # Layout -----------------------------------------------------------------------------

    def _build(self) -> None:
        self.banner = QLabel()
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)
        self.banner.hide()
        self.mode_buttons: dict[DeskMode, QPushButton] = {}
        group = QButtonGroup(self)
        modes = QHBoxLayout()
        for number, mode in enumerate(DeskMode):
            button = QPushButton(f"{mode.label}  [{mode.key}]")
            button.setObjectName("modeButton")
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            group.addButton(button, number)
            self.mode_buttons[mode] = button
            modes.addWidget(button)
        group.idClicked.connect(self._on_mode_group_id_clicked)
        modes.addStretch(1)
        self.undo_button = QPushButton("Undo  [Ctrl+Z]")
        self.sound_button = QPushButton()
        self.sound_button.setCheckable(True)
        for button in (self.undo_button, self.sound_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            modes.addWidget(button)
        self.undo_button.clicked.connect(self._on_undo_button_clicked)
        self.sound_button.toggled.connect(self._on_sound_button_toggled)
        self.sound_button.setChecked(not self._sounder.muted)
        self._on_sound_button_toggled(not self._sounder.muted)

        self.destination = DestinationWidget(self.locations)
        self.destination.destination_entered.connect(self._on_destination_destination_entered)
        self.scan_field = QLineEdit()
        self.scan_field.setObjectName("scanField")
        self.scan_field.returnPressed.connect(self._on_scan_field_return_pressed)
        self.scan_field.installEventFilter(self)
        scan_row = QHBoxLayout()
        caption = QLabel("Scan")
        caption.setObjectName("caption")
        scan_row.addWidget(caption)
        scan_row.addWidget(self.scan_field, 1)

        self.feedback = FeedbackWidget()
        self.table = QTableView()
        self.table.setObjectName("scanList")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        # Fixed widths: fitting columns to their contents re-measures every row on every scan.
        bold = QFont(self.font())
        bold.setPointSizeF(max(bold.pointSizeF(), 11.0))
        bold.setBold(True)
        metrics = QFontMetrics(bold)
        for column, sample in enumerate(("00:00:00", "C-CHECKOUT", "PROBLEM: Wrong kind of code")):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, metrics.horizontalAdvance(sample) + 28)
        header.setStretchLastSection(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.setSpacing(8)
        layout.addWidget(self.banner)
        layout.addLayout(modes)
        layout.addWidget(self.destination)
        layout.addLayout(scan_row)
        layout.addWidget(self.feedback)
        layout.addWidget(self.table, 1)
        self.setFocusProxy(self.scan_field)

    def _shortcuts(self) -> None:
        def bind(keys: str | QKeySequence.StandardKey, slot: Callable[[], None]) -> None:
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

        for mode in DeskMode:
            bind(mode.key, partial(self.set_mode, mode))
        bind("Ctrl+Z", self.undo)
        bind("Ctrl+M", self.sound_button.toggle)
        bind("F6", self._focus_destination)
        bind("Esc", self.focus_scan_field)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Ctrl+Z in the scan field is the desk's Undo, not the field's text undo.
        if (
            watched is self.scan_field
            and event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.matches(QKeySequence.StandardKey.Undo)
        ):
            event.ignore()
            return True
        return False

    def _classify(self, watched: QObject) -> tuple[Target, QLineEdit | None]:
        """Where a key event is going, from the desk's point of view."""
        if not isinstance(watched, QWidget) or not self.isVisible():
            return Target.OUTSIDE, None
        if watched is self.scan_field:
            return Target.SCAN_FIELD, None
        popup = self.destination.completer.popup()
        if popup is not None and popup.isAncestorOf(watched):
            return Target.TEXT, self.destination.field
        if watched.window() is not self.window():
            return Target.OUTSIDE, None
        focus = QApplication.focusWidget()
        if focus is not None and focus is not watched and watched.isAncestorOf(focus):
            return Target.OUTSIDE, None  # the event is climbing up from its real receiver
        if isinstance(watched, QLineEdit):
            return Target.TEXT, watched
        return Target.OTHER, None

    # Modes, destination, undo ------------------------------------------------------------

    def set_mode(self, mode: DeskMode) -> None:
        """Switch the desk to ``mode``."""
        self.mode = mode
        self.mode_buttons[mode].setChecked(True)
        self.destination.setEnabled(mode.needs_destination)
        self.scan_field.setPlaceholderText(
            "Scan charts to return them home"
            if mode is DeskMode.RETURN
            else f"Scan charts to {mode.label.lower()}"
        )
        self._settings.last_mode = mode.value
        self.mode_changed.emit(mode)
        self.focus_scan_field()

    @property
    def destination_code(self) -> str:
        return self._destination

    def undo(self) -> None:
        """Undo the last movement made at this desk, by a correcting movement."""
        seq = next(self._seq)
        self.model.add(ScanRow(seq, datetime.now().astimezone(), "Undo", "Undo"))
        self.queue.post(UndoJob(seq, "Undo", time.perf_counter()))
        self.focus_scan_field()

    def focus_scan_field(self) -> None:
        self.scan_field.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _focus_destination(self) -> None:
        if self.mode.needs_destination:
            self.destination.field.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _post_destination(self, raw: str, code: str) -> None:
        seq = next(self._seq)
        self._destination = code
        self._destination_jobs[seq] = code
        self.destination.show_pending(code)
        self.model.add(ScanRow(seq, datetime.now().astimezone(), "Destination", raw))
        self.queue.post(DestinationJob(seq, raw, code, time.perf_counter()))

    # Scans ------------------------------------------------------------------------------

    def submit_scan(self, raw: str) -> None:
        """One scan as read: a command, a destination, or a chart for the current mode."""
        text = self._strip_framing(raw).strip()
        if not text:
            return
        try:
            scan = parse_scan(text)
        except InvalidInput:
            scan = None  # the service will say what is wrong with it
        if scan is not None and scan.kind is ScanKind.COMMAND:
            if scan.value == Command.UNDO.value:
                self.undo()
                return
            mode = DeskMode.for_command(scan.value)
            if mode is not None:
                self.set_mode(mode)
                self._answer_here(text, ScanResult(text, True, "mode", f"Mode: {mode.label}."))
                return
        if scan is not None and scan.kind in _DESTINATION_KINDS and self.mode.needs_destination:
            self._post_destination(text, scan.value)
            return
        if self.mode.needs_destination and not self._destination:
            message = "Choose where the charts go first: scan a location barcode or press F6."
            self._answer_here(text, ScanResult(text, False, "no_destination", message))
            return
        seq = next(self._seq)
        self.model.add(ScanRow(seq, datetime.now().astimezone(), self.mode.label, text))
        self.queue.post(ScanJob(seq, text, self.mode, self._destination, time.perf_counter()))

    def _strip_framing(self, raw: str) -> str:
        prefix, suffix = self._settings.scanner_prefix, self._settings.scanner_suffix
        if prefix and raw.startswith(prefix):
            raw = raw[len(prefix) :]
        if suffix and raw.endswith(suffix):
            raw = raw[: -len(suffix)]
        return raw

    def _answer_here(self, text: str, result: ScanResult) -> None:
        """An answer the desk gives itself (a mode command, a missing destination)."""
        seq = next(self._seq)
        self.model.add(ScanRow(seq, datetime.now().astimezone(), self.mode.label, text))
        self._show(Answer(seq, result, time.perf_counter()))

    @Slot()
    def _on_scan_field_return_pressed(self) -> None:
        text = self.scan_field.text()
        self.scan_field.clear()
        self.submit_scan(text)

    @Slot(str)
    def _on_scanner_scanned(self, text: str) -> None:
        self.submit_scan(text)

    @Slot(str)
    def _on_destination_destination_entered(self, code: str) -> None:
        self._post_destination(code, code)
        self.focus_scan_field()

    @Slot(int)
    def _on_mode_group_id_clicked(self, number: int) -> None:
        self.set_mode(list(DeskMode)[number])

    @Slot()
    def _on_undo_button_clicked(self) -> None:
        self.undo()

    @Slot(bool)
    def _on_sound_button_toggled(self, on: bool) -> None:
        self._sounder.muted = not on
        self._settings.sound_on = on
        self.sound_button.setText(("Sound on" if on else "Muted") + "  [Ctrl+M]")

    @Slot(object)
    def _on_queue_answered(self, answer: Answer) -> None:
        code = self._destination_jobs.pop(answer.seq, None)
        if answer.location is not None:
            self.destination.show_place(answer.location)
            self._settings.last_destination = answer.location.code
        elif code is not None and code == self._destination:
            self._destination = ""
            self.destination.show_place(None)
        if answer.undid is not None:
            self.model.mark_undone(answer.undid)
        self._show(answer)

    def _show(self, answer: Answer) -> None:
        row = self.model.answer(answer.seq, answer.result)
        tone = row.tone if row is not None else Tone.PROBLEM
        self.feedback.show_answer(tone, title_of(answer.result), details_of(answer.result))
        if tone in SOUNDS:
            self._sounder.play(SOUNDS[tone])
        self.scan_shown.emit(answer)

    @Slot(str)
    def _on_queue_database_lost(self, message: str) -> None:
        self.database_down = True
        self.banner.setText(
            f"{message} Scans are refused and NOT saved until it is back; "
            "the desk keeps trying by itself."
        )
        self.banner.show()

    @Slot()
    def _on_queue_database_restored(self) -> None:
        self.database_down = False
        self.banner.hide()
        self.feedback.show_answer(Tone.DONE, "Database back", "Scans are saved again.")
        self.locations.reload()

    # Shutdown ---------------------------------------------------------------------------

    def shutdown(self) -> None:
        """Finish the queued scans, then stop the worker and the scanner filter."""
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self.scanner)
        self.queue.stop()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)
