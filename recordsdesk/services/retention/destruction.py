"""Destruction: a batch proposed, approved by a second supervisor, done by scan, certified."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from recordsdesk.domain.circulation import MovementKind
from recordsdesk.domain.errors import Conflict, InvalidInput, NotFound
from recordsdesk.domain.retention import Status
from recordsdesk.printing.retention_certificate import certificate_pdf
from recordsdesk.printing.retention_documents import Certificate, DestroyedVolume
from recordsdesk.services.actors import Actor, Clock
from recordsdesk.services.audit import AuditTrail
from recordsdesk.services.retention.access import RetentionAccess, RetentionPermission
from recordsdesk.services.retention.candidates import destruction_candidates
from recordsdesk.services.retention.dto import BatchInfo, BatchLine, Candidate, RetentionAnswer
from recordsdesk.services.retention.judgement import Judge, judge_volume
from recordsdesk.services.retention.scans import (
    box_volume_ids,
    locked,
    open_item,
    record_printed,
    scanned_volume_ids,
    scanned_volumes,
)
from recordsdesk.services.retention.witnesses import (
    Presence,
    add_present,
    badge_holder,
    present_at,
)
from recordsdesk.services.site_settings import load_settings
from recordsdesk.storage.ledger import VolumeRow, append_movement, place_by_id
from recordsdesk.storage.models import Chart, Location, Patient, RecordType, User, Volume
from recordsdesk.storage.retention_models import Box, BoxItem, DestructionBatch, DestructionItem
from recordsdesk.storage.unit_of_work import Database

# Signs a person in by name and password at a workstation (UserService.sign_in).
SignIn = Callable[[str, str, str], Actor]


def batch_info(session: Session, batch: DestructionBatch) -> BatchInfo:
    """The plain form of a batch, its volumes in filing order."""
    names = dict(session.execute(select(User.id, User.username)).all())
    rows = session.execute(
        select(DestructionItem, Volume, Patient, RecordType.name, Box.barcode)
        .join(Volume, Volume.id == DestructionItem.volume_id)
        .join(Chart, Chart.id == Volume.chart_id)
        .join(Patient, Patient.id == Chart.patient_id)
        .join(RecordType, RecordType.id == Chart.record_type_id)
        .outerjoin(Box, Box.id == DestructionItem.box_id)
        .where(DestructionItem.batch_id == batch.id)
        .order_by(Volume.shelf_key, Volume.number)
    ).all()
    counts: dict[int, int] = {}
    for _item, volume, *_rest in rows:
        if volume.chart_id not in counts:
            counts[volume.chart_id] = len(
                session.scalars(select(Volume.id).where(Volume.chart_id == volume.chart_id)).all()
            )
    lines = tuple(
        BatchLine(
            barcode=volume.barcode,
            mrn=patient.mrn,
            name=f"{patient.family_name.upper()}, {patient.given_name}",
            volume=f"Vol {volume.number} of {counts[volume.chart_id]}",
            record_type=type_name,
            box=box,
            rule=item.rule_name,
            citation=item.citation,
            basis=item.basis,
            keep_until=item.keep_until,
            destroyed_at=item.destroyed_at,
            destroyed_by=names.get(item.destroyed_by) if item.destroyed_by else None,
        )
        for item, volume, patient, type_name, box in rows
    )
    return BatchInfo(
        id=batch.id,
        status=batch.status,
        method=batch.method,
        note=batch.note,
        proposed_by=names[batch.proposed_by],
        proposed_at=batch.proposed_at,
        approved_by=names.get(batch.approved_by) if batch.approved_by else None,
        approved_at=batch.approved_at,
        completed_at=batch.completed_at,
        lines=lines,
        present=present_at(session, batch.id),
    )


def _require_second_person(session: Session, batch_id: int, actor: Actor) -> None:
    """Destruction is a two-person act: a second person, not the one scanning, is recorded."""
    second = next(
        (p for p in present_at(session, batch_id) if p.role == Presence.SECOND.value), None
    )
    if second is None:
        raise Conflict(
            f"Refused (two people): nothing of batch {batch_id} is destroyed until a second "
            "person present signs in or scans their badge."
        )
    if second.user_id == actor.user_id:
        raise Conflict(
            f"Refused (two people): {actor.username} is batch {batch_id}'s second person; "
            "someone else scans the volumes."
        )


def _find_batch(session: Session, batch_id: int) -> DestructionBatch:
    batch = session.scalar(
        select(DestructionBatch).where(DestructionBatch.id == batch_id).with_for_update()
    )
    if batch is None:
        raise NotFound(f"No destruction batch {batch_id}.")
    return batch


class DestructionService:
    """Proposing, approving and carrying out destruction, and its certificate."""

    def __init__(
        self,
        db: Database,
        clock: Clock,
        trail: AuditTrail,
        access: RetentionAccess,
        sign_in: SignIn | None = None,
    ) -> None:
        self._db = db
        self._clock = clock
        self._trail = trail
        self._access = access
        self._sign_in = sign_in

    def attend(
        self,
        actor: Actor,
        batch_id: int,
        presence: Presence,
        *,
        badge: str | None = None,
        username: str | None = None,
        password: str | None = None,
    ) -> BatchInfo:
        """Record a person present at the batch's destruction: its second person or a witness,
        named by scanning their badge or by signing in with their own password."""
        self._access.require(actor, RetentionPermission.DESTROY)
        what = f"record {presence.caption} at batch {batch_id}"
        with self._access.refusals(actor, what):
            user_id: int | None = None
            if badge is None:
                if not username or password is None:
                    raise InvalidInput(
                        f"The {presence.caption} scans their badge or signs in with their name "
                        "and password."
                    )
                if self._sign_in is None:
                    raise InvalidInput("Signing in is not available here: scan the badge.")
                present = self._sign_in(username, password, actor.workstation)
                user_id, name = present.user_id, present.username
            with self._db.writing() as uow:
                session = uow.session
                batch = _find_batch(session, batch_id)
                if batch.status != "approved":
                    raise Conflict(
                        f"Refused (not being carried out): batch {batch.id} is {batch.status}; "
                        "people present are recorded while an approved batch is destroyed."
                    )
                location_id: int | None = None
                how = "signed in"
                if badge is not None:
                    person = badge_holder(session, badge)
                    location_id, name, how = person.id, person.name, f"badge P-{person.code}"
                if presence is Presence.SECOND and user_id == actor.user_id:
                    raise Conflict(
                        f"Refused (two people): {actor.username} is recording this; the second "
                        "person is someone else."
                    )
                added = add_present(
                    session,
                    batch.id,
                    presence,
                    name=name,
                    how=how,
                    user_id=user_id,
                    location_id=location_id,
                    recorded_by=actor.user_id,
                    now=self._clock(),
                )
                self._trail.record_for(
                    session,
                    actor,
                    "destruction_witnessed",
                    detail=f"batch {batch.id}: {added.describe()}",
                )
                info = batch_info(session, batch)
                uow.commit()
        return info

    def propose(
        self,
        actor: Actor,
        method: str,
        *,
        barcodes: tuple[str, ...] = (),
        limit: int | None = None,
        note: str = "",
        as_of: date | None = None,
    ) -> BatchInfo:
        """A batch of eligible volumes: those named (volume or box barcodes), else all eligible."""
        self._access.require(actor, RetentionPermission.PROPOSE)
        with self._access.refusals(actor, "propose destruction"), self._db.writing() as uow:
            session = uow.session
            if not method.strip():
                raise InvalidInput(
                    "Say how the charts will be destroyed (cross-cut shredding, pulping ...)."
                )
            today = as_of or self._clock().date()
            eligible = {
                c.volume_id: c for c in destruction_candidates(session, Judge.load(session, today))
            }
            chosen = (
                self._choose(session, barcodes, eligible, today)
                if barcodes
                else list(eligible.values())
            )
            if limit is not None:
                chosen = chosen[: max(0, limit)]
            if not chosen:
                raise Conflict("Nothing is eligible for destruction: no batch was made.")
            batch = DestructionBatch(
                status="proposed",
                method=method.strip()[:128],
                note=note.strip(),
                proposed_by=actor.user_id,
                proposed_at=self._clock(),
            )
            session.add(batch)
            session.flush()
            boxes = dict(
                session.execute(
                    select(BoxItem.volume_id, BoxItem.box_id).where(BoxItem.removed_at.is_(None))
                ).all()
            )
            for candidate in chosen:
                assert candidate.keep_until is not None
                rule = candidate.rule
                session.add(
                    DestructionItem(
                        batch_id=batch.id,
                        volume_id=candidate.volume_id,
                        box_id=boxes.get(candidate.volume_id),
                        rule_name=rule,
                        citation=candidate.citation,
                        basis=candidate.basis[:255],
                        keep_until=candidate.keep_until,
                    )
                )
            session.flush()
            info = batch_info(session, batch)
            self._trail.record_for(
                session,
                actor,
                "destruction_proposed",
                detail=f"batch {batch.id}: {len(chosen)} volumes by {batch.method}",
            )
            uow.commit()
        return info

    def _choose(
        self,
        session: Session,
        barcodes: tuple[str, ...],
        eligible: dict[int, Candidate],
        today: date,
    ) -> list[Candidate]:
        chosen: dict[int, Candidate] = {}
        for raw in barcodes:
            ids = scanned_volume_ids(session, raw)
            for volume_id in ids:
                if volume_id not in eligible:
                    volume = locked(session, volume_id)
                    self._refuse_ineligible(session, volume, today)
                    raise Conflict(
                        f"Refused (already proposed): {volume.barcode} is in a batch not yet "
                        "carried out."
                    )
                chosen[volume_id] = eligible[volume_id]
        return list(chosen.values())

    def _refuse_ineligible(self, session: Session, volume: VolumeRow, today: date) -> None:
        """Raise the refusal naming the rule a volume breaks; return if it may be destroyed."""
        judged = judge_volume(session, volume.id, today)
        if judged.facts.destroyed:
            raise Conflict(f"Refused (destroyed already): {volume.barcode} was destroyed.")
        if judged.holds:
            hold = judged.holds[0]
            raise Conflict(
                f"Refused (legal hold): {volume.barcode} is under legal hold #{hold.id} "
                f"({hold.reason}); it may not be destroyed."
            )
        if volume.missing:
            raise Conflict(f"Refused (missing): {volume.barcode} is flagged missing.")
        if volume.location_id is not None:
            place = place_by_id(session, volume.location_id)
            kind = session.scalar(select(Location.kind).where(Location.id == volume.location_id))
            if kind != "offsite":
                where = place.name if place else "elsewhere"
                raise Conflict(
                    f"Refused (checked out): {volume.barcode} is out at {where}; it must be "
                    "back before it is destroyed."
                )
        if judged.rule is None or judged.status is not Status.ELIGIBLE:
            rule = judged.rule.name if judged.rule else "no retention rule"
            until = judged.keep_until or "never (permanent)"
            raise Conflict(
                f"Refused (not yet eligible): {volume.barcode} is kept until {until} under "
                f"'{rule}' ({judged.basis})."
            )

    def approve(self, actor: Actor, batch_id: int) -> BatchInfo:
        """Approve a proposed batch; the approver must not be the one who proposed it."""
        self._access.require(actor, RetentionPermission.APPROVE)
        with self._access.refusals(actor, f"approve batch {batch_id}"), self._db.writing() as uow:
            session = uow.session
            batch = _find_batch(session, batch_id)
            if batch.status != "proposed":
                raise Conflict(
                    f"Refused (not awaiting approval): batch {batch.id} is {batch.status}."
                )
            if batch.proposed_by == actor.user_id:
                raise Conflict(
                    f"Refused (two people): {actor.username} proposed batch {batch.id}; "
                    "a second supervisor must approve it."
                )
            batch.status = "approved"
            batch.approved_by = actor.user_id
            batch.approved_at = self._clock()
            session.flush()
            info = batch_info(session, batch)
            self._trail.record_for(
                session, actor, "destruction_approved", detail=f"batch {batch.id}"
            )
            uow.commit()
        return info

    def destroy(self, actor: Actor, batch_id: int, raw: str) -> RetentionAnswer:
        """Carry out destruction of the scanned volume (or every volume of a scanned box)."""
        self._access.require(actor, RetentionPermission.DESTROY)
        what = f"destroy under batch {batch_id}"
        with self._access.refusals(actor, what), self._db.writing() as uow:
            session = uow.session
            batch = _find_batch(session, batch_id)
            if batch.status == "completed":
                raise Conflict(
                    f"Refused (destroyed already): batch {batch.id} is completed; every volume "
                    "in it was destroyed."
                )
            if batch.status != "approved":
                raise Conflict(
                    f"Refused (not approved): batch {batch.id} is {batch.status}; only an "
                    "approved batch is carried out."
                )
            _require_second_person(session, batch.id, actor)
            today = self._clock().date()
            volumes = scanned_volumes(session, raw)
            done: list[str] = []
            now = self._clock()
            for volume in volumes:
                item = session.scalar(
                    select(DestructionItem).where(
                        DestructionItem.batch_id == batch.id,
                        DestructionItem.volume_id == volume.id,
                    )
                )
                if item is None:
                    raise Conflict(
                        f"Refused (not in the batch): {volume.barcode} is not in batch "
                        f"{batch.id}; nothing was destroyed."
                    )
                if item.destroyed_at is not None:
                    raise Conflict(
                        f"Refused (destroyed already): {volume.barcode} was destroyed on "
                        f"{item.destroyed_at:%Y-%m-%d}."
                    )
                self._refuse_ineligible(session, volume, today)
                movement_id, _ = append_movement(
                    session,
                    volume,
                    kind=MovementKind.DESTROYED.value,
                    to_location_id=None,
                    user_id=actor.user_id,
                    workstation=actor.workstation,
                    at=now,
                    note=f"batch {batch.id}: {batch.method}"[:255],
                )
                item.destroyed_at, item.destroyed_by = now, actor.user_id
                item.movement_id = movement_id
                packed = open_item(session, volume.id)
                if packed is not None:
                    packed.removed_at, packed.removed_by = now, actor.user_id
                self._trail.record_for(
                    session,
                    actor,
                    "volume_destroyed",
                    mrn=volume.mrn,
                    detail=f"{volume.barcode} under batch {batch.id} ({item.rule_name})",
                )
                done.append(volume.barcode)
            session.flush()
            self._close_emptied_boxes(session, volumes)
            left = session.scalar(
                select(DestructionItem.id)
                .where(DestructionItem.batch_id == batch.id, DestructionItem.destroyed_at.is_(None))
                .limit(1)
            )
            if left is None:
                batch.status, batch.completed_at = "completed", now
            uow.commit()
        finished = " The batch is complete: print its certificate." if left is None else ""
        return RetentionAnswer(
            raw, True, f"Destroyed {len(done)}: {', '.join(done)}.{finished}", tuple(done)
        )

    def _close_emptied_boxes(self, session: Session, volumes: list[VolumeRow]) -> None:
        ids = [v.id for v in volumes]
        box_ids = set(
            session.scalars(select(BoxItem.box_id).where(BoxItem.volume_id.in_(ids))).all()
        )
        for box_id in box_ids:
            if not box_volume_ids(session, box_id):
                box = session.get(Box, box_id)
                assert box is not None
                box.status = "destroyed"

    def batch(self, actor: Actor, batch_id: int) -> BatchInfo:
        """One batch and its volumes."""
        self._access.require(actor, RetentionPermission.VIEW)
        with self._db.reading() as uow:
            info = batch_info(uow.session, _find_batch(uow.session, batch_id))
        self._access.shown(actor, (line.mrn for line in info.lines), f"destruction batch {info.id}")
        return info

    def batches(self, actor: Actor) -> list[BatchInfo]:
        """Every batch, newest first."""
        self._access.require(actor, RetentionPermission.VIEW)
        with self._db.reading() as uow:
            rows = uow.session.scalars(
                select(DestructionBatch).order_by(DestructionBatch.id.desc())
            ).all()
            found = [batch_info(uow.session, batch) for batch in rows]
        mrns = (line.mrn for batch in found for line in batch.lines)
        self._access.shown(actor, mrns, "destruction batches")
        return found

    def certificate(self, actor: Actor, batch_id: int) -> bytes:
        """The certificate of destruction (PDF) of what the batch has destroyed; recorded."""
        self._access.require(actor, RetentionPermission.VIEW)
        what = f"certificate of batch {batch_id}"
        with self._access.refusals(actor, what), self._db.writing() as uow:
            session = uow.session
            info = batch_info(session, _find_batch(session, batch_id))
            destroyed = [line for line in info.lines if line.destroyed_at is not None]
            if not destroyed or info.approved_by is None or info.approved_at is None:
                raise Conflict(
                    f"Refused (nothing destroyed): batch {batch_id} has destroyed nothing "
                    "yet; the certificate lists only what was destroyed."
                )
            pdf = certificate_pdf(
                Certificate(
                    batch=info.id,
                    file_room=load_settings(session).file_room,
                    method=info.method,
                    note=info.note,
                    proposed_by=info.proposed_by,
                    proposed_at=info.proposed_at,
                    approved_by=info.approved_by,
                    approved_at=info.approved_at,
                    completed_at=info.completed_at,
                    printed_at=self._clock(),
                    present=(
                        "carried out by "
                        + ", ".join(dict.fromkeys(line.destroyed_by or "" for line in destroyed)),
                        *(person.describe() for person in info.present),
                    ),
                    lines=tuple(
                        DestroyedVolume(
                            line.barcode,
                            line.mrn,
                            line.name,
                            line.volume,
                            line.record_type,
                            line.box or "",
                            line.rule,
                            line.citation,
                            line.keep_until,
                            line.destroyed_at,  # type: ignore[arg-type]
                            line.destroyed_by or "",
                        )
                        for line in destroyed
                    ),
                )
            )
            mrns = (line.mrn for line in destroyed)
            detail = f"certificate of destruction, batch {batch_id}"
            record_printed(self._trail, session, actor, mrns, detail)
            uow.commit()
        return pdf
