"""A 3,000-appointment pull list on a million-patient file room: import, build, render to PDF.

    .venv/bin/python benchmarks/bench_pull_list.py [--big PATH] [--appointments N]

Uses the million-patient demo database that bench_scan.py builds (and builds it if missing).
Each run books a fresh day (appointment ids are unique per run) so runs do not interfere.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import time
from datetime import date, timedelta
from pathlib import Path

from recordsdesk.services.demo import CLINICS, build_demo
from recordsdesk.services.desk import build_services


def _feed(path: Path, day: date, count: int, seed: int) -> bytes:
    conn = sqlite3.connect(path)
    top = conn.execute("SELECT MAX(id) FROM patients").fetchone()[0]
    rng = random.Random(seed)
    ids = rng.sample(range(1, top + 1), count)
    marks = ",".join("?" * len(ids))
    rows = conn.execute(
        f"SELECT mrn, family_name, given_name, dob FROM patients WHERE id IN ({marks})", ids
    ).fetchall()
    conn.close()
    lines = ["appointment_id,mrn,family_name,given_name,dob,start,clinic,provider,status"]
    for n, (mrn, family, given, dob) in enumerate(rows):
        start = f"{day.isoformat()} {8 + n % 9:02d}:{(n * 5) % 60:02d}"
        clinic = rng.choice(CLINICS)[0]
        lines.append(f"BENCH-{seed}-{n},{mrn},{family},{given},{dob},{start},{clinic},Dr X,Booked")
    # A few patients come twice in a day: they are pulled once and forwarded.
    for n, (mrn, family, given, dob) in enumerate(rows[: count // 50]):
        lines.append(f"BENCH-{seed}-R{n},{mrn},{family},{given},{dob},{day} 16:30,ORTH,Dr Y,Booked")
    return ("\n".join(lines) + "\n").encode()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--big", type=Path, default=Path("/var/tmp/recordsdesk-bench-1m.sqlite3"))
    parser.add_argument("--appointments", type=int, default=3000)
    args = parser.parse_args()
    services = build_services(f"sqlite:///{args.big}")
    services.upgrade_schema()
    if not services.users.count():
        print("building the million-patient demo file room (about two minutes) ...", flush=True)
        build_demo(services, 1_000_000, seed=11)
    actor = services.users.actor("clerk", "BENCH")
    seed = int(time.time())
    day = date(2030, 1, 1) + timedelta(days=seed % 3000)
    feed = _feed(args.big, day, args.appointments, seed)

    started = time.perf_counter()
    report = services.schedule.import_file(actor, feed, "bench.csv")
    imported = time.perf_counter() - started
    print(f"import {report.events:,} appointments ({report.requests:,} requests): {imported:.2f} s")

    started = time.perf_counter()
    view = services.pull_lists.build(actor, day)
    built = time.perf_counter() - started
    started = time.perf_counter()
    document = services.documents.pull_list(actor, view)
    rendered = time.perf_counter() - started
    pull = view.pull_list
    print(
        f"pull list: {len(pull.items):,} items, {len(pull.exceptions):,} exceptions, "
        f"{len(pull.forwards):,} forwards"
    )
    print(f"build from the database: {built:.2f} s")
    print(f"render to PDF ({len(document.data) / 1e6:.1f} MB): {rendered:.2f} s")
    print(f"build + render: {built + rendered:.2f} s   (target under 3 s)")
    services.close()


if __name__ == "__main__":
    main()
