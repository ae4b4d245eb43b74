"""Reading a scan at a box or a destruction batch: a volume or a box, locked for the action."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from recordsdesk.domain.barcodes import ScanKind, parse_scan
from recordsdesk.domain.errors import InvalidInput, NotFound
from recordsdesk.domain.retention import parse_box_barcode
from recordsdesk.services.site_settings import load_settings
from recordsdesk.storage.ledger import VolumeRow, lock_volume
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


def open_item(session: Session, volume_id: int) -> BoxItem | None:
    """The box entry of a volume packed now, if any."""
    return session.scalar(
        select(BoxItem).where(BoxItem.volume_id == volume_id, BoxItem.removed_at.is_(None))
    )
