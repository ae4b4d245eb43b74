"""Release-of-information requests for the demo file room: open, due soon, overdue, partly
released, released, denied and withdrawn, worked through the ROI desk's own services on the
days they happened, so the queue page and its figures show something real."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select

from recordsdesk.domain.release_of_information import (
    Authorisation,
    Basis,
    RequesterKind,
    SpecialCategory,
    checklist,
)
from recordsdesk.services.actors import Actor, Clock
from recordsdesk.services.audit import AuditTrail
from recordsdesk.services.desk import Services
from recordsdesk.services.release.disclosures import DisclosureService
from recordsdesk.services.release.dto import NewRequest
from recordsdesk.services.release.requests import ReleaseRequestService
from recordsdesk.services.release.site import ReleaseSiteService
from recordsdesk.storage.models import Chart, Patient, RecordType

# What the queue should show, in this proportion: (scenario, weight).
SCENARIOS = (
    ("received", 3),
    ("waiting", 3),
    ("due_soon", 3),
    ("overdue", 2),
    ("extended", 1),
    ("partly", 2),
    ("released", 8),
    ("late", 2),
    ("denied", 1),
    ("withdrawn", 1),
)
REQUESTERS = {
    RequesterKind.PATIENT: ["(the patient)"],
    RequesterKind.ATTORNEY: ["Hale & Partners LLP", "Okafor Law Group", "Brandt & Weiss"],
    RequesterKind.INSURER: ["Northwind Mutual", "Bluepeak Health Plan"],
    RequesterKind.PROVIDER: ["Riverside Family Practice", "St Anne's Rehabilitation"],
    RequesterKind.COURT_ORDER: ["Superior Court of Springfield"],
    RequesterKind.SUBPOENA: ["County District Attorney"],
    RequesterKind.PUBLIC_HEALTH: ["State Cancer Registry"],
    RequesterKind.HEALTH_OVERSIGHT: ["State Medicaid Fraud Control Unit"],
}
WHAT = (
    "Discharge summary and operative notes",
    "Emergency department notes",
    "Complete record, last two years",
    "Laboratory results and imaging reports",
    "Clinic letters since 2023",
)


class _Calendar:
    """The demo's clock: set to the day each step happened."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def on(self, day: date, hour: int = 10) -> None:
        self.now = datetime.combine(day, time(hour), tzinfo=UTC)


@dataclass(frozen=True)
class _Desk:
    requests: ReleaseRequestService
    disclosures: DisclosureService
    clerk: Actor
    supervisor: Actor


def _complete(desk: _Desk, rid: int, kind: RequesterKind, basis: Basis, signed: date) -> None:
    ticks = {c: "seen" for c in checklist(kind, basis)}
    desk.requests.record_checks(desk.clerk, rid, ticks, "only the pages asked, nothing more")
    if basis is Basis.AUTHORISATION:
        desk.requests.record_authorisation(desk.clerk, rid, _authorisation(signed))


def _authorisation(signed: date, signature: bool = True) -> Authorisation:
    return Authorisation(
        description="Records named in the request",
        discloser="Health Records, St Elsewhere",
        recipient="As named in the request",
        purpose="Claim",
        expires_on=signed + timedelta(days=365),
        signed_by="the patient" if signature else "",
        signed_on=signed if signature else None,
        statements=True,
    )


def build_release_demo(services: Services, rng: random.Random, clock: Clock, total: int) -> int:
    """Log ``total`` release requests for random patients of the demo; how many were made."""
    now = clock()
    calendar = _Calendar(now)
    trail = AuditTrail(calendar)
    site = ReleaseSiteService(services.db, trail)
    admin = services.users.actor("admin", "DEMO")
    site.set_category(admin, "PSY", SpecialCategory.PSYCHOTHERAPY_NOTES, "Psychotherapy notes")
    desk = _Desk(
        ReleaseRequestService(services.db, calendar, trail),
        DisclosureService(services.db, calendar, trail, services.requests),
        services.users.actor("clerk", "ROI-DESK"),
        services.users.actor("supervisor", "ROI-DESK"),
    )
    with services.db.reading() as uow:
        mrns = list(
            uow.session.scalars(
                select(Patient.mrn)
                .join(Chart, Chart.patient_id == Patient.id)
                .join(RecordType, RecordType.id == Chart.record_type_id)
                .where(RecordType.code == "MR")
                .order_by(Patient.id)
                .limit(max(total * 4, 50))
            )
        )
    if not mrns:
        return 0
    names, weights = zip(*SCENARIOS, strict=True)
    today = now.date()
    made = 0
    for number in range(total):
        scenario = names[number] if number < len(names) else rng.choices(names, weights)[0]
        mrn = rng.choice(mrns)
        _one(services, desk, calendar, rng, scenario, mrn, today, admin)
        made += 1
    calendar.now = now
    return made


