"""Installed size and cold start of the frozen application, installed from the .deb.

    python benchmarks/bench_install.py [--deb PATH] [--runs N]

Without --deb it builds one with installer/build.sh --deb (minutes). Installs the package
with dpkg (root), measures, and purges it afterwards. Cold start: the page cache is dropped
before the first run when this machine allows it (it says so); "warm" is the median of the
next runs. Prints the figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import fcntl
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
LOCK = Path("/tmp/recordsdesk-deb-install.lock")


def _drop_caches() -> bool:
    try:
        subprocess.run(["sync"], check=True)
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
        return True
    except OSError:
        return False


def _timed(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, env=env, timeout=300)
    return time.perf_counter() - started


def _series(name: str, command: list[str], env: dict[str, str], runs: int) -> None:
    dropped = _drop_caches()
    cold = _timed(command, env)
    warm = [_timed(command, env) for _ in range(runs)]
    label = "cold (page cache dropped)" if dropped else "first run (cache NOT droppable here)"
    print(f"{name}: {label} {cold:.2f} s; warm median {statistics.median(warm):.2f} s")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--deb", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    deb = options.deb
    if deb is None:
        out = Path(tempfile.mkdtemp(prefix="rd-bench-install-"))
        subprocess.run(["bash", str(REPO / "installer" / "build.sh"), "--deb", "--out", str(out)])
        deb = next(out.glob("recordsdesk_*_amd64.deb"))
    env = {"PATH": "/usr/bin:/bin", "HOME": "/root", "LANG": "C.UTF-8"}
    with LOCK.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            subprocess.run(["dpkg", "-i", str(deb)], check=True, capture_output=True)
            size = subprocess.run(
                ["du", "-sm", "/opt/recordsdesk"], capture_output=True, text=True, check=True
            ).stdout.split()[0]
            installed_kb = subprocess.run(
                ["dpkg-query", "-W", "-f=${Installed-Size}", "recordsdesk"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            load = Path("/proc/loadavg").read_text().split()[:3]
            print(f"load average while measuring: {' '.join(load)} (this machine's cores: shared)")
            print(f"package file: {deb.stat().st_size / 1e6:.0f} MB ({deb.name})")
            print(f"installed: /opt/recordsdesk {size} MB (dpkg Installed-Size {installed_kb} KB)")
            db = Path(tempfile.mkdtemp()) / "bench.sqlite3"
            subprocess.run(
                ["recordsdesk", "--db", f"sqlite:///{db}", "db", "upgrade"],
                check=True,
                capture_output=True,
                env=env,
            )
            _series("recordsdesk --version", ["recordsdesk", "--version"], env, options.runs)
            _series(
                "recordsdesk location list (a command on a database)",
                ["recordsdesk", "--db", f"sqlite:///{db}", "location", "list"],
                env,
                options.runs,
            )
            _series(
                "window shown and closed (offscreen)",
                ["recordsdesk", "--db", f"sqlite:///{db}", "--show-and-quit"],
                {**env, "QT_QPA_PLATFORM": "offscreen"},
                options.runs,
            )
        finally:
            subprocess.run(["dpkg", "--purge", "recordsdesk"], capture_output=True, check=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
