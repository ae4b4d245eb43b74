"""A request released in part stays open as partly released, with what is outstanding shown,
until the rest goes (or it is withdrawn or denied)."""

from __future__ import annotations

import pytest

from recordsdesk.domain.errors import Conflict, InvalidInput
from recordsdesk.domain.release_of_information import (
    Check,
    RequesterKind,
    RequestStatus,
    SpecialCategory,
)
from recordsdesk.services.actors import Actor
from recordsdesk.services.desk import Services
from recordsdesk.services.release.desk import ReleaseServices
from tests.services.release.conftest import new


def _patient_request(roi: ReleaseServices, clerk: Actor, types: tuple[str, ...] = ()) -> int:
    rid = roi.requests.log_request(clerk, new(RequesterKind.PATIENT, record_types=types)).row.id
    roi.requests.record_checks(clerk, rid, {Check.IDENTITY: "licence", Check.WRITTEN_REQUEST: ""})
    return rid


def test_held_back_records_keep_the_request_open_until_approved_and_released(
    roi: ReleaseServices, file_room: Services, clerk: Actor, admin: Actor, officer: Actor
) -> None:
    file_room.registry.add_volume(admin, "123456", "PSY")
    rid = _patient_request(roi, clerk)
    first = roi.disclosures.release(clerk, rid)
    assert first.record_types == ("MR",) and first.held_back == (
        SpecialCategory.PSYCHOTHERAPY_NOTES,
    )
    detail = roi.requests.detail(clerk, rid)
    assert detail.row.status is RequestStatus.PARTLY_RELEASED
    assert not detail.row.status.closed
    assert detail.outstanding == ("PSY",) and detail.row.outstanding == ("PSY",)
    assert detail.held_back == (SpecialCategory.PSYCHOTHERAPY_NOTES,)
    [queued] = [r for r in roi.requests.queue(clerk) if r.id == rid]
    assert (queued.status, queued.outstanding) == (RequestStatus.PARTLY_RELEASED, ("PSY",))
    # Ticking or noting more keeps it partly released, not back to "in progress".
    roi.requests.record_checks(clerk, rid, {Check.IDENTITY: "licence, seen again"})
    assert roi.requests.detail(clerk, rid).row.status is RequestStatus.PARTLY_RELEASED
    with pytest.raises(InvalidInput, match="Psychotherapy notes"):
        roi.disclosures.release(clerk, rid)
    roi.requests.approve(officer, rid, SpecialCategory.PSYCHOTHERAPY_NOTES, "treating psychiatrist")
    second = roi.disclosures.release(clerk, rid)
    assert second.record_types == ("PSY",) and second.held_back == ()
    done = roi.requests.detail(clerk, rid)
    assert (done.row.status, done.outstanding) == (RequestStatus.RELEASED, ())
    assert [d.record_types for d in done.disclosures] == [("MR",), ("PSY",)]
    assert rid not in [r.id for r in roi.requests.queue(clerk)]
    with pytest.raises(Conflict, match="released already"):
        roi.disclosures.release(clerk, rid)


def test_a_clerk_releases_what_is_here_and_the_rest_waits(
    roi: ReleaseServices, file_room: Services, clerk: Actor, admin: Actor
) -> None:
    file_room.registry.add_volume(admin, "123456", "RAD")
    rid = _patient_request(roi, clerk, ("MR", "RAD"))
    with pytest.raises(InvalidInput, match="PSY is not among what is still to release: MR, RAD"):
        roi.disclosures.release(clerk, rid, ["PSY"])
    part = roi.disclosures.release(clerk, rid, ["rad"])
    assert part.record_types == ("RAD",) and "[RAD]" in part.what
    detail = roi.requests.detail(clerk, rid)
    assert (detail.row.status, detail.outstanding) == (RequestStatus.PARTLY_RELEASED, ("MR",))
    with pytest.raises(InvalidInput, match="RAD is not among what is still to release: MR"):
        roi.disclosures.release(clerk, rid, ["RAD"])
    # The requester gives up on the rest: withdrawn closes it, the disclosure stays accounted.
    closed = roi.requests.withdraw(clerk, rid, "phoned: the X-rays are enough")
    assert closed.row.status is RequestStatus.WITHDRAWN and closed.outstanding == ()
    assert len(closed.disclosures) == 1
