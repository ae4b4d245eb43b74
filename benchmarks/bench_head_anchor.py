"""What anchoring the chain's head after every commit costs a scan: the head file alone, the
hand-over to its writer thread, and check-outs through the services with and without it, taking
turns scan by scan.

    .venv/bin/python benchmarks/bench_head_anchor.py ROOM.sqlite3 [--scans 400]

ROOM is a file room whose history is already chained (``recordsdesk db upgrade`` of a demo
room); it is copied before it is written to. RECORDSDESK_SITE_KEY_FILE names its site key.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import text

from recordsdesk.services.desk import build_services
from recordsdesk.storage.checkpoints import FOLDER_ENV, HeadFile, HeadWriter
from recordsdesk.storage.site_key import load_key_ring


def _figures(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[int(len(ordered) * 0.95) - 1]
    return f"median {statistics.median(ordered) * 1e3:.4f} ms, p95 {p95 * 1e3:.4f} ms"


def head_file_alone(writes: int) -> None:
    """One head-file write: sign the record, open, pwrite, close."""
    head = HeadFile(load_key_ring(), "sqlite:/bench/only")
    samples = []
    for seq in range(1, writes + 1):
        start = time.perf_counter()
        head.write(seq, "ab" * 32)
        samples.append(time.perf_counter() - start)
    print(f"head file write alone ({writes}): {_figures(samples)}")
    writer = HeadWriter(lambda: head, print)
    samples = []
    for seq in range(writes + 1, 2 * writes + 1):
        start = time.perf_counter()
        writer.offer((seq, "cd" * 32))
        samples.append(time.perf_counter() - start)
    writer.flush()
    print(f"handing a head to the writer thread, what a scan pays ({writes}): {_figures(samples)}")


def scans(room: Path, count: int) -> None:
    """Check-outs of random volumes, alternating head file on and off."""
    copy = Path(tempfile.mkdtemp(prefix="rd-anchor-", dir=room.parent)) / room.name
    shutil.copyfile(room, copy)
    services = build_services(f"sqlite:///{copy}")
    try:
        with services.db.engine.connect() as conn:
            barcodes = list(
                conn.execute(
                    text("SELECT barcode FROM volumes ORDER BY random() LIMIT :n"), {"n": count}
                ).scalars()
            )
            destination = "CARD"
        actor = services.users.actor("clerk", "BENCH")
        real = HeadFile.write
        timings: dict[bool, list[float]] = {True: [], False: []}
        named: set[str] = set()
        for n, barcode in enumerate(barcodes):
            anchored = n % 2 == 0
            HeadFile.write = real if anchored else (lambda *_a, **_k: None)  # type: ignore[method-assign]
            start = time.perf_counter()
            services.circulation.check_out(actor, destination, barcode, named)
            timings[anchored].append(time.perf_counter() - start)
        HeadFile.write = real  # type: ignore[method-assign]
        print(f"scan with the head file   ({len(timings[True])}): {_figures(timings[True])}")
        print(f"scan without the head file ({len(timings[False])}): {_figures(timings[False])}")
    finally:
        services.close()
        shutil.rmtree(copy.parent)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("room", type=Path)
    parser.add_argument("--scans", type=int, default=400)
    args = parser.parse_args()
    os.environ.setdefault(FOLDER_ENV, tempfile.mkdtemp(prefix="rd-anchor-checkpoints-"))
    print(f"load average before: {os.getloadavg()}")
    head_file_alone(20000)
    scans(args.room, args.scans)
    print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
