"""The demo's ROI desk: every state a queue shows, worked through the desk's services."""

from __future__ import annotations

from collections import Counter

from recordsdesk.domain.release_of_information import RequestStatus
from recordsdesk.services.demo import build_demo
from recordsdesk.services.desk import Services
from recordsdesk.services.release.desk import build_release_services
from tests.conftest import FakeClock


def test_the_demo_fills_the_queue_with_every_state(services: Services, clock: FakeClock) -> None:
    build_demo(services, 300, seed=7, clock=clock)
    roi = build_release_services(services, clock)
    clerk = services.users.actor("clerk", "T")
    every = roi.requests.queue(clerk, include_closed=True)
    assert len(every) == 12  # the least the demo makes
    states = Counter(r.status for r in every)
    assert set(states) == set(RequestStatus)
    open_rows = roi.requests.queue(clerk)
    assert any(r.overdue for r in open_rows)
    assert any(0 <= r.days_left <= 7 for r in open_rows)  # due soon
    assert any(r.waiting_on_requester for r in open_rows)
    partly = [r for r in open_rows if r.status is RequestStatus.PARTLY_RELEASED]
    assert partly and all(r.outstanding == ("PSY",) for r in partly)
    figures = roi.disclosures.figures(clerk)
    assert figures.received == 12 and figures.released >= 2
    assert services.audit.verify().ok
