"""The desk as plain Python: mode, destination, pending and answered scans, undo and counts.

The desk window only draws this model and feeds it input (as napari's ``QtDims`` draws its
``Dims``); everything the desk does can be tested without Qt. The model turns what the
clerk does into ``Job``s, in order; one worker applies them to a ``DeskSession`` (``apply``)
and hands each ``DeskAnswer`` back to ``answer``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from enum import Enum
from functools import cached_property
from itertools import count
from typing import Any

from recordsdesk.domain.circulation import DeskMode, Outcome
from recordsdesk.services.dto import LocationInfo, ScanResult
from recordsdesk.services.scanning import DeskAnswer, DeskSession, ScanTarget
from recordsdesk.ui.desk.outcomes import Tone, details_of, shorten, title_of, tone_of, who_of

MAX_ROWS = 5000
_SETUP = frozenset({Outcome.MODE, Outcome.DESTINATION})


class Action(Enum):
    """What a job asks of the desk session."""

    SCAN = "scan"
    MODE = "mode"
    DESTINATION = "destination"
    UNDO = "undo"


@dataclass(frozen=True)
class Job:
    """One thing the clerk did, numbered in the order done."""

    seq: int
    action: Action
    raw: str = ""
    target: ScanTarget = ScanTarget.SCAN
    mode: DeskMode | None = None


def apply(session: DeskSession, job: Job) -> DeskAnswer:
    """Run ``job`` against the session (on the desk's one worker, in job order)."""
    if job.action is Action.SCAN:
        return session.scan(job.raw, job.target)
    if job.action is Action.MODE:
        assert job.mode is not None
        return session.choose_mode(job.mode)
    if job.action is Action.DESTINATION:
        return session.choose_destination(job.raw)
    return session.undo()


@dataclass(frozen=True)
class ScanRow:
    """One line of the list: what was read, and its answer once it has come back."""

    seq: int
    at: datetime
    mode: str
    scan: str
    result: ScanResult | None = None
    undone: bool = False

    # What the row shows, worked out once for each answer (the list, the answer panel and the
    # counts all ask): a row is never changed, only replaced.

    @cached_property
    def tone(self) -> Tone:
        return Tone.PENDING if self.result is None else tone_of(self.result)

    @cached_property
    def title(self) -> str:
        return "Saving…" if self.result is None else title_of(self.result)

    @cached_property
    def shown_scan(self) -> str:
        return shorten(self.scan)

    @cached_property
    def who(self) -> str:
        return "" if self.result is None else who_of(self.result)

    @cached_property
    def details(self) -> str:
        if self.result is None:
            return "Waiting for the database."
        text = details_of(self.result)
        return f"(undone) {text}" if self.undone else text


@dataclass(frozen=True)
class Tally:
    """Answers counted by tone."""

    done: int = 0
    check: int = 0
    problem: int = 0

    def add(self, tone: Tone) -> Tally:
        done, check, problem = self.done, self.check, self.problem
        if tone is Tone.DONE:
            return Tally(done + 1, check, problem)
        if tone is Tone.WARNING:
            return Tally(done, check + 1, problem)
        return Tally(done, check, problem + 1)

    @property
    def total(self) -> int:
        return self.done + self.check + self.problem


class Event:
    """A plain event: callables connected to it are called with what it is emitted with."""

    def __init__(self) -> None:
        self._listeners: list[Callable[..., None]] = []

    def connect(self, listener: Callable[..., None]) -> None:
        self._listeners.append(listener)

    def emit(self, *args: Any) -> None:
        for listener in tuple(self._listeners):
            listener(*args)


class DeskEvents:
    """What a view of the desk listens to."""

    def __init__(self) -> None:
        self.row_added = Event()  # (row)
        self.rows_dropped = Event()  # (how many of the oldest)
        self.row_changed = Event()  # (position from the oldest, row)
        self.answered = Event()  # (row): a job's answer has come back
        self.state_changed = Event()  # (): mode, destination or counts


class DeskModel:
    """The desk's state; ``rows`` oldest first."""

    def __init__(
        self,
        mode: DeskMode = DeskMode.CHECK_OUT,
        clock: Callable[[], datetime] = lambda: datetime.now().astimezone(),
    ) -> None:
        self.events = DeskEvents()
        # Where each new job goes to be applied (the desk's worker), called as the job is
        # made and before its row is shown: drawing it must not delay the work.
        self.dispatch: Callable[[Job], None] | None = None
        self.mode = mode
        self.destination: LocationInfo | None = None
        self.destination_pending = ""
        self.rows: list[ScanRow] = []
        self.pending: set[int] = set()
        self.tally = Tally()
        self.since_mode = Tally()
        self.undoable: list[int] = []  # movements this desk made, newest last, not undone
        self._clock = clock
        self._seq = count(1)
        # The last job that set the mode (or destination) by the clerk's own hand: answers
        # to scans read before it must not undo what the window already shows.
        self._mode_set_at = 0
        self._destination_set_at = 0

    # Input ----------------------------------------------------------------------------------

    def scan(self, raw: str, target: ScanTarget = ScanTarget.SCAN) -> Job | None:
        """A scan as read (raw text); None if there was nothing in it."""
        if not raw.strip():
            return None
        return self._job(Action.SCAN, raw.strip(), raw, target=target)

    def choose_mode(self, mode: DeskMode) -> Job:
        """The clerk switched the mode (a key or a button): shown at once, applied in order."""
        job = self._job(Action.MODE, mode.label, mode.label, mode=mode)
        self._mode_set_at = job.seq
        self._set_mode(mode)
        self.events.state_changed.emit()
        return job

    def choose_destination(self, typed: str) -> Job | None:
        """A destination typed or picked in the Destination field."""
        if not typed.strip():
            return None
        job = self._job(Action.DESTINATION, typed.strip(), typed)
        self._destination_set_at = job.seq
        self.destination_pending = typed.strip()
        self.events.state_changed.emit()
        return job

    def undo(self) -> Job:
        """Undo the desk's last move (applied after every scan read before it)."""
        return self._job(Action.UNDO, "Undo", "Undo")

    def _job(
        self,
        action: Action,
        shown: str,
        raw: str,
        target: ScanTarget = ScanTarget.SCAN,
        mode: DeskMode | None = None,
    ) -> Job:
        job = Job(next(self._seq), action, raw, target, mode)
        self.pending.add(job.seq)
        if self.dispatch is not None:
            self.dispatch(job)  # on its way to the worker before anything is drawn
        label = "Destination" if action is Action.DESTINATION else self.mode.label
        row = ScanRow(job.seq, self._clock(), label, shown)
        self.rows.append(row)
        self.events.row_added.emit(row)
        if len(self.rows) > MAX_ROWS:
            drop = len(self.rows) - MAX_ROWS  # the oldest fall off; the ledger keeps them
            del self.rows[:drop]
            self.events.rows_dropped.emit(drop)
        return job

    # Answers --------------------------------------------------------------------------------

    def answer(self, seq: int, answer: DeskAnswer) -> ScanRow | None:
        """The answer to job ``seq``; the row as now shown (None if it has fallen off)."""
        self.pending.discard(seq)
        result = answer.result
        if seq >= self._mode_set_at and answer.mode is not self.mode:
            self._set_mode(answer.mode)
        if seq >= self._destination_set_at:
            self.destination = answer.destination
            self.destination_pending = ""
        if answer.undid is not None:
            self._mark_undone(answer.undid)
        moved = result.ok and result.movement_id is not None and answer.undid is None
        if moved and result.outcome is not Outcome.FOUND:
            assert result.movement_id is not None
            self.undoable.append(result.movement_id)
        row = self._update(seq, result)
        tone = tone_of(result) if row is None else row.tone
        if result.outcome not in _SETUP or not result.ok:
            self.tally = self.tally.add(tone)
            self.since_mode = self.since_mode.add(tone)
        if row is not None:
            self.events.answered.emit(row)
        self.events.state_changed.emit()
        return row

    def _set_mode(self, mode: DeskMode) -> None:
        if mode is not self.mode:
            self.since_mode = Tally()
        self.mode = mode

    def _position(self, seq: int) -> int | None:
        # Sequence numbers only grow, so the rows are sorted by seq: search from the end.
        for position in range(len(self.rows) - 1, -1, -1):
            if self.rows[position].seq == seq:
                return position
            if self.rows[position].seq < seq:
                return None
        return None

    def _update(self, seq: int, result: ScanResult) -> ScanRow | None:
        position = self._position(seq)
        if position is None:
            return None
        row = replace(self.rows[position], result=result)
        self.rows[position] = row
        self.events.row_changed.emit(position, row)
        return row

    def _mark_undone(self, movement_id: int) -> None:
        if movement_id in self.undoable:
            self.undoable.remove(movement_id)
        for position in range(len(self.rows) - 1, -1, -1):
            result = self.rows[position].result
            if result is not None and result.movement_id == movement_id:
                row = replace(self.rows[position], undone=True)
                self.rows[position] = row
                self.events.row_changed.emit(position, row)
                return

    # What the window shows ------------------------------------------------------------------

    @property
    def destination_text(self) -> str:
        """Where chart scans go now, in words (Return mode: home, whatever was chosen)."""
        if not self.mode.needs_destination:
            return "→ home to their shelves (Return mode)"
        if self.destination_pending:
            return f"→ {self.destination_pending} (checking…)"
        place = self.destination
        if place is None:
            return "→ no destination yet: scan or type one"
        loan = f", loans {place.loan_hours} h" if place.loan_hours else ""
        return f"→ {place.name} ({place.code}){loan}"

    @property
    def tally_text(self) -> str:
        """The running count: all answers, and those since the mode last changed."""
        t, m = self.tally, self.since_mode
        waiting = f" · {len(self.pending)} saving" if self.pending else ""
        return (
            f"{t.done} done · {t.check} check · {t.problem} problem{waiting}"
            f"   |   since {self.mode.label}: {m.done} done · {m.check} check"
            f" · {m.problem} problem"
        )

    def row_at(self, shown: int) -> ScanRow:
        """The row shown at ``shown`` in a newest-first list (0: the newest)."""
        return self.rows[len(self.rows) - 1 - shown]
