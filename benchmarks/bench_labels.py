"""Benchmark: 1,000 chart labels to PDF on each stock, and to ZPL (target: under 3 s)."""

from __future__ import annotations

import time
from datetime import date

from recordsdesk.printing.documents import ChartLabel
from recordsdesk.printing.fonts import register_fonts
from recordsdesk.printing.labels import render_chart_labels
from recordsdesk.printing.stocks import stock_by_name

NAMES = ("Nguyễn Thị Ánh", "Øyvind Ødegård", "Łucja Wałęsa", "Jürgen Müller", "Renée Dubé")
COUNT = 1000


def labels(count: int) -> list[ChartLabel]:
    return [
        ChartLabel(
            name=NAMES[index % len(NAMES)] + (" Montenegro-Villalobos y Cruz" * (index % 7 == 0)),
            mrn_groups=f"{index % 100:02d}-{index // 100 % 100:02d}-{index % 97:02d}",
            dob=date(1940 + index % 80, index % 12 + 1, index % 28 + 1),
            volume_number=1,
            volume_count=1 + index % 3,
            record_type="Medical record",
            barcode=f"V{index + 1:07d}",
            colour_digits=f"{index % 97:02d}",
            year=2025 if index % 2 else None,
        )
        for index in range(count)
    ]


def main() -> None:
    register_fonts()  # loading the TrueType faces is once per process, not per job
    batch = labels(COUNT)
    for stock_name in (
        "avery-5160",
        "avery-5163",
        "avery-5167",
        "avery-5366",
        "thermal-2.25x1.25",
        "zpl",
    ):
        stock = stock_by_name(stock_name)
        started = time.perf_counter()
        data = render_chart_labels(batch, stock)
        elapsed = time.perf_counter() - started
        verdict = "ok" if elapsed < 3 else "SLOW"
        size = len(data) / 1024
        print(f"{COUNT} labels on {stock.name:<18} {elapsed:6.2f} s  {size:8.0f} KiB  {verdict}")


if __name__ == "__main__":
    main()
