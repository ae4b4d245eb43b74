"""Reads of patient data recorded in the audit trail: once per patient, who, where and why."""

from __future__ import annotations

from collections.abc import Iterable

from recordsdesk.services.actors import Actor
from recordsdesk.services.audit import AuditTrail
from recordsdesk.storage.unit_of_work import Database

# The audit words for a list of patients shown, and for a search's answers.
PATIENTS_LISTED = "patients_listed"
PATIENTS_FOUND = "patients_found"


def record_reads(
    db: Database,
    trail: AuditTrail,
    actor: Actor,
    mrns: Iterable[str],
    why: str,
    action: str = PATIENTS_LISTED,
) -> None:
    """Record that ``actor`` was shown the patients ``mrns`` (``why``: which list or search).

    Committed before the caller hands the data out: if it cannot be recorded, nothing is
    shown. A list that names nobody is recorded once, without an MRN. The entries of a long
    list (a retirement list names tens of thousands) are written in one statement.
    """
    with db.writing() as uow:
        # In MRN order: the audit trail's index on MRN takes a long list's entries in its own
        # order, page after page, instead of all over (at a million patients, far cheaper).
        named = dict.fromkeys(sorted(m for m in mrns if m))
        if not named:
            trail.record_for(uow.session, actor, action, detail=f"{why} (no patients)")
        elif len(named) == 1:
            trail.record_for(uow.session, actor, action, mrn=next(iter(named)), detail=why)
        else:
            who = {"username": actor.username, "workstation": actor.workstation}
            trail.record_many(
                uow.session,
                ({**who, "action": action, "mrn": mrn, "detail": why} for mrn in named),
            )
        uow.commit()
