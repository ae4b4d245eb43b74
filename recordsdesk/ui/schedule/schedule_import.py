"""Schedule files imported one after another on the task runner; cancel stops between files."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from recordsdesk.domain.errors import RecordsDeskError
from recordsdesk.services.actors import Actor
from recordsdesk.services.schedule import ImportReport, ScheduleService
from recordsdesk.ui.tasks import TaskRunner


@dataclass(frozen=True)
class FileOutcome:
    """One file: its report, or why none of it was imported."""

    name: str
    report: ImportReport | None
    error: str = ""


class ScheduleImport(QObject):
    """Imports ``paths`` in order; ``progressed`` before each file, ``finished`` at the end."""

    progressed = Signal(int, int, str)
    finished = Signal(object)

    def __init__(
        self,
        schedule: ScheduleService,
        actor: Actor,
        runner: TaskRunner,
        paths: list[str],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._schedule = schedule
        self._actor = actor
        self._runner = runner
        self.paths = list(paths)
        self.outcomes: list[FileOutcome] = []
        self.cancelled = False
        self.running = False

    def start(self) -> None:
        """Import the first file; the rest follow, one at a time."""
        self.running = True
        self._next()

    def cancel(self) -> None:
        """Stop after the file being imported (a file is imported whole or not at all)."""
        self.cancelled = True

    def _next(self) -> None:
        done = len(self.outcomes)
        if self.cancelled or done == len(self.paths):
            self.running = False
            self.finished.emit(tuple(self.outcomes))
            return
        path = Path(self.paths[done])
        self.progressed.emit(done, len(self.paths), path.name)
        self._runner.run(
            lambda: self._schedule.import_file(self._actor, path, path.name),
            lambda report: self._settled(FileOutcome(path.name, report)),
            lambda error: self._settled(FileOutcome(path.name, None, _message(error))),
        )

    def _settled(self, outcome: FileOutcome) -> None:
        self.outcomes.append(outcome)
        self._next()


def _message(error: RecordsDeskError) -> str:
    return error.message
