"""Releasing: refused until complete, recorded in the audit trail, accounted for as 164.528 says."""

from __future__ import annotations

from datetime import date

import pytest

from recordsdesk.domain.errors import Conflict, InvalidInput, NotFound
from recordsdesk.domain.release_of_information import (
    Authorisation,
    Basis,
    Check,
    FeeSchedule,
    RequesterKind,
    RequestStatus,
    SpecialCategory,
    checklist,
)
from recordsdesk.services.actors import Actor
from recordsdesk.services.desk import Services
from recordsdesk.services.release.desk import ReleaseServices
from tests.conftest import FakeClock
from tests.services.release.conftest import AUTHORISATION, new

GIVEN_DUE = {
    RequesterKind.SUBPOENA: date(2026, 1, 20),
    RequesterKind.COURT_ORDER: date(2026, 1, 20),
}


def _ready(roi: ReleaseServices, clerk: Actor, kind: RequesterKind, **changes: object) -> int:
    """A request of ``kind`` logged and made complete: every item ticked, and what its ground
    needs (an authorisation, a minimum-necessary note) recorded."""
    detail = roi.requests.log_request(
        clerk, new(kind, due_on=GIVEN_DUE.get(kind), requester_name=f"{kind.label} Co", **changes)
    )
    rid = detail.row.id
    ticks = {c: "checked" for c in checklist(kind, detail.basis)}
    roi.requests.record_checks(clerk, rid, ticks, "the March 2025 discharge summary only")
    if detail.basis is Basis.AUTHORISATION:
        roi.requests.record_authorisation(clerk, rid, AUTHORISATION)
    return rid


@pytest.mark.parametrize("kind", list(RequesterKind))
def test_every_requester_released_once_complete_and_accounted_by_its_ground(
    roi: ReleaseServices, file_room: Services, clerk: Actor, admin: Actor, kind: RequesterKind
) -> None:
    rid = _ready(roi, clerk, kind)
    assert roi.requests.detail(clerk, rid).row.status is RequestStatus.IN_PROGRESS
    disclosure = roi.disclosures.release(clerk, rid)
    accountable = kind in (
        RequesterKind.SUBPOENA,
        RequesterKind.COURT_ORDER,
        RequesterKind.LAW_ENFORCEMENT,
        RequesterKind.PUBLIC_HEALTH,
        RequesterKind.HEALTH_OVERSIGHT,
    )
    assert disclosure.accountable is accountable
    assert (disclosure.recipient, disclosure.clerk) == (f"{kind.label} Co", "cleo")
    assert roi.requests.detail(clerk, rid).row.status is RequestStatus.RELEASED
    # The disclosure is the audit entry it links to.
    entry = next(
        e for e in file_room.audit.show(admin, mrn="123456") if e.id == disclosure.audit_event_id
    )
    assert entry.action == "roi_disclosure" and entry.username == "cleo"
    assert f"ROI-{rid:06d}: to {kind.label} Co" in entry.detail
    assert file_room.audit.verify().ok
    with pytest.raises(Conflict, match="released already"):
        roi.disclosures.release(clerk, rid)


def test_a_release_without_what_its_type_needs_is_refused_naming_it(
    roi: ReleaseServices, file_room: Services, clerk: Actor, admin: Actor
) -> None:
    rid = roi.requests.log_request(clerk, new(RequesterKind.ATTORNEY)).row.id
    with pytest.raises(InvalidInput) as refused:
        roi.disclosures.release(clerk, rid)
    message = str(refused.value)
    assert "identity of the requester verified" in message
    assert "a HIPAA authorisation (164.508) signed by the patient" in message
    roi.requests.record_checks(clerk, rid, {Check.IDENTITY: "bar card"})
    roi.requests.record_authorisation(
        clerk, rid, Authorisation(**{**AUTHORISATION.__dict__, "recipient": "", "purpose": ""})
    )
    with pytest.raises(InvalidInput, match=r"lacks who may receive it.*lacks the purpose"):
        roi.disclosures.release(clerk, rid)
    detail = roi.requests.detail(clerk, rid)
    assert detail.disclosures == () and detail.row.status is RequestStatus.PENDING_AUTHORISATION
    assert not [e for e in file_room.audit.show(admin) if e.action == "roi_disclosure"]


def test_an_expired_authorisation_is_refused(
    roi: ReleaseServices, clerk: Actor, clock: FakeClock
) -> None:
    rid = _ready(roi, clerk, RequesterKind.ATTORNEY)
    clock.advance(days=200)  # past 2026-06-30
    with pytest.raises(InvalidInput, match="the authorisation expired on 2026-06-30"):
        roi.disclosures.release(clerk, rid)
    assert roi.requests.detail(clerk, rid).disclosures == ()


def test_special_categories_are_held_back_unless_approved(
    roi: ReleaseServices, file_room: Services, clerk: Actor, admin: Actor, officer: Actor
) -> None:
    file_room.registry.add_volume(admin, "123456", "PSY")
    only_psy = _ready(roi, clerk, RequesterKind.PATIENT, record_types=("PSY",))
    with pytest.raises(InvalidInput, match="everything asked is Psychotherapy notes"):
        roi.disclosures.release(clerk, only_psy)
    whole = _ready(roi, clerk, RequesterKind.PATIENT)
    partly = roi.disclosures.release(clerk, whole)
    assert partly.held_back == (SpecialCategory.PSYCHOTHERAPY_NOTES,)
    assert "held back: Psychotherapy notes" in partly.what
    assert roi.requests.detail(clerk, whole).row.status is RequestStatus.PARTLY_RELEASED
    roi.requests.approve(officer, only_psy, SpecialCategory.PSYCHOTHERAPY_NOTES, "psychiatrist ok")
    assert roi.disclosures.release(clerk, only_psy).held_back == ()


