"""The command line's start-up and scan path: --help and --version, a signed-in checkout's first
answer (wall and CPU time, and what it is spent on), and a stdin checkout of many scans that
checks its session once, not per scan.

    .venv/bin/python benchmarks/bench_cli.py [--db PATH] [--patients N] [--scans N] [--runs N]
                                             [--top-priority] [--no-bytecode]

Runs on a demo file room (10,000 patients by default, built in a temporary folder, or PATH:
a copy is made, so a shared benchmark file is left as it was). The commands run with their
bytecode compiled, as an installed copy has it (a private cache folder, filled by a first run
that is not counted; --no-bytecode compiles the source at every start instead, as a source
checkout does where PYTHONDONTWRITEBYTECODE is set).

The load average is printed before and after: wall-clock time on a shared machine includes
the waits for a processor. --top-priority (root) runs each measured command in its own session
(so its own scheduling group, where the kernel groups processes by session) at nice -20, so
that other work does not hold it off the processors: the nearest a shared machine comes to an
idle one's wall-clock time.
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

from sqlalchemy import text

from recordsdesk.cli import session_file
from recordsdesk.cli.main import main
from recordsdesk.services.demo import build_demo
from recordsdesk.services.desk import build_services
from recordsdesk.services.identity.sessions import SessionService

COMMAND = [sys.executable, "-m", "recordsdesk"]

# In-process timings of a signed-in checkout's start, step by step, in a fresh interpreter.
STAGES = """
import os, sys, time
marks = [(time.perf_counter(), time.process_time())]
def mark(what):
    marks.append((time.perf_counter(), time.process_time()))
    (w0, c0), (w1, c1) = marks[-2:]
    print(f"{what}\t{(w1 - w0) * 1000:.1f}\t{(c1 - c0) * 1000:.1f}")
