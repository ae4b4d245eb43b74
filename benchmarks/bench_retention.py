"""The retirement candidate list at a million patients: about 100,000 volumes, in walk order,
every patient on it recorded as read in the audit trail, before and after, side by side.

    .venv/bin/python benchmarks/bench_retention.py [--baseline REV] [--turns 3] [--cli]
        [--copy PATH] [--target N] [--report]

The file room is the million-patient demo with its history sealed under the benchmark's site
key (bench_scan.py builds and upgrades it once: /var/tmp/rd-bench/i9-upgraded-1000000.sqlite3).
It is copied once to --copy and brought to this version's schema; every run writes into the
copy (each list records its ~86,000 patients as read). The demo's activity spans its last
three years, so the list is taken on the day that makes --target volumes (100,000) inactive
for three years, under a rule retiring after three.

The code of --baseline (a git revision: the code before the list was made faster) and this
worktree's code take turns, each turn a fresh process per code (as the command line runs it),
so a busy machine slows them alike. Each process lists twice (the window lists again in the
same process: the second run has its statements compiled); each run is timed as a whole and
in its two parts, the list and the recording of its patients as read, in CPU time
(``process_time``) and wall time, with the load average. ``--cli`` also runs the
``recordsdesk retention candidates`` command itself, start to end, with each code.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from datetime import date, datetime, timedelta
from io import BytesIO
from pathlib import Path
from typing import Any

BENCH = Path("/var/tmp/rd-bench")
REPO = Path(__file__).resolve().parent.parent
# The commit before the candidate list and its read recording were made faster.
BASELINE = "016498d"
PASSWORD = "clerk-demo"  # the demo's clerk
LOGIN = ("login", "--password-stdin")


def _top_priority() -> None:
    """In the child: its own session (its own scheduling group) at nice -20, as bench_cli.py
    runs its commands, so that the others' work on the shared machine does not hold it off."""
    os.setsid()
    try:
        with open("/proc/self/autogroup", "w") as group:
            group.write("-20")
    except OSError:
        pass  # no autogroups here: the process's own priority is what counts
    os.nice(-20)


