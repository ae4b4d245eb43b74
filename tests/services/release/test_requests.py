"""Release requests: logged with the due date their rule gives, checked, extended, decided."""

from __future__ import annotations

from datetime import date

import pytest

from recordsdesk.domain.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from recordsdesk.domain.release_of_information import (
    Authorisation,
    Basis,
    Check,
    RequesterKind,
    RequestStatus,
    SpecialCategory,
)
from recordsdesk.services.actors import Actor
from recordsdesk.services.desk import Services
from recordsdesk.services.release.desk import ReleaseServices
from tests.conftest import FakeClock
from tests.services.release.conftest import AUTHORISATION, new

# requester -> (due date given on logging, due date expected, checklist)
RULES = {
    RequesterKind.PATIENT: (None, date(2026, 2, 4), ("identity", "written_request")),
    RequesterKind.REPRESENTATIVE: (
        None,
        date(2026, 2, 4),
        ("identity", "authority", "written_request"),
    ),
    RequesterKind.PROVIDER: (None, date(2026, 2, 4), ("identity",)),
    RequesterKind.INSURER: (None, date(2026, 2, 4), ("identity",)),
    RequesterKind.ATTORNEY: (date(2026, 1, 30), date(2026, 1, 30), ("identity",)),
    RequesterKind.SUBPOENA: (
        date(2026, 1, 20),
        date(2026, 1, 20),
        ("legal_document", "subpoena_assurance", "minimum_necessary"),
    ),
    RequesterKind.COURT_ORDER: (date(2026, 1, 12), date(2026, 1, 12), ("legal_document",)),
    RequesterKind.LAW_ENFORCEMENT: (
        None,
        date(2026, 2, 4),
        ("identity", "legal_document", "minimum_necessary"),
    ),
    RequesterKind.PUBLIC_HEALTH: (
        None,
        date(2026, 2, 4),
        ("agency_authority", "minimum_necessary"),
    ),
    RequesterKind.FAMILY: (
        None,
        date(2026, 2, 4),
        ("identity", "involvement", "minimum_necessary"),
    ),
    RequesterKind.HEALTH_OVERSIGHT: (
        None,
        date(2026, 2, 4),
        ("identity", "agency_authority", "minimum_necessary"),
    ),
    RequesterKind.CORRECTIONAL: (
        None,
        date(2026, 2, 4),
        ("identity", "custody", "minimum_necessary"),
    ),
    RequesterKind.NATIONAL_SECURITY: (
        None,
        date(2026, 2, 4),
        ("identity", "lawful_authority", "minimum_necessary"),
    ),
    RequesterKind.DATA_RECIPIENT: (
        None,
        date(2026, 2, 4),
        ("data_use_agreement", "minimum_necessary"),
    ),
}


@pytest.mark.parametrize("kind", list(RequesterKind))
def test_each_requester_gets_its_due_date_and_checklist(
    roi: ReleaseServices, clerk: Actor, kind: RequesterKind
) -> None:
    given, due, checks = RULES[kind]
    detail = roi.requests.log_request(clerk, new(kind, due_on=given))
    assert detail.row.due_on == due
    assert tuple(line.key for line in detail.checklist) == checks
    assert detail.row.status is RequestStatus.RECEIVED
    assert detail.missing  # nothing is ticked yet
    assert not any(line.done for line in detail.checklist)


def test_the_worked_case_extended_once_with_its_reason(
    roi: ReleaseServices, clerk: Actor, clock: FakeClock
) -> None:
    detail = roi.requests.log_request(clerk, new(RequesterKind.PATIENT))
    assert (detail.row.received_on, detail.row.due_on) == (date(2026, 1, 5), date(2026, 2, 4))
    reason = "Older volumes are in off-site storage; retrieval takes three weeks"
    extended = roi.requests.extend(clerk, detail.row.id, reason)
    assert extended.row.due_on == date(2026, 3, 6)
    assert (extended.original_due_on, extended.extension_reason) == (date(2026, 2, 4), reason)
    with pytest.raises(InvalidInput, match="extended once already"):
        roi.requests.extend(clerk, detail.row.id, "still waiting")
    assert roi.requests.detail(clerk, detail.row.id).row.due_on == date(2026, 3, 6)


