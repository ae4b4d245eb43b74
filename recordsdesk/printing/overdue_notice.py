"""Overdue notices: one per borrower, listing the charts they hold past their due time."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from recordsdesk.printing.page_furniture import PageHeader
from recordsdesk.printing.table_flow import Column, Part, Row, RowKind, render_parts


@dataclass(frozen=True)
class NoticeChart:
    """A chart on a notice: who it is, since when it is out, when it was due."""

    barcode: str
    mrn: str
    name: str
    volume: int
    out_since: datetime
    due: datetime
    days_overdue: int


@dataclass(frozen=True)
class OverdueNotice:
    """What one borrower is asked to send back."""

    borrower_code: str
    borrower_name: str
    file_room: str
    written_at: datetime
    charts: tuple[NoticeChart, ...]


_COLUMNS = (
    Column("", 18),
    Column("Chart", 70, bold=True),
    Column("MRN", 64),
    Column("Patient", 150),
    Column("Vol", 28),
    Column("Out since", 72),
    Column("Due", 72),
    Column("Days over", 50),
)


def _part(notice: OverdueNotice) -> Part:
    count = len(notice.charts)
    header = PageHeader(
        title=f"Overdue charts: {notice.borrower_name}",
        subtitle=(
            f"{count} chart{'s' if count != 1 else ''} past due. Please send "
            f"{'them' if count != 1 else 'it'} back to {notice.file_room}, or call the file "
            "room if still needed."
        ),
        right=f"{notice.borrower_code} · {notice.written_at:%a %d %b %Y %H:%M}",
    )
    rows = [
        Row(RowKind.NOTE, ("Tick each chart as you send it back; return this sheet with them.",)),
        Row(RowKind.COLUMNS, (), _COLUMNS),
    ]
    for chart in notice.charts:
        rows.append(
            Row(
                RowKind.ITEM,
                (
                    "",
                    chart.barcode,
                    chart.mrn,
                    chart.name,
                    str(chart.volume),
                    f"{chart.out_since:%d %b %Y}",
                    f"{chart.due:%d %b %H:%M}",
                    str(chart.days_overdue),
                ),
                tick=True,
                strong=chart.days_overdue > 30,
            )
        )
    return Part(header, tuple(rows))


def overdue_notices_pdf(notices: Sequence[OverdueNotice]) -> bytes:
    """Every notice, each starting on a page of its own."""
    return render_parts(
        "Overdue notices",
        [_part(n) for n in notices],
        "RecordsDesk overdue notice: confidential patient information",
    )
