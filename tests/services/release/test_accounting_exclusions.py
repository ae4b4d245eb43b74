"""The accounting of disclosures leaves out what 164.528(a)(1) excludes, each with its paragraph,
and what an agency's statement suspends (164.528(a)(2)) while it runs."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from recordsdesk.domain.errors import InvalidInput, PermissionDenied
from recordsdesk.domain.release_of_information import (
    Basis,
    RequesterKind,
    Suspension,
    checklist,
)
from recordsdesk.services.actors import Actor
from recordsdesk.services.desk import Services
from recordsdesk.services.release.desk import ReleaseServices
from recordsdesk.storage.models import Patient, User
from recordsdesk.storage.release_models import RoiDisclosure
from tests.conftest import FakeClock
from tests.services.release.conftest import AUTHORISATION, new

# (requester, ground) -> the paragraph that leaves it out, or "" where the accounting lists it.
GROUNDS = [
    (RequesterKind.PROVIDER, Basis.TREATMENT, "164.528(a)(1)(i)"),
    (RequesterKind.INSURER, Basis.PAYMENT, "164.528(a)(1)(i)"),
    (RequesterKind.PROVIDER, Basis.OPERATIONS, "164.528(a)(1)(i)"),
    (RequesterKind.PATIENT, Basis.PATIENT_ACCESS, "164.528(a)(1)(ii)"),
    (RequesterKind.ATTORNEY, Basis.AUTHORISATION, "164.528(a)(1)(iv)"),
    (RequesterKind.FAMILY, Basis.INVOLVED_IN_CARE, "164.528(a)(1)(v)"),
    (RequesterKind.NATIONAL_SECURITY, Basis.NATIONAL_SECURITY, "164.528(a)(1)(vi)"),
    (RequesterKind.CORRECTIONAL, Basis.CUSTODY, "164.528(a)(1)(vii)"),
    (RequesterKind.LAW_ENFORCEMENT, Basis.CUSTODY, "164.528(a)(1)(vii)"),
    (RequesterKind.DATA_RECIPIENT, Basis.LIMITED_DATA_SET, "164.528(a)(1)(viii)"),
    (RequesterKind.LAW_ENFORCEMENT, Basis.LAW_ENFORCEMENT, ""),
    (RequesterKind.HEALTH_OVERSIGHT, Basis.HEALTH_OVERSIGHT, ""),
    (RequesterKind.PUBLIC_HEALTH, Basis.PUBLIC_HEALTH, ""),
]
DUE = {RequesterKind.SUBPOENA: date(2026, 1, 20), RequesterKind.COURT_ORDER: date(2026, 1, 20)}


def _released(
    roi: ReleaseServices, clerk: Actor, kind: RequesterKind, basis: Basis, name: str
) -> int:
    detail = roi.requests.log_request(
        clerk, new(kind, basis=basis, requester_name=name, due_on=DUE.get(kind))
    )
    rid = detail.row.id
    ticks = {c: "checked" for c in checklist(kind, basis)}
    roi.requests.record_checks(clerk, rid, ticks, "the discharge summary only")
    if basis is Basis.AUTHORISATION:
        roi.requests.record_authorisation(clerk, rid, AUTHORISATION)
    roi.disclosures.release(clerk, rid)
    return rid


@pytest.mark.parametrize(("kind", "basis", "paragraph"), GROUNDS)
def test_each_ground_is_listed_or_kept_apart_with_its_paragraph(
    roi: ReleaseServices, clerk: Actor, kind: RequesterKind, basis: Basis, paragraph: str
) -> None:
    rid = _released(roi, clerk, kind, basis, "County Agency")
    accounting = roi.disclosures.accounting(clerk, "123456")
    if paragraph:
        assert accounting.accountable == ()
        [kept] = accounting.excluded
        assert (kept.request_id, kept.accountable) == (rid, False)
        assert kept.exclusion.startswith(paragraph + ":")
    else:
        assert accounting.excluded == ()
        assert [d.request_id for d in accounting.accountable] == [rid]


def _from_the_paper_log(file_room: Services, basis: Basis, at: datetime, to: str) -> None:
    """A disclosure copied in from the file room's paper log (its entry through the trail)."""
    with file_room.db.writing() as uow:
        session = uow.session
        patient_id = session.scalar(select(Patient.id).where(Patient.mrn == "123456"))
        user_id = session.scalar(select(User.id).where(User.username == "ada"))
        entry = file_room.trail.record(
            session, username="ada", workstation="TEST", action="roi_disclosure", mrn="123456"
        )
        request_id = session.scalar(select(RoiDisclosure.request_id).limit(1))
        assert None not in (patient_id, request_id, user_id)
        session.add(
            RoiDisclosure(
                request_id=request_id,
                patient_id=patient_id,
                disclosed_at=at,
                recipient=to,
                recipient_address="",
                what="Copy of the chart",
                purpose=basis.label,
                basis=basis.value,
                accountable=True,
                held_back="",
                user_id=user_id,
                workstation="TEST",
                audit_event_id=entry,
            )
        )
        uow.commit()


