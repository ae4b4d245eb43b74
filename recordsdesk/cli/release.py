"""The `roi` commands: release of information from request to accounting, for the ROI desk."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from recordsdesk.cli.arguments import parse_date
from recordsdesk.cli.output import emit_json, emit_line
from recordsdesk.domain.errors import InvalidInput
from recordsdesk.domain.release_of_information import (
    Authorisation,
    Basis,
    Check,
    FeeSchedule,
    RequesterKind,
    SpecialCategory,
    money,
    parse_money,
)

if TYPE_CHECKING:
    from recordsdesk.cli.context import CommandContext
    from recordsdesk.services.documents import Document
    from recordsdesk.services.release.desk import ReleaseServices
    from recordsdesk.services.release.dto import DisclosureInfo, QueueRow, RequestDetail


def register(commands: Any) -> None:
    """Add `roi` and its subcommands to the parser."""
    roi = commands.add_parser("roi", help="release of information: requests, releases, accounting")
    sub = roi.add_subparsers(dest="roi_cmd", required=True, metavar="STEP")
    _register_requests(sub)
    _register_decisions(sub)
    _register_release(sub)
    _register_site(sub)


def _json_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="answer in JSON")


def _outputs(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-o", "--output", type=Path, help="file to write")
    parser.add_argument(
        "--print", nargs="?", const="", metavar="PRINTER", dest="printer", help="print it"
    )


def _register_requests(sub: Any) -> None:
    request = sub.add_parser("request", help="log or show a request").add_subparsers(
        dest="roi_request_cmd", required=True
    )
    add = request.add_parser("add", help="log a request received")
    add.add_argument("mrn")
    add.add_argument(
        "--from",
        dest="kind",
        required=True,
        help=", ".join(k.value for k in RequesterKind),
    )
    add.add_argument("--name", required=True, help="who asks: person, firm, court, agency")
    add.add_argument("--address", default="", help="where the copies go")
    add.add_argument("--what", required=True, help="what is asked, in words")
    add.add_argument("--received", help="YYYY-MM-DD (default: today)")
    add.add_argument("--due", help="YYYY-MM-DD: the date a subpoena or order sets")
    add.add_argument("--purpose", help=", ".join(b.value for b in Basis))
    add.add_argument("--record-type", action="append", default=[], help="MR, RAD ... (repeat)")
    add.add_argument("--dates", help="FROM:TO, the period of care asked (YYYY-MM-DD:YYYY-MM-DD)")
    add.add_argument("--volume", action="append", default=[], help="a volume barcode (repeat)")
    _json_flag(add)
    add.set_defaults(run=request_add)
    show = request.add_parser("show", help="one request in full, with what it still needs")
    show.add_argument("reference")
    _json_flag(show)
    show.set_defaults(run=request_show)

    listing = sub.add_parser("list", help="the queue, due soonest first")
    listing.add_argument("--all", action="store_true", help="closed requests too")
    _json_flag(listing)
    listing.set_defaults(run=queue_list)
    figures = sub.add_parser("figures", help="turnaround: received, on time, median days")
    figures.add_argument("--since", help="YYYY-MM-DD: requests received from then")
    _json_flag(figures)
    figures.set_defaults(run=queue_figures)


def _register_decisions(sub: Any) -> None:
    check = sub.add_parser("check", help="tick checklist items: ITEM or ITEM=NOTE")
    check.add_argument("reference")
    check.add_argument("items", nargs="*", help=", ".join(c.value for c in Check))
    check.add_argument("--minimum-necessary", help="what is sent, and why no more")
    _json_flag(check)
    check.set_defaults(run=check_items)

    auth = sub.add_parser("authorisation", help="record the HIPAA authorisation received")
    auth.add_argument("reference")
    auth.add_argument("--description", default="", help="the information to be disclosed")
    auth.add_argument("--discloser", default="", help="who is authorised to disclose it")
    auth.add_argument("--recipient", default="", help="who may receive it")
    auth.add_argument("--purpose", default="", help="the purpose of the disclosure")
    auth.add_argument("--expires", help="YYYY-MM-DD")
    auth.add_argument("--expiry-event", default="", help="an expiry event instead of a date")
    auth.add_argument("--signed-by", default="")
    auth.add_argument("--signed-on", help="YYYY-MM-DD")
    auth.add_argument("--representative-authority", default="", help="when a representative signs")
    auth.add_argument(
        "--statements", action="store_true", help="it has the 164.508(c)(2) statements"
    )
    auth.add_argument("--names", action="append", default=[], help="a special category it names")
    _json_flag(auth)
    auth.set_defaults(run=record_authorisation)

    extend = sub.add_parser("extend", help="the one 30-day extension of a patient's request")
    extend.add_argument("reference")
    extend.add_argument("--reason", required=True, help="as written to the patient")
    _json_flag(extend)
    extend.set_defaults(run=extend_request)

    approve = sub.add_parser("approve", help="approve a special category (supervisor, roi)")
    approve.add_argument("reference")
    approve.add_argument("category", help=", ".join(c.value for c in SpecialCategory))
    approve.add_argument("--note", required=True, help="the consent it rests on")
    _json_flag(approve)
    approve.set_defaults(run=approve_category)

    deny = sub.add_parser("deny", help="deny a request (supervisor, roi)")
    deny.add_argument("reference")
    deny.add_argument("--reason", required=True)
    _json_flag(deny)
    deny.set_defaults(run=deny_request)

    suspend = sub.add_parser(
        "suspend",
        help="an agency's statement suspending a patient's accounting (164.528(a)(2))",
    )
    suspend.add_argument("mrn")
    suspend.add_argument("--agency", required=True, help="the agency or official, as disclosed to")
    how = suspend.add_mutually_exclusive_group(required=True)
    how.add_argument("--written", action="store_true", help="a written statement")
    how.add_argument("--oral", action="store_true", help="an oral statement (30 days at most)")
    suspend.add_argument("--official", default="", help="who made the statement")
    suspend.add_argument("--stated", help="YYYY-MM-DD the statement was made (default: today)")
    suspend.add_argument("--until", help="YYYY-MM-DD it ends (a written one gives it)")
    suspend.add_argument("--note", default="")
    _json_flag(suspend)
    suspend.set_defaults(run=suspend_accounting)

    withdraw = sub.add_parser("withdraw", help="the requester withdrew it")
    withdraw.add_argument("reference")
    withdraw.add_argument("--note", required=True)
    _json_flag(withdraw)
    withdraw.set_defaults(run=withdraw_request)


def _register_release(sub: Any) -> None:
    paper = sub.add_parser("paper", help="request the volumes to the ROI desk")
    paper.add_argument("reference")
    _json_flag(paper)
    paper.set_defaults(run=request_paper)
    copies = sub.add_parser("copies", help="the pages copied; the fee follows")
    copies.add_argument("reference")
    copies.add_argument("--pages", type=int, required=True)
    _json_flag(copies)
    copies.set_defaults(run=record_copies)

    release = sub.add_parser("release", help="release it: the disclosure is recorded")
    release.add_argument("reference")
    release.add_argument(
        "--types", help="only these record types, comma-separated (the rest stays outstanding)"
    )
    release.add_argument("--letter", type=Path, help="write the cover letter to this file")
    release.add_argument("--log-sheet", type=Path, help="write the disclosure log sheet here")
    _json_flag(release)
    release.set_defaults(run=release_request)
    for name, what in (("letter", "the cover letter"), ("log-sheet", "the disclosure log sheet")):
        doc = sub.add_parser(name, help=f"{what} of a request")
        doc.add_argument("reference")
        _outputs(doc)
        doc.set_defaults(run=print_letter if name == "letter" else print_log_sheet)

    accounting = sub.add_parser("accounting", help="a patient's accounting of disclosures")
    accounting.add_argument("mrn")
    accounting.add_argument("--since", help="YYYY-MM-DD (default: six years back)")
    accounting.add_argument("--until", help="YYYY-MM-DD (default: today)")
    accounting.add_argument("--format", choices=["pdf", "csv"], default="pdf")
    _outputs(accounting)
    _json_flag(accounting)
    accounting.set_defaults(run=accounting_report)


def _register_site(sub: Any) -> None:
    category = sub.add_parser("category", help="flag a record type as a special category")
    category.add_argument("record_type")
    category.add_argument("category", help=", ".join(c.value for c in SpecialCategory) + ", none")
    category.add_argument("--name", help="add the record type with this name if it is new")
    category.set_defaults(run=set_category)
    fees = sub.add_parser("fees", help="show or set the copy fees (administrators)")
    fees.add_argument("--per-page", help="e.g. 0.25")
    fees.add_argument("--base", help="search and handling fee for third parties, e.g. 15.00")
    fees.add_argument("--access-cap", help="the most a patient's own copy costs, or none")
    _json_flag(fees)
    fees.set_defaults(run=fee_schedule)
    policy = sub.add_parser("policy-days", help="days a third party's request is due after receipt")
    policy.add_argument("days", type=int)
    policy.set_defaults(run=set_policy_days)
    desk = sub.add_parser("desk", help="the location volumes are requested to for a release")
    desk.add_argument("code")
    desk.set_defaults(run=set_desk)


# Helpers -----------------------------------------------------------------------------------------


def _roi(ctx: CommandContext) -> ReleaseServices:
    from recordsdesk.services.release.desk import build_release_services

    return build_release_services(ctx.services)


def _ref(ctx: CommandContext) -> int:
    from recordsdesk.services.release.records import parse_reference

    return parse_reference(ctx.args.reference)


def _deliver(ctx: CommandContext, document: Document) -> None:
    output, printer = ctx.args.output, ctx.args.printer
    if output is None and printer is None:
        raise InvalidInput("Say where it goes: -o FILE, --print [PRINTER], or both.")
    documents = ctx.services.documents
    if output is not None:
        documents.save(ctx.actor, document, output)
        emit_line(f"{document.title} written to {output}.")
    if printer is not None:
        queue = printer or documents.printer_for(document)
        if not queue:
            raise InvalidInput("There is no default printer: name one after --print.")
        job = documents.send(ctx.actor, document, queue)
        emit_line(f"{document.title} sent to {queue} (job {job}).")


def _row_json(row: QueueRow) -> dict[str, Any]:
    return {
        "reference": row.reference,
        "id": row.id,
        "mrn": row.mrn,
        "patient": row.patient,
        "requester_kind": row.kind.value,
        "requester": row.requester,
        "received": row.received_on,
        "due": row.due_on,
        "status": row.status.value,
        "overdue": row.overdue,
        "waiting_on_requester": row.waiting_on_requester,
        "days_left": row.days_left,
        "special_categories": [c.value for c in row.special],
        "outstanding": list(row.outstanding),
    }


def _disclosure_json(d: DisclosureInfo) -> dict[str, Any]:
    from recordsdesk.services.release.records import reference

    return {
        "id": d.id,
        "reference": reference(d.request_id),
        "mrn": d.mrn,
        "disclosed_at": d.disclosed_at,
        "recipient": d.recipient,
        "recipient_address": d.recipient_address,
        "what": d.what,
        "purpose": d.purpose,
        "basis": d.basis.value,
        "accountable": d.accountable,
        "excluded_by": d.exclusion or None,
        "held_back": [c.value for c in d.held_back],
        "pages": d.pages,
        "fee_cents": d.fee_cents,
        "clerk": d.clerk,
        "audit_entry": d.audit_event_id,
        "record_types": list(d.record_types),
    }


def _detail_json(d: RequestDetail) -> dict[str, Any]:
    auth = d.authorisation
    return {
        **_row_json(d.row),
        "purpose": d.basis.value,
        "address": d.requester_address,
        "what": d.what,
        "record_types": list(d.record_types),
        "dates": [d.date_from, d.date_to],
        "volumes": list(d.volumes),
        "original_due": d.original_due_on,
        "extended_due": d.extended_due_on,
        "extension_reason": d.extension_reason,
        "minimum_necessary": d.minimum_necessary,
        "pages": d.page_count,
        "fee_cents": d.fee_cents,
        "denial_reason": d.denial_reason,
        "checklist": [{"item": c.key, "done": c.done, "note": c.note} for c in d.checklist],
        "authorisation": None
        if auth is None
        else {
            "missing": [e.value for e in auth.missing()],
            "expires": auth.expires_on,
            "expiry_event": auth.expiry_event,
            "signed_by": auth.signed_by,
            "signed_on": auth.signed_on,
            "names": sorted(c.value for c in auth.covers),
        },
        "missing": list(d.missing),
        "ready": d.ready,
        "approved": [c.value for c in d.approved],
        "held_back": [c.value for c in d.held_back],
        "chart_requests": list(d.chart_requests),
        "disclosures": [_disclosure_json(x) for x in d.disclosures],
        "logged_by": d.logged_by,
        "outstanding": list(d.outstanding),
    }


def _say(ctx: CommandContext, detail: RequestDetail, done: str) -> int:
    if ctx.args.json:
        emit_json(_detail_json(detail))
        return 0
    row = detail.row
    emit_line(
        f"{row.reference} {done}: {row.patient} ({row.mrn}), {row.kind.label} "
        f"'{row.requester}', {row.status.label}, due {row.due_on:%Y-%m-%d}."
    )
    for missing in detail.missing:
        emit_line(f"  still needed: {missing}")
    for category in detail.held_back:
        emit_line(f"  held back unless approved: {category.label}")
    if detail.outstanding:
        emit_line(f"  outstanding: {', '.join(detail.outstanding)}")
    return 0


# Requests ----------------------------------------------------------------------------------------


def request_add(ctx: CommandContext) -> int:
    from recordsdesk.services.release.dto import NewRequest

    args = ctx.args
    date_from = date_to = None
    if args.dates:
        start, colon, end = args.dates.partition(":")
        if not colon:
            raise InvalidInput(f"'{args.dates}' is not a period: write FROM:TO as dates.")
        date_from, date_to = parse_date(start, "start date"), parse_date(end, "end date")
    roi = _roi(ctx)
    received = parse_date(args.received, "date received") if args.received else None
    new = NewRequest(
        mrn=args.mrn,
        kind=RequesterKind.parse(args.kind),
        requester_name=args.name,
        requester_address=args.address,
        what=args.what,
        received_on=received or roi.requests.today(),
        basis=Basis.parse(args.purpose) if args.purpose else None,
        due_on=parse_date(args.due, "due date") if args.due else None,
        record_types=tuple(args.record_type),
        date_from=date_from,
        date_to=date_to,
        volumes=tuple(args.volume),
    )
    return _say(ctx, roi.requests.log_request(ctx.actor, new), "logged")


def request_show(ctx: CommandContext) -> int:
    return _say(ctx, _roi(ctx).requests.detail(ctx.actor, _ref(ctx)), "is")


def queue_list(ctx: CommandContext) -> int:
    rows = _roi(ctx).requests.queue(ctx.actor, include_closed=ctx.args.all)
    if ctx.args.json:
        emit_json([_row_json(r) for r in rows])
        return 0
    for r in rows:
        flag = "OVERDUE" if r.overdue else ("waiting" if r.waiting_on_requester else "")
        emit_line(
            f"{r.reference}\t{r.due_on:%Y-%m-%d}\t{flag}\t{r.status.label}\t{r.mrn}\t"
            f"{r.patient}\t{r.kind.value}\t{r.requester}"
        )
    return 0


def queue_figures(ctx: CommandContext) -> int:
    since = parse_date(ctx.args.since, "date") if ctx.args.since else None
    figures = _roi(ctx).disclosures.figures(ctx.actor, since)
    if ctx.args.json:
        emit_json(figures)
        return 0
    median = figures.median_days_to_release
    emit_line(
        f"{figures.received} received, {figures.open} open ({figures.overdue} overdue), "
        f"{figures.released} released, {figures.released_on_time} on time; median days to "
        f"release: {'-' if median is None else f'{median:g}'}."
    )
    return 0


# Decisions ---------------------------------------------------------------------------------------


def check_items(ctx: CommandContext) -> int:
    ticks: dict[Check, str] = {}
    for item in ctx.args.items:
        name, _, note = item.partition("=")
        ticks[Check.parse(name)] = note
    if not ticks and ctx.args.minimum_necessary is None:
        raise InvalidInput("Name the items to tick (e.g. identity='passport seen').")
    detail = _roi(ctx).requests.record_checks(
        ctx.actor, _ref(ctx), ticks, ctx.args.minimum_necessary
    )
    return _say(ctx, detail, "checked")


def record_authorisation(ctx: CommandContext) -> int:
    args = ctx.args
    authorisation = Authorisation(
        description=args.description,
        discloser=args.discloser,
        recipient=args.recipient,
        purpose=args.purpose,
        expires_on=parse_date(args.expires, "expiry date") if args.expires else None,
        expiry_event=args.expiry_event,
        signed_by=args.signed_by,
        signed_on=parse_date(args.signed_on, "date signed") if args.signed_on else None,
        representative_authority=args.representative_authority,
        statements=args.statements,
        covers=frozenset(SpecialCategory.parse(c) for c in args.names),
    )
    detail = _roi(ctx).requests.record_authorisation(ctx.actor, _ref(ctx), authorisation)
    return _say(ctx, detail, "authorisation recorded")


def extend_request(ctx: CommandContext) -> int:
    detail = _roi(ctx).requests.extend(ctx.actor, _ref(ctx), ctx.args.reason)
    return _say(ctx, detail, "extended")


def approve_category(ctx: CommandContext) -> int:
    category = SpecialCategory.parse(ctx.args.category)
    detail = _roi(ctx).requests.approve(ctx.actor, _ref(ctx), category, ctx.args.note)
    return _say(ctx, detail, f"{category.value} approved")


def deny_request(ctx: CommandContext) -> int:
    return _say(ctx, _roi(ctx).requests.deny(ctx.actor, _ref(ctx), ctx.args.reason), "denied")


def withdraw_request(ctx: CommandContext) -> int:
    detail = _roi(ctx).requests.withdraw(ctx.actor, _ref(ctx), ctx.args.note)
    return _say(ctx, detail, "withdrawn")


# Releasing ---------------------------------------------------------------------------------------


def request_paper(ctx: CommandContext) -> int:
    from recordsdesk.services.release.records import reference

    made = _roi(ctx).disclosures.request_paper(ctx.actor, _ref(ctx))
    if ctx.args.json:
        emit_json({"reference": reference(_ref(ctx)), "chart_requests": list(made)})
        return 0
    emit_line(
        f"{reference(_ref(ctx))}: {len(made)} volume{'s' if len(made) != 1 else ''} "
        "requested to the ROI desk" + (f" (requests {', '.join(map(str, made))})." if made else ".")
    )
    return 0


def record_copies(ctx: CommandContext) -> int:
    from recordsdesk.services.release.records import reference

    fee = _roi(ctx).disclosures.record_copies(ctx.actor, _ref(ctx), ctx.args.pages)
    if ctx.args.json:
        emit_json({"reference": reference(_ref(ctx)), "pages": ctx.args.pages, "fee_cents": fee})
        return 0
    emit_line(f"{reference(_ref(ctx))}: {ctx.args.pages} pages, fee {money(fee)}.")
    return 0


def release_request(ctx: CommandContext) -> int:
    from recordsdesk.services.release.records import reference

    roi = _roi(ctx)
    rid = _ref(ctx)
    types = ctx.args.types.split(",") if ctx.args.types else None
    disclosure = roi.disclosures.release(ctx.actor, rid, types)
    documents = ctx.services.documents
    if ctx.args.letter is not None:
        documents.save(ctx.actor, roi.documents.cover_letter(ctx.actor, rid), ctx.args.letter)
    if ctx.args.log_sheet is not None:
        documents.save(ctx.actor, roi.documents.log_sheet(ctx.actor, rid), ctx.args.log_sheet)
    if ctx.args.json:
        emit_json(_disclosure_json(disclosure))
        return 0
    held = f"; held back: {', '.join(c.value for c in disclosure.held_back)}"
    emit_line(
        f"{reference(rid)} released to {disclosure.recipient}: {disclosure.what}"
        f"{held if disclosure.held_back else ''} (audit entry #{disclosure.audit_event_id})."
    )
    outstanding = roi.requests.detail(ctx.actor, rid).outstanding
    if outstanding:
        emit_line(f"  partly released; outstanding: {', '.join(outstanding)}")
    return 0


def suspend_accounting(ctx: CommandContext) -> int:
    from recordsdesk.domain.release_of_information import Suspension

    args = ctx.args
    roi = _roi(ctx)
    stated = parse_date(args.stated, "statement date") if args.stated else roi.requests.today()
    until = parse_date(args.until, "end date") if args.until else None
    suspension = Suspension(args.agency, stated, bool(args.written), until, args.official)
    info = roi.suspensions.suspend(ctx.actor, args.mrn, suspension, args.note)
    if args.json:
        emit_json(info)
        return 0
    emit_line(
        f"MRN {info.mrn}: disclosures to {info.agency} are left out of the accounting until "
        f"{info.ends_on:%Y-%m-%d} ({'written' if info.written else 'oral'} statement of "
        f"{info.stated_on:%Y-%m-%d})."
    )
    return 0


def print_letter(ctx: CommandContext) -> int:
    _deliver(ctx, _roi(ctx).documents.cover_letter(ctx.actor, _ref(ctx)))
    return 0


def print_log_sheet(ctx: CommandContext) -> int:
    _deliver(ctx, _roi(ctx).documents.log_sheet(ctx.actor, _ref(ctx)))
    return 0


def accounting_report(ctx: CommandContext) -> int:
    args = ctx.args
    roi = _roi(ctx)
    since = parse_date(args.since, "start date") if args.since else None
    until = parse_date(args.until, "end date") if args.until else None
    accounting = roi.disclosures.accounting(ctx.actor, args.mrn, since, until)
    if args.json:
        emit_json(
            {
                "mrn": accounting.mrn,
                "patient": accounting.patient,
                "since": accounting.since,
                "until": accounting.until,
                "disclosures": [_disclosure_json(d) for d in accounting.accountable],
                "excluded": [_disclosure_json(d) for d in accounting.excluded],
                "suspended": [_disclosure_json(d) for d in accounting.suspended],
            }
        )
    if args.output is None and args.printer is None:
        if not args.json:
            for d in accounting.accountable:
                emit_line(
                    f"{d.disclosed_at.astimezone():%Y-%m-%d}\t{d.recipient}\t{d.what}\t{d.purpose}"
                )
        return 0
    render = roi.documents.accounting_csv if args.format == "csv" else roi.documents.accounting_pdf
    _deliver(ctx, render(ctx.actor, accounting))
    return 0


# Site settings -----------------------------------------------------------------------------------


def set_category(ctx: CommandContext) -> int:
    raw = ctx.args.category.strip().lower()
    category = None if raw == "none" else SpecialCategory.parse(raw)
    info = _roi(ctx).site.set_category(ctx.actor, ctx.args.record_type, category, ctx.args.name)
    emit_line(
        f"{info.code} ({info.name}): "
        + (f"special category, {info.category.label}." if info.category else "no special category.")
    )
    return 0


def fee_schedule(ctx: CommandContext) -> int:
    args = ctx.args
    site = _roi(ctx).site
    if args.per_page is not None or args.base is not None or args.access_cap is not None:
        now = site.fee_schedule()
        cap: int | None = now.access_cap_cents
        if args.access_cap is not None:
            cap = (
                None if args.access_cap.strip().lower() == "none" else parse_money(args.access_cap)
            )
        site.set_fee_schedule(
            ctx.actor,
            FeeSchedule(
                parse_money(args.per_page) if args.per_page is not None else now.per_page_cents,
                parse_money(args.base) if args.base is not None else now.base_cents,
                cap,
            ),
        )
    fees = site.fee_schedule()
    if args.json:
        emit_json(fees)
        return 0
    cap_text = "none" if fees.access_cap_cents is None else money(fees.access_cap_cents)
    emit_line(
        f"Copy fees: {money(fees.per_page_cents)} a page; base {money(fees.base_cents)} for "
        f"third parties; a patient's own copy at most {cap_text}."
    )
    return 0


def set_desk(ctx: CommandContext) -> int:
    _roi(ctx).site.set_desk_location(ctx.actor, ctx.args.code)
    emit_line(f"Volumes for releases are requested to {ctx.args.code.strip().upper()}.")
    return 0


def set_policy_days(ctx: CommandContext) -> int:
    _roi(ctx).site.set_policy_days(ctx.actor, ctx.args.days)
    emit_line(f"Third parties' requests are due {ctx.args.days} days after receipt.")
    return 0
