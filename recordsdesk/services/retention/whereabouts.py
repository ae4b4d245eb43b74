"""Where retention has put a volume, in words for chart views, pull lists and requests."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from recordsdesk.domain.circulation import MovementKind
from recordsdesk.services.dto import VolumeInfo
from recordsdesk.services.retention.rules import lead_days
from recordsdesk.storage.models import Location, Movement, Volume
from recordsdesk.storage.retention_models import Box, BoxItem


@dataclass(frozen=True)
class Whereabouts:
    """A volume retention has moved: destroyed, or in a box (in the file room or off-site)."""

    destroyed: bool
    text: str
    box: str | None = None
    lead_days: int | None = None


def whereabouts(session: Session, volume_ids: Sequence[int]) -> dict[int, Whereabouts]:
    """For each volume retention has moved, where it is; volumes it has not are left out."""
    found: dict[int, Whereabouts] = {}
    ids = list(volume_ids)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        destroyed = session.execute(
            select(Volume.id, Movement.at)
            .join(Movement, Movement.id == Volume.last_movement_id)
            .where(Volume.id.in_(chunk), Movement.kind == MovementKind.DESTROYED.value)
        ).all()
        for volume_id, at in destroyed:
            found[volume_id] = Whereabouts(True, f"destroyed {at:%Y-%m-%d}")
        boxed = session.execute(
            select(BoxItem.volume_id, Box.barcode, Box.location_id, Location.name)
            .join(Box, Box.id == BoxItem.box_id)
            .outerjoin(Location, Location.id == Box.location_id)
            .where(BoxItem.volume_id.in_(chunk), BoxItem.removed_at.is_(None))
        ).all()
        for volume_id, barcode, location_id, name in boxed:
            if location_id is None:
                found[volume_id] = Whereabouts(
                    False, f"in box {barcode}, in the file room", barcode
                )
                continue
            lead = lead_days(session, location_id)
            found[volume_id] = Whereabouts(
                False,
                f"off-site, box {barcode}, {name}; allow {lead} days to recall",
                barcode,
                lead,
            )
    return found


def with_whereabouts(session: Session, volumes: list[VolumeInfo]) -> list[VolumeInfo]:
    """Volumes as a chart view shows them, each saying where retention has put it."""
    found = whereabouts(session, [v.id for v in volumes])
    return [replace(v, retention=found[v.id].text) if v.id in found else v for v in volumes]
