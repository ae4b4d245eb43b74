"""Importing a night's schedule: 50,000 HL7 SIU messages into a million-patient file room.

    .venv/bin/python benchmarks/bench_schedule_import.py [--big PATH] [--messages N]

Times reading (parsing) and applying (appointments and requests written) separately.
"""

from __future__ import annotations

import argparse
import random
import time
from pathlib import Path

from bench_feed_parse import siu_message

from recordsdesk.feeds import read_schedule
from recordsdesk.services.desk import build_services


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--big", type=Path, default=Path("/var/tmp/recordsdesk-bench-1m.sqlite3"))
    parser.add_argument("--messages", type=int, default=50_000)
    args = parser.parse_args()
    if not args.big.exists():
        raise SystemExit(f"{args.big} is missing: run benchmarks/bench_scan.py first to build it.")
    seed = int(time.time())
    rng = random.Random(seed)
    first = seed % 1_000_000 * 100_000  # fresh appointment ids on every run
    data = ("\r".join(siu_message(first + n, rng) for n in range(args.messages)) + "\r").encode()
    started = time.perf_counter()
    parsed = read_schedule(data, name="night.hl7")
    parse_seconds = time.perf_counter() - started
    services = build_services(f"sqlite:///{args.big}")
    actor = services.users.actor("clerk", "BENCH")
    started = time.perf_counter()
    report = services.schedule.import_file(actor, data, "night.hl7")
    total = time.perf_counter() - started
    services.close()
    size = len(data) / 1e6
    print(f"{args.messages:,} SIU messages ({size:.1f} MB), {len(parsed.events):,} events")
    print(f"read (parse) alone:         {parse_seconds:6.1f} s")
    print(
        f"import (read + apply):      {total:6.1f} s   {args.messages / total:,.0f} messages/s; "
        f"{report.added:,} new, {report.changed:,} changed, {report.cancelled:,} cancelled, "
        f"{report.requests:,} requests, {len(report.problems)} problems"
    )


if __name__ == "__main__":
    main()
