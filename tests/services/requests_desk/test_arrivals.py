"""Hearing that requests changed: NOTIFY on PostgreSQL, the marker polled on SQLite."""

from __future__ import annotations

import time
from datetime import timedelta

from recordsdesk.services.actors import Actor
from recordsdesk.services.desk import Services
from recordsdesk.services.requests import Priority
from recordsdesk.services.requests_desk.desk import RequestsDesk
from tests.conftest import FakeClock
from tests.services.requests_desk.conftest import barcode


def test_a_new_request_and_a_closed_one_are_heard(
    file_room: Services, desk: RequestsDesk, clerk: Actor, clock: FakeClock, backend: str
) -> None:
    watch = desk.watch(poll_seconds=0.05)
    watch.start()
    assert watch.listening == (backend == "postgresql")
    made = file_room.requests.add(
        clerk,
        barcode(file_room, clerk, "123456"),
        "CARD",
        clock() + timedelta(hours=1),
        Priority.STAT,
    )
    started = time.monotonic()
    assert watch.wait(timeout=5)
    assert time.monotonic() - started < 5
    desk.queue.cancel(clerk, made.id, "not needed after all")
    assert watch.wait(timeout=5)
    watch.close()


def test_a_closed_watch_stops_waiting(desk: RequestsDesk) -> None:
    watch = desk.watch(poll_seconds=0.05)
    watch.start()
    watch.close()
    assert watch.wait(timeout=30) is False


def test_after_a_reset_the_watch_starts_again(
    file_room: Services, desk: RequestsDesk, clerk: Actor, clock: FakeClock, backend: str
) -> None:
    watch = desk.watch(poll_seconds=0.05)
    watch.start()
    watch.reset()  # as after the database went away
    assert not watch.listening
    assert watch.pause(0) is False
    file_room.requests.add(
        clerk, barcode(file_room, clerk, "123456"), "CARD", clock() + timedelta(hours=1)
    )
    watch.start()
    assert watch.listening == (backend == "postgresql")
    file_room.requests.add(
        clerk, barcode(file_room, clerk, "000042"), "W4", clock() + timedelta(hours=1)
    )
    assert watch.wait(timeout=5)
    watch.close()
    assert watch.pause(30) is True
