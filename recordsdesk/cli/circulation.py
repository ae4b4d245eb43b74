"""Commands that move charts: checkout, transfer, return; one transaction and answer a scan."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from recordsdesk.cli.arguments import scans_from
from recordsdesk.cli.output import emit_json, emit_line, local_time

if TYPE_CHECKING:
    from recordsdesk.cli.context import CommandContext
    from recordsdesk.services.dto import ScanResult


def register(commands: Any) -> None:
    """Add the circulation commands to the parser."""
    for name, helptext in (
        ("checkout", "check charts out to a location (scans as arguments or on stdin)"),
        ("transfer", "move charts that are out to another location"),
    ):
        cmd = commands.add_parser(name, help=helptext)
        cmd.add_argument("--to", required=True, help="location code")
        cmd.add_argument("scans", nargs="*")
        cmd.add_argument("--json", action="store_true", help="one JSON object a line")
        cmd.set_defaults(run=check_out if name == "checkout" else transfer)
    ret = commands.add_parser("return", help="return charts to their shelves")
    ret.add_argument("scans", nargs="*")
    ret.add_argument("--json", action="store_true", help="one JSON object a line")
    ret.set_defaults(run=return_charts)

    holdings = commands.add_parser("holdings", help="charts out now, at one location or all")
    holdings.add_argument("--location")
    holdings.add_argument("--overdue", action="store_true", help="only those past due")
    holdings.add_argument("--json", action="store_true")
    holdings.set_defaults(run=show_holdings)
    _register_missing(commands)
    audit = commands.add_parser(
        "shelf-audit", help="scan a run of shelf in order: misfiles and charts recorded elsewhere"
    )
    audit.add_argument("scans", nargs="*")
    audit.add_argument(
        "--bring-home", action="store_true", help="return home charts the ledger puts elsewhere"
    )
    audit.add_argument("--json", action="store_true")
    audit.set_defaults(run=shelf_audit)
    refile = commands.add_parser("refile", help="the to-be-refiled cart; scans put charts back")
    refile.add_argument("scans", nargs="*")
    refile.add_argument("--list", action="store_true", help="the cart, in filing order")
    refile.add_argument("--json", action="store_true")
    refile.set_defaults(run=refile_charts)


def _register_missing(commands: Any) -> None:
    missing = commands.add_parser("missing", help="charts flagged missing").add_subparsers(
        dest="missing_cmd", required=True
    )
    flag = missing.add_parser("flag", help="flag a volume missing (supervisor)")
    flag.add_argument("barcode")
    flag.add_argument("--note", required=True, help="where it was looked for")
    flag.set_defaults(run=flag_missing)
    listing = missing.add_parser("list", help="volumes flagged missing now")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(run=list_missing)


def flag_missing(ctx: CommandContext) -> int:
    info = ctx.services.missing.flag(ctx.actor, ctx.args.barcode, ctx.args.note)
    where = f", last at {info.last_place}" if info.last_place else ", last on its shelf"
    emit_line(f"{info.barcode} ({info.name}) flagged missing{where}.")
    return 0


def list_missing(ctx: CommandContext) -> int:
    found = ctx.services.missing.listing(ctx.actor)
    if ctx.args.json:
        emit_json(found)
        return 0
    for info in found:
        emit_line(
            f"{info.barcode}\t{info.mrn}\t{info.name}\tsince {local_time(info.flagged_at)}"
            f" by {info.flagged_by}\t{info.last_place or 'shelf'}\t{info.note}"
        )
    return 0


def refile_charts(ctx: CommandContext) -> int:
    refiling = ctx.services.refiling
    if ctx.args.list:
        cart = refiling.cart(ctx.actor)
        if ctx.args.json:
            emit_json(cart)
        else:
            for item in cart:
                emit_line(f"{item.shelf:<10} {item.barcode}  {item.name}  vol {item.volume}")
            emit_line(f"{len(cart)} charts to refile.")
        return 0
    return _run_scans(ctx, refiling.refile)


def shelf_audit(ctx: CommandContext) -> int:
    report = ctx.services.shelf_audit.audit(
        ctx.actor, list(scans_from(ctx.args.scans)), ctx.args.bring_home
    )
    if ctx.args.json:
        emit_json(report)
    else:
        for finding in report.findings:
            mark = "    " if finding.finding == "in_place" else "  ! "
            emit_line(f"{mark}{finding.position + 1:>4}  {finding.message}")
        emit_line(
            f"{len(report.findings)} charts: {report.misfiled} misfiled, "
            f"{report.recorded_elsewhere} recorded elsewhere ({report.brought_home} brought home), "
            f"{report.unknown} not on file."
        )
    return 0 if report.misfiled == report.unknown == 0 else 1


def _answer(result: ScanResult, as_json: bool) -> None:
    if as_json:
        emit_json(result, compact=True)
        return
    mark = "OK  " if result.ok else "FAIL"
    emit_line(f"{mark} {result.scan}: {result.message}")
    for warning in result.warnings:
        emit_line(f"     ! {warning}")
    if result.choices:
        emit_line(f"     choose one of: {' '.join(result.choices)}")


def _run_scans(ctx: CommandContext, act: Any) -> int:
    actor = ctx.actor
    failures = 0
    for scan in scans_from(ctx.args.scans):
        result = act(actor, scan)
        _answer(result, ctx.args.json)
        failures += 0 if result.ok else 1
    return 0 if failures == 0 else 1


def check_out(ctx: CommandContext) -> int:
    # An unknown destination stops before any scan.
    ctx.services.locations.get(ctx.actor, ctx.args.to)
    circulation, to = ctx.services.circulation, ctx.args.to
    named: set[str] = set()  # each patient named in this run's answers is recorded once
    return _run_scans(ctx, lambda actor, scan: circulation.check_out(actor, to, scan, named))


def transfer(ctx: CommandContext) -> int:
    ctx.services.locations.get(ctx.actor, ctx.args.to)
    circulation, to = ctx.services.circulation, ctx.args.to
    named: set[str] = set()
    return _run_scans(ctx, lambda actor, scan: circulation.transfer(actor, to, scan, named))


def return_charts(ctx: CommandContext) -> int:
    circulation = ctx.services.circulation
    named: set[str] = set()
    return _run_scans(ctx, lambda actor, scan: circulation.return_volume(actor, scan, named))


def show_holdings(ctx: CommandContext) -> int:
    history = ctx.services.history
    rows = (
        history.overdue(ctx.actor)
        if ctx.args.overdue
        else history.holdings(ctx.actor, ctx.args.location)
    )
    if ctx.args.overdue and ctx.args.location:
        rows = [r for r in rows if r.location.code == ctx.args.location.upper()]
    if ctx.args.json:
        emit_json(rows)
        return 0
    for row in rows:
        flag = " OVERDUE" if row.overdue else ""
        emit_line(
            f"{row.location.code}\t{row.barcode}\t{row.mrn}\t{row.name}\t"
            f"out {local_time(row.out_since)}\tdue {local_time(row.due)}{flag}"
        )
    return 0
