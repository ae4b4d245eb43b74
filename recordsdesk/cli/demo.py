"""The demo command: a synthetic file room to try RecordsDesk on, or to benchmark it."""

from __future__ import annotations

import sys
import time
from typing import TYPE_CHECKING, Any

from recordsdesk.cli.output import emit_json, emit_line

if TYPE_CHECKING:
    from recordsdesk.cli.context import CommandContext


def register(commands: Any) -> None:
    """Add the demo command to the parser."""
    demo = commands.add_parser("demo", help="fill an empty database with a synthetic file room")
    demo.add_argument("--patients", type=int, default=2000)
    demo.add_argument("--seed", type=int, default=1)
    demo.add_argument("--json", action="store_true")
    demo.set_defaults(run=run_demo)


def _progress(stage: str, done: int, total: int) -> None:
    if sys.stderr.isatty():
        sys.stderr.write(f"\r{stage}: {done:,} of {total:,}")
        sys.stderr.flush()


def run_demo(ctx: CommandContext) -> int:
    from recordsdesk.services.demo import DEMO_PASSWORDS, build_demo

    services = ctx.raw_services
    if not services.before_sign_in():  # refused before the schema is touched
        from recordsdesk.domain.errors import Conflict

        raise Conflict("The database has users already: the demo fills only an empty one.")
    services.upgrade_schema()
    started = time.perf_counter()
    summary = build_demo(services, ctx.args.patients, ctx.args.seed, progress=_progress)
    seconds = time.perf_counter() - started
    if sys.stderr.isatty():
        sys.stderr.write("\n")
    if ctx.args.json:
        emit_json({"summary": summary, "seconds": round(seconds, 1), "users": DEMO_PASSWORDS})
        return 0
    emit_line(
        f"Demo file room: {summary.patients:,} patients, {summary.volumes:,} volumes, "
        f"{summary.movements:,} movements; {summary.out:,} charts out, "
        f"{summary.overdue:,} overdue ({seconds:.1f} s)."
    )
    emit_line("Sign in as " + ", ".join(f"{u} / {p}" for u, p in DEMO_PASSWORDS.items()) + ".")
    return 0
