"""The site's registry of workstations: the name recorded is the machine's, set by an admin."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from recordsdesk.domain.errors import Conflict, InvalidInput, NotFound
from recordsdesk.services.actors import Actor, Clock, Permission
from recordsdesk.services.audit import AuditTrail
from recordsdesk.services.identity.machine import Machine
from recordsdesk.storage.identity_models import Workstation
from recordsdesk.storage.unit_of_work import Database

WORKSTATION_REGISTERED = "workstation_registered"
WORKSTATION_RETIRED = "workstation_retired"


@dataclass(frozen=True)
class WorkstationInfo:
    """A registered workstation."""

    name: str
    machine_id: str
    active: bool


def unregistered_name(machine: Machine) -> str:
    """What is recorded for a machine no administrator registered: said as such."""
    return f"unregistered:{machine.hostname}"[:64]


def recorded_name(session: Session, machine: Machine) -> str:
    """The registered name of ``machine``, else its unregistered name."""
    name = session.scalar(
        select(Workstation.name).where(
            Workstation.machine_id == machine.machine_id[:64], Workstation.active.is_(True)
        )
    )
    return name if name is not None else unregistered_name(machine)


def _valid_name(name: str) -> str:
    cleaned = name.strip().upper()
    if not cleaned or len(cleaned) > 64 or not cleaned.isprintable():
        raise InvalidInput(f"'{name}' is not a workstation name: up to 64 printable characters.")
    return cleaned


class WorkstationRegistry:
    """Registering machines under names, and finding the name of this one."""

    def __init__(self, db: Database, clock: Clock, trail: AuditTrail) -> None:
        self._db = db
        self._clock = clock
        self._trail = trail

    def resolve(self, machine: Machine) -> str:
        """The name to record for what is done on ``machine``."""
        with self._db.reading() as uow:
            return recorded_name(uow.session, machine)

    def register(self, actor: Actor, name: str, machine_id: str) -> WorkstationInfo:
        """Register (or rename) the machine ``machine_id`` as ``name``."""
        actor.require(Permission.MANAGE_WORKSTATIONS)
        cleaned = _valid_name(name)
        machine_id = machine_id.strip()
        if not machine_id or len(machine_id) > 64:
            raise InvalidInput("A machine id has 1 to 64 characters.")
        with self._db.writing() as uow:
            session = uow.session
            taken = session.scalar(select(Workstation).where(Workstation.name == cleaned))
            row = session.scalar(select(Workstation).where(Workstation.machine_id == machine_id))
            if taken is not None and taken is not row:
                raise Conflict(f"Workstation {cleaned} is another machine already.")
            if row is None:
                row = Workstation(
                    name=cleaned,
                    machine_id=machine_id,
                    registered_by=actor.user_id,
                    registered_at=self._clock(),
                    active=True,
                )
                session.add(row)
            else:
                row.name = cleaned
                row.active = True
            self._trail.record_for(
                session, actor, WORKSTATION_REGISTERED, detail=f"{cleaned} = machine {machine_id}"
            )
            uow.commit()
            return WorkstationInfo(row.name, row.machine_id, row.active)

    def retire(self, actor: Actor, name: str) -> WorkstationInfo:
        """Stop recognising a workstation (its history keeps the name)."""
        actor.require(Permission.MANAGE_WORKSTATIONS)
        cleaned = _valid_name(name)
        with self._db.writing() as uow:
            row = uow.session.scalar(select(Workstation).where(Workstation.name == cleaned))
            if row is None:
                raise NotFound(f"No workstation named {cleaned}.")
            row.active = False
            self._trail.record_for(uow.session, actor, WORKSTATION_RETIRED, detail=cleaned)
            uow.commit()
            return WorkstationInfo(row.name, row.machine_id, row.active)

    def listing(self, actor: Actor) -> list[WorkstationInfo]:
        """Every registered workstation, by name (administrators)."""
        actor.require(Permission.MANAGE_WORKSTATIONS)
        with self._db.reading() as uow:
            rows = uow.session.scalars(select(Workstation).order_by(Workstation.name))
            return [WorkstationInfo(r.name, r.machine_id, r.active) for r in rows]
