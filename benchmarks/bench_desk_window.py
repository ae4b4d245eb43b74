"""The desk window on a large file room: scan to answer shown, beside the same-schema floor.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_desk_window.py \\
        [--rooms 200000 1000000] [--scans 200]

Per file room (the demo, built once into /var/tmp/rd-bench/ and copied before writing): the
bare sqlite3 floor and the services in process (bench_scan.py's), and the real window fed
raw scans, taking turns scan by scan in an order turned round each scan (the window's scans
one at a time, each waiting for its answer: a clerk's pace); then a cart fired at once.
Two moments are timed from the moment the scan was handed to the window: the answer in the
window's hands (back on the GUI thread from the worker that saved it: what the command line's
caller has when it reads the answer's line), and the answer shown (on the desk's widgets:
feedback panel, list row, counts).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from tempfile import mkdtemp

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, QEventLoop, QSettings
from PySide6.QtWidgets import QApplication

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_scan import Barcodes, Floor, InProcess, _room

from recordsdesk.domain.circulation import DeskMode
from recordsdesk.services.desk import build_services
from recordsdesk.ui.collector import GuiThreadCollector
from recordsdesk.ui.desk.desk_model import ScanRow
from recordsdesk.ui.desk.desk_widget import DeskWidget
from recordsdesk.ui.desk.scan_queue import ScanQueue
from recordsdesk.ui.desk.sounds import BeepSounder
from recordsdesk.ui.main_window import MainWindow
from recordsdesk.ui.pages import PageContext
from recordsdesk.ui.settings import DeskSettings
from recordsdesk.ui.style import STYLE_SHEET
from recordsdesk.ui.tasks import TaskRunner


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


class Timed:
    """Times each answer from the scan's hand-over to its coming back to the GUI thread and to
    its being shown, in Qt's own loop."""

    def __init__(self, desk: DeskWidget, settle_head: Callable[[], None]) -> None:
        self.desk = desk
        self.settle_head = settle_head
        self.submitted: dict[int, float] = {}
        self.received: list[float] = []
        self.shown: list[float] = []
        self.gui: list[float] = []
        self.loop = QEventLoop()
        self._original = desk._on_queue_answered
        desk.queue.answered.disconnect(desk._on_queue_answered)
        desk.queue.answered.connect(self._answered)
        desk.scan_shown.connect(self._on_shown)

    def _answered(self, seq: int, answer: object) -> None:
        started = time.perf_counter()
        if seq in self.submitted:
            self.received.append((started - self.submitted[seq]) * 1000)
        self._original(seq, answer)  # type: ignore[arg-type]
        self.gui.append((time.perf_counter() - started) * 1000)

    def _on_shown(self, row: ScanRow) -> None:
        if row.seq in self.submitted:
            self.shown.append((time.perf_counter() - self.submitted.pop(row.seq)) * 1000)
        if not self.desk.model.pending:
            self.loop.quit()

    def submit(self, text: str) -> None:
        before = set(self.desk.model.pending)
        at = time.perf_counter()
        self.desk.submit_scan(text)
        for seq in self.desk.model.pending - before:
            self.submitted[seq] = at

    def settle(self) -> None:
        if self.desk.model.pending:
            self.loop.exec()
        # Let the window lay out and paint the answer and go idle, as it does between a
        # clerk's scans (each step of a layout posts the next: handled until none is left),
        # and write the head file (it follows the answer by a few ms) before anything else
        # is timed.
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        self.settle_head()

    def take(self) -> tuple[list[float], list[float], list[float]]:
        """The times to the answer in hand, to its being shown, and the GUI thread's work."""
        received, shown, gui = self.received, self.shown, self.gui
        self.received, self.shown, self.gui = [], [], []
        return received, shown, gui


class Turns:
    """The floor, the services and the window scan by scan, in an order turned round every
    scan: each follows each of the others as often, so none is always the one after the
    window's painting (its caches cooled) or after the services (the same pages just read)."""

    def __init__(self, floor: Floor, services: InProcess, window: Timed) -> None:
        self._floor_path, self._services_path, self._window = floor, services, window
        self.floor: list[float] = []
        self.services: list[float] = []
        self.cpu: dict[str, list[float]] = {"floor": [], "services": [], "window": []}

    def run(self, barcodes: Barcodes, scans: int) -> None:
        paths = [self._on_floor, self._on_services, self._on_window]
        for number in range(scans):
            turn = number % len(paths)
            # The barcodes are taken outside the timing.
            taken = barcodes.take(len(paths))
            for path_, barcode in zip(paths[turn:] + paths[:turn], taken, strict=True):
                path_(barcode)

    def _on_floor(self, barcode: str) -> None:
        clock, started = time.thread_time(), time.perf_counter()
        self._floor_path.scan(barcode)
        self.floor.append((time.perf_counter() - started) * 1000)
        self.cpu["floor"].append((time.thread_time() - clock) * 1000)

    def _on_services(self, barcode: str) -> None:
        clock, started = time.thread_time(), time.perf_counter()
        self._services_path.scan(barcode)
        self.services.append((time.perf_counter() - started) * 1000)
        self._services_path.settle()
        self.cpu["services"].append((time.thread_time() - clock) * 1000)

    def _on_window(self, barcode: str) -> None:
        clock = time.process_time()  # both threads: the GUI's and the scan worker's
        self._window.submit(barcode)
        self._window.settle()
        self.cpu["window"].append((time.process_time() - clock) * 1000)


