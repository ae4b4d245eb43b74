"""The dashboard's figures as plots: each with the numbers behind it, for the window, the PDF
report and CSV files alike."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from recordsdesk.domain.dashboard import BUCKETS, misfile_rate
from recordsdesk.printing.dashboard_report import (
    BARS,
    LINES,
    STACKED,
    DashboardReport,
    ReportPlot,
    ReportSeries,
)
from recordsdesk.services.requests_desk.figures import Dashboard, ResponseFigures

BLUE, LIGHT_BLUE, GREEN, AMBER, ORANGE, RED, GREY, PURPLE = (
    "#1565C0",
    "#90CAF9",
    "#2E7D32",
    "#F9A825",
    "#EF6C00",
    "#B71C1C",
    "#78909C",
    "#6A1B9A",
)
AGING_COLOURS = (AMBER, ORANGE, RED, "#4A148C")
CLERK_COLOURS = (BLUE, GREEN, ORANGE, PURPLE, "#00838F", "#AD1457", "#5D4037", GREY)
TOP_BORROWERS = 12


def _days(board: Dashboard) -> tuple[str, ...]:
    return tuple(day.isoformat() for day in board.period)


def out_by_location(board: Dashboard) -> ReportPlot:
    """Charts out now by location (the borrowers holding most), overdue ones apart."""
    top = sorted(board.borrowers, key=lambda b: (-b.out, b.code))[:TOP_BORROWERS]
    return ReportPlot(
        "out_by_location",
        "Charts out by location",
        STACKED,
        "location",
        tuple(b.code for b in top),
        (
            ReportSeries("not yet due", tuple(float(b.out - b.overdue_total) for b in top), BLUE),
            ReportSeries("overdue", tuple(float(b.overdue_total) for b in top), RED),
        ),
        "charts out now",
    )


def overdue_aging(board: Dashboard) -> ReportPlot:
    """Overdue charts by borrower, in aging buckets."""
    late = sorted(
        (b for b in board.borrowers if b.overdue_total),
        key=lambda b: (-b.overdue_total, b.code),
    )[:TOP_BORROWERS]
    return ReportPlot(
        "overdue_aging",
        "Overdue aging by borrower",
        STACKED,
        "location",
        tuple(b.code for b in late),
        tuple(
            ReportSeries(bucket.value, tuple(float(b.overdue[i]) for b in late), colour)
            for i, (bucket, colour) in enumerate(zip(BUCKETS, AGING_COLOURS, strict=True))
        ),
        "overdue charts now, by days past due",
    )


def missing_trend(board: Dashboard) -> ReportPlot:
    return ReportPlot(
        "missing",
        "Missing charts",
        LINES,
        "day",
        _days(board),
        (
            ReportSeries(
                "missing at day's end", tuple(float(m.missing) for m in board.missing), RED
            ),
            ReportSeries("flagged", tuple(float(m.flagged) for m in board.missing), ORANGE),
            ReportSeries("found", tuple(float(m.found) for m in board.missing), GREEN),
        ),
        f"{board.missing_now} missing now",
        days=True,
    )


def pull_retrieval(board: Dashboard) -> ReportPlot:
    return ReportPlot(
        "pull_retrieval",
        "Pull-list retrieval",
        STACKED,
        "day",
        _days(board),
        (
            ReportSeries(
                "before the appointment",
                tuple(float(r.on_time) for r in board.retrieval),
                GREEN,
            ),
            ReportSeries("pulled late", tuple(float(r.late) for r in board.retrieval), AMBER),
            ReportSeries("not pulled", tuple(float(r.not_pulled) for r in board.retrieval), RED),
        ),
        "charts wanted for the day's appointments",
        days=True,
    )


def _minutes(figures: Sequence[ResponseFigures], median: bool) -> tuple[float | None, ...]:
    return tuple(f.median if median else f.p90 for f in figures)


def response_times(board: Dashboard) -> ReportPlot:
    stat = [d.stat for d in board.responses]
    routine = [d.routine for d in board.responses]
    return ReportPlot(
        "request_response",
        "Request response times",
        LINES,
        "day",
        _days(board),
        (
            ReportSeries("STAT median", _minutes(stat, True), RED),
            ReportSeries("STAT 90%", _minutes(stat, False), "#E57373"),
            ReportSeries("routine median", _minutes(routine, True), BLUE),
            ReportSeries("routine 90%", _minutes(routine, False), LIGHT_BLUE),
        ),
        "minutes from request to chart sent: median and 90th percentile",
        days=True,
    )


def clerk_activity(board: Dashboard) -> ReportPlot:
    users = sorted({c.username for c in board.activity})
    counts = {(c.username, c.hour): c.count for c in board.activity}
    hours = [h for h in range(24) if any((u, h) in counts for u in users)] or list(range(7, 19))
    first, last = min(hours), max(hours)
    span = range(first, last + 1)
    return ReportPlot(
        "clerk_activity",
        "Clerk activity by hour",
        STACKED,
        "hour",
        tuple(f"{h:02d}" for h in span),
        tuple(
            ReportSeries(u, tuple(float(counts.get((u, h), 0)) for h in span), CLERK_COLOURS[i % 8])
            for i, u in enumerate(users)
        ),
        "movements scanned in each hour of the day, over the period",
    )


def misfiles(board: Dashboard) -> ReportPlot:
    return ReportPlot(
        "misfiles",
        "Misfile rate from shelf audits",
        BARS,
        "day",
        _days(board),
        (ReportSeries("misfiled per 100 scanned", tuple(m.rate for m in board.misfiles), PURPLE),),
        "misfiled charts per hundred scanned",
        days=True,
    )


def dashboard_plots(board: Dashboard) -> tuple[ReportPlot, ...]:
    """Every plot of the dashboard, in the order shown."""
    return (
        out_by_location(board),
        overdue_aging(board),
        missing_trend(board),
        pull_retrieval(board),
        response_times(board),
        clerk_activity(board),
        misfiles(board),
    )


def _minutes_text(figures: ResponseFigures) -> str:
    if figures.median is None or figures.p90 is None:
        return "none"
    return f"{figures.median:.0f} / {figures.p90:.0f} min"


def tiles(board: Dashboard) -> tuple[tuple[str, str], ...]:
    """The headline figures."""
    wanted = sum(r.on_time + r.late + r.not_pulled for r in board.retrieval)
    on_time = sum(r.on_time for r in board.retrieval)
    scanned = sum(m.scanned for m in board.misfiles)
    rate = misfile_rate(scanned, sum(m.misfiled for m in board.misfiles))
    return (
        ("charts out now", f"{board.charts_out:,}"),
        ("overdue now", f"{board.overdue:,}"),
        ("missing now", f"{board.missing_now:,}"),
        ("pulled on time", f"{100 * on_time / wanted:.1f} %" if wanted else "none"),
        ("STAT median / 90th", _minutes_text(board.stat_overall)),
        ("routine median / 90th", _minutes_text(board.routine_overall)),
        ("misfiles per 100", "none" if rate is None else f"{rate:.2f}"),
    )


def dashboard_report(board: Dashboard, file_room: str) -> DashboardReport:
    period = board.period
    return DashboardReport(
        f"Dashboard: {file_room}",
        f"{period.first:%d %b %Y} to {period.last:%d %b %Y} ({period.days} days)",
        f"as of {board.at.astimezone():%a %d %b %Y %H:%M}",
        tiles(board),
        dashboard_plots(board),
    )


def _cell(value: object) -> str:
    if isinstance(value, float):
        text = str(int(value)) if value.is_integer() else f"{value:.2f}"
    else:
        text = "" if value is None else str(value)
    # A spreadsheet must never read a cell as a formula.
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def plot_csv(plot: ReportPlot) -> bytes:
    """The numbers behind a plot: one row per category, one column per series."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([plot.category_name, *(s.name for s in plot.series)])
    for i, category in enumerate(plot.categories):
        writer.writerow([_cell(category), *(_cell(s.values[i]) for s in plot.series)])
    return out.getvalue().encode("utf-8")
