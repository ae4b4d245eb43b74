"""Commands for the schedule: importing feeds, requests, and the day's pull list."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from recordsdesk.cli.arguments import parse_date, path_arg
from recordsdesk.cli.documents import add_outputs, deliver
from recordsdesk.cli.output import emit_error, emit_json, emit_line, local_time
from recordsdesk.domain.errors import InvalidInput, RecordsDeskError

if TYPE_CHECKING:
    from pathlib import Path

    from recordsdesk.cli.context import CommandContext
    from recordsdesk.services.pull_lists import PullListView


def register(commands: Any) -> None:
    """Add the schedule commands to the parser."""
    schedule = commands.add_parser("schedule", help="appointment schedule").add_subparsers(
        dest="schedule_cmd", required=True
    )
    imp = schedule.add_parser("import", help="import HL7 SIU or CSV schedule files")
    imp.add_argument("files", nargs="+", type=path_arg)
    imp.add_argument("--feed", help="the named feed profile to read the files with")
    imp.add_argument(
        "--progress", action="store_true", help="say on standard error every 1,000 messages"
    )
    imp.add_argument("--json", action="store_true")
    imp.set_defaults(run=schedule_import)

    feed = schedule.add_parser("feed", help="named feed profiles").add_subparsers(
        dest="schedule_feed_cmd", required=True
    )
    for verb, text in (("add", "a new named feed"), ("set", "change a feed's settings")):
        parser = feed.add_parser(verb, help=text)
        parser.add_argument("name")
        parser.add_argument("settings", nargs="*", help="SETTING=VALUE (see the README)")
        parser.add_argument("--json", action="store_true")
        parser.set_defaults(run=feed_add if verb == "add" else feed_set)
    show = feed.add_parser("show", help="one feed's settings, defaults included")
    show.add_argument("name")
    show.add_argument("--json", action="store_true")
    show.set_defaults(run=feed_show)
    listing_feeds = feed.add_parser("list", help="the named feeds")
    listing_feeds.add_argument("--json", action="store_true")
    listing_feeds.set_defaults(run=feed_list)

    request = commands.add_parser("request", help="chart requests").add_subparsers(
        dest="request_cmd", required=True
    )
    add = request.add_parser("add", help="request a chart at a place by a time")
    add.add_argument("chart", help="volume barcode, or MRN of a one-volume chart")
    add.add_argument("--to", required=True, help="location code")
    add.add_argument("--by", required=True, help="HH:MM today, or YYYY-MM-DD HH:MM")
    add.add_argument("--stat", action="store_true", help="needed now")
    add.add_argument("--note", default="")
    add.add_argument("--json", action="store_true")
    add.set_defaults(run=request_add)
    listing = request.add_parser("list", help="pending requests, STAT first")
    listing.add_argument("--date", help="only those needed on YYYY-MM-DD")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(run=request_list)
    cancel = request.add_parser("cancel", help="withdraw a pending request")
    cancel.add_argument("id", type=int)
    cancel.set_defaults(run=request_cancel)

    pull = commands.add_parser("pull-list", help="the day's pull list in shelf-walk order")
    pull.add_argument("--date", required=True, help="YYYY-MM-DD")
    pull.add_argument("--json", action="store_true")
    pull.add_argument("--format", choices=["csv", "pdf"])
    add_outputs(pull)
    pull.add_argument("--updates-only", action="store_true", help="only what changed since printed")
    pull.add_argument("--sort", default="terminal", help="terminal, clinic, time or unit")
    pull.set_defaults(run=pull_list)


def _progress(path: Path) -> Callable[[int, int], None]:
    def say(applied: int, total: int) -> None:
        print(f"{path.name}: {applied} of {total} messages applied", file=sys.stderr, flush=True)

    return say


def schedule_import(ctx: CommandContext) -> int:
    """Import every file named: a file that cannot be read is named with its reason and the
    others are imported all the same. Exit 0 when everything was imported, 1 when a file or a
    message was refused (each is named), so a night job can tell."""
    refused_files = refused_messages = 0
    feed = getattr(ctx.args, "feed", None)
    for path in ctx.args.files:
        try:
            report = ctx.services.schedule.import_file(
                ctx.actor, path, feed=feed, progress=_progress(path) if ctx.args.progress else None
            )
        except RecordsDeskError as exc:
            # One file that cannot be read or applied stops neither the night nor the next file.
            emit_error(f"{path}: not imported: {exc.message}")
            refused_files += 1
            continue
        except (OSError, UnicodeError, ValueError) as exc:
            emit_error(f"{path}: not imported: {exc}")
            refused_files += 1
            continue
        refused_messages += len(report.problems)
        if ctx.args.json:
            emit_json(report, compact=True)
            continue
        emit_line(
            f"{report.source} ({report.format}): {report.events} messages; {report.added} new, "
            f"{report.changed} changed, {report.cancelled} cancelled, {report.unchanged} "
            f"unchanged; {report.requests} chart requests."
        )
        if report.new_clinics:
            emit_line(f"  new clinics to review: {', '.join(report.new_clinics)}")
        if report.booked_without_chart:
            emit_line(f"  booked with no chart yet: {', '.join(report.booked_without_chart)}")
        for notice in report.notices:
            emit_line(f"  note: {notice.position}: {notice.reason}")
        for problem in report.problems:
            emit_line(f"  not imported: {problem.position}: {problem.reason}")
    files = len(ctx.args.files)
    if len(ctx.args.files) > 1 and not ctx.args.json:
        emit_line(
            f"{files - refused_files} of {files} files imported; "
            f"{refused_files} files and {refused_messages} messages refused."
        )
    return 0 if refused_files == 0 and refused_messages == 0 else 1


def _settings(pairs: list[str]) -> dict[str, str]:
    """SETTING=VALUE arguments as a mapping (a value may itself hold '=')."""
    found: dict[str, str] = {}
    for pair in pairs:
        name, equals, text = pair.partition("=")
        if not equals or not name.strip():
            raise InvalidInput(f"'{pair}' is not SETTING=VALUE.")
        found[name.strip()] = text
    return found


def _show_feed(ctx: CommandContext, name: str, settings: dict[str, Any]) -> None:
    if ctx.args.json:
        emit_json({"name": name, "settings": settings})
        return
    emit_line(f"{name}:")
    for key, value in settings.items():
        shown = value if not isinstance(value, dict) else json.dumps(value, ensure_ascii=False)
        emit_line(f"  {key} = {shown}")


def feed_add(ctx: CommandContext) -> int:
    info = ctx.services.schedule.add_feed(ctx.actor, ctx.args.name, _settings(ctx.args.settings))
    _show_feed(ctx, info.name, info.settings)
    return 0


def feed_set(ctx: CommandContext) -> int:
    info = ctx.services.schedule.set_feed(ctx.actor, ctx.args.name, _settings(ctx.args.settings))
    _show_feed(ctx, info.name, info.settings)
    return 0


def feed_show(ctx: CommandContext) -> int:
    info = ctx.services.schedule.feed(ctx.actor, ctx.args.name)
    _show_feed(ctx, info.name, info.settings)
    return 0


def feed_list(ctx: CommandContext) -> int:
    feeds = ctx.services.schedule.feeds(ctx.actor)
    if ctx.args.json:
        emit_json([{"name": f.name, "settings": f.settings} for f in feeds])
        return 0
    for info in feeds:
        emit_line(info.name)
    return 0


def request_add(ctx: CommandContext) -> int:
    from recordsdesk.services.requests import Priority, parse_need_by

    args = ctx.args
    when = parse_need_by(args.by, date.today())
    priority = Priority.STAT if args.stat else Priority.ROUTINE
    info = ctx.services.requests.add(ctx.actor, args.chart, args.to, when, priority, args.note)
    if args.json:
        emit_json(info)
    else:
        emit_line(
            f"Request {info.id}: {info.barcode} ({info.name}) to {info.location_name} "
            f"by {local_time(info.needed_by)}{' STAT' if args.stat else ''}."
        )
        if info.where:
            emit_line(f"  It is {info.where}: recall it with `retention recall {info.barcode}`.")
    return 0


def request_list(ctx: CommandContext) -> int:
    day = parse_date(ctx.args.date) if ctx.args.date else None
    found = ctx.services.requests.pending(ctx.actor, day)
    if ctx.args.json:
        emit_json(found)
        return 0
    for r in found:
        flag = "STAT " if r.priority == "stat" else ""
        emit_line(
            f"{r.id}\t{flag}{local_time(r.needed_by)}\t{r.location_code}\t"
            f"{r.barcode or '-'}\t{r.mrn}\t{r.name}" + (f"\t{r.where}" if r.where else "")
        )
    return 0


def request_cancel(ctx: CommandContext) -> int:
    ctx.services.requests.cancel(ctx.actor, ctx.args.id)
    emit_line(f"Request {ctx.args.id} cancelled.")
    return 0


def pull_list_json(view: PullListView) -> dict[str, Any]:
    """The public JSON shape of `pull-list --json`."""
    import dataclasses

    pull = view.pull_list
    return {
        "date": view.day.isoformat(),
        "file_room": view.file_room,
        "updates_only": view.updates_only,
        "items": [
            {
                "mrn": i.mrn,
                "name": i.name,
                "volume": i.volume,
                "barcode": i.barcode,
                "shelf": i.shelf,
                "section": i.section,
                "unit": i.unit,
                "clinic": i.clinic_code,
                "clinic_name": i.clinic_name,
                "time": i.time.isoformat(timespec="minutes"),
                "appointment": i.appointment_id,
            }
            for i in pull.items
        ],
        "exceptions": [
            {
                "mrn": e.mrn,
                "name": e.name,
                "reason": e.reason.value,
                "detail": e.detail,
                "where": e.where or None,
                "since": e.since.isoformat() if e.since else None,
                "volume": e.volume or None,
                "barcode": e.barcode or None,
                "clinic": e.clinic_code,
                "time": e.time.isoformat(timespec="minutes"),
            }
            for e in pull.exceptions
        ],
        "forwards": [
            dataclasses.asdict(f) | {"time": f.time.isoformat(timespec="minutes")}
            for f in pull.forwards
        ],
        "withdrawn": list(pull.withdrawn),
    }


def pull_list(ctx: CommandContext) -> int:
    from recordsdesk.domain.pull_list import PullOrder
    from recordsdesk.services.documents import Document
    from recordsdesk.services.pull_list_documents import pull_list_csv, pull_list_mrns

    args = ctx.args
    day = parse_date(args.date)
    order = PullOrder.parse(args.sort)
    services = ctx.services
    view = services.pull_lists.build(ctx.actor, day, order, args.updates_only)
    kind = args.format or (args.output.suffix.lstrip(".").lower() if args.output else None)
    if args.output and kind not in ("csv", "pdf"):
        raise InvalidInput("Say --format csv or pdf, or name the file .csv or .pdf.")
    if args.json:
        # Recorded first: if the record cannot be written, nothing is shown.
        services.documents.record_export(
            ctx.actor, f"Pull list {day}", pull_list_mrns(view), "JSON on standard output"
        )
        emit_json(pull_list_json(view))
    if kind == "csv":
        if not args.output:
            raise InvalidInput("A CSV pull list needs -o FILE.")
        args.output.parent.mkdir(parents=True, exist_ok=True)
        csv_file = Document(pull_list_csv(view), "csv", f"Pull list {day}", pull_list_mrns(view))
        services.documents.save(ctx.actor, csv_file, args.output, force=args.force)
    if kind == "pdf" or args.printer is not None:
        document = services.documents.pull_list(ctx.actor, view)
        deliver(ctx, document, args.output if kind == "pdf" else None, args.printer)
        services.pull_lists.mark_printed(ctx.actor, view)
    if not args.json and not args.output and args.printer is None:
        services.documents.record_export(
            ctx.actor, f"Pull list {day}", pull_list_mrns(view), "shown on standard output"
        )
        for i in view.pull_list.items:
            emit_line(
                f"[ ] {i.unit:<8} {i.shelf:<10} {i.barcode}  {i.name:<28} "
                f"{i.clinic_code:<6} {i.time:%H:%M}"
            )
        for e in view.pull_list.exceptions:
            emit_line(f"  ! {e.mrn:<10} {e.name:<28} {e.detail}")
    return 0
