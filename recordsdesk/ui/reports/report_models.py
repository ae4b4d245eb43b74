"""Holdings (overdue or at one place) and audit entries as table models."""

from __future__ import annotations

from recordsdesk.services.audit import AuditEntry
from recordsdesk.services.dto import HoldingInfo
from recordsdesk.ui.formats import when
from recordsdesk.ui.table_model import RowsTableModel


class HoldingModel(RowsTableModel):
    """Volumes out at places, with when they went and when they are due back."""

    columns = (
        ("Location", lambda h: f"{h.location.name} ({h.location.code})"),
        ("MRN", lambda h: h.mrn),
        ("Name", lambda h: h.name),
        ("Volume", lambda h: str(h.volume)),
        ("Barcode", lambda h: h.barcode),
        ("Out since", lambda h: when(h.out_since)),
        ("Due", lambda h: when(h.due) + ("  OVERDUE" if h.overdue else "")),
    )

    def is_problem(self, row: object) -> bool:
        return isinstance(row, HoldingInfo) and row.overdue

    def places(self) -> int:
        return len({h.location.code for h in self.rows})


class AuditModel(RowsTableModel):
    """Audit trail entries, oldest first, as the service gives them."""

    columns = (
        ("#", lambda e: str(e.id)),
        ("When", lambda e: when(e.at)),
        ("User", lambda e: e.username),
        ("Workstation", lambda e: e.workstation),
        ("Action", lambda e: e.action.replace("_", " ")),
        ("MRN", lambda e: e.mrn or ""),
        ("Outcome", lambda e: e.outcome),
        ("Detail", lambda e: e.detail),
    )

    def is_problem(self, row: object) -> bool:
        return isinstance(row, AuditEntry) and row.outcome not in ("", "ok")


class MissingModel(RowsTableModel):
    """Volumes flagged missing, longest missing first, with where they were last recorded."""

    columns = (
        ("Flagged", lambda m: when(m.flagged_at)),
        ("By", lambda m: m.flagged_by),
        ("Barcode", lambda m: m.barcode),
        ("MRN", lambda m: m.mrn),
        ("Name", lambda m: m.name),
        ("Volume", lambda m: str(m.volume)),
        ("Last place", lambda m: m.last_place or "Its home shelf"),
        ("Note", lambda m: m.note),
    )
