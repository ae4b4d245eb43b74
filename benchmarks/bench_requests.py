"""The Requests page's queue at scale: 2,000 pending requests, each showing recorded.

    .venv/bin/python benchmarks/bench_requests.py [--sqlite PATH] [--pg URL] [--rounds N]

Times what a clerk waits on when the Requests page is opened: every pending request read
(STAT first, then by need-by time, with where its chart is now), and the showing recorded in
the audit trail, once for each patient, sealed into the keyed history chain. Then the same
read when the page looks again after an arrival, with every request already shown (nothing
recorded): what is left is the read alone. Wall time (median and worst) and this process's
CPU time (median), with the load average, since the machine may be shared.

The SQLite file is built once when PATH does not exist: the demo's file room (20,000
patients), then 2,000 pending requests by SQL (one in ten STAT, about 1,900 patients, from
the demo's clerks to its clinics). With --pg the same is built into that database (made if
missing). The measured runs add audit entries: measure a copy of a shared file.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Table, create_engine, func, insert, select, text
from sqlalchemy.engine import make_url

from recordsdesk.services.demo import build_demo
from recordsdesk.services.desk import Services, build_services
from recordsdesk.services.requests_desk.desk import build_requests_desk
from recordsdesk.storage.models import Chart, ChartRequest, Location, User, Volume
from recordsdesk.storage.site_key import KEY_FILE_ENV, create_key_ring

DEFAULT_SQLITE = Path("/var/tmp/rd-bench/i14-requests-20k.sqlite3")
KEY_FILE = Path("/var/tmp/rd-bench/i14-site-key.json")
PATIENTS = 20_000
PENDING = 2_000
SAME_PATIENT = 100  # requests for a patient already asked for


def build(services: Services) -> None:
    """The demo's file room, then the pending requests in one insert."""
    services.upgrade_schema()
    started = time.perf_counter()
    build_demo(services, PATIENTS, seed=14)
    print(f"demo file room: {time.perf_counter() - started:.0f} s")
    rng = random.Random(14)
    now = datetime.now(UTC)
    with services.db.engine.begin() as conn:
        volumes = conn.execute(
            select(Volume.id, Chart.patient_id)
            .join(Chart, Chart.id == Volume.chart_id)
            .order_by(Volume.id)
        ).all()
        places = list(
            conn.execute(select(Location.id).where(Location.kind == "clinic")).scalars()
        ) or list(conn.execute(select(Location.id)).scalars())
        clerks = list(conn.execute(select(User.id).where(User.role == "clerk")).scalars())
        chosen = rng.sample(volumes, PENDING - SAME_PATIENT)
        # A few patients asked for twice (another volume, or the same to another place).
        chosen += rng.sample(chosen, SAME_PATIENT)
        first = int(conn.execute(select(func.coalesce(func.max(ChartRequest.id), 0))).scalar())
        rows: list[dict[str, Any]] = [
            {
                "id": first + n + 1,
                "patient_id": patient_id,
                "volume_id": volume_id,
                "location_id": rng.choice(places),
                "appointment_id": None,
                "needed_by": now + timedelta(minutes=rng.randrange(-120, 3 * 24 * 60)),
                "priority": "stat" if n % 10 == 0 else "routine",
                "status": "pending",
                "requested_by": rng.choice(clerks),
                "created_at": now - timedelta(minutes=rng.randrange(1, 600)),
                "closed_at": None,
                "movement_id": None,
                "note": "",
            }
            for n, (volume_id, patient_id) in enumerate(chosen)
        ]
        conn.execute(insert(cast(Table, ChartRequest.__table__)), rows)
        if conn.dialect.name == "postgresql":
            conn.execute(
                text(
                    "SELECT setval(pg_get_serial_sequence('requests', 'id'), "
                    "(SELECT MAX(id) FROM requests))"
                )
            )
            conn.execute(text("ANALYZE"))
    print(f"{PENDING:,} pending requests added")


def _load() -> str:
    return " ".join(f"{n:.2f}" for n in os.getloadavg())


def _time(rounds: int, work: Callable[[], object]) -> tuple[float, float, float, object]:
    """Median and worst wall milliseconds, median CPU milliseconds (this process's: the
    database server's not counted) over ``rounds`` runs after one warm-up; the last result."""
    result = work()
    wall, cpu = [], []
    for _ in range(rounds):
        started, used = time.perf_counter(), time.process_time()
        result = work()
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - used) * 1000)
    return statistics.median(wall), max(wall), statistics.median(cpu), result


def measure(services: Services, name: str, rounds: int) -> None:
    desk = build_requests_desk(services)
    clerk = services.users.actor("clerk", "BENCH")
    print(f"\n{name}: load average {_load()}")
    median, worst, cpu, found = _time(rounds, lambda: desk.queue.pending(clerk))
    shown = cast(tuple[Any, ...], found)
    patients = len({q.mrn for q in shown})
    print(
        f"  the page opened ({len(shown):,} pending, {patients:,} patients recorded): "
        f"median {median:.0f} ms, worst {worst:.0f} ms, CPU median {cpu:.0f} ms"
    )
    ids = [q.id for q in shown]
    median, worst, cpu, _ = _time(rounds, lambda: desk.queue.pending(clerk, ids))
    print(
        f"  looked again, all shown already (nothing recorded): "
        f"median {median:.0f} ms, worst {worst:.0f} ms, CPU median {cpu:.0f} ms"
    )
    print(f"  load average {_load()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sqlite", type=Path, default=DEFAULT_SQLITE)
    parser.add_argument("--pg", help="a PostgreSQL URL (its database is made if missing)")
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    if not KEY_FILE.exists():
        create_key_ring(KEY_FILE, "Bench Site")
    os.environ[KEY_FILE_ENV] = str(KEY_FILE)
    targets = [("SQLite", f"sqlite:///{args.sqlite}", not args.sqlite.exists())]
    if args.pg:
        url = make_url(args.pg)
        admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            exists = conn.execute(
                text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": url.database}
            ).first()
            if not exists:
                conn.execute(text(f'CREATE DATABASE "{url.database}"'))
        admin.dispose()
        targets.append(("PostgreSQL", args.pg, not exists))
    for name, url_text, fresh in targets:
        services = build_services(url_text)
        try:
            if fresh:
                print(f"building {name} …")
                build(services)
            measure(services, name, args.rounds)
        finally:
            services.close()


if __name__ == "__main__":
    main()
