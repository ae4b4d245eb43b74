"""The dashboard's figures at file-room scale: a million patients, twenty million movements.

    .venv/bin/python benchmarks/bench_dashboard.py [--sqlite PATH] [--pg URL] [--rounds N]

Charts out by location is read two ways, side by side in one run, on SQLite and on
PostgreSQL: RecordsDesk's way (a group-by over the volumes' (location, due) index: each volume
carries its current place, kept by the ledger as movements are written) and the shape
OpenEMR's chart tracker uses (the latest movement of every chart: group by chart, max of
time), which reads the whole history. Both must give the same answer. Then the whole dashboard
(every figure of a 30-day and a 365-day period) through the services.

The SQLite file is built once when PATH does not exist: the demo's million patients (a year of
requests, pulls and misfiles on top of three years of loans), then older loans added by SQL
until the ledger holds twenty million movements, then the tallies counted again. The
PostgreSQL database (URL's database name, made if missing) is filled from that file by COPY.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from recordsdesk.domain.dashboard import Period
from recordsdesk.services.demo import build_demo
from recordsdesk.services.desk import build_services
from recordsdesk.services.requests_desk.desk import build_requests_desk
from recordsdesk.services.requests_desk.overdue import out_and_aging
from recordsdesk.storage.dashboard_models import rebuild_tallies

DEFAULT_SQLITE = Path("/var/tmp/rd-bench/i16-dashboard-1m-20m.sqlite3")
PATIENTS = 1_000_000
MOVEMENTS = 20_000_000
CHUNK = 1_000_000

# OpenEMR's shape: the latest movement of every chart, then where those movements went.
LATEST_MOVEMENT_PER_CHART = """
SELECT m.to_location_id, count(*)
FROM movements m
JOIN (SELECT volume_id, max(at) AS at FROM movements GROUP BY volume_id) latest
  ON latest.volume_id = m.volume_id AND latest.at = m.at
WHERE m.to_location_id IS NOT NULL
GROUP BY m.to_location_id
"""
# RecordsDesk's: each volume knows where it is; an index on (location_id, due_at) covers it.
OUT_BY_LOCATION = """
SELECT location_id, count(*) FROM volumes WHERE location_id IS NOT NULL GROUP BY location_id
"""

PAD = """
WITH RECURSIVE n(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM n WHERE k < :count - 1)
INSERT INTO movements
    (volume_id, kind, from_location_id, to_location_id, user_id, workstation, at, due_at, note)
SELECT v, CASE WHEN k % 2 = 0 THEN 'checked_out' ELSE 'returned' END,
       CASE WHEN k % 2 = 0 THEN NULL ELSE place END,
       CASE WHEN k % 2 = 0 THEN place ELSE NULL END,
       3 + (k / 2) % 4, 'BENCH', at, NULL, ''
FROM (
    SELECT k, 1 + ((k / 2) * 7919) % :volumes AS v, 1 + ((k / 2) * 31) % 12 AS place,
           strftime('%Y-%m-%d %H:%M:%f000', :oldest, '+' || ((k / 2) % 1000) || ' days',
                    '+' || (8 + k % 2 * 30) || ' hours') AS at
    FROM n
)
"""


def _say(text_: str) -> None:
    print(text_, flush=True)


def build_sqlite(path: Path) -> None:
    """The demo's million patients, then older loans until twenty million movements."""
    building = path.with_suffix(".building")
    building.unlink(missing_ok=True)
    _say(f"building {path} (the demo, then older loans to {MOVEMENTS:,} movements) ...")
    services = build_services(f"sqlite:///{building}")
    services.upgrade_schema()
    started = time.perf_counter()
    summary = build_demo(services, PATIENTS, seed=16)
    _say(f"  demo: {summary.movements:,} movements in {time.perf_counter() - started:.0f} s")
    services.close()
    conn = sqlite3.connect(building, isolation_level=None)
    volumes = conn.execute("SELECT max(id) FROM volumes").fetchone()[0]
    have = conn.execute("SELECT count(*) FROM movements").fetchone()[0]
    # Older loans, before the demo's first day: history that does not change where charts are.
    oldest = conn.execute("SELECT min(at) FROM movements").fetchone()[0][:10]
    oldest = (date.fromisoformat(oldest).replace(year=int(oldest[:4]) - 3)).isoformat()
    while have < MOVEMENTS:
        count = min(CHUNK, MOVEMENTS - have)
        count -= count % 2
        conn.execute("BEGIN")
        conn.execute(
            PAD.replace(":count", str(count))
            .replace(":volumes", str(volumes))
            .replace(":oldest", f"'{oldest}'")
        )
        conn.execute("COMMIT")
        have += count
        _say(f"  {have:,} movements ({time.perf_counter() - started:.0f} s)")
    conn.close()
    engine = create_engine(f"sqlite:///{building}")
    with engine.begin() as connection:
        rebuild_tallies(connection)
        connection.execute(text("ANALYZE"))
    engine.dispose()
    os.replace(building, path)
    _say(f"  built in {time.perf_counter() - started:.0f} s")


TABLES = (
    "settings",
    "users",
    "locations",
    "record_types",
    "patients",
    "charts",
    "volumes",
    "movements",
    "appointments",
    "requests",
    "movement_tallies",
    "shelf_audit_runs",
)


