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
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from recordsdesk.domain.history_mac import AUDIT, MOVEMENT, entry_mac
from recordsdesk.services.desk import build_services

BENCH = Path("/var/tmp/rd-bench")
CLI = [sys.executable, "-m", "recordsdesk.cli.main"]


def _figures(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered) * 1000, ordered[int(len(ordered) * 0.95) - 1] * 1000


KEY_FILE = BENCH / "i9-site-key.json"
CHECKPOINTS = BENCH / "i9-checkpoints"


def site_key() -> None:
    """The benchmark's own site key (made once), named in the environment for every path."""
    from recordsdesk.storage.site_key import KEY_FILE_ENV, create_key_ring

    if not KEY_FILE.exists():
        CHECKPOINTS.mkdir(parents=True, exist_ok=True)
        create_key_ring(KEY_FILE, "RecordsDesk benchmark", CHECKPOINTS)
    os.environ[KEY_FILE_ENV] = str(KEY_FILE)
    os.environ.setdefault("RECORDSDESK_CHECKPOINT_DIR", str(CHECKPOINTS))


def _upgraded(patients: int) -> Path:
    """The demo of ``patients``, upgraded once to this schema (its history sealed) and kept.

    Demo files built before the history chain carry an older numbering of the migrations
    (their "0008" is today's 0003: the same tables, column for column); such a copy is
    stamped 0003 and upgraded, which seals its history under the benchmark's key.
    """
    built = BENCH / f"demo-{patients}.sqlite3"
    if not built.exists():
        print(f"building {built} (a {patients:,}-patient demo) ...", flush=True)
        url = f"sqlite:///{built}"
        subprocess.run([*CLI, "--db", url, "demo", "--patients", str(patients)], check=True)
    base = BENCH / f"i9-upgraded-{patients}.sqlite3"
    if base.exists():
        return base
    partial = BENCH / f"i9-upgrading-{patients}.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{partial}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(built, partial)
    conn = sqlite3.connect(partial)
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    if "history_chain" not in tables:
        conn.execute("UPDATE alembic_version SET version_num = '0003'")
        conn.commit()
    conn.close()
    print(f"upgrading a copy of {built} (sealing its history) ...", flush=True)
    started = time.perf_counter()
    from recordsdesk.storage.engine import build_engine
    from recordsdesk.storage.schema import upgrade

    engine = build_engine(f"sqlite:///{partial}")
    upgrade(engine)
    engine.dispose()
    conn = sqlite3.connect(partial)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    print(f"upgraded in {time.perf_counter() - started:.0f} s", flush=True)
    os.replace(partial, base)
    for suffix in ("-wal", "-shm"):
        Path(f"{partial}{suffix}").unlink(missing_ok=True)
    return base


def _room(patients: int) -> Path:
    """A private copy of the demo file room of ``patients``, at this schema, to write into."""
    site_key()
    base = _upgraded(patients)
    work = BENCH / f"i9-scan-{patients}.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{work}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(base, work)
    _forget_anchors(work)
    return work


def _forget_anchors(path: Path) -> None:
    """The copy starts a history afresh: the last run's head files and checkpoints for this
    path would otherwise say its newer entries were cut off (as they would of any file put
    back over a newer one without ``restore``)."""
    from sqlalchemy.engine import make_url

    from recordsdesk.storage.checkpoints import CheckpointStore, database_identity
    from recordsdesk.storage.site_key import load_key_ring

    store = CheckpointStore(load_key_ring(), database_identity(make_url(f"sqlite:///{path}")))
    for anchor in store.anchors():
        anchor.unlink()


class Barcodes:
    """Random volumes, never the same one twice in a run."""

    def __init__(self, path: Path, seed: int) -> None:
        conn = sqlite3.connect(path)
        top = conn.execute("SELECT MAX(id) FROM volumes").fetchone()[0]
        conn.close()
        self._ids = random.Random(seed).sample(range(1, top + 1), k=min(top, 60_000))
        self._next = 0

    def take(self, count: int) -> list[str]:
        # Read on, never sliced off: copying the rest of 60,000 ids cost 0.3 ms a scan, and
        # the window benchmark takes its scans inside the timing.
        taken = self._ids[self._next : self._next + count]
        if len(taken) < count:
            raise RuntimeError("the benchmark ran out of distinct volumes")
        self._next += count
        return [f"V{i:07d}" for i in taken]


