"""What the request view shows and allows, worked out from a request without Qt (tested plain)."""

from __future__ import annotations

from dataclasses import dataclass

from recordsdesk.domain.release_of_information import RequestStatus, money
from recordsdesk.services.release.dto import QueueRow, RequestDetail


def due_text(row: QueueRow) -> str:
    """'due 2026-02-04 (29 days left)', 'due 2026-01-12 (4 days overdue)', or for a closed one."""
    if row.status.closed:
        return f"was due {row.due_on:%Y-%m-%d}"
    if row.days_left < 0:
        late = -row.days_left
        return f"due {row.due_on:%Y-%m-%d} ({late} day{'s' if late != 1 else ''} overdue)"
    if row.days_left == 0:
        return f"due {row.due_on:%Y-%m-%d} (today)"
    left = row.days_left
    return f"due {row.due_on:%Y-%m-%d} ({left} day{'s' if left != 1 else ''} left)"


def status_text(row: QueueRow) -> str:
    if row.waiting_on_requester:
        return "waiting on the requester"
    if row.outstanding:
        return f"{row.status.label} · outstanding: {', '.join(row.outstanding)}"
    return row.status.label


@dataclass(frozen=True)
class RequestViewState:
    """The request view's words and which of its actions are open."""

    title: str
    subtitle: str
    due: str
    status: str
    overdue: bool
    facts: tuple[tuple[str, str], ...]
    missing: tuple[str, ...]
    special: tuple[str, ...]
    can_edit: bool
    can_release: bool
    can_extend: bool
    can_approve: bool
    can_deny: bool
    released: bool

    @classmethod
    def of(cls, detail: RequestDetail, may_approve: bool) -> RequestViewState:
        row = detail.row
        open_ = not row.status.closed
        facts: list[tuple[str, str]] = [
            ("Requester", f"{row.requester} ({row.kind.label})"),
            ("Address", " ".join(detail.requester_address.split()) or "-"),
            ("Ground", detail.basis.label),
            ("Asked for", detail.what),
            ("Record types", ", ".join(detail.record_types) or "every chart"),
            ("Received", f"{row.received_on:%Y-%m-%d}"),
        ]
        if detail.date_from or detail.date_to:
            period = f"{detail.date_from or '…'} to {detail.date_to or '…'}"
            facts.append(("Period of care", period))
        if detail.extended_due_on is not None:
            facts.append(
                (
                    "Extended",
                    f"from {detail.original_due_on:%Y-%m-%d}: {detail.extension_reason}",
                )
            )
        if detail.page_count is not None:
            facts.append(("Copies", f"{detail.page_count} pages, {money(detail.fee_cents or 0)}"))
        if detail.chart_requests:
            n = len(detail.chart_requests)
            facts.append(("Paper", f"{n} volume{'s' if n != 1 else ''} requested to the desk"))
        if detail.denial_reason:
            facts.append(("Denied", detail.denial_reason))
        for d in detail.disclosures:
            facts.append(
                (
                    "Released",
                    f"{d.disclosed_at.astimezone():%Y-%m-%d %H:%M} by {d.clerk} "
                    f"(audit entry #{d.audit_event_id})",
                )
            )
        if detail.outstanding and detail.disclosures:
            facts.append(("Outstanding", ", ".join(detail.outstanding)))
        special = tuple(
            f"{c.label}: " + ("approved" if c in detail.approved else "held back until approved")
            for c in row.special
        )
        can_extend = (
            open_ and row.kind.is_access and detail.extended_due_on is None and row.days_left >= 0
        )
        return cls(
            title=f"{row.reference} · {row.patient} ({row.mrn})",
            subtitle=f"{row.kind.label}: {row.requester}",
            due=due_text(row),
            status=status_text(row),
            overdue=row.overdue,
            facts=tuple(facts),
            missing=detail.missing,
            special=special,
            can_edit=open_,
            can_release=open_ and detail.ready,
            can_extend=can_extend,
            can_approve=open_ and may_approve and bool(detail.held_back),
            can_deny=open_ and may_approve,
            released=row.status in (RequestStatus.RELEASED, RequestStatus.PARTLY_RELEASED),
        )
