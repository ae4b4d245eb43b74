"""The retention services built on one database, clock and audit trail."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from recordsdesk.services.actors import Clock, system_clock
from recordsdesk.services.audit import AuditTrail
from recordsdesk.services.retention.access import RetentionAccess
from recordsdesk.services.retention.boxes import BoxService
from recordsdesk.services.retention.candidates import CandidateService
from recordsdesk.services.retention.destruction import DestructionService, SignIn
from recordsdesk.services.retention.holds import HoldService
from recordsdesk.services.retention.rules import RuleService
from recordsdesk.storage.unit_of_work import Database

if TYPE_CHECKING:
    from recordsdesk.services.desk import Services


@dataclass(frozen=True)
class RetentionServices:
    """Every retention use case."""

    rules: RuleService
    candidates: CandidateService
    boxes: BoxService
    holds: HoldService
    destruction: DestructionService


def build_retention(
    db: Database, clock: Clock, trail: AuditTrail, sign_in: SignIn | None = None
) -> RetentionServices:
    """The retention services on ``db``; ``sign_in`` names people present at a destruction."""
    access = RetentionAccess(db, trail)
    return RetentionServices(
        rules=RuleService(db, clock, trail, access),
        candidates=CandidateService(db, clock, access),
        boxes=BoxService(db, clock, trail, access),
        holds=HoldService(db, clock, trail, access),
        destruction=DestructionService(db, clock, trail, access, sign_in),
    )


def retention_for(services: Services, clock: Clock = system_clock) -> RetentionServices:
    """The retention services beside a desk's services, on the same database and trail."""
    return build_retention(services.db, clock, services.trail, services.users.sign_in)