def build_postgres(url: str, source: Path) -> None:
    """A PostgreSQL copy of the SQLite file, by COPY, when it is not there yet."""
    target = make_url(url)
    admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        exists = conn.scalar(
            text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": target.database}
        )
        if exists:
            engine = create_engine(target)
            with engine.connect() as check:
                try:
                    done = check.scalar(text("SELECT count(*) FROM bench_complete"))
                except Exception:
                    done = 0
            engine.dispose()
            if done:
                admin.dispose()
                return
            conn.execute(text(f'DROP DATABASE "{target.database}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{target.database}"'))
    admin.dispose()
    _say(f"copying {source} into PostgreSQL {target.database} ...")
    started = time.perf_counter()
    services = build_services(url)
    services.upgrade_schema()
    services.close()
    lite = sqlite3.connect(source)
    engine = create_engine(target)
    raw: Any = engine.raw_connection()
    driver = raw.driver_connection
    with driver.cursor() as cursor:
        cursor.execute("TRUNCATE record_types, settings CASCADE")
        for table in TABLES:
            names = [row[1] for row in lite.execute(f"PRAGMA table_info({table})")]
            types = {row[1]: row[2].upper() for row in lite.execute(f"PRAGMA table_info({table})")}
            columns = ", ".join(names)
            with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in lite.execute(f"SELECT {columns} FROM {table}"):
                    copy.write_row(
                        [
                            _pg_value(value, types[name])
                            for name, value in zip(names, row, strict=True)
                        ]
                    )
            _say(f"  {table} ({time.perf_counter() - started:.0f} s)")
        for table in TABLES:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
                if table not in ("settings", "movement_tallies")
                else "SELECT 1"
            )
        cursor.execute("CREATE TABLE bench_complete (done int)")
        cursor.execute("INSERT INTO bench_complete VALUES (1)")
    driver.commit()
    with driver.cursor() as cursor:
        driver.autocommit = True
        cursor.execute("VACUUM ANALYZE")
    raw.close()
    engine.dispose()
    lite.close()
    _say(f"  copied in {time.perf_counter() - started:.0f} s")


def _pg_value(value: Any, kind: str) -> Any:
    if kind == "BOOLEAN" and value is not None:
        return bool(value)
    if kind in ("DATETIME", "TIMESTAMP") and value is not None:
        return f"{value}+00"
    return value


def _time(work: Callable[[], object], rounds: int) -> tuple[float, float, object]:
    samples = []
    answer: object = None
    for _ in range(rounds):
        started = time.perf_counter()
        answer = work()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples) * 1000, max(samples) * 1000, answer


def measure(url: str, rounds: int) -> dict[str, float]:
    services = build_services(url)
    desk = build_requests_desk(services)
    supervisor = services.users.actor("supervisor", "BENCH")
    engine = services.db.engine
    name = engine.dialect.name
    with engine.connect() as conn:
        movements = conn.scalar(text("SELECT count(*) FROM movements"))
        volumes = conn.scalar(text("SELECT count(*) FROM volumes"))
        patients = conn.scalar(text("SELECT count(*) FROM patients"))
        _say(f"\n{name}: {patients:,} patients, {volumes:,} volumes, {movements:,} movements")
        _time(lambda: conn.execute(text(OUT_BY_LOCATION)).all(), 3)  # warm
        fast, fast_max, fast_rows = _time(
            lambda: sorted(conn.execute(text(OUT_BY_LOCATION)).all()), rounds
        )
        naive, naive_max, naive_rows = _time(
            lambda: sorted(conn.execute(text(LATEST_MOVEMENT_PER_CHART)).all()), 2
        )
    same = fast_rows == naive_rows
    out_total = sum(n for _, n in fast_rows)  # type: ignore[attr-defined]
    _say(
        f"  charts out by location ({out_total:,} out, {len(fast_rows):,} places):"  # type: ignore[arg-type]
        f"\n    volumes' (location, due) index   p50 {fast:8.1f} ms  max {fast_max:8.1f} ms"
        f"\n    latest movement per chart         p50 {naive:8.1f} ms  max {naive_max:8.1f} ms"
        f"\n    {naive / fast:,.0f} times faster; same answer: {same}"
    )
    with services.db.reading() as uow:
        aging, aging_max, _ = _time(lambda: out_and_aging(uow.session, _now()), rounds)
    _say(f"    with overdue aging buckets        p50 {aging:8.1f} ms  max {aging_max:8.1f} ms")
    today = date.today()
    results = {"fast": fast, "naive": naive, "aging": aging}
    for days in (30, 365):
        period = Period.ending(today, days)
        whole, whole_max, _ = _time(
            lambda p=period: desk.dashboard.figures(supervisor, p), max(3, rounds // 4)
        )
        results[f"dashboard_{days}"] = whole
        _say(
            f"  whole dashboard, {days:>3} days            "
            f"p50 {whole:8.1f} ms  max {whole_max:8.1f} ms"
        )
    services.close()
    return results


def _now() -> datetime:
    return datetime.now(UTC)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sqlite", type=Path, default=DEFAULT_SQLITE)
    parser.add_argument("--pg", help="PostgreSQL URL to fill from the SQLite file and measure")
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--build-only", action="store_true")
    args = parser.parse_args()
    if not args.sqlite.exists():
        args.sqlite.parent.mkdir(parents=True, exist_ok=True)
        build_sqlite(args.sqlite)
    if args.pg:
        build_postgres(args.pg, args.sqlite)
    if args.build_only:
        return 0
    measure(f"sqlite:///{args.sqlite}", args.rounds)
    if args.pg:
        measure(args.pg, args.rounds)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
