"""Scan-to-acknowledge, side by side in one run: the same-schema floor (bare sqlite3 doing the
statements a check-out does), the services in process, and ``recordsdesk checkout --json``
fed one scan a line on stdin (what a scanner pipe or another program sees).

    .venv/bin/python benchmarks/bench_scan.py [--rooms 200000 1000000] [--scans 300] [--rounds 4]

Each file room is built once with ``recordsdesk demo`` into /var/tmp/rd-bench/ (minutes at a
million patients) and copied before it is written to. The three paths take turns, round
after round, so that a busy machine slows them alike; every scan is its own durable
transaction (check-outs of random volumes, each naming its patient once in the audit trail).
"""

from __future__ import annotations

import argparse
import hashlib
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from recordsdesk.services.desk import build_services

BENCH = Path("/var/tmp/rd-bench")
CLI = [sys.executable, "-m", "recordsdesk.cli.main"]


def _figures(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered) * 1000, ordered[int(len(ordered) * 0.95) - 1] * 1000


def _room(patients: int) -> Path:
    """A private copy of the demo file room of ``patients`` (built once, shared read-only)."""
    built = BENCH / f"demo-{patients}.sqlite3"
    if not built.exists():
        print(f"building {built} (a {patients:,}-patient demo) ...", flush=True)
        url = f"sqlite:///{built}"
        subprocess.run([*CLI, "--db", url, "demo", "--patients", str(patients)], check=True)
    work = BENCH / f"i9-scan-{patients}.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{work}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(built, work)
    return work


class Barcodes:
    """Random volumes, never the same one twice in a run."""

    def __init__(self, path: Path, seed: int) -> None:
        conn = sqlite3.connect(path)
        top = conn.execute("SELECT MAX(id) FROM volumes").fetchone()[0]
        conn.close()
        self._ids = random.Random(seed).sample(range(1, top + 1), k=min(top, 60_000))

    def take(self, count: int) -> list[str]:
        taken, self._ids = self._ids[:count], self._ids[count:]
        return [f"V{i:07d}" for i in taken]


def floor_scans(path: Path, barcodes: list[str]) -> list[float]:
    """The statements a check-out runs, with bare sqlite3 on the same schema and settings."""
    conn = sqlite3.connect(path, isolation_level=None)
    for pragma in ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON"):
        conn.execute(f"PRAGMA {pragma}")
    timings = []
    for barcode in barcodes:
        started = time.perf_counter()
        now = datetime.now(UTC).replace(tzinfo=None)
        due = (now + timedelta(hours=48)).isoformat(" ")
        conn.execute("BEGIN IMMEDIATE")
        vid, loc, version, mrn = conn.execute(
            "SELECT volumes.id, volumes.location_id, volumes.version, patients.mrn FROM volumes"
            " JOIN charts ON charts.id = volumes.chart_id"
            " JOIN patients ON patients.id = charts.patient_id WHERE volumes.barcode = ?",
            (barcode,),
        ).fetchone()
        target, _name, _hours = conn.execute(
            "SELECT id, name, loan_hours FROM locations WHERE code = 'ORTH'"
        ).fetchone()
        moved = conn.execute(
            "INSERT INTO movements (volume_id, kind, from_location_id, to_location_id, user_id,"
            " workstation, at, due_at, note) VALUES (?, 'checked_out', ?, ?, 3, 'BENCH', ?, ?, '')",
            (vid, loc, target, now.isoformat(" "), due),
        ).lastrowid
        conn.execute(
            "UPDATE volumes SET location_id=?, out_since=?, due_at=?, missing=0, version=?,"
            " last_movement_id=? WHERE id=? AND version=?",
            (target, now.isoformat(" "), due, version + 1, moved, vid, version),
        )
        conn.execute(
            "SELECT id FROM requests WHERE volume_id=? AND status='pending' LIMIT 1", (vid,)
        ).fetchall()
        previous = conn.execute("SELECT hash FROM audit_events ORDER BY id DESC LIMIT 1").fetchone()
        digest = hashlib.sha256(f"{previous}{mrn}{barcode}".encode()).hexdigest()
        conn.execute(
            "INSERT INTO audit_events (at, username, workstation, action, mrn, detail, outcome,"
            " previous_hash, hash) VALUES (?, 'clerk', 'BENCH', 'scan_named_patient', ?, ?,"
            " 'ok', ?, ?)",
            (now.isoformat(" "), mrn, barcode, previous[0] if previous else "", digest),
        )
        conn.execute("COMMIT")
        timings.append(time.perf_counter() - started)
    conn.close()
    return timings


