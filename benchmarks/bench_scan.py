"""Scan-to-acknowledge, side by side in one run: the same-schema floor (bare sqlite3 doing the
statements a check-out does), the services in process, and ``recordsdesk checkout --json``
fed one scan a line on stdin (what a scanner pipe or another program sees).

    .venv/bin/python benchmarks/bench_scan.py [--rooms 200000 1000000] [--scans 1000]

Each file room is built once with ``recordsdesk demo`` into /var/tmp/rd-bench/ (minutes at a
million patients) and copied before it is written to. The paths take turns scan by scan, so
that a busy machine slows them alike; every scan is its own durable transaction (a check-out
of a random volume, naming its patient once in the audit trail). The pipe alone (a child that
echoes each line) shows what the pipe itself costs.
Every movement is sealed into the keyed history chain, so a site key is needed:
RECORDSDESK_SITE_KEY_FILE names it, and RECORDSDESK_CHECKPOINT_DIR where the checkpoints go.
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


class Floor:
    """The statements a check-out runs, with bare sqlite3 on the same schema and settings."""

    def __init__(self, path: Path) -> None:
        self.conn = sqlite3.connect(path, isolation_level=None)
        for pragma in ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON"):
            self.conn.execute(f"PRAGMA {pragma}")

    def scan(self, barcode: str) -> None:
        conn = self.conn
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

    def close(self) -> None:
        self.conn.close()


class InProcess:
    """Check-outs through the services, in process, as the desk's worker makes them."""

    def __init__(self, path: Path) -> None:
        self.services = build_services(f"sqlite:///{path}")
        self.actor = self.services.users.actor("clerk", "BENCH")
        self.named: set[str] = set()

    def scan(self, barcode: str) -> None:
        result = self.services.circulation.check_out(self.actor, "ORTH", barcode, self.named)
        assert result.ok, result.message

    def close(self) -> None:
        self.services.close()


class Pipe:
    """A child process fed one line at a time on stdin, answering one line on stdout."""

    def __init__(self, command: list[str]) -> None:
        self.process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1
        )

    def scan(self, barcode: str) -> None:
        stdin, stdout = self.process.stdin, self.process.stdout
        assert stdin is not None and stdout is not None
        stdin.write(barcode + "\n")
        stdin.flush()
        answer = stdout.readline()
        assert answer.startswith(("{", "V")) and '"ok": false' not in answer, answer

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait(60)


ECHO = "import sys\nfor line in sys.stdin:\n    sys.stdout.write(line)\n    sys.stdout.flush()\n"


def cli(path: Path) -> Pipe:
    """``recordsdesk checkout --json`` with one scan a line on stdin."""
    url = f"sqlite:///{path}"
    return Pipe([*CLI, "--db", url, "--user", "clerk", "checkout", "--to", "ORTH", "--json"])


def side_by_side(path: Path, scans: int, seed: int) -> dict[str, list[float]]:
    """Each path in turn, one scan each, over and over: a busy machine slows them alike."""
    barcodes = Barcodes(path, seed)
    paths: dict[str, Floor | InProcess | Pipe] = {
        "floor": Floor(path),
        "services": InProcess(path),
        "cli": cli(path),
        "pipe": Pipe([sys.executable, "-c", ECHO]),
    }
    for path_ in paths.values():  # start-up and first connections are not a scan's cost
        for barcode in barcodes.take(10):
            path_.scan(barcode)
    samples: dict[str, list[float]] = {name: [] for name in [*paths, "floor cpu", "services cpu"]}
    for _ in range(scans):
        for name, path_ in paths.items():
            barcode = barcodes.take(1)[0]
            cpu = time.thread_time()
            started = time.perf_counter()
            path_.scan(barcode)
            samples[name].append(time.perf_counter() - started)
            if f"{name} cpu" in samples:  # this process's own CPU time, for in-process paths
                samples[f"{name} cpu"].append(time.thread_time() - cpu)
    for path_ in paths.values():
        path_.close()
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rooms", type=int, nargs="+", default=[200_000, 1_000_000])
    parser.add_argument("--scans", type=int, default=1000, help="scans on each path")
    args = parser.parse_args()
    print(f"{'file room':>12} {'path':<34} {'p50 ms':>8} {'p95 ms':>8} {'x floor':>8}")
    for patients in args.rooms:
        path = _room(patients)
        samples = side_by_side(path, args.scans, seed=patients)
        floor_p50, _ = _figures(samples["floor"])
        for name, label in (
            ("floor", "bare sqlite3, same statements"),
            ("services", "services in process"),
            ("cli", "checkout --json, stdin pipe"),
            ("pipe", "the pipe alone (echo child)"),
            ("floor cpu", "CPU time: bare sqlite3"),
            ("services cpu", "CPU time: services"),
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
