"""Reading a scan at a box or a destruction batch: a volume or a box, locked for the action;
what a box holds; a retention document's printing recorded."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from recordsdesk.domain.barcodes import ScanKind, parse_scan
from recordsdesk.domain.errors import Conflict, InvalidInput, NotFound
from recordsdesk.domain.retention import parse_box_barcode
from recordsdesk.services.actors import Actor
from recordsdesk.services.audit import AuditAction, AuditTrail
from recordsdesk.services.site_settings import load_settings
from recordsdesk.storage.ledger import VolumeRow, lock_volume, lock_volume_by_id
from recordsdesk.storage.retention_models import Box, BoxItem


def scanned_text(session: Session, raw: str) -> str:
    """The scan with the site's scanner framing stripped, upper case; InvalidInput if garbled."""
    return parse_scan(raw, load_settings(session).scanner).value


def read_box(session: Session, raw: str) -> Box:
    """The box a scan or typed code names, locked; NotFound or InvalidInput otherwise."""
    text = scanned_text(session, raw)
    number = parse_box_barcode(text)
    if number is None:
        raise InvalidInput(f"'{text}' is not a box barcode (B and six digits, as B000123).")
    box = session.scalar(select(Box).where(Box.id == number).with_for_update())
    if box is None:
        raise NotFound(f"No box {text}.")
    return box


def is_box_scan(session: Session, raw: str) -> bool:
    """Whether a scan names a box rather than a volume."""
    return parse_box_barcode(scanned_text(session, raw)) is not None


def read_volume(session: Session, raw: str) -> VolumeRow:
    """The volume a scan names, locked; InvalidInput for another kind of code."""
    scan = parse_scan(raw, load_settings(session).scanner)
    if scan.kind is not ScanKind.VOLUME:
        raise InvalidInput(
            f"'{scan.value}' is not a chart volume's barcode: scan the volume (V and seven digits)."
        )
    volume = lock_volume(session, scan.value)
    if volume is None:
        raise NotFound(f"No volume with barcode {scan.value}.")
    return volume


def box_volume_ids(session: Session, box_id: int) -> list[int]:
    """The volumes packed in a box now, by id."""
    return list(
        session.scalars(
            select(BoxItem.volume_id)
            .where(BoxItem.box_id == box_id, BoxItem.removed_at.is_(None))
            .order_by(BoxItem.volume_id)
        )
    )


def scanned_volume_ids(session: Session, raw: str) -> list[int]:
    """The volume a scan names, or every volume in the box it names (Conflict: an empty box)."""
    if not is_box_scan(session, raw):
        return [read_volume(session, raw).id]
    box = read_box(session, raw)
    ids = box_volume_ids(session, box.id)
    if not ids:
        raise Conflict(f"Refused (empty box): box {box.barcode} holds nothing.")
    return ids


def scanned_volumes(session: Session, raw: str) -> list[VolumeRow]:
    """``scanned_volume_ids``, each volume locked for the action."""
    if not is_box_scan(session, raw):
        return [read_volume(session, raw)]
    return [locked(session, volume_id) for volume_id in scanned_volume_ids(session, raw)]


def locked(session: Session, volume_id: int) -> VolumeRow:
    """A volume known to exist, locked for the action."""
    volume = lock_volume_by_id(session, volume_id)
    assert volume is not None
    return volume


def record_printed(
    trail: AuditTrail, session: Session, actor: Actor, mrns: Iterable[str], detail: str
) -> None:
    """A retention document printed or saved: one entry per patient it names (one if none)."""
    named: list[str | None] = [*sorted(set(mrns))]
    for mrn in named or [None]:
        trail.record_for(session, actor, AuditAction.PRINTED, mrn=mrn, detail=detail)


def open_item(session: Session, volume_id: int) -> BoxItem | None:
    """The box entry of a volume packed now, if any."""
    return session.scalar(
        select(BoxItem).where(BoxItem.volume_id == volume_id, BoxItem.removed_at.is_(None))
    )