def test_an_extension_after_the_first_due_date_is_refused(
    roi: ReleaseServices, clerk: Actor, clock: FakeClock
) -> None:
    detail = roi.requests.log_request(clerk, new(RequesterKind.PATIENT))
    clock.advance(days=30)  # 2026-02-05
    with pytest.raises(InvalidInput, match=r"Too late.*2026-02-04"):
        roi.requests.extend(clerk, detail.row.id, "forgot")
    assert roi.requests.detail(clerk, detail.row.id).extended_due_on is None


def test_bad_requests_are_named_and_nothing_is_logged(
    roi: ReleaseServices, file_room: Services, clerk: Actor, admin: Actor
) -> None:
    file_room.registry.register_patient(admin, "777777", "NOCHART, Nina", None, volumes=0)
    cases = [
        (new(RequesterKind.PATIENT, mrn="777777"), InvalidInput, "has no chart"),
        (new(RequesterKind.PATIENT, mrn="999999"), NotFound, "No patient with MRN 999999"),
        (new(RequesterKind.SUBPOENA), InvalidInput, "by when it must be answered"),
        (
            new(RequesterKind.ATTORNEY, due_on=date(2026, 1, 5)),
            InvalidInput,
            "2026-01-05 is in the past",
        ),
        (
            new(RequesterKind.PATIENT, received_on=date(2025, 11, 1)),
            InvalidInput,
            "due date 2025-12-01 is in the past",
        ),
        (
            new(RequesterKind.PATIENT, received_on=date(2026, 1, 9)),
            InvalidInput,
            "after today",
        ),
        (new(RequesterKind.PATIENT, requester_name=" "), InvalidInput, "Name the requester"),
        (new(RequesterKind.PATIENT, record_types=("RAD",)), InvalidInput, "has no RAD chart"),
        (new(RequesterKind.PATIENT, record_types=("XYZ",)), InvalidInput, "Unknown record type"),
        (new(RequesterKind.PATIENT, volumes=("V9999999",)), InvalidInput, "not a volume of"),
        (
            new(RequesterKind.PATIENT, basis=Basis.TREATMENT),
            InvalidInput,
            "cannot be made for Treatment",
        ),
    ]
    for request, error, message in cases:
        with pytest.raises(error, match=message):
            roi.requests.log_request(clerk, request)
    assert roi.requests.queue(clerk) == []


def test_ticks_and_authorisation_move_the_request_along(roi: ReleaseServices, clerk: Actor) -> None:
    detail = roi.requests.log_request(
        clerk, new(RequesterKind.ATTORNEY, requester_name="Hale & Partners LLP")
    )
    rid = detail.row.id
    with pytest.raises(InvalidInput, match=r"not on ROI-.*checklist"):
        roi.requests.record_checks(clerk, rid, {Check.AGENCY_AUTHORITY: ""})
    ticked = roi.requests.record_checks(clerk, rid, {Check.IDENTITY: "bar number checked"})
    assert ticked.row.status is RequestStatus.PENDING_AUTHORISATION
    assert ticked.row.waiting_on_requester
    assert ticked.checklist[0].done and ticked.checklist[0].note == "bar number checked"
    assert ticked.missing == ("a HIPAA authorisation (164.508) signed by the patient",)
    partial = Authorisation(description="Discharge summary", recipient="Hale & Partners LLP")
    lacking = roi.requests.record_authorisation(clerk, rid, partial)
    assert lacking.row.status is RequestStatus.PENDING_AUTHORISATION
    assert len(lacking.missing) == 5 and "who is authorised to disclose it" in lacking.missing[0]
    complete = roi.requests.record_authorisation(clerk, rid, AUTHORISATION)
    assert complete.missing == () and complete.row.status is RequestStatus.IN_PROGRESS
    assert complete.authorisation == AUTHORISATION
    with pytest.raises(InvalidInput, match="after today"):
        roi.requests.record_authorisation(
            clerk, rid, Authorisation(**{**AUTHORISATION.__dict__, "signed_on": date(2026, 2, 1)})
        )