class Floor:
    """The statements a check-out runs, with bare sqlite3 on the same file and settings.

    The same statements the services run for a check-out that names its patient: the locked
    read of the volume and its patient, the destination, the movement, the hour's tally, the
    volume's new place, the retention guard's two probes, the pending-request probe, the
    audit entry, the chain's head and its two new links, each link's HMAC under the site key
    (the chain's rule, from the domain), in one durable transaction.
    """

    def __init__(self, path: Path) -> None:
        from recordsdesk.storage.site_key import load_key_ring

        self.conn = sqlite3.connect(path, isolation_level=None)
        for pragma in ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON"):
            self.conn.execute(f"PRAGMA {pragma}")
        self.user_id = self.conn.execute(
            "SELECT id FROM users WHERE username = 'clerk'"
        ).fetchone()[0]
        ring = load_key_ring()
        self.key, self.key_id = ring.key, ring.current

    def scan(self, barcode: str) -> None:
        conn = self.conn
        now = datetime.now(UTC)
        at = now.strftime("%Y-%m-%d %H:%M:%S.%f")
        hour = now.strftime("%Y-%m-%d %H:00:00.000000")
        conn.execute("BEGIN IMMEDIATE")
        row = conn.execute(
            "SELECT volumes.id, volumes.chart_id, volumes.number, volumes.barcode,"
            " volumes.location_id, volumes.out_since, volumes.due_at, volumes.missing,"
            " volumes.version, volumes.last_movement_id, patients.id, patients.mrn,"
            " patients.family_name, patients.given_name FROM volumes"
            " JOIN charts ON charts.id = volumes.chart_id"
            " JOIN patients ON patients.id = charts.patient_id WHERE volumes.barcode = ?",
            (barcode,),
        ).fetchone()
        vid, loc, version, mrn = row[0], row[4], row[8], row[11]
        target, _code, _name, hours, _active = conn.execute(
            "SELECT id, code, name, loan_hours, active FROM locations WHERE code = ?", ("ORTH",)
        ).fetchone()
        due_at = now + timedelta(hours=hours)
        due = due_at.strftime("%Y-%m-%d %H:%M:%S.%f")
        moved = conn.execute(
            "INSERT INTO movements (volume_id, kind, from_location_id, to_location_id, user_id,"
            " workstation, at, due_at, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (vid, "checked_out", loc, target, self.user_id, "BENCH", at, due, ""),
        ).lastrowid
        conn.execute(
            "INSERT INTO movement_tallies (hour, user_id, kind, count) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (hour, user_id, kind) DO UPDATE SET count = movement_tallies.count + ?",
            (hour, self.user_id, "checked_out", 1, 1),
        )
        conn.execute(
            "UPDATE volumes SET location_id=?, out_since=?, due_at=?, missing=?, version=?,"
            " last_movement_id=? WHERE id=? AND version=?",
            (target, at, due, 0, version + 1, moved, vid, version),
        )
        conn.execute(
            "SELECT at FROM movements WHERE volume_id = ? AND kind = ? LIMIT 1",
            (vid, "destroyed"),
        ).fetchall()
        conn.execute(
            "SELECT retention_boxes.barcode FROM retention_boxes JOIN retention_box_items"
            " ON retention_box_items.box_id = retention_boxes.id"
            " WHERE retention_box_items.volume_id = ? AND retention_box_items.removed_at IS NULL"
            " LIMIT 1",
            (vid,),
        ).fetchall()
        conn.execute(
            "SELECT id FROM requests WHERE volume_id = ? AND status = ? LIMIT 1",
            (vid, "pending"),
        ).fetchall()
        audit = (now, "clerk", "BENCH", "scan_named_patient", mrn, barcode, "ok")
        audit_id = conn.execute(
            "INSERT INTO audit_events (at, username, workstation, action, mrn, detail, outcome)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (at, *audit[1:]),
        ).lastrowid
        seq, previous = conn.execute(
            "SELECT seq, mac FROM history_chain ORDER BY seq DESC LIMIT 1"
        ).fetchone()
        movement = (
            moved,
            vid,
            "checked_out",
            loc,
            target,
            self.user_id,
            "BENCH",
            now,
            due_at,
            "",
        )
        links = []
        for source, row_id, values in (
            (MOVEMENT, moved, movement),
            (AUDIT, audit_id, (audit_id, *audit)),
        ):
            seq += 1
            previous = entry_mac(self.key, seq, self.key_id, previous, source, values)
            links.append((seq, source, row_id, self.key_id, previous))
        conn.executemany(
            "INSERT INTO history_chain (seq, source, row_id, key_id, mac) VALUES (?, ?, ?, ?, ?)",
            links,
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

    def settle(self) -> None:
        """Write the head file now (it follows the answer by a few ms): outside the timing, and
        before another path's scan is timed."""
        self.services.db.chain.settle_head()

    def close(self) -> None:
        self.services.close()


class Pipe:
    """A child process fed one line at a time on stdin, answering one line on stdout."""

    def __init__(self, command: list[str], env: dict[str, str] | None = None) -> None:
        self.process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1, env=env
        )

    def scan(self, barcode: str) -> None:
        stdin, stdout = self.process.stdin, self.process.stdout
        assert stdin is not None and stdout is not None
        stdin.write(barcode + "\n")
        stdin.flush()
        answer = stdout.readline()
        assert answer.startswith(("{", "V")) and '"ok": false' not in answer, answer

    def cpu(self) -> float:
        """The child's CPU time so far (user and system), in seconds."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait(60)


ECHO = "import sys\nfor line in sys.stdin:\n    sys.stdout.write(line)\n    sys.stdout.flush()\n"


def cli(path: Path) -> Pipe:
    """``recordsdesk checkout --json`` with one scan a line on stdin, signed in as the clerk
    (through the tests' one place that opens a command-line session)."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
    from clirun import command_env, sign_in  # type: ignore[import-not-found]

    url = f"sqlite:///{path}"
    sign_in(url, "clerk")
    return Pipe([*CLI, "checkout", "--to", "ORTH", "--json"], command_env(url, "clerk"))


def side_by_side(path: Path, scans: int, seed: int, turn: int = 1) -> dict[str, list[float]]:
    """Each path in turn, ``turn`` scans each, over and over, in an order turned round each
    round: a busy machine slows them alike.

    One scan a turn, each path finds the file changed by the others since its last scan and
    reads the pages again (the floor too); fifty a turn, each runs as a lone desk does, its
    pages in its own cache (a turn's first scan is the exception, and medians pass over it).
    """
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
    command = paths["cli"]
    assert isinstance(command, Pipe)
    cli_cpu = command.cpu()
    # The order is turned round every round: each path follows each of the others as often,
    # so none is always the one whose pages another path has just changed, or read.
    order = list(paths.items())
    for number in range(max(1, scans // turn)):
        first = number % len(order)
        for name, path_ in order[first:] + order[:first]:
            for barcode in barcodes.take(turn):
                _timed_scan(samples, name, path_, barcode)
    # The command's CPU time is read from /proc in clock ticks: only its mean is exact.
    samples["cli cpu"] = [(command.cpu() - cli_cpu) / len(samples["cli"])]
    for path_ in paths.values():
        path_.close()
    return samples


def _timed_scan(
    samples: dict[str, list[float]], name: str, path_: Floor | InProcess | Pipe, barcode: str
) -> None:
    cpu = time.thread_time()
    started = time.perf_counter()
    path_.scan(barcode)
    samples[name].append(time.perf_counter() - started)
    if isinstance(path_, InProcess):
        path_.settle()
    if f"{name} cpu" in samples:  # this process's own CPU time, for in-process paths
        samples[f"{name} cpu"].append(time.thread_time() - cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rooms", type=int, nargs="+", default=[200_000, 1_000_000])
    parser.add_argument("--scans", type=int, default=1000, help="scans on each path")
    parser.add_argument(
        "--turn", type=int, default=1, help="scans each path makes in its turn (1, or 50)"
    )
    args = parser.parse_args()
    print(f"{args.turn} scan(s) a turn")
    print(f"{'file room':>12} {'path':<34} {'p50 ms':>8} {'p95 ms':>8} {'x floor':>8}")
    for patients in args.rooms:
        path = _room(patients)
        load = os.getloadavg()[0]
        samples = side_by_side(path, args.scans, seed=patients, turn=args.turn)
        print(f"load average (1 min) {load:.2f} before, {os.getloadavg()[0]:.2f} after")
        floor_p50, _ = _figures(samples["floor"])
        floor_cpu, _ = _figures(samples["floor cpu"])
        for name, label in (
            ("floor", "bare sqlite3, same statements"),
            ("services", "services in process"),
            ("cli", "checkout --json, stdin pipe"),
            ("pipe", "the pipe alone (echo child)"),
            ("floor cpu", "CPU time: bare sqlite3"),
            ("services cpu", "CPU time: services"),
            ("cli cpu", "CPU time: checkout --json (mean)"),
        ):
            p50, p95 = _figures(samples[name])
            base = floor_cpu if name.endswith("cpu") else floor_p50  # CPU against CPU
            print(
                f"{patients:>12,} {label:<34} {p50:8.2f} {p95:8.2f} {p50 / base:8.2f}",
                flush=True,
            )
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)


if __name__ == "__main__":
    main()
