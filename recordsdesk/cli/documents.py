"""Commands that print: chart labels, barcode and command sheets, outguides, calibration."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from recordsdesk.cli.arguments import parse_date, path_arg
from recordsdesk.cli.output import emit_error, emit_line
from recordsdesk.domain.errors import InvalidInput

if TYPE_CHECKING:
    from pathlib import Path

    from recordsdesk.cli.context import CommandContext
    from recordsdesk.services.documents import Document


def register(commands: Any) -> None:
    """Add the printing commands to the parser."""
    labels = commands.add_parser("labels", help="chart labels on a sheet, roll or Zebra")
    which = labels.add_mutually_exclusive_group(required=True)
    which.add_argument("--mrn", action="append", help="a patient's MRN (repeatable)")
    which.add_argument("--new-since", help="volumes opened since YYYY-MM-DD")
    which.add_argument("--pull-list", help="the charts on the pull list of YYYY-MM-DD")
    labels.add_argument("--volume", type=int, help="only volume N")
    labels.add_argument("--stock", required=True, help="avery-5160, thermal-2.25x1.25, zpl ...")
    labels.add_argument("--start-at", type=int, default=1, help="first free label on the sheet")
    labels.add_argument(
        "--dpi", type=int, default=0, help="the printer's resolution (203, 300…): bars snap to it"
    )
    add_outputs(labels)
    labels.set_defaults(run=print_labels)

    sheet = commands.add_parser("sheet", help="barcode sheets for the desk")
    sheet.add_argument("kind", choices=["locations", "people", "commands"])
    add_outputs(sheet)
    sheet.set_defaults(run=print_sheet)

    out = commands.add_parser("outguide", help="outguide cards for check-outs")
    out.add_argument("movements", nargs="+", type=int, help="movement ids")
    add_outputs(out)
    out.set_defaults(run=print_outguides)

    cal = commands.add_parser("calibration", help="a printer's calibration page for a stock")
    cal.add_argument("--stock", required=True)
    add_outputs(cal)
    cal.set_defaults(run=print_calibration)


def add_outputs(parser: Any) -> None:
    """The -o FILE and --print [PRINTER] options of a command that makes a document."""
    parser.add_argument("-o", "--output", type=path_arg, help="file to write (a new one)")
    parser.add_argument("--force", action="store_true", help="replace the -o file if it exists")
    parser.add_argument(
        "--print",
        nargs="?",
        const="",
        metavar="PRINTER",
        dest="printer",
        help="print it (on PRINTER, else a list on the list printer, else the default queue)",
    )


def deliver(
    ctx: CommandContext, document: Document, output: Path | None, printer: str | None
) -> None:
    """Write the document to a file, print it, or both; say what was done."""
    if output is None and printer is None:
        raise InvalidInput("Say where it goes: -o FILE, --print [PRINTER], or both.")
    documents = ctx.services.documents
    if output is not None:
        documents.save(ctx.actor, document, output, force=ctx.args.force)
        emit_line(f"{document.title} written to {output}.")
    if printer is not None:
        queue = printer or documents.printer_for(document)
        if not queue:
            raise InvalidInput("There is no default printer: name one after --print.")
        job = documents.send(ctx.actor, document, queue)
        emit_line(f"{document.title} sent to {queue} (job {job}).")


def print_labels(ctx: CommandContext) -> int:
    args = ctx.args
    documents = ctx.services.documents
    if args.pull_list:
        view = ctx.services.pull_lists.build(ctx.actor, parse_date(args.pull_list))
        barcodes = [item.barcode for item in view.pull_list.items]
        if not barcodes:
            raise InvalidInput(f"The pull list of {args.pull_list} has no charts to label.")
        labels = documents.chart_labels(ctx.actor, barcodes=barcodes, volume=args.volume)
    elif args.new_since:
        labels = documents.chart_labels(
            ctx.actor, new_since=parse_date(args.new_since), volume=args.volume
        )
    else:
        labels = documents.chart_labels(ctx.actor, mrns=args.mrn, volume=args.volume)
    document = documents.render_labels(
        ctx.actor, labels, args.stock, args.start_at, args.printer or None, args.dpi
    )
    for warning in document.warnings:
        emit_error(f"warning: {warning}")
    deliver(ctx, document, args.output, args.printer)
    return 0


def print_sheet(ctx: CommandContext) -> int:
    documents = ctx.services.documents
    kind = ctx.args.kind
    if kind == "commands":
        document = documents.command_sheet(ctx.actor)
    else:
        document = documents.barcode_sheet(ctx.actor, people=kind == "people")
    deliver(ctx, document, ctx.args.output, ctx.args.printer)
    return 0


def print_outguides(ctx: CommandContext) -> int:
    document = ctx.services.documents.outguides(ctx.actor, ctx.args.movements)
    deliver(ctx, document, ctx.args.output, ctx.args.printer)
    return 0


def print_calibration(ctx: CommandContext) -> int:
    document = ctx.services.documents.calibration(ctx.actor, ctx.args.stock, ctx.args.printer)
    deliver(ctx, document, ctx.args.output, ctx.args.printer)
    return 0
