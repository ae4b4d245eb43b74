"""The retirement candidate list at a million patients: about 100,000 volumes, in walk order.

    .venv/bin/python benchmarks/bench_retention.py [--source PATH] [--copy PATH] [--target N]

The million-patient demo file room is built once with the demo command into
/var/tmp/rd-bench/demo-1000000.sqlite3 (shared; read-only here):

    recordsdesk --db sqlite:////var/tmp/rd-bench/demo-1000000.sqlite3 demo --patients 1000000

It is copied (once) to --copy, whose schema is brought to this version's by its migrations.
The demo's activity spans its last three years, so the list is taken on the day that makes
--target volumes (100,000) inactive for three years, under a rule retiring after three.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import statistics
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from alembic import command

from recordsdesk.domain.retention import RetentionRule
from recordsdesk.services.desk import build_services
from recordsdesk.services.retention.wiring import retention_for
from recordsdesk.storage import schema


def _prepare(source: Path, copy: Path) -> None:
    if copy.exists():
        # Made by an earlier run: brought to this version's schema (0012: measured thickness).
        engine = build_services(f"sqlite:///{copy}").db.engine
        schema.upgrade(engine)
        engine.dispose()
        return
    print(f"copying {source} to {copy} ...", flush=True)
    shutil.copyfile(source, copy)
    engine = build_services(f"sqlite:///{copy}").db.engine
    # Built by another branch: its tables are there, ours (0007) are not; stamp, then upgrade.
    schema._migrate(engine, lambda config: command.stamp(config, "0006"))
    schema.upgrade(engine)
    engine.dispose()


def _as_of(copy: Path, target: int) -> date:
    """The day on which ``target`` volumes have been inactive three years (by the ledger)."""
    conn = sqlite3.connect(copy)
    row = conn.execute(
        "SELECT m.at FROM volumes v JOIN movements m ON m.id = v.last_movement_id "
        "WHERE v.location_id IS NULL AND NOT v.missing ORDER BY m.at LIMIT 1 OFFSET ?",
        (target,),
    ).fetchone()
    conn.close()
    cut = datetime.fromisoformat(row[0]).date()
    return cut.replace(year=cut.year + 3) + timedelta(days=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--source", type=Path, default=Path("/var/tmp/rd-bench/demo-1000000.sqlite3")
    )
    parser.add_argument(
        "--copy", type=Path, default=Path("/var/tmp/rd-bench/i15-retention-1m.sqlite3")
    )
    parser.add_argument("--target", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    _prepare(args.source, args.copy)
    services = build_services(f"sqlite:///{args.copy}")
    retention = retention_for(services)
    admin = services.users.actor("admin", "BENCH")
    rule = RetentionRule(
        "Bench: adults 10 years, retire after 3",
        years_after_activity=10,
        majority_age=18,
        years_after_majority=7,
        retire_after_years=3,
        citation="benchmark rule",
    )
    # Set once: the copy keeps it (and a later run writes nothing before it measures).
    if rule.name not in {r.name for r in retention.rules.listing(admin)}:
        retention.rules.set_rule(admin, None, rule)
    clerk = services.users.actor("clerk", "BENCH")
    day = _as_of(args.copy, args.target)
    times, cpu = [], []
    for _ in range(args.runs):
        started, used = time.perf_counter(), time.process_time()
        listed = retention.candidates.retirement(clerk, as_of=day)
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - used)
    print(
        f"retirement candidates as of {day}: {listed.volumes:,} volumes in "
        f"{len(listed.units)} shelving units, {listed.inches:,.0f} inches of shelf"
    )
    print(
        f"candidate list: median {statistics.median(times):.2f} s, "
        f"best {min(times):.2f} s over {args.runs} runs; CPU time median "
        f"{statistics.median(cpu):.2f} s (load average {os.getloadavg()[0]:.1f} on "
        f"{os.cpu_count()} cores)"
    )
    started = time.perf_counter()
    report = retention.candidates.report(clerk, as_of=day)
    print(
        f"retention report over every volume: {time.perf_counter() - started:.1f} s "
        f"({sum(y.volumes for y in report.by_year):,} volumes)"
    )
    services.close()


if __name__ == "__main__":
    main()
