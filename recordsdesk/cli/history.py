"""Commands for the history chain's trust: the site key file and the PostgreSQL roles."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from recordsdesk.cli.output import emit_line

if TYPE_CHECKING:
    from recordsdesk.cli.context import CommandContext


def register(commands: Any) -> None:
    """Add ``site-key`` to the parser."""
    key = commands.add_parser("site-key", help="the site key the history chain is sealed with")
    sub = key.add_subparsers(dest="site_key_cmd", required=True)
    create = sub.add_parser("create", help="make a new site key file (once per site)")
    create.add_argument("--site", required=True, help="the site's name, e.g. 'General Hospital'")
    create.add_argument("--file", type=Path, help="where (else RECORDSDESK_SITE_KEY_FILE)")
    create.add_argument("--checkpoints", type=Path, help="folder for the chain's checkpoints")
    create.set_defaults(run=key_create)
    rotate = sub.add_parser("rotate", help="add a new current key; old ones still verify")
    rotate.add_argument("--file", type=Path)
    rotate.set_defaults(run=key_rotate)
    show = sub.add_parser("show", help="the site, key ids and fingerprints (never the key)")
    show.set_defaults(run=key_show)


def register_db(db: Any) -> None:
    """Add ``db roles`` to the ``db`` commands."""
    roles = db.add_parser(
        "roles", help="PostgreSQL: an owner role for migrations, a desk role that cannot rewrite"
    )
    roles.add_argument("--owner", default="recordsdesk_owner")
    roles.add_argument("--desk", default="recordsdesk_desk")
    roles.set_defaults(run=db_roles)


def key_create(ctx: CommandContext) -> int:
    from recordsdesk.services.history_keys import create_site_key

    ring = create_site_key(ctx.args.site, ctx.args.file, ctx.args.checkpoints)
    emit_line(f"Site key for '{ring.site}' written to {ring.path} (owner-only).")
    emit_line("Install this file on every workstation of the site; keep a copy offline.")
    return 0


def key_rotate(ctx: CommandContext) -> int:
    from recordsdesk.services.history_keys import rotate_site_key

    ring = rotate_site_key(ctx.args.file)
    emit_line(
        f"{ring.path}: key {ring.current} ({ring.fingerprint()}) now seals new history; "
        "the older keys still verify. Install the file on every workstation."
    )
    return 0


def key_show(ctx: CommandContext) -> int:
    from recordsdesk.services.history_keys import show_site_key

    ring = show_site_key()
    emit_line(f"site: {ring.site}")
    emit_line(f"file: {ring.path}")
    for key_id in sorted(ring.keys):
        mark = " (current)" if key_id == ring.current else ""
        emit_line(f"key {key_id}: fingerprint {ring.fingerprint(key_id)}{mark}")
    return 0


def db_roles(ctx: CommandContext) -> int:
    from recordsdesk.services.history_keys import create_roles

    for line in create_roles(ctx.raw_services, ctx.args.owner, ctx.args.desk):
        emit_line(line)
    return 0
