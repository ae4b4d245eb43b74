"""Benchmark: 1,000 chart labels, rendered on each stock and through the `labels` command.

Targets (issue 12): 1,000 labels from the command line in at most 2 s on Avery 5160 and 1 s as
ZPL, on a 2-core machine, patients looked up in one query and the audit written in one
statement. The names are distinct and one in five is in a script font 0 lacks (Vietnamese,
Greek, Arabic, CJK), as in a city hospital.

    python benchmarks/bench_labels.py                      # rendering only
    python benchmarks/bench_labels.py --db /var/tmp/rd-bench/demo-1000000.sqlite3
                                                           # ... and the command, on a copy
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from recordsdesk.printing.documents import ChartLabel
from recordsdesk.printing.fonts import register_fonts
from recordsdesk.printing.labels import render_chart_labels
from recordsdesk.printing.stocks import stock_by_name

COUNT = 1000
FAMILIES = ("SMITH", "GARCÍA", "MÜLLER", "O'BRIEN", "NOWAK", "JOHANSSON", "DUBOIS", "ROSSI")
GIVEN = ("John Paul", "María José", "Jürgen", "Siobhán", "Łucja", "Erik", "Renée", "Giulia")
OTHER = ("NGUYỄN, Thị Ánh", "ΠΑΠΑΔΟΠΟΥΛΟΣ, Γιώργος", "الهاشمي, محمد", "王, 秀英", "김, 민준")
TARGETS = {"avery-5160": 2.0, "zpl": 1.0}


def labels(count: int) -> list[ChartLabel]:
    """count labels with distinct names; every fifth in a script beyond Latin-1."""
    batch = []
    for index in range(count):
        if index % 5 == 4:
            name = f"{OTHER[index // 5 % len(OTHER)]} {index}"
        else:
            name = f"{FAMILIES[index % 8]}-{index}, {GIVEN[index // 8 % 8]}"
        batch.append(
            ChartLabel(
                name=name,
                mrn_groups=f"{index % 100:02d}-{index // 100 % 100:02d}-{index % 97:02d}",
                dob=date(1940 + index % 80, index % 12 + 1, index % 28 + 1),
                volume_number=1,
                volume_count=1 + index % 3,
                record_type="Medical record",
                barcode=f"V{index + 1:07d}",
                colour_digits=f"{index % 97:02d}",
                year=2025 if index % 2 else None,
            )
        )
    return batch


def bench_rendering() -> None:
    register_fonts()  # loading the Noto faces is once per process, not per job
    batch = labels(COUNT)
    for stock_name in ("avery-5160", "avery-5163", "avery-5167", "thermal-2.25x1.25", "zpl"):
        stock = stock_by_name(stock_name)
        started = time.perf_counter()
        data = render_chart_labels(batch, stock)
        elapsed = time.perf_counter() - started
        size = len(data) / 1024
        print(f"render  {COUNT} labels on {stock.name:<18} {elapsed:6.2f} s  {size:8.0f} KiB")


def _mrns(database: Path, count: int) -> list[str]:
    """MRNs of count patients with one volume each (so count labels)."""
    with sqlite3.connect(database) as connection:
        rows = connection.execute(
            "SELECT p.mrn FROM patients p JOIN charts c ON c.patient_id = p.id "
            "JOIN volumes v ON v.chart_id = c.id WHERE p.dob IS NOT NULL "
            "GROUP BY p.id HAVING COUNT(v.id) = 1 LIMIT ?",
            (count,),
        ).fetchall()
    return [row[0] for row in rows]


def bench_command(source: Path) -> None:
    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "labels.sqlite3"
        shutil.copyfile(source, database)  # the command writes its audit entries
        mrns = _mrns(database, COUNT)
        env = {**os.environ, "RECORDSDESK_DB": f"sqlite:///{database}", "RECORDSDESK_USER": "clerk"}
        arguments = [arg for mrn in mrns for arg in ("--mrn", mrn)]
        base = [sys.executable, "-m", "recordsdesk"]
        wall, cpu = _timed([*base, "--help"], env)
        print(f"command --help (start-up alone)          {wall:6.2f} s wall  {cpu:5.2f} s CPU")
        for stock, suffix in (("avery-5160", "pdf"), ("zpl", "zpl")):
            target = Path(folder) / f"labels.{suffix}"
            command = [*base, "labels", *arguments, "--stock", stock, "-o", str(target)]
            wall, cpu = _timed(command, env)
            # On a shared machine the wall time counts other people's work; CPU time does not.
            verdict = "ok" if cpu <= TARGETS[stock] else "over"
            print(
                f"command {len(mrns)} labels on {stock:<18} {wall:6.2f} s wall  {cpu:5.2f} s CPU"
                f"  (target {TARGETS[stock]:.1f} s: {verdict})"
            )


def _timed(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall-clock and CPU seconds (user + system) of one run of command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(done.stderr)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", type=Path, help="a demo SQLite file to copy and label from")
    args = parser.parse_args()
    bench_rendering()
    if args.db:
        bench_command(args.db)


if __name__ == "__main__":
    main()
