"""Commands for the records: db, locations, patients, charts, filing order."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from recordsdesk.cli import history
from recordsdesk.cli.arguments import parse_date
from recordsdesk.cli.output import emit_json, emit_line, local_time
from recordsdesk.domain.errors import InvalidInput

if TYPE_CHECKING:
    from recordsdesk.cli.context import CommandContext
    from recordsdesk.services.dto import ChartDetail


def register(commands: Any) -> None:
    """Add the records commands to the parser."""
    db = commands.add_parser("db", help="database schema").add_subparsers(
        dest="db_cmd", required=True
    )
    db.add_parser("upgrade", help="create or upgrade the schema").set_defaults(run=db_upgrade)
    history.register_db(db)

    loc = commands.add_parser("location", help="locations").add_subparsers(
        dest="location_cmd", required=True
    )
    add = loc.add_parser("add", help="add a location")
    add.add_argument("code")
    add.add_argument("--name", required=True)
    add.add_argument(
        "--kind", required=True, help="clinic, ward, department, person, file_room, offsite"
    )
    add.add_argument("--loan-hours", type=int)
    add.set_defaults(run=location_add)
    listing = loc.add_parser("list", help="list locations")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(run=location_list)

    patient = commands.add_parser("patient", help="patients").add_subparsers(
        dest="patient_cmd", required=True
    )
    add = patient.add_parser("add", help="register a patient and their chart")
    add.add_argument("mrn")
    add.add_argument("--name", required=True, help='"FAMILY, GIVEN"')
    add.add_argument("--dob", help="YYYY-MM-DD")
    add.add_argument("--volumes", type=int, default=1)
    add.add_argument("--type", default="MR", help="record type code (MR, RAD ...)")
    add.add_argument("--json", action="store_true")
    add.set_defaults(run=patient_add)

    chart = commands.add_parser("chart", help="charts").add_subparsers(
        dest="chart_cmd", required=True
    )
    show = chart.add_parser("show", help="a chart's volumes, places and history")
    show.add_argument("mrn")
    show.add_argument("--json", action="store_true")
    show.set_defaults(run=chart_show)
    vol = chart.add_parser("add-volume", help="open the next volume of a chart")
    vol.add_argument("mrn")
    vol.add_argument("--type", default="MR")
    vol.set_defaults(run=chart_add_volume)

    setting = commands.add_parser("setting", help="site settings").add_subparsers(
        dest="setting_cmd", required=True
    )
    change = setting.add_parser("set", help="change a site setting (admin)")
    change.add_argument("key")
    change.add_argument("value")
    change.set_defaults(run=setting_set)
    shown = setting.add_parser("list", help="the site settings stored in this database")
    shown.add_argument("--json", action="store_true")
    shown.set_defaults(run=setting_list)

    order = commands.add_parser("filing-order", help="sort MRNs in shelf order")
    order.add_argument("mrns", nargs="*")
    order.add_argument("--scheme", default="terminal", help="terminal, middle or straight")
    order.add_argument("--width", type=int, default=6)
    order.set_defaults(run=filing_order_cmd)


def db_upgrade(ctx: CommandContext) -> int:
    # Before sign-in exists in the schema, or while nobody could sign in, no session is asked.
    if not ctx.raw_services.before_sign_in():
        ctx.authorize()
    ctx.raw_services.upgrade_schema()
    emit_line(f"Database at {ctx.raw_services.db.url} is up to date.")
    return 0


def location_add(ctx: CommandContext) -> int:
    args = ctx.args
    info = ctx.services.locations.add(ctx.actor, args.code, args.name, args.kind, args.loan_hours)
    emit_line(f"Location {info.code} ({info.name}) added; barcode {info.barcode}.")
    return 0


def location_list(ctx: CommandContext) -> int:
    locations = ctx.services.locations.list(ctx.actor)
    if ctx.args.json:
        emit_json(locations)
    else:
        for loc in locations:
            hours = f"{loc.loan_hours} h" if loc.loan_hours else "no loan period"
            emit_line(f"{loc.code}\t{loc.name}\t{loc.kind}\t{hours}")
    return 0


def patient_add(ctx: CommandContext) -> int:
    args = ctx.args
    dob = parse_date(args.dob, "date of birth") if args.dob else None
    summary = ctx.services.registry.register_patient(
        ctx.actor, args.mrn, args.name, dob, args.volumes, args.type
    )
    if args.json:
        emit_json(summary)
    else:
        emit_line(f"Patient {summary.mrn} {summary.name} registered; files at {summary.shelf}.")
    return 0


def chart_json(chart: ChartDetail) -> dict[str, Any]:
    """The public JSON shape of `chart show`."""
    return {
        "mrn": chart.mrn,
        "name": chart.name,
        "dob": chart.dob.isoformat() if chart.dob else None,
        "shelf": chart.shelf,
        "mrn_groups": chart.mrn_groups,
        "volumes": [
            {
                "number": v.number,
                "of": v.count,
                "record_type": v.record_type,
                "barcode": v.barcode,
                "location": None
                if v.location is None
                else {"code": v.location.code, "name": v.location.name},
                "out_since": v.out_since.isoformat() if v.out_since else None,
                "due": v.due.isoformat() if v.due else None,
                "missing": v.missing,
                "retention": v.retention or None,
            }
            for v in chart.volumes
        ],
        "history": [
            {
                "at": m.at.isoformat(),
                "volume": m.volume,
                "barcode": m.barcode,
                "kind": m.kind,
                "from": m.from_code,
                "to": m.to_code,
                "user": m.user,
                "workstation": m.workstation,
                "note": m.note,
            }
            for m in chart.history
        ],
    }


def chart_show(ctx: CommandContext) -> int:
    chart = ctx.services.history.chart(ctx.actor, ctx.args.mrn)
    if ctx.args.json:
        emit_json(chart_json(chart))
        return 0
    born = chart.dob.isoformat() if chart.dob else "unknown"
    emit_line(f"{chart.name}  MRN {chart.mrn_groups}  born {born}  shelf {chart.shelf}")
    for v in chart.volumes:
        where = "home" if v.location is None else f"{v.location.name} ({v.location.code})"
        due = f", due {local_time(v.due)}" if v.due else ""
        emit_line(f"  {v.barcode}  {v.record_type} vol {v.number} of {v.count}: {where}{due}")
    for m in chart.history:
        emit_line(
            f"  {local_time(m.at)}  vol {m.volume}  {m.kind:<14} "
            f"{m.from_code or 'home'} -> {m.to_code or 'home'}  by {m.user}"
        )
    return 0


def chart_add_volume(ctx: CommandContext) -> int:
    barcode = ctx.services.registry.add_volume(ctx.actor, ctx.args.mrn, ctx.args.type)
    emit_line(f"New volume {barcode} opened.")
    return 0


def setting_set(ctx: CommandContext) -> int:
    ctx.services.site.change(ctx.actor, ctx.args.key, ctx.args.value)
    emit_line(f"Setting {ctx.args.key} is now {ctx.args.value!r}.")
    return 0


def setting_list(ctx: CommandContext) -> int:
    stored = ctx.services.site.stored(ctx.actor)
    if ctx.args.json:
        emit_json(stored)
        return 0
    for key in sorted(stored):
        emit_line(f"{key}\t{stored[key]}")
    return 0


def filing_order_cmd(ctx: CommandContext) -> int:
    from recordsdesk.domain.filing import FilingRules, FilingScheme, filing_order
    from recordsdesk.domain.mrn import normalize_mrn

    args = ctx.args
    rules = FilingRules(FilingScheme.parse(args.scheme), args.width)
    given = list(args.mrns) or [line.strip() for line in sys.stdin if line.strip()]
    for mrn in given:
        normalize_mrn(mrn)  # refuse garbage before printing anything
    if not given:
        raise InvalidInput("Give MRNs as arguments or one per line on standard input.")
    for mrn in filing_order([m.strip().upper() for m in given], rules):
        emit_line(mrn)
    return 0
