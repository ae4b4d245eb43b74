"""A schedule import killed halfway (SIGKILL, as a power cut or the OOM killer would) leaves
every message either applied or not: here, none of the file; imported again, all of it."""

from __future__ import annotations

import os
import signal
from pathlib import Path

from sqlalchemy import func, select

from recordsdesk.services.desk import build_services
from recordsdesk.storage.models import Appointment, ChartRequest, Location
from recordsdesk.storage.schedule_models import AppointmentKey
from tests.clirun import add_first_admin, run, start
from tests.feeds import vendor_shapes as shapes

MESSAGES = 8000


def _counts(url: str) -> tuple[int, int, int, int]:
    services = build_services(url)
    try:
        with services.db.reading() as uow:
            return tuple(  # type: ignore[return-value]
                uow.session.scalar(select(func.count()).select_from(table)) or 0
                for table in (Appointment, AppointmentKey, ChartRequest, Location)
            )
    finally:
        services.close()


def test_an_import_killed_halfway_leaves_nothing_half_applied(db_url: str, tmp_path: Path) -> None:
    add_first_admin(db_url)
    assert run(db_url, "patient", "add", "123456", "--name", "SMITH, John").returncode == 0
    feed = tmp_path / "night.hl7"
    feed.write_bytes(
        b"".join(
            shapes.ambulatory(
                str(10_000 + n),
                "123456" if n % 2 else f"{200_000 + n}",
                f"2099{3 + n % 9:02d}{1 + n % 28:02d}0900",
            )
            for n in range(MESSAGES)
        )
    )
    before = _counts(db_url)
    with start(db_url, "schedule", "import", "--progress", str(feed)) as process:
        assert process.stderr is not None
        for line in process.stderr:
            if f"{MESSAGES // 2} of {MESSAGES} messages applied" in line:
                break
        assert process.poll() is None, "the import finished before it could be killed"
        os.kill(process.pid, signal.SIGKILL)
        assert process.wait() == -signal.SIGKILL
    # Nothing of the file: no appointment, no key, no request, no new clinic.
    assert _counts(db_url) == before
    again = run(db_url, "schedule", "import", str(feed))
    assert again.returncode == 0, again.stdout + again.stderr
    assert f"{MESSAGES} messages; {MESSAGES} new" in again.stdout
    appointments, keys, requests, _ = _counts(db_url)
    assert (appointments, keys) == (MESSAGES, MESSAGES)
    assert requests == MESSAGES // 2  # one volume for each of John Smith's appointments
