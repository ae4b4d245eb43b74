"""`recordsdesk setup` and `about`: every choice of the first-run wizard, from the command line."""

from __future__ import annotations

import json
import platform
import sys
from importlib import metadata
from typing import TYPE_CHECKING, Any

from recordsdesk import __version__
from recordsdesk.cli.output import emit_json, emit_line
from recordsdesk.domain.colours import DEFAULT_PALETTE_NAME, PALETTE_ALIASES, VENDOR_PRESETS_NOTE
from recordsdesk.domain.errors import InvalidInput
from recordsdesk.domain.filing import FilingScheme
from recordsdesk.services.setup.palettes import PALETTE_PRESETS, PRESET_SOURCES, PRESET_TITLES

if TYPE_CHECKING:
    from recordsdesk.cli.context import CommandContext

# The filing schemes, as `setup room --scheme` takes them (first_run.SCHEMES, without its imports).
SCHEMES = tuple(scheme.value for scheme in FilingScheme)


def register(commands: Any) -> None:
    """Add `setup` and `about` to the parser."""
    setup = commands.add_parser("setup", help="set up a workstation or a new file room")
    steps = setup.add_subparsers(dest="setup_cmd", required=True)
    check = steps.add_parser("check-db", help="test the database: reachable, TLS, schema, users")
    check.add_argument("--json", action="store_true")
    check.set_defaults(run=setup_check_db)
    database = steps.add_parser("database", help="the database this workstation opens")
    which = database.add_mutually_exclusive_group(required=True)
    which.add_argument("url", nargs="?", help="a server: postgresql://user@host/dbname")
    which.add_argument("--embedded", nargs="?", const="", metavar="FILE", help="a local file")
    database.set_defaults(run=setup_database)
    admin = steps.add_parser("admin", help="the first administrator of a new database")
    admin.add_argument("name")
    admin.add_argument("--full-name", default="")
    admin.add_argument("--password-stdin", action="store_true", required=True)
    admin.set_defaults(run=setup_admin)
    room = steps.add_parser("room", help="file room name, filing scheme, MRN width, palette")
    room.add_argument("--name", default="Main file room")
    room.add_argument("--scheme", choices=SCHEMES, default="terminal")
    room.add_argument("--mrn-width", type=int, default=6)
    room.add_argument(
        "--palette",
        choices=(*PALETTE_PRESETS, *PALETTE_ALIASES),
        default=DEFAULT_PALETTE_NAME,
        help="a named palette (see `setup palettes`)",
    )
    room.set_defaults(run=setup_room)
    printers = steps.add_parser("printers", help="label and list printers; test pages")
    printers.add_argument("--labels", default="", metavar="QUEUE")
    printers.add_argument("--lists", default="", metavar="QUEUE")
    printers.add_argument("--stock", default="avery-5160")
    printers.add_argument("--test-page", action="store_true", help="print one on --lists")
    printers.add_argument("--calibration", action="store_true", help="print one on --labels")
    printers.set_defaults(run=setup_printers)
    palettes = steps.add_parser("palettes", help="the palette presets")
    palettes.set_defaults(run=setup_palettes)
    about = commands.add_parser("about", help="version, database, Qt and Python, licences")
    about.add_argument("--json", action="store_true")
    about.set_defaults(run=show_about)


def setup_check_db(ctx: CommandContext) -> int:
    from recordsdesk.services.setup.connection import check_database

    report = check_database(ctx.url)
    if ctx.args.json:
        emit_json(report)
    else:
        emit_line(f"Database: {report.url}")
        emit_line(("OK   " if report.ok else "FAIL ") + report.message)
        if report.server:
            emit_line(f"Server: {report.server}")
            emit_line(f"Encryption: {report.encryption}")
    return 0 if report.ok else 1


def setup_database(ctx: CommandContext) -> int:
    from recordsdesk.services.setup.connection import check_database, shown_url
    from recordsdesk.services.setup.workstation import save_database_url
    from recordsdesk.storage.engine import default_database_url

    if ctx.args.url:
        url = ctx.args.url
    elif ctx.args.embedded:
        url = f"sqlite:///{ctx.args.embedded}"
    else:
        url = default_database_url()
    report = check_database(url)
    if not report.ok:
        emit_line(f"FAIL {report.message}")
        return 1
    path = save_database_url(url)
    emit_line(f"This workstation now opens {shown_url(url)}; encryption: {report.encryption}.")
    emit_line(f"Kept in {path}; --db and RECORDSDESK_DB still come first.")
    return 0


