"""Importing a night's schedule: 75,000 HL7 SIU messages (50 MB) into a million-patient room.

    .venv/bin/python benchmarks/bench_schedule_import.py [--big PATH] [--messages N] [--mb M]

``--big`` is a copy of the benchmark file room (never the shared original: the import writes);
it is brought up to date first. Times reading (parsing) and the whole import separately, in
wall-clock and CPU seconds, with the load average: the machine is shared.
"""

from __future__ import annotations

import argparse
import os
import random
import time
from pathlib import Path

from bench_feed_parse import siu_message
from sqlalchemy import create_engine

from recordsdesk.feeds import read_schedule
from recordsdesk.services.desk import build_services
from recordsdesk.storage import schema


def feed(messages: int, megabytes: float, seed: int) -> bytes:
    """``messages`` SIU messages, padded with NTE notes to about ``megabytes`` in all."""
    rng = random.Random(seed)
    first = seed % 1_000_000 * 100_000  # fresh appointment ids on every run
    bodies = [siu_message(first + n, rng) for n in range(messages)]
    plain = sum(len(b) + 1 for b in bodies)
    pad = max(0, int((megabytes * 1e6 - plain) / messages) - 12)
    note = f"\rNTE|1||{'x' * pad}" if pad else ""
    return ("".join(f"{b}{note}\r" for b in bodies)).encode()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--big", type=Path, default=Path("/var/tmp/i17-bench/room.sqlite3"))
    parser.add_argument("--messages", type=int, default=75_000)
    parser.add_argument("--mb", type=float, default=50.0)
    args = parser.parse_args()
    if not args.big.exists():
        raise SystemExit(f"{args.big} is missing: copy the benchmark file room there first.")
    url = f"sqlite:///{args.big}"
    engine = create_engine(url)
    schema.upgrade(engine)
    engine.dispose()
    data = feed(args.messages, args.mb, int(time.time()))
    cpu, wall = time.process_time(), time.perf_counter()
    parsed = read_schedule(data, name="night.hl7")
    parse_cpu, parse_wall = time.process_time() - cpu, time.perf_counter() - wall
    services = build_services(url)
    actor = services.users.actor("clerk", "BENCH")
    load_before = os.getloadavg()
    cpu, wall = time.process_time(), time.perf_counter()
    report = services.schedule.import_file(actor, data, "night.hl7")
    total_cpu, total = time.process_time() - cpu, time.perf_counter() - wall
    services.close()
    print(
        f"{args.messages:,} SIU messages ({len(data) / 1e6:.1f} MB), {len(parsed.events):,} "
        f"events; load average before {load_before[0]:.1f}, after {os.getloadavg()[0]:.1f} "
        f"on {os.cpu_count()} cores"
    )
    print(f"read (parse) alone:     {parse_wall:6.1f} s wall, {parse_cpu:6.1f} s CPU")
    print(
        f"import (read + apply):  {total:6.1f} s wall, {total_cpu:6.1f} s CPU; "
        f"{args.messages / total:,.0f} messages/s; {report.added:,} new, {report.changed:,} "
        f"changed, {report.cancelled:,} cancelled, {report.kept_cancels:,} cancels kept, "
        f"{report.requests:,} requests, {len(report.problems)} problems"
    )


if __name__ == "__main__":
    main()
