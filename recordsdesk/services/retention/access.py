"""Who may do what with retention, and refusals recorded in the audit trail."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from enum import Enum

from recordsdesk.domain.errors import PermissionDenied, RecordsDeskError
from recordsdesk.services.actors import Actor, Role
from recordsdesk.services.audit import AuditAction, AuditTrail
from recordsdesk.services.identity.reads import record_reads
from recordsdesk.storage.unit_of_work import Database

log = logging.getLogger(__name__)


def _article(word: str) -> str:
    return f"an {word}" if word[:1] in "aeiou" else f"a {word}"


class RetentionPermission(Enum):
    """Retention actions and the least role allowed each."""

    VIEW = ("see retention lists and boxes", Role.CLERK)
    BOXES = ("pack, send off-site and recall boxes", Role.CLERK)
    DESTROY = ("destroy charts of an approved batch", Role.CLERK)
    PROPOSE = ("propose charts for destruction", Role.SUPERVISOR)
    APPROVE = ("approve a destruction batch", Role.SUPERVISOR)
    HOLDS = ("place and release legal holds", Role.SUPERVISOR)
    DEATHS = ("record a date of death", Role.SUPERVISOR)
    RULES = ("edit retention rules and records centres", Role.ADMIN)

    def __init__(self, action: str, least: Role) -> None:
        self.action = action
        self.least = least


class RetentionAccess:
    """Checks a role and records what was refused (in its own unit of work)."""

    def __init__(self, db: Database, trail: AuditTrail) -> None:
        self._db = db
        self._trail = trail

    def require(self, actor: Actor, permission: RetentionPermission) -> None:
        """Raise PermissionDenied, recorded, unless the actor's role allows ``permission``."""
        if actor.must_change_password:
            self.refused(actor, permission.action, None)
            raise PermissionDenied(
                f"{actor.username} must choose a new password before anything else."
            )
        if actor.role.rank < permission.least.rank:
            self.refused(actor, permission.action, None)
            raise PermissionDenied(
                f"{actor.username} is {_article(actor.role.value)}: only "
                f"{_article(permission.least.value)} or above may {permission.action}."
            )

    def shown(self, actor: Actor, mrns: Iterable[str], why: str) -> None:
        """Record that ``actor`` is shown these patients (once each), before they are shown."""
        record_reads(self._db, self._trail, actor, mrns, why)

    @contextmanager
    def refusals(self, actor: Actor, what: str, mrn: str | None = None) -> Iterator[None]:
        """Record any clerk-fit error raised inside as a refusal of ``what``, then re-raise."""
        try:
            yield
        except PermissionDenied:
            raise
        except RecordsDeskError as exc:
            self.refused(actor, f"{what}: {exc.message}", mrn)
            raise

    def refused(self, actor: Actor, detail: str, mrn: str | None) -> None:
        """One 'refused' entry; a failure to record is logged only, the refusal still stands."""
        try:
            with self._db.writing() as uow:
                self._trail.record_for(
                    uow.session,
                    actor,
                    AuditAction.REFUSED,
                    mrn=mrn,
                    detail=detail,
                    outcome="refused",
                )
                uow.commit()
        except RecordsDeskError as exc:
            log.error("could not record a refusal for %s: %s", actor.username, exc)
