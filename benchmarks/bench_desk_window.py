"""Scan handling in the desk window on a large database: scan-to-shown latency, p50 and p95.

Usage: QT_QPA_PLATFORM=offscreen python benchmarks/bench_desk_window.py DB_URL [--scans N]
The database needs users and charts (the demo: `recordsdesk demo`); charts scanned are
checked out to a clinic and returned, so the file room ends as it began.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path
from tempfile import mkdtemp

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, QEventLoop, QSettings, Qt
from PySide6.QtWidgets import QApplication

from recordsdesk.services.actors import Actor
from recordsdesk.services.desk import Services, build_services
from recordsdesk.ui.desk.desk_widget import DeskWidget
from recordsdesk.ui.desk.jobs import Answer
from recordsdesk.ui.desk.modes import DeskMode
from recordsdesk.ui.desk.sounds import BeepSounder
from recordsdesk.ui.main_window import MainWindow
from recordsdesk.ui.pages import PageContext
from recordsdesk.ui.settings import DeskSettings
from recordsdesk.ui.tasks import TaskRunner


def highest_volume(services: Services, actor: Actor) -> int:
    """The largest volume number with a barcode on file (binary search through the registry)."""
    low, high = 1, 1
    while services.registry.search(actor, f"V{high:07d}"):
        low, high = high, high * 2
    while high - low > 1:
        middle = (low + high) // 2
        if services.registry.search(actor, f"V{middle:07d}"):
            low = middle
        else:
            high = middle
    return low


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def run(desk: DeskWidget, scans: list[str], paced: bool) -> tuple[list[float], list[float]]:
    """Scan-to-shown latency per scan (ms), and GUI-thread time spent showing each answer (ms)."""
    latencies: list[float] = []
    gui: list[float] = []

    def shown(answer: Answer) -> None:
        latencies.append((time.perf_counter() - answer.submitted_at) * 1000)

    desk.scan_shown.connect(shown)
    original = desk._on_queue_answered

    def timed(answer: Answer) -> None:
        start = time.perf_counter()
        original(answer)
        gui.append((time.perf_counter() - start) * 1000)

    desk.queue.answered.disconnect(desk._on_queue_answered)
    desk.queue.answered.connect(timed)
    # Wait in Qt's own event loop, as the running application does: a Python loop spinning on
    # processEvents would hold the GIL and slow the worker thread down to the switch interval.
    loop = QEventLoop()

    def settled(_answer: Answer) -> None:
        if not desk.queue.pending:
            loop.quit()

    desk.queue.answered.connect(settled, Qt.ConnectionType.QueuedConnection)
    for text in scans:
        desk.submit_scan(text)
        if paced and desk.queue.pending:
            loop.exec()
    if desk.queue.pending:
        loop.exec()
    QCoreApplication.processEvents()
    desk.queue.answered.disconnect(settled)
    desk.queue.answered.disconnect(timed)
    desk.queue.answered.connect(desk._on_queue_answered)
    desk.scan_shown.disconnect(shown)
    return latencies, gui


def report(name: str, latencies: list[float], gui: list[float]) -> None:
    print(
        f"{name:<26} n={len(latencies):4d}  shown p50 {statistics.median(latencies):7.1f} ms"
        f"  p95 {percentile(latencies, 0.95):7.1f} ms  max {max(latencies):7.1f} ms"
        f"  | GUI thread per answer p95 {percentile(gui, 0.95):5.2f} ms max {max(gui):5.2f} ms"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url", help="database URL")
    parser.add_argument("--scans", type=int, default=300)
    parser.add_argument("--user", default="clerk")
    parser.add_argument("--seed", type=int, default=1)
    options = parser.parse_args()
    app = QApplication(sys.argv[:1])
    folder = Path(mkdtemp(prefix="recordsdesk-bench-"))
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    services = build_services(options.url)
    actor = services.users.actor(options.user, "BENCH")
    clinic = next(p for p in services.locations.list() if p.kind == "clinic")
    top = highest_volume(services, actor)
    rng = random.Random(options.seed)
    barcodes = [f"V{n:07d}" for n in rng.sample(range(1, top + 1), options.scans)]
    print(f"{options.url}: {top} volumes; {options.scans} scans to {clinic.code} and back")
    runner = TaskRunner()
    window = MainWindow(PageContext(services, actor, DeskSettings(), runner, BeepSounder()))
    window.resize(1280, 800)
    window.show()
    desk = window.pages["desk"]
    assert isinstance(desk, DeskWidget)
    desk.set_mode(DeskMode.CHECK_OUT)
    desk.submit_scan(clinic.barcode)
    run(desk, [], paced=True)
    half = len(barcodes) // 2
    report("check out, one at a time", *run(desk, barcodes[:half], paced=True))
    report("check out, burst", *run(desk, barcodes[half:], paced=False))
    desk.set_mode(DeskMode.RETURN)
    report("return, one at a time", *run(desk, barcodes[:half], paced=True))
    report("return, burst", *run(desk, barcodes[half:], paced=False))
    window.close()
    runner.wait()
    services.close()
    del app
    return 0


if __name__ == "__main__":
    status = main()
    sys.stdout.flush()
    os._exit(status)
