"""Every dashboard figure, on a hand-built three-day ledger whose answers are worked out by hand."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest

from recordsdesk.domain.dashboard import Period
from recordsdesk.domain.errors import PermissionDenied
from recordsdesk.services.actors import Actor
from recordsdesk.services.desk import Services
from recordsdesk.services.requests import Priority
from recordsdesk.services.requests_desk.desk import RequestsDesk
from recordsdesk.services.requests_desk.figures import Dashboard, ResponseFigures
from tests.conftest import FakeClock
from tests.services.requests_desk.conftest import barcode

DAY = date(2026, 3, 2)  # D; the period is D-2 .. D


def at(days_before: int, hour: int, minute: int = 0) -> datetime:
    """Local wall-clock time on day D minus ``days_before``."""
    return datetime.combine(DAY - timedelta(days=days_before), time(hour, minute)).astimezone()


FEED = (
    "appointment_id,mrn,family_name,given_name,dob,start,clinic,provider,status\n"
    "A1,123456,SMITH,John,1970-05-01,2026-03-01 09:00,CARD,Dr Who,Booked\n"
    "B1,423266,JONES,Mary,1960-01-01,2026-03-01 10:00,ORTH,Dr No,Booked\n"
    "C1,000042,OSTERGARD,Lukasz,1980-01-01,2026-03-02 14:00,CARD,Dr Who,Booked\n"
)


@pytest.fixture
def ledger(
    file_room: Services, clerk: Actor, supervisor: Actor, admin: Actor, clock: FakeClock
) -> Services:
    """Three days in a small file room; every step says its time."""
    s = file_room
    for mrn, name in (("132466", "ONE, A"), ("522466", "TWO, B"), ("423213", "THREE, C")):
        s.registry.register_patient(admin, mrn, name, None, volumes=1)
    smith, j1, j2, j3, ost = (
        barcode(s, clerk, "123456"),
        barcode(s, clerk, "423266", 1),
        barcode(s, clerk, "423266", 2),
        barcode(s, clerk, "423266", 3),
        barcode(s, clerk, "000042"),
    )
    shelf = [barcode(s, clerk, m) for m in ("132466", "522466", "423213")]

    def when(moment: datetime) -> None:
        clock.now = moment

    when(at(2, 7))
    s.schedule.import_file(clerk, FEED.encode(), "feed.csv")
    when(at(2, 10))
    assert s.circulation.check_out(clerk, "CARD", j1).ok
    when(at(2, 11))
    s.missing.flag(supervisor, j2, "not on the shelf")
    when(at(1, 8))
    assert s.circulation.check_out(clerk, "CARD", smith).ok  # A1 pulled before 09:00
    when(at(1, 10, 30))
    assert s.circulation.check_out(clerk, "ORTH", j3).ok  # B1 pulled after 10:00: late
    when(at(1, 12))
    s.missing.flag(supervisor, ost, "not at the clinic")
    when(at(1, 13))
    s.requests.add(clerk, j1, "ORTH", at(1, 14))
    when(at(1, 13, 20))
    assert s.circulation.check_out(clerk, "ORTH", j1).ok  # 20 minutes
    when(at(1, 14))
    s.requests.add(clerk, j3, "W4", at(1, 16))
    when(at(1, 15))
    assert s.circulation.check_out(clerk, "W4", j3).ok  # 60 minutes
    when(at(1, 16))
    s.shelf_audit.audit(clerk, shelf)  # 13-24-66, 52-24-66, 42-32-13: one misfiled of three
    when(at(0, 9))
    assert s.circulation.check_out(clerk, "CARD", j2).ok  # found, then out
    when(at(0, 10))
    s.requests.add(clerk, smith, "W4", at(0, 10, 30), Priority.STAT)
    when(at(0, 10, 6))
    assert s.circulation.check_out(clerk, "W4", smith).ok  # STAT in 6 minutes
    when(at(0, 20))  # C1 at 14:00 was never pulled
    return s


def figures(desk: RequestsDesk, actor: Actor) -> Dashboard:
    return desk.dashboard.figures(actor, Period.ending(DAY, 3))


def test_charts_out_by_location_and_overdue(
    ledger: Services, desk: RequestsDesk, supervisor: Actor
) -> None:
    board = figures(desk, supervisor)
    assert {b.code: b.out for b in board.borrowers} == {"W4": 2, "ORTH": 1, "CARD": 1}
    assert board.charts_out == 4 and board.overdue == 0


def test_missing_count_and_trend(ledger: Services, desk: RequestsDesk, supervisor: Actor) -> None:
    board = figures(desk, supervisor)
    assert board.missing_now == 1
    assert [(m.day.day, m.flagged, m.found, m.missing) for m in board.missing] == [
        (28, 1, 0, 1),
        (1, 1, 0, 2),
        (2, 0, 1, 1),
    ]


def test_pull_list_retrieval_per_day(
    ledger: Services, desk: RequestsDesk, supervisor: Actor
) -> None:
    board = figures(desk, supervisor)
    assert [(r.on_time, r.late, r.not_pulled) for r in board.retrieval] == [
        (0, 0, 0),
        (1, 1, 0),
        (0, 0, 1),
    ]


def test_request_response_times_stat_apart(
    ledger: Services, desk: RequestsDesk, supervisor: Actor
) -> None:
    board = figures(desk, supervisor)
    none = ResponseFigures(0, None, None)
    day_before = board.responses[1]
    assert day_before.routine == ResponseFigures(2, 40.0, pytest.approx(56.0))
    assert day_before.stat == none
    assert board.responses[2].stat == ResponseFigures(1, 6.0, 6.0)
    assert board.responses[0].routine == none
    assert board.stat_overall == ResponseFigures(1, 6.0, 6.0)
    assert board.routine_overall.count == 2 and board.routine_overall.median == 40.0


def test_clerk_activity_by_hour(ledger: Services, desk: RequestsDesk, supervisor: Actor) -> None:
    board = figures(desk, supervisor)
    cells = {(c.username, c.hour): c.count for c in board.activity}
    assert cells == {
        ("cleo", 8): 1,
        ("cleo", 9): 2,  # found, then checked out
        ("cleo", 10): 3,
        ("cleo", 13): 1,
        ("cleo", 15): 1,
        ("sam", 11): 1,
        ("sam", 12): 1,
    }


def test_misfile_rate_from_shelf_audits(
    ledger: Services, desk: RequestsDesk, supervisor: Actor
) -> None:
    board = figures(desk, supervisor)
    assert [(m.scanned, m.misfiled) for m in board.misfiles] == [(0, 0), (3, 1), (0, 0)]
    assert board.misfiles[1].rate == pytest.approx(100 / 3)
    assert board.misfiles[0].rate is None


def test_the_dashboard_is_for_supervisors(
    ledger: Services, desk: RequestsDesk, clerk: Actor
) -> None:
    with pytest.raises(PermissionDenied):
        figures(desk, clerk)