def service_scans(path: Path, barcodes: list[str]) -> list[float]:
    """Check-outs through the services, in process, as the desk's worker makes them."""
    services = build_services(f"sqlite:///{path}")
    actor = services.users.actor("clerk", "BENCH")
    named: set[str] = set()
    timings = []
    for barcode in barcodes:
        started = time.perf_counter()
        result = services.circulation.check_out(actor, "ORTH", barcode, named)
        timings.append(time.perf_counter() - started)
        assert result.ok, result.message
    services.close()
    return timings


def cli_scans(path: Path, barcodes: list[str], warm: list[str]) -> list[float]:
    """``recordsdesk checkout --json`` with one scan a line on stdin, timed answer by answer."""
    command = [*CLI, "--db", f"sqlite:///{path}", "--user", "clerk"]
    with subprocess.Popen(
        [*command, "checkout", "--to", "ORTH", "--json"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        bufsize=1,
    ) as process:
        assert process.stdin is not None and process.stdout is not None
        for barcode in warm:  # start-up and the first connection are not a scan's cost
            process.stdin.write(barcode + "\n")
            process.stdin.flush()
            process.stdout.readline()
        timings = []
        for barcode in barcodes:
            started = time.perf_counter()
            process.stdin.write(barcode + "\n")
            process.stdin.flush()
            answer = process.stdout.readline()
            timings.append(time.perf_counter() - started)
            assert '"ok": true' in answer, answer
        process.stdin.close()
        process.wait(60)
    return timings


ECHO = "import sys\nfor line in sys.stdin:\n    sys.stdout.write(line)\n    sys.stdout.flush()\n"


def pipe_round_trips(count: int) -> list[float]:
    """A line to a child process and back, doing nothing: what the pipe itself costs."""
    with subprocess.Popen(
        [sys.executable, "-c", ECHO], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    ) as process:
        assert process.stdin is not None and process.stdout is not None
        timings = []
        for n in range(count):
            started = time.perf_counter()
            process.stdin.write(f"V{n:07d}\n")
            process.stdin.flush()
            process.stdout.readline()
            timings.append(time.perf_counter() - started)
        process.stdin.close()
        process.wait(60)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rooms", type=int, nargs="+", default=[200_000, 1_000_000])
    parser.add_argument("--scans", type=int, default=300, help="scans a path a round")
    parser.add_argument("--rounds", type=int, default=4)
    args = parser.parse_args()
    print(f"{'file room':>12} {'path':<34} {'p50 ms':>8} {'p95 ms':>8} {'x floor':>8}")
    for patients in args.rooms:
        path = _room(patients)
        barcodes = Barcodes(path, seed=patients)
        samples: dict[str, list[float]] = {"floor": [], "services": [], "cli": [], "pipe": []}
        for _round in range(args.rounds):
            samples["floor"] += floor_scans(path, barcodes.take(args.scans))
            samples["services"] += service_scans(path, barcodes.take(args.scans))
            samples["cli"] += cli_scans(path, barcodes.take(args.scans), barcodes.take(20))
            samples["pipe"] += pipe_round_trips(args.scans)
        floor_p50, _ = _figures(samples["floor"])
        for name, label in (
            ("floor", "bare sqlite3, same statements"),
            ("services", "services in process"),
            ("cli", "checkout --json, stdin pipe"),
            ("pipe", "the pipe alone (echo child)"),
        ):
            p50, p95 = _figures(samples[name])
            print(
                f"{patients:>12,} {label:<34} {p50:8.2f} {p95:8.2f} {p50 / floor_p50:8.2f}",
                flush=True,
            )
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)


if __name__ == "__main__":
    main()