def _one(
    services: Services,
    desk: _Desk,
    calendar: _Calendar,
    rng: random.Random,
    scenario: str,
    mrn: str,
    today: date,
    admin: Actor,
) -> None:
    kind = _kind(rng, scenario)
    basis = Basis.PAYMENT if kind is RequesterKind.INSURER and rng.random() < 0.3 else None
    received = today - timedelta(days=_age(rng, scenario))
    calendar.on(received, 9)
    due_on = received + timedelta(days=rng.randrange(14, 40)) if kind.due_from_document else None
    if scenario == "partly":
        services.registry.add_volume(admin, mrn, "PSY")
    name = rng.choice(REQUESTERS[kind])
    detail = desk.requests.log_request(
        desk.clerk,
        NewRequest(
            mrn=mrn,
            kind=kind,
            requester_name=name if name[0] != "(" else f"Patient, MRN {mrn}",
            what=rng.choice(WHAT),
            received_on=received,
            basis=basis,
            due_on=due_on,
            requester_address=f"{rng.randrange(1, 400)} Main Street, Springfield",
        ),
    )
    rid, basis_used = detail.row.id, detail.basis

    def step(days: int) -> None:
        calendar.on(received + timedelta(days=days), 11)

    if scenario == "received":
        return
    step(1)
    if scenario == "waiting":
        ticks = {c: "" for c in checklist(kind, basis_used)[:1]}
        desk.requests.record_checks(desk.clerk, rid, ticks)
        if basis_used is Basis.AUTHORISATION:
            desk.requests.record_authorisation(desk.clerk, rid, _authorisation(received, False))
        return
    if scenario == "overdue":
        return
    _complete(desk, rid, kind, basis_used, received - timedelta(days=3))
    if scenario in ("due_soon",):
        return
    if scenario == "extended":
        desk.requests.extend(
            desk.clerk, rid, "Older volumes are in off-site storage; retrieval takes weeks"
        )
        return
    if scenario == "denied":
        desk.requests.deny(
            desk.supervisor, rid, "The requester could not show authority to act for the patient"
        )
        return
    if scenario == "withdrawn":
        desk.requests.withdraw(desk.clerk, rid, "Requester phoned: no longer needed")
        return
    step(rng.randrange(3, 25) if scenario != "late" else 30 + rng.randrange(3, 15))
    desk.disclosures.record_copies(desk.clerk, rid, rng.randrange(4, 120))
    desk.disclosures.release(desk.clerk, rid)


def _kind(rng: random.Random, scenario: str) -> RequesterKind:
    if scenario in ("extended", "partly"):
        return RequesterKind.PATIENT
    if scenario == "denied":
        return RequesterKind.ATTORNEY
    if scenario in ("waiting", "overdue"):
        return rng.choice([RequesterKind.ATTORNEY, RequesterKind.INSURER])
    if scenario == "due_soon":
        # Due 30 days after receipt: a court sets its own date, which may be any.
        return rng.choice([RequesterKind.PATIENT, RequesterKind.PROVIDER, RequesterKind.INSURER])
    return rng.choice(list(REQUESTERS))


def _age(rng: random.Random, scenario: str) -> int:
    """Days since the request came in."""
    return {
        "received": 0,
        "waiting": rng.randrange(2, 12),
        "due_soon": rng.randrange(24, 28),
        "overdue": rng.randrange(33, 50),
        "extended": rng.randrange(20, 28),
        "partly": rng.randrange(5, 15),
    }.get(scenario, rng.randrange(45, 330))