def test_the_paper_is_requested_to_the_roi_desk_through_the_request_flow(
    roi: ReleaseServices, file_room: Services, clerk: Actor
) -> None:
    rid = _ready(roi, clerk, RequesterKind.PATIENT, mrn="423266")
    made = roi.disclosures.request_paper(clerk, rid)
    assert len(made) == 3  # JONES, Mary has three volumes
    pending = [r for r in file_room.requests.pending(clerk) if r.id in made]
    assert {(r.location_code, r.note) for r in pending} == {
        ("ROI", f"Release of information ROI-{rid:06d}")
    }
    assert roi.disclosures.request_paper(clerk, rid) == ()  # asked once only
    assert roi.requests.detail(clerk, rid).chart_requests == tuple(sorted(made))
    # The volume comes to the desk by the ordinary check-out, which fills the request, and
    # goes home by the ordinary return.
    barcode = pending[0].barcode
    assert barcode is not None
    out = file_room.circulation.check_out(clerk, "ROI", barcode)
    assert any("Fills the request" in w for w in out.warnings)
    assert file_room.circulation.return_volume(clerk, barcode).ok


def test_paper_needs_the_roi_desk_location(
    roi: ReleaseServices, clerk: Actor, admin: Actor
) -> None:
    roi.site.set_desk_location(admin, "NOWHERE")
    rid = _ready(roi, clerk, RequesterKind.PATIENT)
    with pytest.raises(NotFound, match="The ROI desk's location NOWHERE does not exist"):
        roi.disclosures.request_paper(clerk, rid)


def test_copies_and_fee_follow_the_site_schedule(
    roi: ReleaseServices, clerk: Actor, admin: Actor
) -> None:
    own = _ready(roi, clerk, RequesterKind.PATIENT)
    attorney = _ready(roi, clerk, RequesterKind.ATTORNEY)
    assert roi.disclosures.record_copies(clerk, own, 120) == 650  # the access cap
    assert roi.disclosures.record_copies(clerk, attorney, 120) == 1500 + 120 * 25
    roi.site.set_fee_schedule(
        admin, FeeSchedule(per_page_cents=10, base_cents=0, access_cap_cents=None)
    )
    assert roi.disclosures.record_copies(clerk, own, 120) == 1200
    with pytest.raises(InvalidInput, match="above 0"):
        roi.disclosures.record_copies(clerk, own, 0)
    released = roi.disclosures.release(clerk, own)
    assert (released.pages, released.fee_cents) == (120, 1200)


def test_the_accounting_keeps_the_excluded_apart_and_covers_its_period(
    roi: ReleaseServices, file_room: Services, clerk: Actor, admin: Actor, clock: FakeClock
) -> None:
    to_patient = _ready(roi, clerk, RequesterKind.PATIENT)
    roi.disclosures.release(clerk, to_patient)
    clock.advance(days=3)
    subpoena = _ready(roi, clerk, RequesterKind.SUBPOENA)
    roi.disclosures.release(clerk, subpoena)
    other = _ready(roi, clerk, RequesterKind.PUBLIC_HEALTH, mrn="423266")
    roi.disclosures.release(clerk, other)
    accounting = roi.disclosures.accounting(clerk, "123456")
    assert (accounting.since, accounting.until) == (date(2020, 1, 9), date(2026, 1, 9))
    assert [d.request_id for d in accounting.accountable] == [subpoena]
    assert [d.request_id for d in accounting.excluded] == [to_patient]
    assert accounting.excluded[0].exclusion == "164.528(a)(1)(ii): to the individual"
    assert accounting.accountable[0].purpose == "Judicial proceedings (164.512(e))"
    later = roi.disclosures.accounting(clerk, "123456", since=date(2026, 1, 8))
    assert later.excluded == () and len(later.accountable) == 1
    with pytest.raises(InvalidInput, match="runs backwards"):
        roi.disclosures.accounting(clerk, "123456", date(2026, 2, 1), date(2026, 1, 1))
    read = [
        e for e in file_room.audit.show(admin, mrn="123456") if e.action == "roi_accounting_viewed"
    ]
    assert len(read) == 2


def test_turnaround_figures(roi: ReleaseServices, clerk: Actor, clock: FakeClock) -> None:
    quick = _ready(roi, clerk, RequesterKind.PATIENT)
    slow = _ready(roi, clerk, RequesterKind.COURT_ORDER)  # due 2026-01-20
    waiting = roi.requests.log_request(clerk, new(RequesterKind.ATTORNEY)).row.id
    clock.advance(days=2)  # 2026-01-08
    roi.disclosures.release(clerk, quick)
    clock.advance(days=20)  # 2026-01-28: after the order's date
    roi.disclosures.release(clerk, slow)
    figures = roi.disclosures.figures(clerk)
    assert (figures.received, figures.released, figures.released_on_time) == (3, 2, 1)
    assert figures.median_days_to_release == (3 + 23) / 2
    assert (figures.open, figures.overdue) == (1, 0)
    assert roi.requests.detail(clerk, waiting).row.status is RequestStatus.RECEIVED
