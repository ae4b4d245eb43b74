"""A desk killed with SIGKILL in the middle of a scan storm loses no scan it acknowledged."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select

from recordsdesk.services.desk import Services, build_services
from recordsdesk.storage.models import Location, Movement, Volume
from tests.security.helpers import assert_ledger_consistent, start

VOLUMES = 60
SOUND = {"checked_out", "transferred", "returned", "already_there", "already_home", "not_out"}
# (command, destination, acknowledged answers read before the kill)
ROUNDS = [
    ("checkout", "CARD", 1),
    ("checkout", "ORTH", 9),
    ("return", None, 23),
    ("checkout", "ORTH", 41),
    ("transfer", "CARD", 57),
    ("return", None, 88),
]


@pytest.fixture
def room(sqlite_url: str) -> Iterator[Services]:
    built = build_services(sqlite_url)
    built.users.add(None, "ada", "admin", "correct horse battery")
    ada = built.users.actor("ada", "SETUP")
    built.locations.add(ada, "CARD", "Cardiology Clinic", "clinic", 24)
    built.locations.add(ada, "ORTH", "Orthopaedics Clinic", "clinic", 48)
    for n in range(VOLUMES // 2):
        built.registry.register_patient(ada, f"{n + 100:06d}", f"STORM, Number{n}", None, 2)
    yield built
    built.close()


def _storm(
    url: str, command: str, destination: str | None, scans: list[str], kill_after: int
) -> list[dict[str, Any]]:
    """Feed ``scans`` to a desk process as fast as it takes them; kill it after
    ``kill_after`` answers; every complete answer line it wrote counts as acknowledged."""
    args = [command, "--json"] + (["--to", destination] if destination else [])
    process = start(url, *args, user="ada")
    assert process.stdin is not None and process.stdout is not None

    def feed() -> None:
        assert process.stdin is not None
        try:
            for scan in scans:
                process.stdin.write(scan + "\n")
            process.stdin.close()
        except (BrokenPipeError, ValueError, OSError):
            pass  # killed while the cart was still being scanned

    writer = threading.Thread(target=feed)
    writer.start()
    answers: list[dict[str, Any]] = []
    for line in process.stdout:
        answers.append(json.loads(line))
        if len(answers) == kill_after:
            os.kill(process.pid, signal.SIGKILL)
            break
    # What reached the pipe before the kill was on the clerk's screen: acknowledged too.
    rest = process.stdout.read()
    complete = rest.split("\n")[:-1]
    answers.extend(json.loads(line) for line in complete if line)
    process.wait(timeout=60)
    writer.join(timeout=60)
    assert process.returncode == -signal.SIGKILL, process.stderr.read() if process.stderr else ""
    for stream in (process.stdout, process.stderr):
        if stream is not None:
            stream.close()
    assert len(answers) < len(scans), "the kill came after the storm: no proof"
    return answers


def test_sigkill_mid_storm_loses_no_acknowledged_scan(room: Services, sqlite_url: str) -> None:
    with room.db.reading() as uow:
        barcodes = list(uow.session.scalars(select(Volume.barcode).order_by(Volume.id)))
    assert len(barcodes) == VOLUMES
    database = room.db.engine.url.database
    assert database is not None
    shuffle = random.Random(6)
    acknowledged = 0
    for command, destination, kill_after in ROUNDS:
        scans = barcodes * 3
        shuffle.shuffle(scans)
        answers = _storm(sqlite_url, command, destination, scans, kill_after)
        assert len(answers) >= kill_after
        outcomes = {a["outcome"] for a in answers}
        # A transfer of a chart a killed return already brought home is "not out": sound.
        assert outcomes <= SOUND, outcomes
        moved = {a["movement_id"]: a for a in answers if a["movement_id"] is not None}
        acknowledged += len(moved)
        with room.db.reading() as uow:
            rows = uow.session.execute(
                select(Movement.id, Volume.barcode, Location.code)
                .join(Volume, Volume.id == Movement.volume_id)
                .outerjoin(Location, Location.id == Movement.to_location_id)
                .where(Movement.id.in_(list(moved)))
            ).all()
        kept = {movement_id: (barcode, code) for movement_id, barcode, code in rows}
        assert set(kept) == set(moved), f"lost after kill at {kill_after}"
        for movement_id, answer in moved.items():
            assert kept[movement_id] == (answer["barcode"], destination), answer
        with sqlite3.connect(database) as check:
            assert check.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            assert check.execute("PRAGMA foreign_key_check").fetchall() == []
        assert_ledger_consistent(room)
    assert acknowledged > len(ROUNDS)  # the proof covered real movements
