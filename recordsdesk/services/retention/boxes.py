"""Off-site boxes: opened, packed by scan, sent to a records centre, recalled, always known."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from recordsdesk.domain.circulation import MovementKind
from recordsdesk.domain.errors import Conflict, InvalidInput
from recordsdesk.domain.filing import shelf_position
from recordsdesk.domain.retention import box_barcode, check_thickness
from recordsdesk.printing.retention_box_label import box_label_pdf
from recordsdesk.printing.retention_documents import BoxedVolume, BoxSheet
from recordsdesk.printing.retention_manifest import box_manifest_pdf
from recordsdesk.services.actors import Actor, Clock
from recordsdesk.services.audit import AuditTrail
from recordsdesk.services.dto import PlaceRef
from recordsdesk.services.locations import find_location
from recordsdesk.services.retention.access import RetentionAccess, RetentionPermission
from recordsdesk.services.retention.dto import BoxInfo, BoxLine, RetentionAnswer
from recordsdesk.services.retention.judgement import judge_volume
from recordsdesk.services.retention.rules import lead_days
from recordsdesk.services.retention.scans import (
    box_volume_ids,
    locked,
    open_item,
    read_box,
    read_volume,
    record_printed,
)
from recordsdesk.services.retention.thickness import record_thickness
from recordsdesk.services.site_settings import load_settings
from recordsdesk.storage.ledger import VolumeRow, append_movement, place_by_id
from recordsdesk.storage.models import Chart, Location, Patient, RecordType, User, Volume
from recordsdesk.storage.retention_models import Box, BoxItem, VolumeThickness
from recordsdesk.storage.unit_of_work import Database


def box_info(session: Session, box: Box, with_contents: bool = True) -> BoxInfo:
    """The plain form of a box, with its contents in filing order."""
    place = place_by_id(session, box.location_id)
    creator = session.scalar(select(User.username).where(User.id == box.created_by)) or ""
    lines: tuple[BoxLine, ...] = ()
    if with_contents:
        settings = load_settings(session)
        rows = session.execute(
            select(
                Volume.barcode,
                Volume.number,
                Volume.chart_id,
                Volume.shelf_key,
                Patient.mrn,
                Patient.family_name,
                Patient.given_name,
                RecordType.name,
                BoxItem.packed_at,
                User.username,
            )
            .join(Volume, Volume.id == BoxItem.volume_id)
            .join(Chart, Chart.id == Volume.chart_id)
            .join(Patient, Patient.id == Chart.patient_id)
            .join(RecordType, RecordType.id == Chart.record_type_id)
            .join(User, User.id == BoxItem.packed_by)
            .where(BoxItem.box_id == box.id, BoxItem.removed_at.is_(None))
            .order_by(Volume.shelf_key, Volume.number)
        ).all()
        counts = {
            chart: len(session.scalars(select(Volume.id).where(Volume.chart_id == chart)).all())
            for chart in {row[2] for row in rows}
        }
        thick = dict(
            session.execute(
                select(Volume.barcode, VolumeThickness.inches)
                .join(VolumeThickness, VolumeThickness.volume_id == Volume.id)
                .join(BoxItem, BoxItem.volume_id == Volume.id)
                .where(BoxItem.box_id == box.id, BoxItem.removed_at.is_(None))
            ).all()
        )
        lines = tuple(
            BoxLine(
                barcode=row[0],
                mrn=row[4],
                name=f"{row[5].upper()}, {row[6]}",
                volume=f"Vol {row[1]} of {counts[row[2]]}",
                record_type=row[7],
                shelf=shelf_position(row[4], settings.filing).display,
                packed_at=row[8],
                packed_by=row[9],
                inches=float(thick.get(row[0], settings.inches_per_volume)),
                measured=row[0] in thick,
            )
            for row in rows
        )
    return BoxInfo(
        id=box.id,
        barcode=box.barcode,
        status=box.status,
        location=PlaceRef(place.code, place.name) if place else None,
        lead_days=lead_days(session, box.location_id),
        note=box.note,
        created_at=box.created_at,
        created_by=creator,
        moved_at=box.moved_at,
        contents=lines,
    )


class BoxService:
    """Everything done to off-site boxes, by scan."""

    def __init__(
        self, db: Database, clock: Clock, trail: AuditTrail, access: RetentionAccess
    ) -> None:
        self._db = db
        self._clock = clock
        self._trail = trail
        self._access = access

    def open_box(self, actor: Actor, note: str = "") -> BoxInfo:
        """A new, empty box in the file room, ready to pack; its barcode is B and its number."""
        self._access.require(actor, RetentionPermission.BOXES)
        with self._db.writing() as uow:
            session = uow.session
            now = self._clock()
            box = Box(
                barcode=f"NEW-{uuid.uuid4().hex[:12]}",
                status="packing",
                note=note.strip()[:255],
                created_by=actor.user_id,
                created_at=now,
            )
            session.add(box)
            session.flush()
            box.barcode = box_barcode(box.id)
            session.flush()
            info = box_info(session, box)
            self._trail.record_for(session, actor, "box_opened", detail=box.barcode)
            uow.commit()
        return info

    def pack(
        self, actor: Actor, box_code: str, raw: str, inches: float | None = None
    ) -> RetentionAnswer:
        """Pack the scanned volume into a box being packed, if its rule lets it go off-site;
        ``inches``, its thickness measured as it goes in, is kept for the shelf it freed."""
        self._access.require(actor, RetentionPermission.BOXES)
        with self._access.refusals(actor, f"pack into box {box_code}"), self._db.writing() as uow:
            if inches is not None:
                check_thickness(inches)
            session = uow.session
            box = read_box(session, box_code)
            if box.status != "packing":
                where = box_info(session, box, False).where
                raise Conflict(
                    f"Refused (box closed): box {box.barcode} is {where}; only a box being "
                    "packed in the file room takes volumes."
                )
            volume = read_volume(session, raw)
            self._check_packable(session, volume)
            now = self._clock()
            append_movement(
                session,
                volume,
                kind=MovementKind.BOXED.value,
                to_location_id=None,
                user_id=actor.user_id,
                workstation=actor.workstation,
                at=now,
                note=f"box {box.barcode}",
            )
            session.add(
                BoxItem(box_id=box.id, volume_id=volume.id, packed_by=actor.user_id, packed_at=now)
            )
            if inches is not None:
                inches = record_thickness(session, volume.id, inches, actor.user_id, now)
            session.flush()
            count = len(box_info(session, box).contents)
            self._trail.record_for(
                session,
                actor,
                "volume_boxed",
                mrn=volume.mrn,
                detail=f"{volume.barcode} in {box.barcode}"
                + (f", {inches:g} in thick" if inches is not None else ""),
            )
            uow.commit()
        thick = f", {inches:g} in thick" if inches is not None else ""
        return RetentionAnswer(
            raw,
            True,
            f"{volume.barcode} ({volume.family_name.upper()}, {volume.given_name}){thick} packed "
            f"in box {box.barcode}: {count} in the box.",
            (volume.barcode,),
        )

    def measure(self, actor: Actor, raw: str, inches: float) -> RetentionAnswer:
        """Set the scanned volume's measured thickness, for the shelf it takes; recorded."""
        self._access.require(actor, RetentionPermission.BOXES)
        with self._access.refusals(actor, "measure a volume"), self._db.writing() as uow:
            session = uow.session
            volume = read_volume(session, raw)
            kept = record_thickness(session, volume.id, inches, actor.user_id, self._clock())
            self._trail.record_for(
                session,
                actor,
                "volume_measured",
                mrn=volume.mrn,
                detail=f"{volume.barcode}: {kept:g} in thick",
            )
            uow.commit()
        return RetentionAnswer(
            raw, True, f"{volume.barcode} is {kept:g} inches thick.", (volume.barcode,)
        )

    def _check_packable(self, session: Session, volume: VolumeRow) -> None:
        item = open_item(session, volume.id)
        if item is not None:
            other = session.get(Box, item.box_id)
            assert other is not None
            raise Conflict(
                f"Refused (one box at a time): {volume.barcode} is already packed in box "
                f"{other.barcode}; recall it from that box first."
            )
        judged = judge_volume(session, volume.id, self._clock().date())
        if judged.facts.destroyed:
            raise Conflict(f"Refused (destroyed): {volume.barcode} was destroyed.")
        if volume.missing:
            raise Conflict(
                f"Refused (missing): {volume.barcode} is flagged missing; find it first."
            )
        if volume.location_id is not None:
            place = place_by_id(session, volume.location_id)
            where = place.name if place else "elsewhere"
            raise Conflict(
                f"Refused (checked out): {volume.barcode} is out at {where}; only a volume on "
                "its shelf is boxed."
            )
        if judged.holds:
            hold = judged.holds[0]
            raise Conflict(
                f"Refused (legal hold): {volume.barcode} is under legal hold #{hold.id} "
                f"({hold.reason}); it stays in the file room."
            )
        if judged.rule is None:
            raise Conflict(
                f"Refused (no retention rule): no rule covers {volume.barcode}'s record type."
            )
        if judged.retire_from is None:
            raise Conflict(
                f"Refused (not retired under its rule): '{judged.rule.name}' never sends these "
                "charts off-site."
            )
        if judged.retire_from > self._clock().date():
            raise Conflict(
                f"Refused (not yet inactive): {volume.barcode} was last used on "
                f"{judged.last_activity}; under '{judged.rule.name}' it may go off-site from "
                f"{judged.retire_from}."
            )

    def send_off_site(self, actor: Actor, box_code: str, centre_code: str) -> BoxInfo:
        """Send a packed box to a records centre; each volume in it moves there in the ledger."""
        self._access.require(actor, RetentionPermission.BOXES)
        with (
            self._access.refusals(actor, f"send box {box_code} off-site"),
            self._db.writing() as uow,
        ):
            session = uow.session
            box = read_box(session, box_code)
            centre = find_location(session, centre_code)
            if centre.kind != "offsite":
                raise InvalidInput(
                    f"{centre.code} ({centre.name}) is a {centre.kind}: boxes go to an off-site "
                    "records centre."
                )
            if box.status not in ("packing", "in_file_room"):
                raise Conflict(
                    f"Refused (not in the file room): box {box.barcode} is "
                    f"{box_info(session, box, False).where}."
                )
            now = self._clock()
            moved = self._move_contents(session, actor, box, MovementKind.RETIRED, centre, now)
            if not moved:
                raise Conflict(f"Refused (empty box): box {box.barcode} holds nothing to send.")
            box.status, box.location_id, box.moved_at = "off_site", centre.id, now
            session.flush()
            info = box_info(session, box)
            self._trail.record_for(
                session,
                actor,
                "box_sent_off_site",
                detail=f"{box.barcode} to {centre.code} with {moved} volumes",
            )
            uow.commit()
        return info

    def recall_box(self, actor: Actor, box_code: str) -> BoxInfo:
        """A box comes back from the records centre to the file room, contents and all."""
        self._access.require(actor, RetentionPermission.BOXES)
        with self._access.refusals(actor, f"recall box {box_code}"), self._db.writing() as uow:
            session = uow.session
            box = read_box(session, box_code)
            if box.status != "off_site":
                raise Conflict(
                    f"Refused (not off-site): box {box.barcode} is "
                    f"{box_info(session, box, False).where}."
                )
            now = self._clock()
            moved = self._move_contents(session, actor, box, MovementKind.RECALLED, None, now)
            box.status, box.location_id, box.moved_at = "in_file_room", None, now
            session.flush()
            info = box_info(session, box)
            self._trail.record_for(
                session, actor, "box_recalled", detail=f"{box.barcode} with {moved} volumes"
            )
            uow.commit()
        return info

    def _move_contents(
        self,
        session: Session,
        actor: Actor,
        box: Box,
        kind: MovementKind,
        place: Location | None,
        now: datetime,
    ) -> int:
        ids = box_volume_ids(session, box.id)
        for volume_id in ids:
            volume = locked(session, volume_id)
            append_movement(
                session,
                volume,
                kind=kind.value,
                to_location_id=place.id if place else None,
                user_id=actor.user_id,
                workstation=actor.workstation,
                at=now,
                out_since=now if place else None,
                note=f"box {box.barcode}",
            )
        return len(ids)

    def recall_volume(self, actor: Actor, raw: str) -> RetentionAnswer:
        """Take the scanned volume out of its box and back to the file room."""
        self._access.require(actor, RetentionPermission.BOXES)
        with (
            self._access.refusals(actor, "recall a volume from its box"),
            self._db.writing() as uow,
        ):
            session = uow.session
            volume = read_volume(session, raw)
            item = open_item(session, volume.id)
            if item is None:
                raise Conflict(f"Refused (not in a box): {volume.barcode} is in no box.")
            box = session.get(Box, item.box_id)
            assert box is not None
            now = self._clock()
            append_movement(
                session,
                volume,
                kind=MovementKind.RECALLED.value,
                to_location_id=None,
                user_id=actor.user_id,
                workstation=actor.workstation,
                at=now,
                note=f"from box {box.barcode}",
            )
            item.removed_at, item.removed_by = now, actor.user_id
            lead = lead_days(session, box.location_id)
            self._trail.record_for(
                session,
                actor,
                "volume_recalled",
                mrn=volume.mrn,
                detail=f"{volume.barcode} from {box.barcode}",
            )
            uow.commit()
        wait = f"; the records centre needs {lead} days to send it" if lead is not None else ""
        return RetentionAnswer(
            raw,
            True,
            f"{volume.barcode} recalled from box {box.barcode}{wait}; refile it when it comes.",
            (volume.barcode,),
        )

    def box(self, actor: Actor, box_code: str) -> BoxInfo:
        """A box and its contents."""
        self._access.require(actor, RetentionPermission.VIEW)
        with self._db.reading() as uow:
            info = box_info(uow.session, read_box(uow.session, box_code))
        self._access.shown(actor, (line.mrn for line in info.contents), f"box {info.barcode}")
        return info

    def boxes(self, actor: Actor) -> list[BoxInfo]:
        """Every box that still holds something or is being packed, newest first."""
        self._access.require(actor, RetentionPermission.VIEW)
        with self._db.reading() as uow:
            rows = uow.session.scalars(
                select(Box).where(Box.status != "destroyed").order_by(Box.id.desc())
            ).all()
            return [box_info(uow.session, box, with_contents=False) for box in rows]

    def document(self, actor: Actor, box_code: str, kind: str) -> bytes:
        """The box's label or manifest (``kind``: label, manifest) as PDF; printing is recorded."""
        self._access.require(actor, RetentionPermission.VIEW)
        if kind not in ("label", "manifest"):
            raise InvalidInput(f"Unknown box document '{kind}': label or manifest.")
        with self._db.writing() as uow:
            session = uow.session
            info = box_info(session, read_box(session, box_code))
            sheet = BoxSheet(
                barcode=info.barcode,
                file_room=load_settings(session).file_room,
                where=info.where
                + (f" (allow {info.lead_days} days to recall)" if info.lead_days else ""),
                packed_on=info.created_at.date(),
                printed_at=self._clock(),
                contents=tuple(
                    BoxedVolume(c.barcode, c.mrn, c.name, c.volume, c.record_type, c.shelf)
                    for c in info.contents
                ),
            )
            pdf = box_label_pdf(sheet) if kind == "label" else box_manifest_pdf(sheet)
            mrns = (c.mrn for c in info.contents)
            record_printed(self._trail, session, actor, mrns, f"box {kind} {info.barcode}")
            uow.commit()
        return pdf
