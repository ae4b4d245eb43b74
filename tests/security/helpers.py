"""What the security proofs share: the signed-in command (tests/clirun.py), a ledger check."""

from __future__ import annotations

from sqlalchemy import select

from recordsdesk.services.desk import Services
from recordsdesk.storage.models import Movement, Volume
from tests.clirun import command_env, run, start

__all__ = ["assert_ledger_consistent", "command_env", "run", "start"]


def assert_ledger_consistent(services: Services) -> None:
    """Every volume stands where its last movement put it."""
    with services.db.reading() as uow:
        session = uow.session
        for volume in session.scalars(select(Volume)):
            last = session.scalar(
                select(Movement)
                .where(Movement.volume_id == volume.id)
                .order_by(Movement.id.desc())
                .limit(1)
            )
            assert last is not None, volume.barcode
            assert volume.last_movement_id == last.id, volume.barcode
            assert volume.location_id == last.to_location_id, volume.barcode
