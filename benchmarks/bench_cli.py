"""The command line's start-up and scan path: --help and --version, a signed-in checkout's first
answer, and a stdin checkout of many scans that checks its session once, not per scan.

    .venv/bin/python benchmarks/bench_cli.py [--db PATH] [--patients N] [--scans N]

Runs on a demo file room (10,000 patients by default, built in a temporary folder, or PATH:
a copy is made, so a shared benchmark file is left as it was).
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from recordsdesk.cli import session_file
from recordsdesk.cli.main import main
from recordsdesk.services.demo import build_demo
from recordsdesk.services.desk import build_services
from recordsdesk.services.identity.sessions import SessionService

COMMAND = [sys.executable, "-m", "recordsdesk"]


def _median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def _p95_ms(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[max(0, int(len(ordered) * 0.95) - 1)] * 1000


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def start_up(runs: int, env: dict[str, str]) -> None:
    """Wall-clock and CPU time of `recordsdesk --version` and `--help`, as a shell runs them.

    CPU time is what the command costs the machine; wall-clock time also counts the waits for
    a processor that other work holds (the two differ on a busy machine).
    """
    for flag in ("--version", "--help"):
        samples, cpu = [], []
        for _ in range(runs):
            started, used = time.perf_counter(), _children_cpu()
            subprocess.run([*COMMAND, flag], env=env, capture_output=True, check=True)
            samples.append(time.perf_counter() - started)
            cpu.append(_children_cpu() - used)
        print(
            f"recordsdesk {flag:<10}                wall median {_median_ms(samples):5.0f} ms, "
            f"CPU median {_median_ms(cpu):5.0f} ms   ({runs} runs)"
        )


def first_answer(runs: int, env: dict[str, str], barcodes: list[str]) -> None:
    """From starting a signed-in `checkout --json` to its answer to the first scan."""
    samples, cpu = [], []
    for n in range(runs):
        started, used = time.perf_counter(), _children_cpu()
        process = subprocess.Popen(
            [*COMMAND, "checkout", "--to", "CARD", "--json"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        assert process.stdin is not None and process.stdout is not None
        process.stdin.write(barcodes[n] + "\n")
        process.stdin.flush()
        line = process.stdout.readline()
        samples.append(time.perf_counter() - started)
        process.stdin.close()
        process.wait(timeout=60)
        cpu.append(_children_cpu() - used)  # the whole run: start, one scan, end
        assert '"ok": true' in line or '"ok":true' in line, (line, process.stderr.read())
    print(
        f"checkout, start to first answer        wall median {_median_ms(samples):5.0f} ms, "
        f"CPU median {_median_ms(cpu):5.0f} ms   ({runs} runs; CPU of the whole run)"
    )


def stdin_scans(url: str, barcodes: list[str]) -> None:
    """A stdin checkout of many scans, in-process: time a scan, and count session checks."""
    checks: list[int] = []
    real = SessionService.resume

    def counted(self: SessionService, *args: object) -> object:
        checks.append(1)
        return real(self, *args)  # type: ignore[arg-type]

    SessionService.resume = counted  # type: ignore[method-assign]
    stdin, stdout = sys.stdin, sys.stdout
    sys.stdin = io.StringIO("".join(b + "\n" for b in barcodes))
    sys.stdout = io.StringIO()
    try:
        started = time.perf_counter()
        code = main(["--db", url, "checkout", "--to", "CARD", "--json"])
        seconds = time.perf_counter() - started
        answers = sys.stdout.getvalue().splitlines()
    finally:
        sys.stdin, sys.stdout = stdin, stdout
        SessionService.resume = real  # type: ignore[method-assign]
    assert code in (0, 1) and len(answers) == len(barcodes)
    print(
        f"stdin checkout of {len(barcodes):,} scans              {seconds:6.2f} s   "
        f"{seconds / len(barcodes) * 1000:5.2f} ms a scan   session checked {len(checks)} time(s)"
    )


def main_bench() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", type=Path, help="a demo SQLite file to copy")
    parser.add_argument("--patients", type=int, default=10_000)
    parser.add_argument("--scans", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=10)
    options = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="rd-bench-cli-"))
    try:
        path = work / "records.sqlite3"
        if options.db:
            shutil.copyfile(options.db, path)
        services = build_services(f"sqlite:///{path}")
        services.upgrade_schema()
        if not options.db:
            build_demo(services, options.patients, seed=3)
        services.locations.get("CARD")
        os.environ["XDG_STATE_HOME"] = str(work / "state")
        ticket = services.sessions.open_for("clerk", session_file.os_account(), "BENCH")
        session_file.save(
            session_file.StoredSession(
                ticket.session_id, ticket.secret, ticket.username, ticket.database
            )
        )
        with services.db.engine.connect() as conn:
            barcodes = list(
                conn.exec_driver_sql(
                    "SELECT barcode FROM volumes WHERE location_id IS NULL ORDER BY id LIMIT ?",
                    (options.scans + options.runs,),
                ).scalars()
            )
        services.close()
        url = f"sqlite:///{path}"
        env = {**os.environ, "RECORDSDESK_DB": url, "XDG_STATE_HOME": str(work / "state")}
        env.pop("RECORDSDESK_USER", None)
        start_up(options.runs, env)
        first_answer(options.runs, env, barcodes[: options.runs])
        stdin_scans(url, barcodes[options.runs :])
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main_bench()