def test_approvals_and_denials_need_a_supervisor_or_the_roi_officer(
    roi: ReleaseServices,
    file_room: Services,
    clerk: Actor,
    supervisor: Actor,
    officer: Actor,
    admin: Actor,
) -> None:
    file_room.registry.add_volume(admin, "123456", "PSY")
    first = roi.requests.log_request(clerk, new(RequesterKind.PATIENT)).row
    assert first.special == (SpecialCategory.PSYCHOTHERAPY_NOTES,)
    with pytest.raises(PermissionDenied, match=r"supervisor or above \(or one with the roi role\)"):
        roi.requests.approve(clerk, first.id, SpecialCategory.PSYCHOTHERAPY_NOTES, "consent")
    with pytest.raises(InvalidInput, match="does not ask for"):
        roi.requests.approve(officer, first.id, SpecialCategory.HIV, "consent")
    approved = roi.requests.approve(
        officer, first.id, SpecialCategory.PSYCHOTHERAPY_NOTES, "treating psychiatrist agreed"
    )
    assert approved.approved == (SpecialCategory.PSYCHOTHERAPY_NOTES,)
    assert approved.held_back == ()
    second = roi.requests.log_request(clerk, new(RequesterKind.PATIENT)).row
    with pytest.raises(PermissionDenied):
        roi.requests.deny(clerk, second.id, "unreviewable ground 164.524(a)(2)")
    with pytest.raises(InvalidInput, match="needs its reason"):
        roi.requests.deny(supervisor, second.id, "")
    denied = roi.requests.deny(supervisor, second.id, "Psychotherapy notes: 164.524(a)(1)(i)")
    assert denied.row.status is RequestStatus.DENIED
    assert denied.denial_reason.startswith("Psychotherapy notes")
    with pytest.raises(Conflict, match="denied already"):
        roi.requests.record_checks(clerk, second.id, {Check.IDENTITY: ""})
    withdrawn = roi.requests.withdraw(clerk, first.id, "patient phoned: no longer needed")
    assert withdrawn.row.status is RequestStatus.WITHDRAWN
    assert roi.requests.queue(clerk) == []
    assert [r.status for r in roi.requests.queue(clerk, include_closed=True)] == [
        RequestStatus.WITHDRAWN,
        RequestStatus.DENIED,
    ]


def test_the_queue_is_due_soonest_first_with_overdue_marked_and_reads_recorded(
    roi: ReleaseServices, file_room: Services, clerk: Actor, admin: Actor, clock: FakeClock
) -> None:
    later = roi.requests.log_request(clerk, new(RequesterKind.PATIENT)).row
    sooner = roi.requests.log_request(
        clerk, new(RequesterKind.COURT_ORDER, mrn="423266", due_on=date(2026, 1, 12))
    ).row
    clock.advance(days=10)  # 2026-01-16: the court order is overdue
    queue = roi.requests.queue(clerk)
    assert [r.id for r in queue] == [sooner.id, later.id]
    assert [r.overdue for r in queue] == [True, False]
    assert queue[0].days_left == -4 and queue[1].days_left == 19
    shown = [e for e in file_room.audit.show(admin, user="cleo") if e.action == "roi_queue_viewed"]
    assert sorted(e.mrn or "" for e in shown) == ["123456", "423266"]
    with pytest.raises(NotFound, match="ROI-000999"):
        roi.requests.detail(clerk, 999)


def test_third_parties_are_due_by_the_sites_policy(
    roi: ReleaseServices, clerk: Actor, admin: Actor
) -> None:
    with pytest.raises(PermissionDenied):
        roi.site.set_policy_days(clerk, 10)
    with pytest.raises(InvalidInput, match="out of range"):
        roi.site.set_policy_days(admin, 0)
    roi.site.set_policy_days(admin, 10)
    assert roi.requests.log_request(clerk, new(RequesterKind.PROVIDER)).row.due_on == date(
        2026, 1, 15
    )
    # The law's 30 days for a patient's own request do not follow the policy.
    assert roi.requests.log_request(clerk, new(RequesterKind.PATIENT)).row.due_on == date(
        2026, 2, 4
    )