def _prepare(copy: Path) -> None:
    """The sealed million-patient room, copied once and brought to this schema."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench_scan import _upgraded  # the demo, its history sealed under the benchmark key

    from recordsdesk.storage.engine import build_engine
    from recordsdesk.storage.schema import upgrade

    if not copy.exists():
        base = _upgraded(1_000_000)
        print(f"copying {base} to {copy} ...", flush=True)
        shutil.copyfile(base, copy)
    conn = sqlite3.connect(copy)
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    if "volume_thickness" not in tables:
        # Upgraded while 0009-0012 were still empty placeholders: their tables come now.
        conn.execute("UPDATE alembic_version SET version_num = '0008'")
        conn.commit()
    conn.close()
    engine = build_engine(f"sqlite:///{copy}")
    upgrade(engine)
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


def _measure(copy: Path, day: date, runs: int, report: bool) -> None:
    """In a child process: list ``runs`` times with whichever code is on the path; one JSON
    line of figures."""
    import recordsdesk
    from recordsdesk.domain.retention import RetentionRule
    from recordsdesk.services.desk import build_services
    from recordsdesk.services.retention import access
    from recordsdesk.services.retention.wiring import retention_for

    recording: list[tuple[float, float]] = []
    shown = access.RetentionAccess.shown

    def timed_shown(self: Any, actor: Any, mrns: Any, why: str) -> None:
        mrns = list(mrns)  # the list's own work (the generator over its items) stays outside
        wall, cpu = time.perf_counter(), time.process_time()
        shown(self, actor, mrns, why)
        recording.append((time.perf_counter() - wall, time.process_time() - cpu))

    access.RetentionAccess.shown = timed_shown  # type: ignore[method-assign]
    services = build_services(f"sqlite:///{copy}")
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
    if rule.name not in {r.name for r in retention.rules.listing(admin)}:
        retention.rules.set_rule(admin, None, rule)
    clerk = services.users.actor("clerk", "BENCH")
    figures: dict[str, Any] = {"code": str(Path(recordsdesk.__file__).parent), "runs": []}
    for _ in range(runs):
        load = os.getloadavg()[0]
        wall, cpu = time.perf_counter(), time.process_time()
        listed = retention.candidates.retirement(clerk, as_of=day)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        record_wall, record_cpu = recording[-1]
        figures["runs"].append(
            {
                "wall": wall,
                "cpu": cpu,
                "list_wall": wall - record_wall,
                "list_cpu": cpu - record_cpu,
                "record_wall": record_wall,
                "record_cpu": record_cpu,
                "load": load,
            }
        )
        figures["volumes"], figures["inches"] = listed.volumes, listed.inches
        figures["patients"] = len({item.mrn for item in listed.items})
    if report:
        started = time.perf_counter()
        retention.candidates.report(clerk, as_of=day)
        figures["report_wall"] = time.perf_counter() - started
    services.close()
    print(json.dumps(figures))


def _baseline_code(revision: str, into: Path) -> Path:
    """The package as it was at ``revision``, unpacked under ``into``."""
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", revision, "recordsdesk"],
        check=True,
        capture_output=True,
    ).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into


def _child(code: Path, args: list[str], priority: bool) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": str(code)}
    done = subprocess.run(
        [sys.executable, __file__, *args],
        env=env,
        check=True,
        capture_output=True,
        text=True,
        preexec_fn=_top_priority if priority else None,
    )
    figures: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def _cli(
    code: Path, copy: Path, day: date, state: Path, priority: bool
) -> tuple[float, float, int]:
    """``recordsdesk retention candidates`` with ``code``, start to end: wall, CPU, bytes."""
    env = {**os.environ, "PYTHONPATH": str(code), "XDG_STATE_HOME": str(state)}
    command = [sys.executable, "-m", "recordsdesk", "--db", f"sqlite:///{copy}", "--user"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(
        [*command, "clerk", "retention", "candidates", "--as-of", str(day)],
        env=env,
        cwd=state,  # python -m looks in the working folder first: not in this worktree
        check=True,
        capture_output=True,
        preexec_fn=_top_priority if priority else None,
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, len(done.stdout)


def _login(code: Path, copy: Path, state: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(code), "XDG_STATE_HOME": str(state)}
    url = f"sqlite:///{copy}"
    subprocess.run(
        [sys.executable, "-m", "recordsdesk", "--db", url, "--user", "clerk", *LOGIN],
        env=env,
        cwd=state,
        input=PASSWORD.encode(),
        check=True,
        capture_output=True,
    )


def _median(rows: list[dict[str, Any]], key: str) -> float:
    return statistics.median(row[key] for row in rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--copy", type=Path, default=BENCH / "i15-retention-chain-1m.sqlite3")
    parser.add_argument("--target", type=int, default=100_000)
    parser.add_argument("--baseline", default=BASELINE, help="git revision to compare with")
    parser.add_argument("--turns", type=int, default=3)
    parser.add_argument("--runs", type=int, default=2, help="lists per process")
    parser.add_argument("--cli", action="store_true", help="also time the command itself")
    parser.add_argument("--report", action="store_true", help="also the retention report")
    parser.add_argument(
        "--top-priority",
        action="store_true",
        help="measured processes in their own session at nice -20 (root), as bench_cli.py",
    )
    parser.add_argument("--measure", type=str, default="", help=argparse.SUPPRESS)
    args = parser.parse_args()

    # The benchmark's site key (bench_scan's), and checkpoints of its own.
    os.environ.setdefault("RECORDSDESK_CHECKPOINT_DIR", str(BENCH / "i15-checkpoints"))
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench_scan import site_key

    site_key()
    if args.measure:
        _measure(args.copy, date.fromisoformat(args.measure), args.runs, args.report)
        return
    _prepare(args.copy)
    day = _as_of(args.copy, args.target)
    with tempfile.TemporaryDirectory() as scratch:
        codes = {
            f"before ({args.baseline})": _baseline_code(args.baseline, Path(scratch) / "base"),
            "after (this code)": REPO,
        }
        measured: dict[str, list[dict[str, Any]]] = {name: [] for name in codes}
        firsts: dict[str, list[dict[str, Any]]] = {name: [] for name in codes}
        clis: dict[str, list[tuple[float, float, int]]] = {name: [] for name in codes}
        state = Path(scratch) / "state"
        state.mkdir()
        codes_seen: set[str] = set()
        if args.cli:
            _login(REPO, args.copy, state)
        loads = [os.getloadavg()]
        shape = ""
        for turn in range(args.turns):
            for name, code in codes.items():
                child = ["--copy", str(args.copy), "--runs", str(args.runs), "--measure"]
                figures = _child(code, [*child, str(day)], args.top_priority)
                codes_seen.add(figures["code"])
                firsts[name].append(figures["runs"][0])
                measured[name].extend(figures["runs"][1:])
                shape = (
                    f"{figures['volumes']:,} volumes of {figures['patients']:,} patients, "
                    f"{figures['inches']:,.1f} inches of shelf"
                )
                if args.cli:
                    clis[name].append(_cli(code, args.copy, day, state, args.top_priority))
            loads.append(os.getloadavg())
            print(f"turn {turn + 1} of {args.turns} done", flush=True)
    assert len(codes_seen) == len(codes), codes_seen  # each code ran its own package
    print(f"\nretirement candidates as of {day}: {shape}")
    print(
        f"load average (1 min) from {loads[0][0]:.1f} to {loads[-1][0]:.1f} over the run "
        f"(each turn: {', '.join(f'{load[0]:.1f}' for load in loads[1:])}) "
        f"on {os.cpu_count()} cores; medians of {args.turns} turns\n"
    )
    header = "| code | CPU: list + recording = total | wall: list + recording = total |"
    print("In one process, listed again (the window):\n")
    print(header + "\n|---|---|---|")
    for name, rows in measured.items():
        _row(name, rows)
    print("\nThe first list of a fresh process (statements compiled, settings read):\n")
    print(header + "\n|---|---|---|")
    for name, rows in firsts.items():
        _row(name, rows)
    if args.cli:
        print("\n`recordsdesk retention candidates`, start to end (wall / CPU, output bytes):\n")
        print("| code | wall | CPU | output |\n|---|---|---|---|")
        for name, runs in clis.items():
            print(
                f"| {name} | {statistics.median(r[0] for r in runs):.2f} s "
                f"| {statistics.median(r[1] for r in runs):.2f} s | {runs[-1][2]:,} bytes |"
            )


def _row(name: str, rows: list[dict[str, Any]]) -> None:
    print(
        f"| {name} | {_median(rows, 'list_cpu'):.2f} + {_median(rows, 'record_cpu'):.2f} = "
        f"**{_median(rows, 'cpu'):.2f} s** | {_median(rows, 'list_wall'):.2f} + "
        f"{_median(rows, 'record_wall'):.2f} = **{_median(rows, 'wall'):.2f} s** "
        f"(fastest {min(r['wall'] for r in rows):.2f}) |"
    )


if __name__ == "__main__":
    main()