def hops(count: int) -> list[float]:
    """The scan queue's round trip with no work: to the worker thread and back (ms)."""
    queue = ScanQueue()
    loop = QEventLoop()
    timings: list[float] = []
    started = [0.0]

    def answered(_seq: int, _value: object) -> None:
        timings.append((time.perf_counter() - started[0]) * 1000)
        loop.quit()

    queue.answered.connect(answered)
    for seq in range(1, count + 1):
        started[0] = time.perf_counter()
        queue.post(seq, lambda: None)
        loop.exec()
    queue.stop()
    return timings


def line(room: int, name: str, values: list[float], floor: float, gui: list[float] | None) -> None:
    p50 = statistics.median(values)
    extra = f"   GUI thread per answer p95 {p95(gui):5.2f} ms" if gui else ""
    print(
        f"{room:>10,} {name:<34} p50 {p50:6.2f} ms  p95 {p95(values):6.2f} ms"
        f"  {p50 / floor:5.2f}x floor{extra}",
        flush=True,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rooms", type=int, nargs="+", default=[200_000, 1_000_000])
    parser.add_argument("--scans", type=int, default=200)
    options = parser.parse_args()
    app = QApplication(sys.argv[:1])
    # As the application runs: its style sheet, and the cyclic collector on the GUI thread.
    app.setStyleSheet(STYLE_SHEET)
    collector = GuiThreadCollector(parent=app)
    folder = Path(mkdtemp(prefix="recordsdesk-bench-"))
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    for room in options.rooms:
        path = _room(room)
        barcodes = Barcodes(path, seed=room + 1)
        floor_path, in_process = Floor(path), InProcess(path)
        services = build_services(f"sqlite:///{path}")
        actor = services.users.actor("clerk", "BENCH")
        runner = TaskRunner()
        settings = DeskSettings()
        settings.last_mode = DeskMode.CHECK_OUT.value
        settings.last_destination = "ORTH"
        window = MainWindow(PageContext(services, actor, settings, runner, BeepSounder()))
        window.resize(1280, 800)
        window.show()
        desk = window.pages["desk"]
        assert isinstance(desk, DeskWidget)
        timed = Timed(desk, services.db.chain.settle_head)
        for barcode in barcodes.take(10):  # the destination, warm connections
            floor_path.scan(barcode)
        for barcode in barcodes.take(10):
            in_process.scan(barcode)
        for barcode in barcodes.take(10):
            timed.submit(barcode)
            timed.settle()
        timed.take()
        turns = Turns(floor_path, in_process, timed)
        load = os.getloadavg()[0]
        turns.run(barcodes, options.scans)
        floor, services_ms, cpu = turns.floor, turns.services, turns.cpu
        received, lone, lone_gui = timed.take()
        hop = hops(options.scans)
        for barcode in barcodes.take(150):  # a cart fired at once
            timed.submit(barcode)
        timed.settle()
        _received, cart, cart_gui = timed.take()
        floor_path.close()
        in_process.close()
        base = statistics.median(floor)
        print(f"load average (1 min) {load:.2f} before, {os.getloadavg()[0]:.2f} after")
        line(room, "bare sqlite3, same statements", floor, base, None)
        line(room, "services in process", services_ms, base, None)
        line(room, "window, scan to answer in hand", received, base, None)
        line(room, "window, scan to shown", lone, base, lone_gui)
        line(room, "scan queue round trip, no work", hop, base, None)
        cpu_base = statistics.median(cpu["floor"])
        for name, values in cpu.items():
            line(room, f"CPU time: {name}", values, cpu_base, None)
        print(
            f"{room:>10,} {'window, 150 scans fired at once':<34} last shown after"
            f" {max(cart):6.0f} ms ({max(cart) / 150:.2f} ms a scan)"
            f"   GUI thread per answer p95 {p95(cart_gui):5.2f} ms",
            flush=True,
        )
        window.close()
        runner.wait()
        services.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    collector.stop()
    del app
    return 0


if __name__ == "__main__":
    status = main()
    sys.stdout.flush()
    os._exit(status)
