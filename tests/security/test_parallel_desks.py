"""Four desk processes scanning the same volumes to different places at once."""

from __future__ import annotations

import itertools
import json
import random
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select

from recordsdesk.services.desk import Services, build_services
from recordsdesk.storage.models import Location, Movement, Volume
from tests.security.helpers import assert_ledger_consistent, start

PLACES = ["CARD", "ORTH", "W4", "JDOE"]
SOUND = {"checked_out", "transferred", "already_there", "conflict"}


@pytest.fixture
def room(db_url: str) -> Iterator[Services]:
    built = build_services(db_url)
    built.users.add(None, "ada", "admin", "correct horse battery")
    ada = built.users.actor("ada", "SETUP")
    built.locations.add(ada, "CARD", "Cardiology Clinic", "clinic", 24)
    built.locations.add(ada, "ORTH", "Orthopaedics Clinic", "clinic", 48)
    built.locations.add(ada, "W4", "Ward 4", "ward")
    built.locations.add(ada, "JDOE", "Dr Jane Doe", "person")
    for n in range(6):
        built.registry.register_patient(ada, f"{n + 500:06d}", f"RACE, Number{n}", None, 2)
    yield built
    built.close()


def test_four_processes_on_the_same_volumes(room: Services, db_url: str) -> None:
    with room.db.reading() as uow:
        barcodes = list(uow.session.scalars(select(Volume.barcode)))
    feeds: dict[str, list[str]] = {}
    for n, place in enumerate(PLACES):
        scans = barcodes * 25
        random.Random(n).shuffle(scans)
        feeds[place] = scans
    processes = {
        place: start(db_url, "checkout", "--to", place, "--json", user="ada") for place in PLACES
    }
    outputs: dict[str, tuple[str, str]] = {}
    go = threading.Barrier(len(PLACES))

    def desk(place: str) -> None:
        # As a desk scans: one scan, its answer, the next. Fed all at once, a desk that got the
        # database's write lock first would run through its whole feed while the others slept
        # in SQLite's busy handler, and the desks would take turns, not race.
        process = processes[place]
        assert process.stdin is not None and process.stdout is not None
        answers = []
        for number, scan in enumerate(feeds[place]):
            process.stdin.write(scan + "\n")
            process.stdin.flush()
            answers.append(process.stdout.readline())
            if number == 0:
                go.wait()  # every desk up (started, signed in, connected) before the race
        stdout, stderr = process.communicate(timeout=600)
        outputs[place] = ("".join(answers) + stdout, stderr)

    threads = [threading.Thread(target=desk, args=(place,)) for place in PLACES]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=660)
    acknowledged: dict[int, tuple[str, str]] = {}
    conflicts = 0
    for place, process in processes.items():
        stdout, stderr = outputs[place]
        # Exit 1 only because a scan lost a race and said so; never a crash.
        assert process.returncode in (0, 1), stderr
        assert "Traceback" not in stderr and "unexpected error" not in stderr, stderr
        answers: list[dict[str, Any]] = [json.loads(line) for line in stdout.splitlines()]
        assert [a["scan"] for a in answers] == feeds[place]
        assert {a["outcome"] for a in answers} <= SOUND, place
        conflicts += sum(a["outcome"] == "conflict" for a in answers)
        for answer in answers:
            if answer["movement_id"] is not None:
                assert answer["movement_id"] not in acknowledged
                acknowledged[answer["movement_id"]] = (answer["barcode"], place)
    with room.db.reading() as uow:
        history = {
            movement_id: (barcode, code)
            for movement_id, barcode, code in uow.session.execute(
                select(Movement.id, Volume.barcode, Location.code)
                .join(Volume, Volume.id == Movement.volume_id)
                .outerjoin(Location, Location.id == Movement.to_location_id)
                .where(Movement.kind.in_(["checked_out", "transferred"]))
            )
        }
    # Every acknowledged scan is in the history, as answered; nothing else moved anything.
    assert history == acknowledged
    assert len(acknowledged) > len(barcodes)
    assert_ledger_consistent(room)
    # The desks really ran at once: their movements interleave in the ledger.
    places = [acknowledged[i][1] for i in sorted(acknowledged)]
    switches = sum(a != b for a, b in itertools.pairwise(places))
    print(f"{len(places)} movements, {switches} switches between desks, {conflicts} conflicts")
    assert switches > 10  # run one after another, four desks would switch three times
    assert conflicts < sum(len(f) for f in feeds.values())
