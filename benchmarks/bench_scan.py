"""Scan-to-acknowledge latency through the services at 10,000 and 1,000,000 patients,
beside the same durable work done with bare sqlite3 (the floor), in one run.

    .venv/bin/python benchmarks/bench_scan.py [--big PATH] [--scans N]

The million-patient database is built with the demo builder when PATH does not exist
and reused after that. Every movement is sealed into the keyed history chain, so a site key is
needed: RECORDSDESK_SITE_KEY_FILE names it (a new one is made there when none exists), and
RECORDSDESK_CHECKPOINT_DIR where the checkpoints go.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from recordsdesk.services.demo import build_demo
from recordsdesk.services.desk import build_services


def _figures(name: str, samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    p50 = statistics.median(ordered) * 1000
    p95 = ordered[int(len(ordered) * 0.95) - 1] * 1000
    mean = statistics.fmean(ordered) * 1000
    print(f"{name:<44} p50 {p50:6.2f} ms   p95 {p95:6.2f} ms   mean {mean:6.2f} ms")
    return {"p50": p50, "p95": p95, "mean": mean}


def _ensure(path: Path, patients: int) -> None:
    if path.exists():
        return
    print(f"building a {patients:,}-patient demo file room at {path} ...", flush=True)
    services = build_services(f"sqlite:///{path}")
    services.upgrade_schema()
    started = time.perf_counter()
    build_demo(services, patients, seed=11)
    services.close()
    print(f"  built in {time.perf_counter() - started:.1f} s", flush=True)


def _barcodes(path: Path, count: int, seed: int) -> list[str]:
    conn = sqlite3.connect(path)
    top = conn.execute("SELECT MAX(id) FROM volumes").fetchone()[0]
    conn.close()
    rng = random.Random(seed)
    return [f"V{rng.randrange(1, top + 1):07d}" for _ in range(count)]


def service_scans(path: Path, scans: int) -> list[float]:
    """Check out then return random volumes through the services, one transaction each."""
    services = build_services(f"sqlite:///{path}")
    actor = services.users.actor("clerk", "BENCH")
    barcodes = _barcodes(path, scans // 2, seed=5)
    timings: list[float] = []
    for warm in barcodes[:20]:  # warm the connection pool and the page cache a little
        services.circulation.check_out(actor, "CARD", warm)
        services.circulation.return_volume(actor, warm)
    for barcode in barcodes:
        for act in (
            lambda b=barcode: services.circulation.check_out(actor, "ORTH", b),
            lambda b=barcode: services.circulation.return_volume(actor, b),
        ):
            started = time.perf_counter()
            result = act()
            timings.append(time.perf_counter() - started)
            assert result.ok, result.message
    services.close()
    return timings


def floor_scans(path: Path, scans: int) -> list[float]:
    """The same durable work with bare sqlite3: indexed lookup, insert, update, commit."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("PRAGMA foreign_keys=ON")
    location = conn.execute("SELECT id FROM locations WHERE code='ORTH'").fetchone()[0]
    timings: list[float] = []
    now = datetime.now(UTC).replace(tzinfo=None).isoformat(" ")
    for barcode in _barcodes(path, scans, seed=9):
        started = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        vid, loc = conn.execute(
            "SELECT id, location_id FROM volumes WHERE barcode=?", (barcode,)
        ).fetchone()
        target = None if loc else location
        cur = conn.execute(
            "INSERT INTO movements (volume_id, kind, from_location_id, to_location_id, user_id,"
            " workstation, at, due_at, note) VALUES (?, ?, ?, ?, 3, 'BENCH', ?, NULL, '')",
            (vid, "checked_out" if target else "returned", loc, target, now),
        )
        conn.execute(
            "UPDATE volumes SET location_id=?, out_since=?, version=version+1, last_movement_id=?"
            " WHERE id=?",
            (target, now if target else None, cur.lastrowid, vid),
        )
        conn.execute("COMMIT")
        timings.append(time.perf_counter() - started)
    conn.close()
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--big", type=Path, default=Path("/var/tmp/recordsdesk-bench-1m.sqlite3"))
    parser.add_argument("--scans", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        small = Path(folder) / "small.sqlite3"
        _ensure(small, 10_000)
        _ensure(args.big, 1_000_000)
        runs: list[tuple[str, Callable[[], list[float]]]] = [
            ("services, 10,000 patients", lambda: service_scans(small, args.scans)),
            ("services, 1,000,000 patients", lambda: service_scans(args.big, args.scans)),
            ("bare sqlite3 floor, 1,000,000 patients", lambda: floor_scans(args.big, args.scans)),
        ]
        figures = {name: _figures(name, run()) for name, run in runs}
    small_p50 = figures["services, 10,000 patients"]["p50"]
    big = figures["services, 1,000,000 patients"]
    floor = figures["bare sqlite3 floor, 1,000,000 patients"]["p50"]
    print(f"1M / 10k (p50): {big['p50'] / small_p50:.2f}x   (target at most 1.5x)")
    print(f"1M / floor (p50): {big['p50'] / floor:.2f}x   (target at most 4x)")
    print(f"1M p95: {big['p95']:.2f} ms   (target at most 25 ms)")


if __name__ == "__main__":
    main()
