"""The retention commands: rules, candidates, boxes, legal holds, destruction and reports."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from recordsdesk.cli.arguments import parse_date, scans_from
from recordsdesk.cli.output import emit_json, emit_line
from recordsdesk.domain.errors import InvalidInput, RecordsDeskError
from recordsdesk.domain.retention import RetentionRule

if TYPE_CHECKING:
    from recordsdesk.cli.context import CommandContext
    from recordsdesk.services.retention.dto import BoxInfo
    from recordsdesk.services.retention.wiring import RetentionServices


def _sub(parent: Any, name: str, helptext: str, dest: str = "") -> Any:
    """A command with subcommands; ``retention rule set`` keeps "set" in retention_rule_cmd."""
    dest = dest or f"retention_{name}_cmd"
    return parent.add_parser(name, help=helptext).add_subparsers(dest=dest, required=True)


def _cmd(parent: Any, name: str, helptext: str, run: Any, json: bool = False) -> Any:
    cmd = parent.add_parser(name, help=helptext)
    if json:
        cmd.add_argument("--json", action="store_true")
    cmd.set_defaults(run=run)
    return cmd


def register(commands: Any) -> None:
    """Add `recordsdesk retention ...` to the parser."""
    top = _sub(
        commands,
        "retention",
        "retention rules, off-site boxes, legal holds, destruction",
        "retention_cmd",
    )
    rule = _sub(top, "rule", "the site's retention rules")
    _cmd(rule, "list", "every rule with its citation", rule_list, json=True)
    _cmd(rule, "examples", "the shipped example schedules (not legal advice)", rule_examples)
    rset = _cmd(rule, "set", "set the rule of a record type (none: every other type)", rule_set)
    rset.add_argument("--type", help="record type code (MR, RAD ...); omit for the default")
    rset.add_argument("--name", required=True)
    rset.add_argument("--years", type=int, help="years after last activity (adults)")
    rset.add_argument("--majority-age", type=int)
    rset.add_argument("--years-after-majority", type=int)
    rset.add_argument("--years-after-death", type=int)
    rset.add_argument("--retire-after", type=int, help="years inactive before going off-site")
    rset.add_argument("--permanent", action="store_true")
    rset.add_argument("--citation", required=True, help="the law or policy the rule follows")
    remove = _cmd(
        rule, "remove", "remove a record type's rule (it then follows the default)", rule_remove
    )
    remove.add_argument("--type", help="record type code; omit for the default rule")
    centre = _cmd(top, "centre", "make an off-site location a records centre", centre_set)
    centre.add_argument("location")
    centre.add_argument("--lead-days", type=int, required=True)
    death = _cmd(top, "death", "record a patient's date of death", death_record)
    death.add_argument("mrn")
    death.add_argument("date")
    cand = _cmd(top, "candidates", "volumes to retire off-site, in walk order", candidates, True)
    cand.add_argument("--as-of")
    cand.add_argument("--unit")
    rep = _cmd(top, "report", "volumes by retention year, next 12 months, boxes", report, True)
    rep.add_argument("--as-of")
    recall = _cmd(top, "recall", "take scanned volumes out of their boxes", recall_volumes, True)
    recall.add_argument("scans", nargs="*")
    measure = _cmd(top, "measure", "keep volumes' measured thickness", measure_volumes, True)
    measure.add_argument("inches", type=float, help="the thickness measured, in inches")
    measure.add_argument("scans", nargs="*")
    _register_boxes(top)
    _register_holds(top)
    _register_destruction(top)


def _register_boxes(top: Any) -> None:
    box = _sub(top, "box", "off-site boxes")
    opened = _cmd(box, "open", "open a new box to pack", box_open, json=True)
    opened.add_argument("--note", default="")
    pack = _cmd(box, "pack", "pack scanned volumes into a box", box_pack, json=True)
    pack.add_argument("box")
    pack.add_argument("scans", nargs="*")
    pack.add_argument(
        "--inches", type=float, help="each volume's measured thickness, kept for its shelf"
    )
    send = _cmd(box, "send", "send a box to a records centre", box_send, json=True)
    send.add_argument("box")
    send.add_argument("--to", required=True, help="records centre location code")
    back = _cmd(box, "recall", "bring a box back from the records centre", box_recall, True)
    back.add_argument("box")
    show = _cmd(box, "show", "a box and its contents", box_show, json=True)
    show.add_argument("box")
    _cmd(box, "list", "every box not destroyed", box_list, json=True)
    for kind in ("label", "manifest"):
        doc = _cmd(box, kind, f"the box's {kind} (PDF)", box_document)
        doc.add_argument("box")
        doc.add_argument("-o", "--output", type=Path, required=True)
        doc.set_defaults(kind=kind)


def _register_holds(top: Any) -> None:
    hold = _sub(top, "hold", "legal holds")
    place = _cmd(hold, "place", "place a legal hold (supervisor)", hold_place, json=True)
    place.add_argument("--reason", required=True)
    place.add_argument("--mrn")
    place.add_argument("--type", help="record type code")
    place.add_argument("--from", dest="starts_on", help="activity from YYYY-MM-DD")
    place.add_argument("--to", dest="ends_on", help="activity to YYYY-MM-DD")
    release = _cmd(hold, "release", "release a legal hold (supervisor)", hold_release, True)
    release.add_argument("hold", type=int)
    release.add_argument("--note", required=True)
    listing = _cmd(hold, "list", "holds in force", hold_list, json=True)
    listing.add_argument("--all", action="store_true", help="released ones too")


def _register_destruction(top: Any) -> None:
    destroy = _sub(top, "destroy", "destruction batches")
    propose = _cmd(destroy, "propose", "propose eligible volumes (supervisor)", batch_propose, True)
    propose.add_argument("scans", nargs="*", help="volume or box barcodes; none: all eligible")
    propose.add_argument("--method", required=True, help="cross-cut shredding, pulping ...")
    propose.add_argument("--limit", type=int)
    propose.add_argument("--note", default="")
    approve = _cmd(destroy, "approve", "approve a batch (a second supervisor)", batch_approve)
    approve.add_argument("batch", type=int)
    scan = _cmd(destroy, "scan", "destroy scanned volumes or boxes of a batch", batch_scan, True)
    scan.add_argument("batch", type=int)
    scan.add_argument("scans", nargs="*")
    present = _cmd(destroy, "witness", "record the second person or a witness present", attend)
    present.add_argument("batch", type=int)
    present.add_argument("--second", action="store_true", help="the second person (else a witness)")
    present.add_argument("--badge", help="their scanned badge, P-CODE")
    present.add_argument("--person", help="their user name; they type their own password")
    present.add_argument("--password-stdin", action="store_true", help="read it from stdin")
    show = _cmd(destroy, "show", "a batch and its volumes", batch_show, json=True)
    show.add_argument("batch", type=int)
    _cmd(destroy, "list", "every batch", batch_list, json=True)
    cert = _cmd(destroy, "certificate", "the certificate of destruction (PDF)", certificate)
    cert.add_argument("batch", type=int)
    cert.add_argument("-o", "--output", type=Path, required=True)


def _retention(ctx: CommandContext) -> RetentionServices:
    from recordsdesk.services.retention.wiring import retention_for

    return retention_for(ctx.services)


def _date(text: str | None) -> Any:
    return parse_date(text) if text else None


def rule_list(ctx: CommandContext) -> int:
    rules = _retention(ctx).rules.listing(ctx.actor)
    if ctx.args.json:
        emit_json(rules)
        return 0
    for r in rules:
        emit_line(f"{r.record_type or '(default)'}\t{r.name}\t{r.description}\t{r.citation}")
    return 0


def rule_examples(ctx: CommandContext) -> int:
    for r in _retention(ctx).rules.examples():
        emit_line(f"{r.name}\t{r.describe()}\tretire after {r.retire_after_years} years")
    return 0


def rule_set(ctx: CommandContext) -> int:
    a = ctx.args
    rule = RetentionRule(
        a.name,
        a.years,
        a.majority_age,
        a.years_after_majority,
        a.years_after_death,
        a.permanent,
        a.retire_after,
        a.citation,
    )
    info = _retention(ctx).rules.set_rule(ctx.actor, a.type, rule)
    emit_line(f"{info.record_type or 'Every other type'}: {info.name} ({info.description}).")
    return 0


def rule_remove(ctx: CommandContext) -> int:
    _retention(ctx).rules.remove_rule(ctx.actor, ctx.args.type)
    emit_line(f"The rule of {ctx.args.type or 'every other type'} is removed.")
    return 0


def centre_set(ctx: CommandContext) -> int:
    _retention(ctx).rules.set_lead_time(ctx.actor, ctx.args.location, ctx.args.lead_days)
    emit_line(f"{ctx.args.location.upper()} is a records centre: {ctx.args.lead_days} days.")
    return 0


def death_record(ctx: CommandContext) -> int:
    _retention(ctx).rules.record_death(ctx.actor, ctx.args.mrn, parse_date(ctx.args.date))
    emit_line(f"Date of death recorded for {ctx.args.mrn}.")
    return 0


def candidates(ctx: CommandContext) -> int:
    found = _retention(ctx).candidates.retirement(ctx.actor, _date(ctx.args.as_of), ctx.args.unit)
    if ctx.args.json:
        emit_json(found)
        return 0
    # A hundred thousand lines at a million patients: each unit's taken in one pass (the
    # list is in walk order, unit after unit) and written at once, not flushed line by line.
    by_unit: dict[str, list[str]] = {}
    for c in found.items:
        by_unit.setdefault(c.unit, []).append(
            f"  {c.shelf}\t{c.barcode}\t{c.name}\t{c.volume}\tlast used {c.last_activity}"
        )
    lines: list[str] = []
    for unit in found.units:
        lines.append(f"{unit.unit}: {unit.volumes} volumes, {unit.inches} in")
        lines.extend(by_unit.get(unit.unit, ()))
    lines.append(f"{found.volumes} volumes, {found.inches} inches of shelf.")
    emit_line("\n".join(lines))
    return 0


def report(ctx: CommandContext) -> int:
    found = _retention(ctx).candidates.report(ctx.actor, _date(ctx.args.as_of))
    if ctx.args.json:
        emit_json(found)
        return 0
    for year in found.by_year:
        emit_line(f"{year.year or 'permanent / no rule'}\t{year.volumes}\t{year.inches} in")
    emit_line(f"Eligible in the next 12 months: {found.next_12_months} volumes.")
    emit_line(f"Under legal hold: {found.held} volumes.")
    for age in found.boxes_by_age:
        emit_line(f"Off-site {age.years} years: {age.boxes} boxes, {age.volumes} volumes")
    return 0


def _answers(ctx: CommandContext, act: Any) -> int:
    from recordsdesk.services.retention.dto import RetentionAnswer

    """Apply ``act`` to each scan; every refusal is answered and the exit status is 1."""
    failed = False
    for raw in scans_from(ctx.args.scans):
        try:
            answer: RetentionAnswer = act(raw)
        except RecordsDeskError as exc:
            answer = RetentionAnswer(raw.strip(), False, exc.message)
            failed = True
        if ctx.args.json:
            emit_json(answer, compact=True)
        else:
            emit_line(("" if answer.ok else "REFUSED ") + answer.message)
    return 1 if failed else 0


def recall_volumes(ctx: CommandContext) -> int:
    boxes = _retention(ctx).boxes
    return _answers(ctx, lambda raw: boxes.recall_volume(ctx.actor, raw))


def measure_volumes(ctx: CommandContext) -> int:
    boxes = _retention(ctx).boxes
    return _answers(ctx, lambda raw: boxes.measure(ctx.actor, raw, ctx.args.inches))


def _box(ctx: CommandContext, info: BoxInfo) -> int:
    if getattr(ctx.args, "json", False):
        emit_json(info)
        return 0
    emit_line(
        f"Box {info.barcode}: {info.where}, {len(info.contents)} volumes, {info.inches:g} in."
    )
    for line in info.contents:
        emit_line(f"  {line.shelf}\t{line.barcode}\t{line.name}\t{line.volume}")
    return 0


def box_open(ctx: CommandContext) -> int:
    return _box(ctx, _retention(ctx).boxes.open_box(ctx.actor, ctx.args.note))


def box_pack(ctx: CommandContext) -> int:
    boxes = _retention(ctx).boxes
    return _answers(ctx, lambda raw: boxes.pack(ctx.actor, ctx.args.box, raw, ctx.args.inches))


def box_send(ctx: CommandContext) -> int:
    return _box(ctx, _retention(ctx).boxes.send_off_site(ctx.actor, ctx.args.box, ctx.args.to))


def box_recall(ctx: CommandContext) -> int:
    return _box(ctx, _retention(ctx).boxes.recall_box(ctx.actor, ctx.args.box))


def box_show(ctx: CommandContext) -> int:
    return _box(ctx, _retention(ctx).boxes.box(ctx.actor, ctx.args.box))


def box_list(ctx: CommandContext) -> int:
    found = _retention(ctx).boxes.boxes(ctx.actor)
    if ctx.args.json:
        emit_json(found)
        return 0
    for info in found:
        emit_line(f"{info.barcode}\t{info.status}\t{info.where}")
    return 0


def _save(ctx: CommandContext, data: bytes, title: str, output: Path) -> None:
    from recordsdesk.services.documents import Document

    ctx.services.documents.save(ctx.actor, Document(data, "pdf", title), output)
    emit_line(f"{title} written to {output}.")


def box_document(ctx: CommandContext) -> int:
    data = _retention(ctx).boxes.document(ctx.actor, ctx.args.box, ctx.args.kind)
    _save(ctx, data, f"Box {ctx.args.box.upper()} {ctx.args.kind}", ctx.args.output)
    return 0


def hold_place(ctx: CommandContext) -> int:
    a = ctx.args
    info = _retention(ctx).holds.place(
        ctx.actor,
        a.reason,
        mrn=a.mrn,
        record_type=a.type,
        starts_on=_date(a.starts_on),
        ends_on=_date(a.ends_on),
    )
    if a.json:
        emit_json(info)
    else:
        emit_line(f"Legal hold #{info.id} on {info.covers}: {info.reason}.")
    return 0


def hold_release(ctx: CommandContext) -> int:
    info = _retention(ctx).holds.release(ctx.actor, ctx.args.hold, ctx.args.note)
    if ctx.args.json:
        emit_json(info)
    else:
        emit_line(f"Legal hold #{info.id} released: {info.release_note}.")
    return 0


def hold_list(ctx: CommandContext) -> int:
    found = _retention(ctx).holds.listing(ctx.actor, include_released=ctx.args.all)
    if ctx.args.json:
        emit_json(found)
        return 0
    for h in found:
        state = "in force" if h.active else f"released by {h.released_by}"
        emit_line(f"#{h.id}\t{h.covers}\t{h.reason}\tby {h.placed_by}\t{state}")
    return 0


def _batch_line(ctx: CommandContext, info: Any) -> int:
    if getattr(ctx.args, "json", False):
        emit_json(info)
        return 0
    emit_line(
        f"Batch {info.id}: {info.status}, {len(info.lines)} volumes ({info.destroyed} destroyed)"
        f" by {info.method}; proposed by {info.proposed_by}"
        + (f", approved by {info.approved_by}" if info.approved_by else "")
        + "."
    )
    return 0


def batch_propose(ctx: CommandContext) -> int:
    a = ctx.args
    info = _retention(ctx).destruction.propose(
        ctx.actor, a.method, barcodes=tuple(a.scans), limit=a.limit, note=a.note
    )
    return _batch_line(ctx, info)


def batch_approve(ctx: CommandContext) -> int:
    return _batch_line(ctx, _retention(ctx).destruction.approve(ctx.actor, ctx.args.batch))


def batch_scan(ctx: CommandContext) -> int:
    destruction = _retention(ctx).destruction
    return _answers(ctx, lambda raw: destruction.destroy(ctx.actor, ctx.args.batch, raw))


def attend(ctx: CommandContext) -> int:
    from recordsdesk.cli.arguments import required_password
    from recordsdesk.services.retention.witnesses import Presence

    a = ctx.args
    presence = Presence.SECOND if a.second else Presence.WITNESS
    if a.badge:
        info = _retention(ctx).destruction.attend(ctx.actor, a.batch, presence, badge=a.badge)
    else:
        if not a.person:
            raise InvalidInput("Give --badge P-CODE, or --person NAME and their password.")
        password = required_password(f"{a.person}'s password", a.password_stdin)
        info = _retention(ctx).destruction.attend(
            ctx.actor, a.batch, presence, username=a.person, password=password
        )
    emit_line(f"Batch {info.id}: present " + "; ".join(p.describe() for p in info.present) + ".")
    return 0


def batch_show(ctx: CommandContext) -> int:
    info = _retention(ctx).destruction.batch(ctx.actor, ctx.args.batch)
    _batch_line(ctx, info)
    if not ctx.args.json:
        for line in info.lines:
            done = f"destroyed {line.destroyed_at:%Y-%m-%d}" if line.destroyed_at else "to do"
            emit_line(f"  {line.barcode}\t{line.mrn}\t{line.name}\t{line.rule}\t{done}")
    return 0


def batch_list(ctx: CommandContext) -> int:
    found = _retention(ctx).destruction.batches(ctx.actor)
    if ctx.args.json:
        emit_json(found)
        return 0
    for info in found:
        _batch_line(ctx, info)
    return 0


def certificate(ctx: CommandContext) -> int:
    data = _retention(ctx).destruction.certificate(ctx.actor, ctx.args.batch)
    _save(ctx, data, f"Certificate of destruction, batch {ctx.args.batch}", ctx.args.output)
    return 0
