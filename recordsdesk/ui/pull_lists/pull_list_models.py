"""A pull list's items, exceptions and forwards as table models (fed from one PullListView)."""

from __future__ import annotations

from recordsdesk.domain.pull_list import Forward, PullException, PullItem, Reason
from recordsdesk.ui.formats import when
from recordsdesk.ui.table_model import RowsTableModel

REASON_WORDS = {
    Reason.OUT: "Out elsewhere",
    Reason.AT_CLINIC: "Already at the clinic",
    Reason.MISSING: "Missing",
    Reason.NO_CHART: "No chart yet",
}


def _hour(item: PullItem | PullException | Forward) -> str:
    return item.time.strftime("%H:%M")


class PullItemModel(RowsTableModel):
    """The charts to take from the shelves, in the order chosen."""

    columns = (
        ("Unit", lambda i: i.unit),
        ("Section", lambda i: i.section),
        ("Shelf", lambda i: i.shelf),
        ("MRN", lambda i: i.mrn),
        ("Name", lambda i: i.name),
        ("Volume", lambda i: i.volume),
        ("Barcode", lambda i: i.barcode),
        ("Clinic", lambda i: f"{i.clinic_name} ({i.clinic_code})"),
        ("Time", _hour),
    )


class PullExceptionModel(RowsTableModel):
    """Charts not on their shelf: why, where they are, since when, and where they are wanted."""

    columns = (
        ("Reason", lambda e: REASON_WORDS.get(e.reason, e.reason.value)),
        ("Where", lambda e: e.where or "—"),
        ("Since", lambda e: when(e.since)),
        ("MRN", lambda e: e.mrn),
        ("Name", lambda e: e.name),
        ("Volume", lambda e: e.volume),
        ("Clinic", lambda e: f"{e.clinic_name} ({e.clinic_code})"),
        ("Time", _hour),
        ("Detail", lambda e: e.detail),
    )

    def is_problem(self, row: object) -> bool:
        return isinstance(row, PullException) and row.reason in (Reason.MISSING, Reason.NO_CHART)


class ForwardModel(RowsTableModel):
    """Later appointments the same day: the chart goes on from one clinic to the next."""

    columns = (
        ("Time", _hour),
        ("MRN", lambda f: f.mrn),
        ("Name", lambda f: f.name),
        ("From", lambda f: f"{f.from_clinic_name} ({f.from_clinic_code})"),
        ("On to", lambda f: f"{f.to_clinic_name} ({f.to_clinic_code})"),
    )
