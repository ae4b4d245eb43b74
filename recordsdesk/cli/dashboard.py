"""The supervisor's commands: overdue aging and notices, and the dashboard's figures."""

from __future__ import annotations

import argparse
from datetime import date
from typing import TYPE_CHECKING, Any

from recordsdesk.cli.output import emit_json, emit_line
from recordsdesk.domain.dashboard import BUCKETS, Period
from recordsdesk.domain.errors import InvalidInput

if TYPE_CHECKING:
    from recordsdesk.cli.context import CommandContext
    from recordsdesk.services.documents import Document
    from recordsdesk.services.requests_desk.desk import RequestsDesk


def register(commands: Any) -> None:
    """Add the overdue and dashboard commands to the parser."""
    overdue = commands.add_parser(
        "overdue", help="charts past due by borrower, in aging buckets; notices to send"
    )
    overdue.add_argument("--notices", action="store_true", help="make the overdue notices")
    overdue.add_argument(
        "--borrower", action="append", default=[], metavar="CODE", help="only these borrowers"
    )
    _delivery(overdue)
    overdue.add_argument("--json", action="store_true")
    overdue.set_defaults(run=run_overdue)
    board = commands.add_parser("dashboard", help="the file room's figures over a period")
    board.add_argument("--days", type=int, default=30, help="the last N days (default 30)")
    board.add_argument("--from", dest="first", metavar="YYYY-MM-DD", help="first day")
    board.add_argument("--to", dest="last", metavar="YYYY-MM-DD", help="last day (default today)")
    board.add_argument("--csv", metavar="FOLDER", help="save the numbers of each plot as CSV")
    _delivery(board)
    board.add_argument("--json", action="store_true")
    board.set_defaults(run=run_dashboard)


def _delivery(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-o", "--output", metavar="FILE", help="save the PDF here")
    parser.add_argument(
        "--print", dest="printer", nargs="?", const="", metavar="PRINTER", help="print the PDF"
    )


def _desk(ctx: CommandContext) -> RequestsDesk:
    from recordsdesk.services.requests_desk.desk import build_requests_desk

    return build_requests_desk(ctx.services)


def _deliver(ctx: CommandContext, document: Document) -> None:
    documents = ctx.services.documents
    if ctx.args.output:
        documents.save(ctx.actor, document, ctx.args.output)
        emit_line(f"{document.title} written to {ctx.args.output}.")
    if ctx.args.printer is not None:
        queue = ctx.args.printer or documents.printer_for(document)
        if not queue:
            raise InvalidInput("There is no default printer: name one after --print.")
        job = documents.send(ctx.actor, document, queue)
        emit_line(f"{document.title} sent to {queue} (job {job}).")


def run_overdue(ctx: CommandContext) -> int:
    args = ctx.args
    desk = _desk(ctx)
    if args.notices:
        if args.output is None and args.printer is None:
            raise InvalidInput("Say where the notices go: -o FILE, --print [PRINTER], or both.")
        _deliver(ctx, desk.overdue.notice_document(ctx.actor, args.borrower))
        return 0
    aging = desk.overdue.aging(ctx.actor)
    if args.borrower:
        wanted = {c.upper() for c in args.borrower}
        aging = tuple(b for b in aging if b.code in wanted)
    if args.json:
        emit_json(
            {
                "buckets": [b.value for b in BUCKETS],
                "borrowers": [
                    {
                        "code": b.code,
                        "name": b.name,
                        "out": b.out,
                        "overdue": b.overdue_total,
                        "aging": dict(zip((k.value for k in BUCKETS), b.overdue, strict=True)),
                    }
                    for b in aging
                ],
            }
        )
        return 0
    emit_line(
        f"{'borrower':<10}{'out':>6}{'overdue':>9}" + "".join(f"{b.value:>14}" for b in BUCKETS)
    )
    for b in aging:
        emit_line(
            f"{b.code:<10}{b.out:>6}{b.overdue_total:>9}" + "".join(f"{n:>14}" for n in b.overdue)
        )
    return 0


def _period(args: argparse.Namespace) -> Period:
    try:
        last = date.fromisoformat(args.last) if args.last else date.today()
        if args.first:
            return Period(date.fromisoformat(args.first), last)
    except ValueError as error:
        raise InvalidInput(
            f"A bad period: {error} (write days as YYYY-MM-DD, first before last)."
        ) from None
    if not 1 <= args.days <= 3660:
        raise InvalidInput(f"--days {args.days} is out of range (1 to 3660).")
    return Period.ending(last, args.days)


def run_dashboard(ctx: CommandContext) -> int:
    from recordsdesk.services.requests_desk.plots import dashboard_plots, tiles

    args = ctx.args
    desk = _desk(ctx)
    board = desk.dashboard.figures(ctx.actor, _period(args))
    if args.csv:
        for path in desk.exports.save_csv(ctx.actor, board, args.csv):
            emit_line(f"written {path}")
    if args.output or args.printer is not None:
        _deliver(ctx, desk.exports.report(ctx.actor, board))
    if args.json:
        emit_json(
            {
                "first": board.period.first,
                "last": board.period.last,
                "at": board.at,
                "figures": dict((label, value) for label, value in tiles(board)),
                "plots": [
                    {
                        "key": plot.key,
                        "title": plot.title,
                        plot.category_name: list(plot.categories),
                        "series": {s.name: list(s.values) for s in plot.series},
                    }
                    for plot in dashboard_plots(board)
                ],
            }
        )
    elif not (args.csv or args.output or args.printer is not None):
        emit_line(f"{board.period.first} to {board.period.last}:")
        for label, value in tiles(board):
            emit_line(f"  {label:<24}{value}")
    return 0
