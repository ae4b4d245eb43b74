"""Reads of patient data recorded in the audit trail: once per patient, who, where and why."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from sqlalchemy.orm import Session

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
    shown. A list that names nobody is recorded once, without an MRN.
    """
    named = dict.fromkeys(m for m in mrns if m)
    with db.writing() as uow:
        if named:
            record_shown(uow.session, trail, actor, dict.fromkeys(named, why), action)
        else:
            trail.record_for(uow.session, actor, action, detail=f"{why} (no patients)")
        uow.commit()


def record_list(
    db: Database, trail: AuditTrail, actor: Actor, shown: Mapping[str, str], action: str
) -> None:
    """``record_shown`` in a unit of work of its own, committed before the list is handed out
    (if it cannot be recorded, nothing is shown)."""
    if not shown:
        return
    with db.writing() as uow:
        record_shown(uow.session, trail, actor, shown, action)
        uow.commit()


def record_shown(
    session: Session, trail: AuditTrail, actor: Actor, shown: Mapping[str, str], action: str
) -> int:
    """In the caller's unit of work, one entry for each patient of a list shown to ``actor``
    (``shown``: each MRN with what of theirs was shown); how many were written.

    A long list (a queue names thousands, a retirement list tens of thousands) is written in
    one statement, each entry sealed into the chain with the values written.
    """
    if len(shown) == 1:
        ((mrn, detail),) = shown.items()
        trail.record_for(session, actor, action, mrn=mrn, detail=detail)
        return 1
    who = {"username": actor.username, "workstation": actor.workstation, "action": action}
    # In MRN order: the audit trail's index on MRN takes a long list's entries in its own
    # order, page after page, instead of all over (at a million patients, far cheaper).
    return trail.record_many(
        session, ({**who, "mrn": mrn, "detail": shown[mrn]} for mrn in sorted(shown))
    )
