"""The desk's guard: a destroyed volume never moves again, a boxed one leaves its box first."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import bindparam, select

from recordsdesk.domain.circulation import MovementKind
from recordsdesk.domain.errors import Conflict
from recordsdesk.storage import hot
from recordsdesk.storage.ledger import VolumeRow
from recordsdesk.storage.models import Movement
from recordsdesk.storage.retention_models import Box, BoxItem
from recordsdesk.storage.work import Work

_DESTROYED = (
    select(Movement.at)
    .where(
        Movement.volume_id == bindparam("volume_id"),
        Movement.kind == MovementKind.DESTROYED.value,
    )
    .limit(1)
)
_BOXED = (
    select(Box.barcode)
    .join(BoxItem, BoxItem.box_id == Box.id)
    .where(BoxItem.volume_id == bindparam("volume_id"), BoxItem.removed_at.is_(None))
    .limit(1)
)


def refuse_destroyed(work: Work, volume: VolumeRow) -> None:
    """Conflict when ``volume`` was destroyed: it is destroyed, never missing nor moved."""
    destroyed = hot.first(work.connection(), _DESTROYED, {"volume_id": volume.id})
    if destroyed is not None:
        raise Conflict(
            f"Refused (destroyed): {volume.barcode} was destroyed on {destroyed[0]:%Y-%m-%d}; "
            "it cannot be moved or flagged missing. Tell your supervisor where it was found."
        )


def refuse_retained_moves(
    work: Work, volume: VolumeRow, kind: MovementKind, movement_id: int, now: datetime
) -> list[str]:
    """A circulation hook: refuse (and so roll back) a desk move of a destroyed or boxed volume."""
    refuse_destroyed(work, volume)
    boxed = hot.first(work.connection(), _BOXED, {"volume_id": volume.id})
    if boxed is not None:
        raise Conflict(
            f"Refused (in a box): {volume.barcode} is packed in box {boxed[0]}; recall it from "
            "the box first (Retention page, or `recordsdesk retention recall`)."
        )
    return []
