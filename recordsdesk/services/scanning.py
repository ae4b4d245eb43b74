"""A desk's scans, read once and applied in order: commands, destinations and charts.

The window hands each scan over as raw text; what it is (a command, a place, a chart) is
decided here, by the site's one reading of a scan (``CirculationService.read``), never by
the window. A ``DeskSession`` is used from one thread, the desk's worker, so the mode and
destination a scan is applied in are those left by the scans before it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from recordsdesk.domain.barcodes import Command, Scan, ScanKind
from recordsdesk.domain.circulation import DeskMode, Outcome
from recordsdesk.domain.errors import Conflict, InvalidInput, RecordsDeskError, Unavailable
from recordsdesk.services.actors import Actor
from recordsdesk.services.circulation import CirculationService
from recordsdesk.services.dto import LocationInfo, ScanResult
from recordsdesk.services.locations import LocationService

_PLACE_KINDS = (ScanKind.LOCATION, ScanKind.PERSON)


class ScanTarget(Enum):
    """Where the clerk's focus was when a scan came: it matters only for plain codes."""

    SCAN = "scan"  # a plain code is an MRN
    DESTINATION = "destination"  # a plain code is a location code being typed


@dataclass(frozen=True)
class DeskAnswer:
    """One answer, with the mode and destination in force after it."""

    result: ScanResult
    mode: DeskMode
    destination: LocationInfo | None
    undid: int | None = None  # the movement an Undo reversed


@dataclass
class DeskSession:
    """The desk's running state on its worker: mode, destination, and its moves to undo."""

    circulation: CirculationService
    locations: LocationService
    actor: Actor
    mode: DeskMode = DeskMode.CHECK_OUT
    destination: LocationInfo | None = None
    moves: list[int] = field(default_factory=list)
    named: set[str] = field(default_factory=set)

    def _answer(self, result: ScanResult, undid: int | None = None) -> DeskAnswer:
        return DeskAnswer(result, self.mode, self.destination, undid)

    def scan(self, raw: str, target: ScanTarget = ScanTarget.SCAN) -> DeskAnswer:
        """Apply one scan as read: a command, a destination, or a chart for the mode in force."""
        shown = raw.strip()
        try:
            scan = self.circulation.read(raw)
        except InvalidInput as exc:
            return self._answer(ScanResult(shown, False, Outcome.INVALID, exc.message))
        if scan.kind is ScanKind.COMMAND:
            return self._command(scan)
        if target is ScanTarget.DESTINATION and scan.kind is ScanKind.MRN:
            return self._set_destination(shown, scan.value)
        if scan.kind in _PLACE_KINDS and self.mode.needs_destination:
            return self._set_destination(shown, scan.value)
        # In Return mode charts go home: a place scanned is refused as no chart, as it is.
        return self._chart(scan)

    def choose_mode(self, mode: DeskMode, shown: str = "") -> DeskAnswer:
        """Switch the mode (a key, a button or a command sheet)."""
        self.mode = mode
        said = f"Mode: {mode.label}."
        if mode.needs_destination and self.destination is not None:
            said += f" Charts go to {self.destination.name} ({self.destination.code})."
        return self._answer(ScanResult(shown or mode.label, True, Outcome.MODE, said))

    def choose_destination(self, typed: str) -> DeskAnswer:
        """A destination typed or picked in the Destination field (a code, or its barcode)."""
        shown = typed.strip()
        try:
            scan = self.circulation.read(typed)
        except InvalidInput as exc:
            return self._refused_destination(shown, exc.message)
        if scan.kind in (*_PLACE_KINDS, ScanKind.MRN):
            return self._set_destination(shown, scan.value)
        if scan.kind is ScanKind.COMMAND:
            return self._command(scan)
        return self._refused_destination(
            shown, f"'{shown}' is a {scan.kind.value} code, not a place."
        )

    def undo(self, shown: str = "Undo") -> DeskAnswer:
        """Undo the last move this desk made, by a correcting movement."""
        if not self.moves:
            message = "Nothing to undo: no scan here has moved a chart."
            return self._answer(ScanResult(shown, True, Outcome.NOTHING_TO_UNDO, message))
        movement = self.moves.pop()
        try:
            result = self.circulation.undo(self.actor, movement)
        except Unavailable:
            self.moves.append(movement)
            raise
        except RecordsDeskError as exc:
            outcome = Outcome.CONFLICT if isinstance(exc, Conflict) else Outcome.REFUSED
            return self._answer(ScanResult(shown, False, outcome, exc.message))
        return self._answer(result, undid=movement)

    def _command(self, scan: Scan) -> DeskAnswer:
        if scan.value == Command.UNDO.value:
            return self.undo(scan.raw.strip())
        mode = DeskMode.for_command(scan.value)
        assert mode is not None, scan  # the grammar knows no other command
        return self.choose_mode(mode, scan.raw.strip())

    def _set_destination(self, shown: str, code: str) -> DeskAnswer:
        try:
            place = self.locations.get(self.actor, code)
        except Unavailable:
            raise
        except RecordsDeskError as exc:
            return self._refused_destination(shown, exc.message)
        if not place.active:
            return self._refused_destination(shown, f"{place.name} ({place.code}) is closed.")
        self.destination = place
        hours = f", loans of {place.loan_hours} h" if place.loan_hours else ""
        message = f"Charts now go to {place.name} ({place.code}){hours}."
        return self._answer(ScanResult(shown, True, Outcome.DESTINATION, message))

    def _refused_destination(self, shown: str, why: str) -> DeskAnswer:
        """A destination that cannot be used: the one in force stays, and the clerk is told."""
        kept = self.destination
        still = (
            f" Charts still go to {kept.name} ({kept.code})."
            if kept is not None
            else " No destination is set yet."
        )
        return self._answer(ScanResult(shown, False, Outcome.UNKNOWN_CODE, why + still))

    def _chart(self, scan: Scan) -> DeskAnswer:
        shown = scan.raw.strip()
        if self.mode is DeskMode.RETURN:
            result = self.circulation.return_volume(self.actor, scan, self.named)
        elif self.destination is None:
            message = "Choose where the charts go first: scan a location barcode or press F6."
            result = ScanResult(shown, False, Outcome.NO_DESTINATION, message)
        elif self.mode is DeskMode.TRANSFER:
            result = self.circulation.transfer(self.actor, self.destination.code, scan, self.named)
        else:
            result = self.circulation.check_out(self.actor, self.destination.code, scan, self.named)
        if result.ok and result.movement_id is not None and result.outcome is not Outcome.FOUND:
            self.moves.append(result.movement_id)
        return self._answer(result)