from recordsdesk.cli.main import build_parser
build_parser(["checkout"])
mark("command line parsed (its own module only)")
import sqlalchemy.orm
mark("SQLAlchemy imported")
from recordsdesk.storage import models
mark("the models mapped (every table)")
from recordsdesk.cli import session_file
from recordsdesk.services.desk import build_services
from recordsdesk.services.identity import sessions
from recordsdesk.services.identity.machine import this_machine
from recordsdesk.services import circulation
mark("services imported")
services = build_services(os.environ["RECORDSDESK_DB"])
services.require_current_schema()
mark("engine built, schema version checked")
stored = session_file.load(sessions.database_fingerprint(services.db))
ticket = sessions.Ticket(stored.session_id, stored.secret, stored.username, stored.database)
actor = services.sessions.resume(ticket, session_file.os_account(), this_machine())
mark("session checked (first statement: mappers configured)")
services.locations.get(actor, "CARD")
result = services.circulation.check_out(actor, "CARD", sys.argv[1])
assert result.ok, result.message
mark("first scan answered (durable commit)")
result = services.circulation.check_out(actor, "CARD", sys.argv[2])
mark("second scan, for comparison")
"""


def _median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def _p95_ms(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[max(0, int(len(ordered) * 0.95) - 1)] * 1000


def _load() -> str:
    one, five, _ = os.getloadavg()
    return f"{one:.2f} (5 min: {five:.2f})"


def _top_priority() -> None:
    """In the child: its own session (so its own scheduling group, where Linux groups by
    session), and that group and the process at the highest priority."""
    os.setsid()
    try:
        with open("/proc/self/autogroup", "w") as group:
            group.write("-20")
    except OSError:
        pass  # no autogroups here: the process's own priority is what counts
    os.nice(-20)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def start_up(runs: int, env: dict[str, str], priority: bool) -> None:
    """Wall-clock and CPU time of `recordsdesk --version` and `--help`, as a shell runs them.

    CPU time is what the command costs the machine; wall-clock time also counts the waits for
    a processor that other work holds (the two differ on a busy machine).
    """
    for flag in ("--version", "--help"):
        samples, cpu = [], []
        for _ in range(runs):
            started, used = time.perf_counter(), _children_cpu()
            subprocess.run(
                [*COMMAND, flag],
                env=env,
                capture_output=True,
                check=True,
                preexec_fn=_top_priority if priority else None,
            )
            samples.append(time.perf_counter() - started)
            cpu.append(_children_cpu() - used)
        print(
            f"recordsdesk {flag:<10}                wall median {_median_ms(samples):5.0f} ms, "
            f"CPU median {_median_ms(cpu):5.0f} ms   ({runs} runs)"
        )


def first_answer(runs: int, env: dict[str, str], barcodes: list[str], priority: bool) -> None:
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
            preexec_fn=_top_priority if priority else None,
        )
        assert process.stdin is not None and process.stdout is not None
        process.stdin.write(barcodes[n] + "\n")
        process.stdin.flush()
        line = process.stdout.readline()
        samples.append(time.perf_counter() - started)
        process.stdin.close()
        process.wait(timeout=60)
        cpu.append(_children_cpu() - used)  # the whole run: start, one scan, end
        assert process.stderr is not None
        assert '"ok": true' in line or '"ok":true' in line, (line, process.stderr.read())
    print(
        f"checkout, start to first answer        wall median {_median_ms(samples):5.0f} ms "
        f"(fastest {min(samples) * 1000:.0f}, slowest {max(samples) * 1000:.0f}), "
        f"CPU median {_median_ms(cpu):5.0f} ms   ({runs} runs; CPU of the whole run)"
    )


def stages(env: dict[str, str], barcodes: list[str], priority: bool) -> None:
    """What the first answer is spent on, step by step (one fresh interpreter)."""
    done = subprocess.run(
        [sys.executable, "-c", STAGES, *barcodes[:2]],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        preexec_fn=_top_priority if priority else None,
    )
    print("  where a checkout's start goes (one run; wall ms, CPU ms):")
    for line in done.stdout.splitlines():
        what, wall, cpu = line.split("\t")
        print(f"    {what:<58} {float(wall):6.1f} {float(cpu):6.1f}")


def stdin_scans(url: str, barcodes: list[str]) -> None:
    """A stdin checkout of many scans, in-process: time a scan, and count session checks."""
    checks: list[int] = []
    real = SessionService.resume

    def counted(self: SessionService, *args: object) -> object:
        checks.append(1)
        return real(self, *args)  # type: ignore[arg-type]

    SessionService.resume = counted  # type: ignore[method-assign,assignment]
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
    parser.add_argument(
        "--top-priority", action="store_true", help="measured commands at nice -20 (root)"
    )
    parser.add_argument(
        "--no-bytecode",
        action="store_true",
        help="compile every module at each start (PYTHONDONTWRITEBYTECODE, no cache)",
    )
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
        with services.db.reading() as uow:  # the destination the benchmark checks out to
            assert uow.session.scalar(text("SELECT 1 FROM locations WHERE code = 'CARD'"))
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
                    (options.scans + options.runs + 4,),
                ).scalars()
            )
        services.close()
        url = f"sqlite:///{path}"
        env = {
            **os.environ,
            "RECORDSDESK_DB": url,
            "XDG_STATE_HOME": str(work / "state"),
            "PYTHONPYCACHEPREFIX": str(work / "bytecode"),
        }
        env.pop("RECORDSDESK_USER", None)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        if options.no_bytecode:  # the package's own modules compiled at every start
            env["PYTHONDONTWRITEBYTECODE"] = "1"
            env.pop("PYTHONPYCACHEPREFIX")
        warm = barcodes[-4:]
        first_answer(1, env, warm, False)  # compiles the bytecode; not counted
        print(
            f"load average before: {_load()}"
            + (", at nice -20" if options.top_priority else "")
            + (", no bytecode cache" if options.no_bytecode else "")
        )
        start_up(options.runs, env, options.top_priority)
        first_answer(options.runs, env, barcodes[: options.runs], options.top_priority)
        stages(env, warm[1:], options.top_priority)
        print(f"load average after:  {_load()}")
        stdin_scans(url, barcodes[options.runs : -4])
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main_bench()
