"""Check-out, return, transfer and undo: each scan one transaction, answered in plain words."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from recordsdesk.domain.barcodes import Scan, parse_scan
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
from recordsdesk.services.dto import PlaceRef, ScanResult
from recordsdesk.services.locations import find_location
from recordsdesk.services.registry import display_name, resolve_volume
from recordsdesk.services.site import SiteSettings, load_settings
from recordsdesk.storage.models import Chart, Location, Movement, Patient, Volume
from recordsdesk.storage.unit_of_work import Database

# Extra warnings on a scan (pending requests ...), added by later features without touching this.
WarningSource = Callable[[Session, Volume, datetime], list[str]]


def _place(location: Location | None) -> PlaceRef | None:
    return None if location is None else PlaceRef(location.code, location.name)


def _answer_about(
    scan: Scan, volume: Volume, patient: Patient, to_place: PlaceRef | None = None
) -> ScanResult:
    """The part of an answer that names the volume scanned."""
    return ScanResult(
        scan=scan.raw.strip(),
        ok=True,
        outcome="",
        message="",
        barcode=volume.barcode,
        mrn=patient.mrn,
        patient=display_name(patient),
        volume=volume.number,
        to_place=to_place,
    )


def _when(moment: datetime | None) -> str:
    return "" if moment is None else moment.astimezone().strftime("%a %d %b %H:%M")


class CirculationService:
    """Moving volumes between their shelf and the places that borrow them."""

    def __init__(
        self, db: Database, clock: Clock, warning_sources: tuple[WarningSource, ...] = ()
    ) -> None:
        self._db = db
        self._clock = clock
        self._warning_sources = warning_sources

    def check_out(self, actor: Actor, destination: str, raw: str) -> ScanResult:
        """Send the scanned volume to ``destination``; one elsewhere already is transferred."""
        return self._scan(
            actor, raw, lambda s, st, scan: self._check_out(s, st, actor, destination, scan)
        )

    def transfer(self, actor: Actor, destination: str, raw: str) -> ScanResult:
        """Move a volume that is out from where it is to ``destination``."""
        return self._scan(
            actor, raw, lambda s, st, scan: self._check_out(s, st, actor, destination, scan, True)
        )

    def return_volume(self, actor: Actor, raw: str) -> ScanResult:
        """Bring the scanned volume home to its shelf."""
        return self._scan(actor, raw, lambda s, st, scan: self._return(s, st, actor, scan))

    def undo(self, actor: Actor, movement_id: int) -> ScanResult:
        """Put a volume back where it was before ``movement_id``, by a correcting movement."""
        actor.require(Permission.CIRCULATE)
        with self._db.writing() as uow:
            session = uow.session
            movement = session.get(Movement, movement_id)
            if movement is None:
                raise NotFound("There is nothing to undo.")
            volume = session.scalar(
                select(Volume).where(Volume.id == movement.volume_id).with_for_update()
            )
            assert volume is not None
            if volume.last_movement_id != movement.id:
                raise Conflict(
                    f"{volume.barcode} has moved again since: it cannot be undone from here."
                )
            if movement.kind not in (
                MovementKind.CHECKED_OUT.value,
                MovementKind.TRANSFERRED.value,
                MovementKind.RETURNED.value,
            ):
                raise InvalidInput("Only a check-out, transfer or return can be undone.")
            before = session.scalar(
                select(Movement)
                .where(Movement.volume_id == volume.id, Movement.id < movement.id)
                .order_by(Movement.id.desc())
                .limit(1)
            )
            now = self._clock()
            back_to = movement.from_location_id
            correction = Movement(
                volume_id=volume.id,
                kind=MovementKind.CORRECTED.value,
                from_location_id=volume.location_id,
                to_location_id=back_to,
                user_id=actor.user_id,
                workstation=actor.workstation,
                at=now,
                due_at=before.due_at if before and back_to is not None else None,
                note=f"undoes movement {movement.id} ({movement.kind})",
            )
            session.add(correction)
            session.flush()
            from_location = volume.location
            volume.location_id = back_to
            volume.out_since = before.at if before and back_to is not None else None
            volume.due_at = correction.due_at
            volume.last_movement_id = correction.id
            session.flush()
            session.refresh(volume, ["location"])
            patient = volume.chart.patient
            to = volume.location
            result = ScanResult(
                scan=volume.barcode,
                ok=True,
                outcome="undone",
                message=(
                    f"Undone: {volume.barcode} is back "
                    + (f"at {to.name}" if to else "home on its shelf")
                    + "."
                ),
                barcode=volume.barcode,
                mrn=patient.mrn,
                patient=display_name(patient),
                volume=volume.number,
                from_place=_place(from_location),
                to_place=_place(to),
                due=volume.due_at,
                movement_id=correction.id,
            )
            uow.commit()
            return result

    def _scan(
        self,
        actor: Actor,
        raw: str,
        act: Callable[[Session, SiteSettings, Scan], ScanResult],
    ) -> ScanResult:
        """Run one scan in its own unit of work; user errors become a refused answer."""
        actor.require(Permission.CIRCULATE)
        shown = raw.strip()
        try:
            with self._db.writing() as uow:
                settings = load_settings(uow.session)
                scan = parse_scan(raw, settings.scanner)
                result = act(uow.session, settings, scan)
                if result.movement_id is not None:
                    uow.commit()
                return result
        except Unavailable:
            raise
        except AmbiguousScan as exc:
            return ScanResult(shown, False, "ambiguous", exc.message, choices=exc.choices)
        except NotFound as exc:
            return ScanResult(shown, False, "unknown_code", exc.message)
        except InvalidInput as exc:
            outcome = "wrong_kind" if "code, not a chart" in exc.message else "invalid"
            return ScanResult(shown, False, outcome, exc.message)
        except Conflict as exc:
            return ScanResult(shown, False, "conflict", exc.message)
        except RecordsDeskError as exc:
            return ScanResult(shown, False, "refused", exc.message)

    def _warnings(self, session: Session, volume: Volume, now: datetime) -> list[str]:
        warnings: list[str] = []
        for source in self._warning_sources:
            warnings.extend(source(session, volume, now))
        return warnings

    def _move(
        self,
        session: Session,
        actor: Actor,
        volume: Volume,
        kind: MovementKind,
        to: Location | None,
        now: datetime,
        note: str = "",
    ) -> Movement:
        due = due_at(now, to.loan_hours) if to is not None else None
        movement = Movement(
            volume_id=volume.id,
            kind=kind.value,
            from_location_id=volume.location_id,
            to_location_id=to.id if to is not None else None,
            user_id=actor.user_id,
            workstation=actor.workstation,
            at=now,
            due_at=due,
            note=note,
        )
        session.add(movement)
        session.flush()
        volume.location_id = to.id if to is not None else None
        volume.out_since = now if to is not None else None
        volume.due_at = due
        volume.last_movement_id = movement.id
        return movement

    def _found(self, session: Session, actor: Actor, volume: Volume, now: datetime) -> list[str]:
        if not volume.missing:
            return []
        volume.missing = False
        session.add(
            Movement(
                volume_id=volume.id,
                kind=MovementKind.FOUND.value,
                from_location_id=volume.location_id,
                to_location_id=volume.location_id,
                user_id=actor.user_id,
                workstation=actor.workstation,
                at=now,
                note="found on scan",
            )
        )
        return [f"{volume.barcode} was flagged missing: it is found. Tell your supervisor."]

    def _check_out(
        self,
        session: Session,
        settings: SiteSettings,
        actor: Actor,
        destination: str,
        scan: Scan,
        transfer_only: bool = False,
    ) -> ScanResult:
        to = find_location(session, destination)
        volume = resolve_volume(session, settings, scan)
        patient = session.scalars(
            select(Patient).join(Chart).where(Chart.id == volume.chart_id)
        ).one()
        outcome = plan_check_out(Placement(volume.location_id), to.id)
        base = _answer_about(scan, volume, patient, to_place=_place(to))
        if outcome is Outcome.ALREADY_THERE:
            return replace(
                base,
                ok=True,
                outcome=outcome.value,
                message=f"{volume.barcode} is already at {to.name}: nothing changed.",
                from_place=_place(to),
                due=volume.due_at,
            )
        if transfer_only and outcome is Outcome.CHECKED_OUT:
            return replace(
                base,
                ok=False,
                outcome="not_out",
                message=f"{volume.barcode} is at home, not out: use Check out to send it.",
            )
        now = self._clock()
        warnings = self._found(session, actor, volume, now)
        from_location = volume.location
        kind = (
            MovementKind.TRANSFERRED if outcome is Outcome.TRANSFERRED else MovementKind.CHECKED_OUT
        )
        movement = self._move(session, actor, volume, kind, to, now)
        warnings += self._warnings(session, volume, now)
        due = f", due {_when(movement.due_at)}" if movement.due_at else ""
        if outcome is Outcome.TRANSFERRED:
            assert from_location is not None
            message = f"{volume.barcode} transferred from {from_location.name} to {to.name}{due}."
        else:
            message = f"{volume.barcode} checked out to {to.name}{due}."
        return replace(
            base,
            ok=True,
            outcome=outcome.value,
            message=message,
            from_place=_place(from_location),
            due=movement.due_at,
            movement_id=movement.id,
            warnings=tuple(warnings),
        )

    def _return(
        self, session: Session, settings: SiteSettings, actor: Actor, scan: Scan
    ) -> ScanResult:
        volume = resolve_volume(session, settings, scan)
        patient = session.scalars(
            select(Patient).join(Chart).where(Chart.id == volume.chart_id)
        ).one()
        base = _answer_about(scan, volume, patient)
        outcome = plan_return(Placement(volume.location_id))
        now = self._clock()
        if outcome is Outcome.ALREADY_HOME and not volume.missing:
            return replace(
                base,
                ok=True,
                outcome=outcome.value,
                message=f"{volume.barcode} is already home on its shelf: nothing changed.",
            )
        warnings = self._found(session, actor, volume, now)
        from_location = volume.location
        if outcome is Outcome.ALREADY_HOME:
            session.flush()
            found = session.scalar(
                select(Movement.id)
                .where(Movement.volume_id == volume.id)
                .order_by(Movement.id.desc())
                .limit(1)
            )
            return replace(
                base,
                ok=True,
                outcome="found",
                message=f"{volume.barcode} found and home on its shelf.",
                movement_id=found,
                warnings=tuple(warnings),
            )
        movement = self._move(session, actor, volume, MovementKind.RETURNED, None, now)
        warnings += self._warnings(session, volume, now)
        assert from_location is not None
        return replace(
            base,
            ok=True,
            outcome=outcome.value,
            message=f"{volume.barcode} returned from {from_location.name}: file it on its shelf.",
            from_place=_place(from_location),
            movement_id=movement.id,
            warnings=tuple(warnings),
        )
