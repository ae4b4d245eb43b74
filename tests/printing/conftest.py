"""Fixtures for the printing tests: sample labels with names from many alphabets, CUPS queues."""

from __future__ import annotations

from datetime import date

from recordsdesk.printing.documents import ChartLabel

NAMES = (
    "Nguyễn Thị Ánh",
    "Øyvind Ødegård",
    "Łucja Wałęsa",
    "Müller, Jürgen",
    "Renée Dubé-Éluard",
    "Trần Văn Đức",
)


def sample_labels(count: int, prefix: str = "V") -> list[ChartLabel]:
    """count labels with distinct barcodes, names cycling through NAMES."""
    return [
        ChartLabel(
            name=NAMES[index % len(NAMES)],
            mrn_groups=f"{index % 90 + 10:02d}-34-{index % 100:02d}",
            dob=date(1950 + index % 60, index % 12 + 1, index % 28 + 1),
            volume_number=1 + index % 3,
            volume_count=3,
            record_type="Medical record",
            barcode=f"{prefix}{index + 1:07d}",
            colour_digits=f"{index % 100:02d}" + ("7" if index % 2 else ""),
            year=2025 if index % 3 == 0 else None,
        )
        for index in range(count)
    ]
