"""The desk window on a large file room: scan to answer shown, beside the same-schema floor.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_desk_window.py \\
        [--rooms 200000 1000000] [--scans 200]

Per file room (the demo, built once into /var/tmp/rd-bench/ and copied before writing): the
bare sqlite3 floor and the services in process (bench_scan.py's), then the real window fed
raw scans: one at a time (each waits for its answer: a clerk's pace) and a cart fired at
once. "Shown" is the moment the answer is on the desk's widgets (feedback panel, list row,
counts), timed from the moment the scan was handed to the window.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from tempfile import mkdtemp

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, QEventLoop, QSettings
from PySide6.QtWidgets import QApplication

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_scan import Barcodes, _room, floor_scans, service_scans

from recordsdesk.domain.circulation import DeskMode
from recordsdesk.services.desk import build_services
from recordsdesk.ui.desk.desk_model import ScanRow
from recordsdesk.ui.desk.desk_widget import DeskWidget
from recordsdesk.ui.desk.sounds import BeepSounder
from recordsdesk.ui.main_window import MainWindow
from recordsdesk.ui.pages import PageContext
from recordsdesk.ui.settings import DeskSettings
from recordsdesk.ui.tasks import TaskRunner


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


def run(desk: DeskWidget, scans: list[str], paced: bool) -> tuple[list[float], list[float]]:
    """Scan-to-shown per scan (ms), and the GUI thread's time per answer (ms)."""
    submitted: dict[int, float] = {}
    shown: list[float] = []
    gui: list[float] = []
    loop = QEventLoop()
    original = desk._on_queue_answered

    def answered(seq: int, answer: object) -> None:
        started = time.perf_counter()
        original(seq, answer)  # type: ignore[arg-type]
        gui.append((time.perf_counter() - started) * 1000)

    def on_shown(row: ScanRow) -> None:
        if row.seq in submitted:
            shown.append((time.perf_counter() - submitted.pop(row.seq)) * 1000)
        if not desk.model.pending:
            loop.quit()

    desk.queue.answered.disconnect(desk._on_queue_answered)
    desk.queue.answered.connect(answered)
    desk.scan_shown.connect(on_shown)
    # Wait in Qt's own event loop, as the application does.
    for text in scans:
        before = set(desk.model.pending)
        submitted_at = time.perf_counter()
        desk.submit_scan(text)
        for seq in desk.model.pending - before:
            submitted[seq] = submitted_at
        if paced and desk.model.pending:
            loop.exec()
    if desk.model.pending:
        loop.exec()
    QCoreApplication.processEvents()
    desk.scan_shown.disconnect(on_shown)
    desk.queue.answered.disconnect(answered)
    desk.queue.answered.connect(desk._on_queue_answered)
    return shown, gui


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
    folder = Path(mkdtemp(prefix="recordsdesk-bench-"))
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    for room in options.rooms:
        path = _room(room)
        barcodes = Barcodes(path, seed=room + 1)
        floor = [t * 1000 for t in floor_scans(path, barcodes.take(options.scans))]
        services_ms = [t * 1000 for t in service_scans(path, barcodes.take(options.scans))]
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
        run(desk, barcodes.take(20), paced=True)  # the destination, a warm connection
        lone, lone_gui = run(desk, barcodes.take(options.scans), paced=True)
        cart, cart_gui = run(desk, barcodes.take(150), paced=False)
        base = statistics.median(floor)
        line(room, "bare sqlite3, same statements", floor, base, None)
        line(room, "services in process", services_ms, base, None)
        line(room, "window, one scan at a time", lone, base, lone_gui)
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
    del app
    return 0


if __name__ == "__main__":
    status = main()
    sys.stdout.flush()
    os._exit(status)
