"""Check-out, return, transfer and undo: each scan one transaction, answered in plain words."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import select

from recordsdesk.domain.barcodes import Scan, ScanKind, parse_scan
from recordsdesk.domain.circulation import (
    MovementKind,
    Outcome,
    Placement,
    due_at,
    plan_check_out,
    plan_return,
)
from recordsdesk.domain.errors import (
    AmbiguousScan,
    Conflict,
    InvalidInput,
    NotFound,
    RecordsDeskError,
    Unavailable,
)
from recordsdesk.services.actors import Actor, Clock, Permission
from recordsdesk.services.audit import AuditTrail
from recordsdesk.services.dto import PlaceRef, ScanResult
from recordsdesk.services.registry import find_patient
from recordsdesk.services.site_settings import SettingsCache, SiteSettings
from recordsdesk.storage.ledger import (
    PlaceRow,
    VolumeRow,
    append_movement,
    lock_patient_volumes,
    lock_volume,
    lock_volume_by_id,
    place_by_code,
    place_by_id,
)
from recordsdesk.storage.models import Movement
from recordsdesk.storage.unit_of_work import Database, UnitOfWork
from recordsdesk.storage.work import Work

# Something else to do, in the same transaction, when a volume moves (fill a request, warn of
# one waiting): it gets the volume as moved, the movement's kind and id, and the time; it
# answers with warnings for the clerk. Later features plug in here without touching this module.
MoveHook = Callable[[UnitOfWork, VolumeRow, MovementKind, int, datetime], list[str]]
# What the audit trail calls a scan's answer naming a patient (recorded once per patient).
NAMES_SHOWN = "scan_named_patient"
UNDOABLE = {
    MovementKind.CHECKED_OUT.value,
    MovementKind.TRANSFERRED.value,
    MovementKind.RETURNED.value,
}


def _place(location: PlaceRow | None) -> PlaceRef | None:
    return None if location is None else PlaceRef(location.code, location.name)


def _when(moment: datetime | None) -> str:
    return "" if moment is None else moment.astimezone().strftime("%a %d %b %H:%M")


def _answer(
    scan: str, volume: VolumeRow, outcome: Outcome, message: str, **more: object
) -> ScanResult:
    """An answer that names the volume scanned."""
    return ScanResult(
        scan=scan,
        ok=more.pop("ok", True),  # type: ignore[arg-type]
        outcome=outcome,
        message=message,
        barcode=volume.barcode,
        mrn=volume.mrn,
        patient=f"{volume.family_name.upper()}, {volume.given_name}",
        volume=volume.number,
        **more,  # type: ignore[arg-type]
    )


def open_place(work: Work, code: str) -> PlaceRow:
    """The open location with ``code``, or NotFound / InvalidInput naming it."""
    place = place_by_code(work, code.strip().upper())
    if place is None:
        raise NotFound(f"No location with code '{code.strip().upper()}'.")
    if not place.active:
        raise InvalidInput(f"Location {place.code} ({place.name}) is closed.")
    return place


def resolve_volume(uow: UnitOfWork, settings: SiteSettings, scan: Scan) -> VolumeRow:
    """The volume a scan names, locked for update; a multi-volume MRN asks which."""
    if scan.kind is ScanKind.VOLUME:
        volume = lock_volume(uow, scan.value)
        if volume is None:
            raise NotFound(f"Unknown chart barcode {scan.value}: no volume carries it.")
        return volume
    if scan.kind is not ScanKind.MRN:
        raise InvalidInput(
            f"'{scan.value}' is a {scan.kind.value} code, not a chart: scan the chart's label."
        )
    patient = find_patient(uow.session, settings, scan.value)
    volumes = lock_patient_volumes(uow, patient.id)
    if not volumes:
        raise NotFound(f"Patient {patient.mrn} has no chart in this file room.")
    if len(volumes) > 1:
        raise AmbiguousScan(
            f"MRN {patient.mrn} has {len(volumes)} volumes: scan the one in hand.",
            tuple(v.barcode for v in volumes),
        )
    return volumes[0]


class CirculationService:
    """Moving volumes between their shelf and the places that borrow them."""

    def __init__(
        self,
        db: Database,
        clock: Clock,
        settings: SettingsCache,
        hooks: tuple[MoveHook, ...] = (),
        trail: AuditTrail | None = None,
    ) -> None:
        self._db = db
        self._clock = clock
        self._settings = settings
        self._hooks = hooks
        self._trail = trail or AuditTrail(clock)

    def read(self, raw: str) -> Scan:
        """The scan as the site reads it: its scanners' framing taken off, its kind told.

        The one reading of a scan: every page and command hands raw text here (or to the
        scan methods below, which read it the same way); InvalidInput names a garbled one.
        """
        settings = self._settings.fresh()  # cached: usually no transaction at all
        if settings is None:
            with self._db.reading() as uow:
                settings = self._settings.get(uow)
        return parse_scan(raw, settings.scanner)

    def check_out(
        self, actor: Actor, destination: str, raw: str | Scan, named: set[str] | None = None
    ) -> ScanResult:
        """Send the scanned volume to ``destination``; one elsewhere already is transferred.

        ``named``: the MRNs whose names this desk or command has shown already (the audit
        trail records each patient named once); None records every answer's patient.
        """
        return self._scan(
            actor, raw, named, lambda s, v, r: self._check_out(s, actor, destination, v, r)
        )

    def transfer(
        self, actor: Actor, destination: str, raw: str | Scan, named: set[str] | None = None
    ) -> ScanResult:
        """Move a volume that is out from where it is to ``destination``."""
        return self._scan(
            actor, raw, named, lambda s, v, r: self._check_out(s, actor, destination, v, r, True)
        )

    def return_volume(
        self, actor: Actor, raw: str | Scan, named: set[str] | None = None
    ) -> ScanResult:
        """Bring the scanned volume home to its shelf."""
        return self._scan(actor, raw, named, lambda s, v, r: self._return(s, actor, v, r))

    def undo(self, actor: Actor, movement_id: int) -> ScanResult:
        """Put a volume back where it was before ``movement_id``, by a correcting movement."""
        actor.require(Permission.CIRCULATE)
        with self._db.writing() as uow:
            session = uow.session
            movement = session.get(Movement, movement_id)
            if movement is None:
                raise NotFound("There is nothing to undo.")
            volume = lock_volume_by_id(session, movement.volume_id)
            assert volume is not None
            if volume.last_movement_id != movement.id:
                raise Conflict(
                    f"{volume.barcode} has moved again since: it cannot be undone from here."
                )
            if movement.kind not in UNDOABLE:
                raise InvalidInput("Only a check-out, transfer or return can be undone.")
            before = session.scalar(
                select(Movement)
                .where(Movement.volume_id == volume.id, Movement.id < movement.id)
                .order_by(Movement.id.desc())
                .limit(1)
            )
            back_to = movement.from_location_id
            was_at = place_by_id(session, volume.location_id)
            goes_to = place_by_id(session, back_to)
            correction_id, _ = append_movement(
                session,
                volume,
                kind=MovementKind.CORRECTED.value,
                to_location_id=back_to,
                user_id=actor.user_id,
                workstation=actor.workstation,
                at=self._clock(),
                due_at=before.due_at if before and back_to is not None else None,
                out_since=before.at if before else None,
                note=f"undoes movement {movement.id} ({movement.kind})",
            )
            where = f"at {goes_to.name}" if goes_to else "home on its shelf"
            result = _answer(
                volume.barcode,
                volume,
                Outcome.UNDONE,
                f"Undone: {volume.barcode} is back {where}.",
                from_place=_place(was_at),
                to_place=_place(goes_to),
                due=before.due_at if before and back_to is not None else None,
                movement_id=correction_id,
            )
            uow.commit()
            return result

    def _scan(
        self,
        actor: Actor,
        raw: str | Scan,
        named: set[str] | None,
        act: Callable[[UnitOfWork, VolumeRow, str], ScanResult],
    ) -> ScanResult:
        """Run one scan in its own unit of work; user errors become a refused answer."""
        actor.require(Permission.CIRCULATE)
        shown = (raw.raw if isinstance(raw, Scan) else raw).strip()
        try:
            with self._db.writing() as uow:
                # No ORM session on the way of a chart's scan: each step runs on the unit of
                # work's own connection.
                settings = self._settings.get(uow)
                scan = raw if isinstance(raw, Scan) else parse_scan(raw, settings.scanner)
                volume = resolve_volume(uow, settings, scan)
                result = act(uow, volume, shown)
                seen = set() if named is None else named
                newly_named = result.mrn is not None and result.mrn not in seen
                if newly_named:
                    # Showing a patient's name is a read of their record: recorded, once.
                    self._trail.record_for(
                        uow, actor, NAMES_SHOWN, mrn=result.mrn, detail=result.barcode or ""
                    )
                if result.movement_id is not None or newly_named:
                    uow.commit()
                if newly_named and result.mrn is not None:
                    seen.add(result.mrn)
                return result
        except Unavailable:
            raise
        except AmbiguousScan as exc:
            return ScanResult(shown, False, Outcome.AMBIGUOUS, exc.message, choices=exc.choices)
        except NotFound as exc:
            return ScanResult(shown, False, Outcome.UNKNOWN_CODE, exc.message)
        except InvalidInput as exc:
            wrong = "code, not a chart" in exc.message
            return ScanResult(
                shown, False, Outcome.WRONG_KIND if wrong else Outcome.INVALID, exc.message
            )
        except Conflict as exc:
            return ScanResult(shown, False, Outcome.CONFLICT, exc.message)
        except RecordsDeskError as exc:
            return ScanResult(shown, False, Outcome.REFUSED, exc.message)

    def _after_move(
        self,
        uow: UnitOfWork,
        volume: VolumeRow,
        kind: MovementKind,
        movement_id: int,
        now: datetime,
    ) -> list[str]:
        warnings: list[str] = []
        for hook in self._hooks:
            warnings.extend(hook(uow, volume, kind, movement_id, now))
        return warnings

    def _found(
        self, work: Work, actor: Actor, volume: VolumeRow, now: datetime
    ) -> tuple[VolumeRow, list[str]]:
        """A volume flagged missing that turns up is recorded found before it moves on."""
        if not volume.missing:
            return volume, []
        _, volume = append_movement(
            work,
            volume,
            kind=MovementKind.FOUND.value,
            to_location_id=volume.location_id,
            user_id=actor.user_id,
            workstation=actor.workstation,
            at=now,
            due_at=volume.due_at,
            out_since=volume.out_since,
            missing=False,
            note="found on scan",
        )
        return volume, [f"{volume.barcode} was flagged missing: it is found. Tell your supervisor."]

    def _check_out(
        self,
        uow: UnitOfWork,
        actor: Actor,
        destination: str,
        volume: VolumeRow,
        shown: str,
        transfer_only: bool = False,
    ) -> ScanResult:
        to = open_place(uow, destination)
        outcome = plan_check_out(Placement(volume.location_id), to.id)
        if outcome is Outcome.ALREADY_THERE:
            return _answer(
                shown,
                volume,
                outcome,
                f"{volume.barcode} is already at {to.name}: nothing changed.",
                from_place=_place(to),
                to_place=_place(to),
                due=volume.due_at,
            )
        if transfer_only and outcome is Outcome.CHECKED_OUT:
            return _answer(
                shown,
                volume,
                Outcome.NOT_OUT,
                f"{volume.barcode} is at home, not out: use Check out to send it.",
                ok=False,
            )
        now = self._clock()
        volume, warnings = self._found(uow, actor, volume, now)
        was_at = place_by_id(uow, volume.location_id)
        kind = (
            MovementKind.TRANSFERRED if outcome is Outcome.TRANSFERRED else MovementKind.CHECKED_OUT
        )
        due = due_at(now, to.loan_hours)
        movement_id, volume = append_movement(
            uow,
            volume,
            kind=kind.value,
            to_location_id=to.id,
            user_id=actor.user_id,
            workstation=actor.workstation,
            at=now,
            due_at=due,
            out_since=now,
        )
        warnings += self._after_move(uow, volume, kind, movement_id, now)
        due_text = f", due {_when(due)}" if due else ""
        if was_at is not None:
            message = f"{volume.barcode} transferred from {was_at.name} to {to.name}{due_text}."
        else:
            message = f"{volume.barcode} checked out to {to.name}{due_text}."
        return _answer(
            shown,
            volume,
            outcome,
            message,
            from_place=_place(was_at),
            to_place=_place(to),
            due=due,
            movement_id=movement_id,
            warnings=tuple(warnings),
        )

    def _return(self, uow: UnitOfWork, actor: Actor, volume: VolumeRow, shown: str) -> ScanResult:
        outcome = plan_return(Placement(volume.location_id))
        if outcome is Outcome.ALREADY_HOME and not volume.missing:
            return _answer(
                shown,
                volume,
                outcome,
                f"{volume.barcode} is already home on its shelf: nothing changed.",
            )
        now = self._clock()
        volume, warnings = self._found(uow, actor, volume, now)
        if outcome is Outcome.ALREADY_HOME:
            return _answer(
                shown,
                volume,
                Outcome.FOUND,
                f"{volume.barcode} found and home on its shelf.",
                movement_id=volume.last_movement_id,
                warnings=tuple(warnings),
            )
        was_at = place_by_id(uow, volume.location_id)
        assert was_at is not None
        movement_id, volume = append_movement(
            uow,
            volume,
            kind=MovementKind.RETURNED.value,
            to_location_id=None,
            user_id=actor.user_id,
            workstation=actor.workstation,
            at=now,
        )
        warnings += self._after_move(uow, volume, MovementKind.RETURNED, movement_id, now)
        return _answer(
            shown,
            volume,
            outcome,
            f"{volume.barcode} returned from {was_at.name}: file it on its shelf.",
            from_place=_place(was_at),
            movement_id=movement_id,
            warnings=tuple(warnings),
        )