def _password(ctx: CommandContext) -> str:
    password = sys.stdin.readline().rstrip("\r\n")
    if not password:
        raise InvalidInput("Give the password on the first line of standard input.")
    return password


def setup_admin(ctx: CommandContext) -> int:
    from recordsdesk.services.setup.connection import shown_url
    from recordsdesk.services.setup.first_run import FirstRunService

    service = FirstRunService(ctx.raw_services)
    actor = service.create_administrator(
        ctx.args.name, _password(ctx), ctx.workstation, ctx.args.full_name
    )
    emit_line(f"Administrator {actor.username} added; the database is {shown_url(ctx.url)}.")
    return 0


def setup_room(ctx: CommandContext) -> int:
    from recordsdesk.services.setup.first_run import FileRoomChoice, FirstRunService

    choice = FileRoomChoice(ctx.args.name, ctx.args.scheme, ctx.args.mrn_width, ctx.args.palette)
    FirstRunService(ctx.services).set_up_room(ctx.actor, choice)
    emit_line(
        f"File room {choice.name}: {choice.scheme} filing, MRNs of {choice.mrn_width} digits, "
        f"{choice.palette} colours."
    )
    return 0


def setup_printers(ctx: CommandContext) -> int:
    from recordsdesk.services.setup.first_run import FirstRunService, PrinterChoice

    args = ctx.args
    service = FirstRunService(ctx.services)
    service.set_up_printers(ctx.actor, PrinterChoice(args.labels, args.lists, args.stock))
    labels, lists = args.labels or "no printer", args.lists or "no printer"
    emit_line(f"Labels: {labels} on {args.stock}; lists: {lists}.")
    if args.test_page:
        if not args.lists:
            raise InvalidInput("--test-page prints on the --lists printer: name one.")
        job = service.print_test_page(ctx.actor, args.lists)
        emit_line(f"Test page sent to {args.lists} (job {job}).")
    if args.calibration:
        if not args.labels:
            raise InvalidInput("--calibration prints on the --labels printer: name one.")
        job = service.print_calibration_page(ctx.actor, args.labels, args.stock)
        emit_line(f"Calibration page sent to {args.labels} (job {job}).")
    return 0


def setup_palettes(ctx: CommandContext) -> int:
    for name, colours in PALETTE_PRESETS.items():
        default = " (default)" if name == DEFAULT_PALETTE_NAME else ""
        emit_line(f"{name:13} {PRESET_TITLES[name]}{default}: {','.join(colours)}")
        emit_line(f"{'':13} source: {PRESET_SOURCES[name]}")
    emit_line(VENDOR_PRESETS_NOTE)
    return 0


def _installed(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def show_about(ctx: CommandContext) -> int:
    from recordsdesk.resources import resource_path
    from recordsdesk.services.setup.connection import shown_url

    facts = {
        "version": __version__,
        "frozen": bool(getattr(sys, "frozen", False)),
        "database": shown_url(ctx.url),
        "pyside6": _installed("PySide6-Essentials"),
        "python": platform.python_version(),
        "platform": f"{platform.system()} {platform.machine()}",
        "licences": str(resource_path("licences")),
    }
    licences = json.loads(resource_path("licences", "bundled.json").read_text(encoding="utf-8"))
    if ctx.args.json:
        emit_json(facts)
        return 0
    how = "installed bundle" if facts["frozen"] else "Python package"
    emit_line(f"RecordsDesk {__version__} ({how})")
    emit_line(f"Database: {facts['database']}")
    emit_line(f"PySide6 (Qt) {facts['pyside6']}; Python {facts['python']} on {facts['platform']}")
    emit_line(f"Licences of {len(licences)} bundled packages: the About dialog (F1), and in")
    emit_line(f"  {resource_path('licences')}")
    return 0