def test_incidental_and_before_the_compliance_date_are_kept_apart(
    roi: ReleaseServices, file_room: Services, clerk: Actor
) -> None:
    _released(roi, clerk, RequesterKind.PUBLIC_HEALTH, Basis.PUBLIC_HEALTH, "State registry")
    _from_the_paper_log(file_room, Basis.INCIDENTAL, datetime(2025, 6, 1, 12, tzinfo=UTC), "Ward")
    _from_the_paper_log(
        file_room, Basis.LAW_ENFORCEMENT, datetime(2003, 4, 10, 12, tzinfo=UTC), "Police"
    )
    _from_the_paper_log(
        file_room, Basis.LAW_ENFORCEMENT, datetime(2003, 4, 15, 12, tzinfo=UTC), "Sheriff"
    )
    accounting = roi.disclosures.accounting(clerk, "123456", since=date(2000, 1, 1))
    assert [d.recipient for d in accounting.accountable] == ["Sheriff", "State registry"]
    assert {d.recipient: d.exclusion[:19] for d in accounting.excluded} == {
        "Police": "164.528(a)(1)(ix): ",
        "Ward": "164.528(a)(1)(iii):",
    }


def test_an_agency_statement_suspends_its_disclosures_while_it_runs(
    roi: ReleaseServices, clerk: Actor, officer: Actor, clock: FakeClock
) -> None:
    _released(roi, clerk, RequesterKind.HEALTH_OVERSIGHT, Basis.HEALTH_OVERSIGHT, "State OIG")
    _released(roi, clerk, RequesterKind.LAW_ENFORCEMENT, Basis.LAW_ENFORCEMENT, "City Police")
    _released(roi, clerk, RequesterKind.PUBLIC_HEALTH, Basis.PUBLIC_HEALTH, "state oig")
    written = Suspension("State  OIG", date(2026, 1, 6), written=True, until=date(2026, 3, 31))
    with pytest.raises(PermissionDenied):
        roi.suspensions.suspend(clerk, "123456", written)
    roi.suspensions.suspend(officer, "123456", written, "letter of 2026-01-06")
    oral = Suspension("City Police", date(2026, 1, 6), written=False, official="Det. Ruiz")
    assert roi.suspensions.suspend(officer, "123456", oral).ends_on == date(2026, 2, 5)
    during = roi.disclosures.accounting(clerk, "123456")
    # A public-health report to the same body stays listed: the statement covers only what
    # went to it as an oversight agency or a law-enforcement official.
    assert [d.recipient for d in during.accountable] == ["state oig"]
    assert sorted(d.recipient for d in during.suspended) == ["City Police", "State OIG"]
    assert all(d.exclusion.startswith("164.528(a)(2): suspended") for d in during.suspended)
    clock.advance(days=31)  # 2026-02-06: the oral statement has lapsed, the written one runs
    later = roi.disclosures.accounting(clerk, "123456")
    assert sorted(d.recipient for d in later.accountable) == ["City Police", "state oig"]
    assert [d.recipient for d in later.suspended] == ["State OIG"]
    clock.advance(days=60)  # 2026-04-07: both have ended
    assert len(roi.disclosures.accounting(clerk, "123456").accountable) == 3
    assert [s.agency for s in roi.suspensions.list(clerk, "123456")] == [
        "State  OIG",
        "City Police",
    ]


def test_a_suspension_needs_what_the_rule_asks(roi: ReleaseServices, officer: Actor) -> None:
    with pytest.raises(InvalidInput, match="says for how long"):
        Suspension("State OIG", date(2026, 1, 6), written=True)
    with pytest.raises(InvalidInput, match="name the official"):
        Suspension("City Police", date(2026, 1, 6), written=False)
    with pytest.raises(InvalidInput, match="30 days at the most"):
        Suspension("City Police", date(2026, 1, 6), False, date(2026, 2, 6), "Det. Ruiz")
    future = Suspension("State OIG", date(2026, 1, 7), True, date(2026, 2, 1))
    with pytest.raises(InvalidInput, match="after today"):
        roi.suspensions.suspend(officer, "123456", future)
