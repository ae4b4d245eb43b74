"""Commands for the audit trail: check the keyed history chain, show entries."""

from __future__ import annotations

from datetime import datetime, time
from typing import TYPE_CHECKING, Any

from recordsdesk.cli.arguments import parse_date

if TYPE_CHECKING:
    from recordsdesk.cli.context import CommandContext
from recordsdesk.cli.output import emit_error, emit_json, emit_line, local_time


def register(commands: Any) -> None:
    """Add the audit commands to the parser."""
    audit = commands.add_parser("audit", help="the audit trail").add_subparsers(
        dest="audit_cmd", required=True
    )
    verify = audit.add_parser(
        "verify", help="check the keyed history chain and its checkpoints; exit 1 if broken"
    )
    verify.add_argument("--head", help="a chain head noted earlier: it must still be there")
    verify.add_argument("--json", action="store_true")
    verify.set_defaults(run=audit_verify)
    show = audit.add_parser("show", help="entries, oldest first (supervisors and above)")
    show.add_argument("--user", dest="filter_user", metavar="USER", help="only this user's")
    show.add_argument("--mrn", help="only those about this patient")
    show.add_argument("--since", help="YYYY-MM-DD: from the start of that day")
    show.add_argument("--limit", type=int, help="only the most recent N")
    show.add_argument("--json", action="store_true")
    show.set_defaults(run=audit_show)


def audit_verify(ctx: CommandContext) -> int:
    report = ctx.services.audit.verify(ctx.args.head)
    if ctx.args.json:
        emit_json(
            {
                "ok": report.ok,
                "entries": report.entries,
                "head": report.head,
                "first_bad": report.first_bad,
                "problem": report.problem,
                "bad_entry": report.bad_entry,
                "checkpoint": report.checkpoint,
                "problem_count": report.problem_count,
                "problems": [
                    {"entry": p.seq, "source": p.source, "row_id": p.row_id, "problem": p.text}
                    for p in report.problems
                ],
            }
        )
    if report.ok:
        if not ctx.args.json:
            mark = report.checkpoint
            anchored = f"; matches the checkpoint of {mark}" if mark else ""
            emit_line(
                f"History in order: {report.entries} entries (movements and audit entries), "
                f"chain head {report.head}{anchored}; a checkpoint of this head is written."
            )
        return 0
    for problem in report.problems:
        emit_error(problem.text)
    shown = len(report.problems)
    more = f" (the first {shown} listed)" if report.problem_count > shown else ""
    emit_error(
        f"History NOT in order: {report.problem_count} "
        f"problem{'' if report.problem_count == 1 else 's'} found{more} in "
        f"{report.entries} chain entries."
    )
    return 1


def audit_show(ctx: CommandContext) -> int:
    args = ctx.args
    since = None
    if args.since:
        # The start of that day where this desk is.
        since = datetime.combine(parse_date(args.since, "date"), time()).astimezone()
    entries = ctx.services.audit.show(ctx.actor, args.filter_user, args.mrn, since, args.limit)
    if args.json:
        emit_json(entries)
        return 0
    for e in entries:
        mrn = f" MRN {e.mrn}" if e.mrn else ""
        outcome = "" if e.outcome == "ok" else f" [{e.outcome}]"
        emit_line(
            f"#{e.id}\t{local_time(e.at)}\t{e.username or '-'}@{e.workstation or '-'}\t"
            f"{e.action}{outcome}{mrn}\t{e.detail}"
        )
    return 0
