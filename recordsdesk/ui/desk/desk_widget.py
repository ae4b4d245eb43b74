"""The circulation desk window: draws the desk model and feeds it the clerk's input.

Mode, destination, scans, answers, undo and counts live in ``DeskModel`` (plain Python);
what a scan is, is read by the services. This widget lays out, forwards keys and scans,
and posts the model's jobs, in order, to the one scan queue.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal, Slot
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

from recordsdesk.domain.circulation import DeskMode, Outcome
from recordsdesk.services.actors import Actor
from recordsdesk.services.circulation import CirculationService
from recordsdesk.services.dto import ScanResult
from recordsdesk.services.locations import LocationService
from recordsdesk.services.scanning import DeskAnswer, DeskSession, ScanTarget
from recordsdesk.ui.desk.desk_model import DeskModel, Job, ScanRow, apply
from recordsdesk.ui.desk.destination import DestinationWidget, LocationListModel
from recordsdesk.ui.desk.feedback import FeedbackWidget
from recordsdesk.ui.desk.modes import key_of
from recordsdesk.ui.desk.outcomes import Tone
from recordsdesk.ui.desk.scan_list_model import ScanListModel
from recordsdesk.ui.desk.scan_queue import ScanQueue
from recordsdesk.ui.desk.scanner import ScannerFilter, Target
from recordsdesk.ui.desk.sounds import Sound, Sounder
from recordsdesk.ui.fitting import flow_row
from recordsdesk.ui.input_watch import InputWatch
from recordsdesk.ui.settings import DeskSettings
from recordsdesk.ui.steady_text import SteadyText
from recordsdesk.ui.tasks import TaskRunner

# Longest the list waits to be painted while a scan is being saved (see _hold_list).
HOLD_MS = 150
SOUNDS = {Tone.DONE: Sound.SUCCESS, Tone.WARNING: Sound.WARNING, Tone.PROBLEM: Sound.PROBLEM}


class DeskWidget(QWidget):
    """Reads scans wherever the focus is on the desk, and shows every answer."""

    mode_changed = Signal(object)
    scan_shown = Signal(object)  # the ScanRow just answered, once all of it is drawn

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
        self.database_down = False
        mode = DeskMode.parse(settings.last_mode)
        self.model = DeskModel(mode)
        self._session = DeskSession(circulation, locations, actor, mode)
        self._shown_mode = mode

        self.locations = LocationListModel(locations, actor, runner, self)
        self.table_model = ScanListModel(self.model, self)
        self.queue = ScanQueue(probe, probe_ms, self)
        self.queue.answered.connect(self._on_queue_answered)
        self.queue.failed.connect(self._on_queue_failed)
        self.queue.database_lost.connect(self._on_queue_database_lost)
        self.queue.database_restored.connect(self._on_queue_database_restored)
        self._build()
        self._list_held = False
        self._hold_timer = QTimer(self)
        self._hold_timer.setSingleShot(True)
        self._hold_timer.setInterval(HOLD_MS)
        self._hold_timer.timeout.connect(self._release_list)
        self.model.dispatch = self._dispatch
        self.model.events.state_changed.connect(self._draw_state)
        self.model.events.answered.connect(self._on_model_answered)
        self.scanner = ScannerFilter(self._classify, self.scan_field, parent=self)
        self.scanner.scanned.connect(self._on_scanner_scanned)
        self._input = InputWatch.of()
        if self._input is not None:
            self._input.add_keys(self.scanner)
        self._shortcuts()
        self._draw_state()
        self.locations.reload()
        if settings.last_destination:
            self.model.choose_destination(settings.last_destination)

    # Layout -----------------------------------------------------------------------------

    def _build(self) -> None:
        self.banner = QLabel()
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)
        self.banner.hide()
        self.mode_buttons: dict[DeskMode, QPushButton] = {}
        group = QButtonGroup(self)
        mode_row: list[QWidget] = []
        for number, mode in enumerate(DeskMode):
            button = QPushButton(f"{mode.label}  [{key_of(mode)}]")
            button.setObjectName("modeButton")
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            group.addButton(button, number)
            self.mode_buttons[mode] = button
            mode_row.append(button)
        group.idClicked.connect(self._on_mode_group_id_clicked)
        self.undo_button = QPushButton("Undo  [Ctrl+Z]")
        self.sound_button = QPushButton()
        self.sound_button.setCheckable(True)
        for button in (self.undo_button, self.sound_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        # The modes on the left, undo and sound on the right; on a narrow screen they wrap.
        modes = QHBoxLayout()
        modes.addWidget(flow_row(*mode_row), 1)
        modes.addWidget(flow_row(self.undo_button, self.sound_button), 0, Qt.AlignmentFlag.AlignTop)
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
        self.tally = SteadyText()  # changes every scan: repaints itself, moves nothing
        self.tally.setObjectName("deskTally")
        self.newest_button = QPushButton("Jump to newest  [Home]")
        self.newest_button.setObjectName("newestButton")
        self.newest_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.newest_button.clicked.connect(self._on_newest_button_clicked)
        self.newest_button.hide()
        tally_row = QHBoxLayout()
        tally_row.addWidget(self.tally, 1)
        tally_row.addWidget(self.newest_button)

        self.table = QTableView()
        self.table.setObjectName("scanList")
        self.table.setModel(self.table_model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        # Fixed widths: fitting columns to their contents re-measures every row on every scan.
        bold = QFont(self.font())
        bold.setPointSizeF(max(bold.pointSizeF(), 11.0))
        bold.setBold(True)
        metrics = QFontMetrics(bold)
        samples = (
            "00:00:00",
            "C-CHECKOUT",
            "PROBLEM: Wrong kind of code",
            "MARTINEZ, Łukasz · Vol 12",
        )
        for column, sample in enumerate(samples):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, metrics.horizontalAdvance(sample) + 28)
        header.setStretchLastSection(True)
        self.table_model.rowsInserted.connect(self._on_table_model_rows_inserted)
        self.table.verticalScrollBar().valueChanged.connect(self._on_scroll_value_changed)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.setSpacing(8)
        layout.addWidget(self.banner)
        layout.addLayout(modes)
        layout.addWidget(self.destination)
        layout.addLayout(scan_row)
        layout.addWidget(self.feedback)
        layout.addLayout(tally_row)
        layout.addWidget(self.table, 1)
        self.setFocusProxy(self.scan_field)

    def _shortcuts(self) -> None:
        def bind(keys: str | QKeySequence.StandardKey, slot: Callable[[], None]) -> None:
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

        for mode in DeskMode:
            bind(key_of(mode), partial(self.set_mode, mode))
        bind("Ctrl+Z", self.undo)
        bind("Ctrl+M", self.sound_button.toggle)
        bind("F6", self._focus_destination)
        bind("Home", self.jump_to_newest)
        bind("Esc", self.clear_scan_field)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is not self.scan_field or not isinstance(event, QKeyEvent):
            return False
        # Ctrl+Z in the scan field is the desk's Undo, not the field's text undo; Home is the
        # desk's jump to the newest answer, not the field's cursor key.
        if event.type() == QEvent.Type.ShortcutOverride and (
            event.matches(QKeySequence.StandardKey.Undo) or event.key() == Qt.Key.Key_Home
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
        if popup is not None and (watched is popup or popup.isAncestorOf(watched)):
            return Target.TEXT, self.destination.field
        if watched.window() is not self.window():
            return Target.OUTSIDE, None
        focus = QApplication.focusWidget()
        if focus is not None and focus is not watched and watched.isAncestorOf(focus):
            return Target.OUTSIDE, None  # the event is climbing up from its real receiver
        if isinstance(watched, QLineEdit):
            return Target.TEXT, watched
        return Target.OTHER, None

    # What the clerk does ------------------------------------------------------------------

    @property
    def mode(self) -> DeskMode:
        return self.model.mode

    @property
    def destination_code(self) -> str:
        place = self.model.destination
        return "" if place is None else place.code

    def set_mode(self, mode: DeskMode) -> None:
        """Switch the desk to ``mode`` (applied after the scans read before it)."""
        self.model.choose_mode(mode)
        self.focus_scan_field()

    def undo(self) -> None:
        """Undo the last movement made at this desk, by a correcting movement."""
        self.model.undo()
        self.focus_scan_field()

    def submit_scan(self, raw: str, target: ScanTarget = ScanTarget.SCAN) -> None:
        """One scan as read, raw: the services say whether it is a command, place or chart."""
        self.model.scan(raw, target)

    def clear_scan_field(self) -> None:
        """Esc: empty the scan field (what a stray key left there) and put the focus in it."""
        self.scan_field.clear()
        self.scanner.burst.reset()
        self.focus_scan_field()

    def focus_scan_field(self) -> None:
        self.scan_field.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _focus_destination(self) -> None:
        if self.mode.needs_destination:
            self.destination.field.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _dispatch(self, job: Job) -> None:
        session = self._session
        self._hold_list()
        self.queue.post(job.seq, lambda: apply(session, job))

    def _hold_list(self) -> None:
        """Add and paint the scan's row once the answer is in, not while the worker saves it.

        Adding a row sets the view and the window's layout working (Python is called for
        the wrapping rows of buttons), and painting calls into Python too; doing either while
        the worker runs the scan's Python makes both wait on each other (measured in
        ``benchmarks/bench_desk_window.py``). Held at most ``HOLD_MS``: a slow answer still
        shows its row saving.
        """
        if not self._list_held:
            self._list_held = True
            self.table_model.hold()
            self.table.setUpdatesEnabled(False)
        self._hold_timer.start()

    def _release_list(self) -> None:
        if self._list_held:
            self._list_held = False
            self._hold_timer.stop()
            self.table_model.release()
            # Lay the new rows out now: the view's own delayed layout would come after the
            # first paint and paint the window a second time.
            self.table.doItemsLayout()
            self.table.setUpdatesEnabled(True)

    def jump_to_newest(self) -> None:
        """Bring the newest answer into view; the list follows new answers again."""
        self.table.scrollToTop()
        self.newest_button.hide()

    @Slot()
    def _on_scan_field_return_pressed(self) -> None:
        text = self.scan_field.text()
        self.scan_field.clear()
        self.submit_scan(text)

    @Slot(str, object)
    def _on_scanner_scanned(self, text: str, field: object) -> None:
        target = ScanTarget.DESTINATION if field is self.destination.field else ScanTarget.SCAN
        self.submit_scan(text, target)

    @Slot(str)
    def _on_destination_destination_entered(self, typed: str) -> None:
        self.model.choose_destination(typed)
        self.focus_scan_field()

    @Slot(int)
    def _on_mode_group_id_clicked(self, number: int) -> None:
        self.set_mode(list(DeskMode)[number])

    @Slot()
    def _on_undo_button_clicked(self) -> None:
        self.undo()

    @Slot()
    def _on_newest_button_clicked(self) -> None:
        self.jump_to_newest()

    @Slot(bool)
    def _on_sound_button_toggled(self, on: bool) -> None:
        self._sounder.muted = not on
        self._settings.sound_on = on
        self.sound_button.setText(("Sound on" if on else "Muted") + "  [Ctrl+M]")

    # Answers --------------------------------------------------------------------------------

    @Slot(int, object)
    def _on_queue_answered(self, seq: int, answer: DeskAnswer) -> None:
        self._shown(self.model.answer(seq, answer))

    @Slot(int, object, str)
    def _on_queue_failed(self, seq: int, outcome: Outcome, message: str) -> None:
        row = next((r for r in reversed(self.model.rows) if r.seq == seq), None)
        result = ScanResult(row.scan if row is not None else "", False, outcome, message)
        answer = DeskAnswer(result, self.model.mode, self.model.destination)
        self._shown(self.model.answer(seq, answer))

    def _shown(self, row: ScanRow | None) -> None:
        # Said once the whole answer is drawn: its row, the answer panel and the counts.
        if row is not None:
            self.scan_shown.emit(row)

    def _on_model_answered(self, row: ScanRow) -> None:
        if not self.model.pending:
            self._release_list()
        result = row.result
        assert result is not None
        tone, who, details = row.tone, row.who, row.details
        self.feedback.show_answer(tone, row.title, f"{who}\n{details}" if who else details)
        if tone in SOUNDS:
            self._sounder.play(SOUNDS[tone])
        if result.outcome is Outcome.DESTINATION and self.model.destination is not None:
            self._settings.last_destination = self.model.destination.code

    def _draw_state(self) -> None:
        model = self.model
        mode = model.mode
        self.mode_buttons[mode].setChecked(True)
        self.destination.setEnabled(mode.needs_destination)
        self.destination.show_text(model.destination_text, model.destination is None)
        self.tally.setText(model.tally_text)
        if mode is not self._shown_mode:
            self._shown_mode = mode
            self.scan_field.setPlaceholderText(
                "Scan charts to return them home"
                if mode is DeskMode.RETURN
                else f"Scan charts to {mode.label.lower()}"
            )
            self._settings.last_mode = mode.value
            self.mode_changed.emit(mode)
        elif not self.scan_field.placeholderText():
            self.scan_field.setPlaceholderText(f"Scan charts to {mode.label.lower()}")

    # The list follows new answers, unless the clerk is reading older ones ----------------

    def _on_table_model_rows_inserted(self, _parent: object, first: int, last: int) -> None:
        bar = self.table.verticalScrollBar()
        if bar.value() == 0:
            return  # at the top: the newest stays in view
        # Reading older rows: keep them still, and offer the way back to the newest.
        added = last - first + 1
        if self.table.verticalScrollMode() == QAbstractItemView.ScrollMode.ScrollPerPixel:
            added *= self.table.verticalHeader().defaultSectionSize()
        bar.setMaximum(bar.maximum() + added)  # the view grows its range later: not yet
        bar.setValue(bar.value() + added)
        self.newest_button.show()

    def _on_scroll_value_changed(self, value: int) -> None:
        if value == 0:
            self.newest_button.hide()

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
        if self._input is not None:
            self._input.remove_keys(self.scanner)
        self.queue.stop()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)
