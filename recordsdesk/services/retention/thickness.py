"""Volumes' measured thickness: recorded when a box is packed or set on a volume, read for shelf."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from recordsdesk.domain.retention import check_thickness
from recordsdesk.storage.retention_models import VolumeThickness


def measured(session: Session) -> dict[int, float]:
    """Every measured volume's thickness in inches (few volumes are measured: read them all)."""
    rows = session.execute(select(VolumeThickness.volume_id, VolumeThickness.inches)).all()
    return {volume_id: float(inches) for volume_id, inches in rows}


def record_thickness(
    session: Session, volume_id: int, inches: float, user_id: int, now: datetime
) -> float:
    """Keep a volume's measured thickness (a new measure replaces the old); the inches kept."""
    kept = check_thickness(inches)
    row = session.get(VolumeThickness, volume_id)
    if row is None:
        session.add(
            VolumeThickness(volume_id=volume_id, inches=kept, measured_by=user_id, measured_at=now)
        )
    else:
        row.inches, row.measured_by, row.measured_at = kept, user_id, now
    session.flush()
    return kept
