"""Who was present when a batch was destroyed: its second person and any witnesses, each named
by signing in or by scanning their badge, kept with the batch and printed on its certificate."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from sqlalchemy import select
from sqlalchemy.orm import Session

from recordsdesk.domain.barcodes import ScanKind, parse_scan
from recordsdesk.domain.errors import Conflict, InvalidInput, NotFound
from recordsdesk.services.site_settings import load_settings
from recordsdesk.storage.models import Location
from recordsdesk.storage.retention_models import DestructionWitness


class Presence(Enum):
    """What a person present at a destruction was there as."""

    SECOND = "second"  # the second person of a two-person destruction
    WITNESS = "witness"  # anyone else present

    @property
    def caption(self) -> str:
        return "second person" if self is Presence.SECOND else "witness"


@dataclass(frozen=True)
class Present:
    """One person present at a destruction, and how they were identified."""

    role: str
    name: str
    how: str
    at: datetime
    user_id: int | None = None

    def describe(self) -> str:
        """ "second person tess (signed in 14:02 UTC)"; "witness Dr Jane Doe (badge P-JDOE …)"."""
        caption = Presence(self.role).caption
        return f"{caption} {self.name} ({self.how} {self.at:%Y-%m-%d %H:%M} UTC)"


def present_at(session: Session, batch_id: int) -> tuple[Present, ...]:
    """Everyone recorded at a batch's destruction, in the order they were recorded."""
    rows = session.scalars(
        select(DestructionWitness)
        .where(DestructionWitness.batch_id == batch_id)
        .order_by(DestructionWitness.id)
    ).all()
    return tuple(Present(r.role, r.name, r.how, r.at, r.user_id) for r in rows)


def badge_holder(session: Session, raw: str) -> Location:
    """The person a scanned badge (P-CODE) names; InvalidInput for another kind of code."""
    scan = parse_scan(raw, load_settings(session).scanner)
    if scan.kind is not ScanKind.PERSON:
        raise InvalidInput(
            f"'{scan.value}' is not a person's badge: scan the badge (P- and their code)."
        )
    person = session.scalar(
        select(Location).where(Location.code == scan.value, Location.kind == "person")
    )
    if person is None:
        raise NotFound(f"No person with badge P-{scan.value}.")
    return person


def add_present(
    session: Session,
    batch_id: int,
    presence: Presence,
    *,
    name: str,
    how: str,
    user_id: int | None,
    location_id: int | None,
    recorded_by: int,
    now: datetime,
) -> Present:
    """Record one person present; Conflict when they are recorded already or the batch has its
    second person."""
    already = present_at(session, batch_id)
    for other in session.scalars(
        select(DestructionWitness).where(DestructionWitness.batch_id == batch_id)
    ):
        same_user = user_id is not None and other.user_id == user_id
        same_badge = location_id is not None and other.location_id == location_id
        if same_user or same_badge:
            raise Conflict(
                f"Refused (present already): {name} is recorded at batch {batch_id} as "
                f"{Presence(other.role).caption}."
            )
    second = next((p for p in already if p.role == Presence.SECOND.value), None)
    if presence is Presence.SECOND and second is not None:
        raise Conflict(
            f"Refused (one second person): {second.name} is batch {batch_id}'s second person; "
            "record anyone else present as a witness."
        )
    session.add(
        DestructionWitness(
            batch_id=batch_id,
            role=presence.value,
            how=how,
            user_id=user_id,
            location_id=location_id,
            name=name[:128],
            at=now,
            recorded_by=recorded_by,
        )
    )
    session.flush()
    return Present(presence.value, name, how, now, user_id)
