"""Qt table models over the retention services' answers."""

from __future__ import annotations

from typing import Any

from recordsdesk.services.retention.dto import (
    BatchInfo,
    BatchLine,
    BoxInfo,
    BoxLine,
    Candidate,
    HoldInfo,
)
from recordsdesk.ui.table_model import RowsTableModel


def _day(value: Any) -> str:
    return f"{value:%Y-%m-%d}" if value else ""


def _inches(row: Any) -> str:
    # Measured thicknesses as they are; the site's usual figure marked as an estimate.
    return f"{row.inches:g}" if row.measured else f"~{row.inches:g}"


class CandidateModel(RowsTableModel):
    """Retirement candidates in walk order."""

    columns = (
        ("Unit", lambda c: c.unit),
        ("Shelf", lambda c: c.shelf),
        ("Patient", lambda c: c.name),
        ("MRN", lambda c: c.mrn),
        ("Volume", lambda c: c.volume),
        ("Type", lambda c: c.record_type),
        ("Barcode", lambda c: c.barcode),
        ("Inches", _inches),
        ("Last used", lambda c: _day(c.last_activity)),
        ("Off-site from", lambda c: _day(c.retire_from)),
        ("Kept until", lambda c: _day(c.keep_until) or "permanent"),
        ("Rule", lambda c: c.rule),
    )

    def candidate_at(self, row: int) -> Candidate:
        found: Candidate = self.rows[row]
        return found


class BoxListModel(RowsTableModel):
    """The boxes not destroyed, newest first."""

    columns = (
        ("Box", lambda b: b.barcode),
        ("Where", lambda b: b.where),
        ("Opened", lambda b: _day(b.created_at)),
        ("By", lambda b: b.created_by),
        ("Note", lambda b: b.note),
    )

    def box_at(self, row: int) -> BoxInfo:
        found: BoxInfo = self.rows[row]
        return found


class BoxContentsModel(RowsTableModel):
    """What one box holds, in filing order."""

    columns = (
        ("Shelf", lambda v: v.shelf),
        ("Patient", lambda v: v.name),
        ("MRN", lambda v: v.mrn),
        ("Volume", lambda v: v.volume),
        ("Type", lambda v: v.record_type),
        ("Barcode", lambda v: v.barcode),
        ("Inches", _inches),
        ("Packed", lambda v: f"{_day(v.packed_at)} by {v.packed_by}"),
    )

    def line_at(self, row: int) -> BoxLine:
        found: BoxLine = self.rows[row]
        return found


class HoldModel(RowsTableModel):
    """Legal holds, newest first; released ones greyed by their state column."""

    columns = (
        ("#", lambda h: str(h.id)),
        ("Covers", lambda h: h.covers),
        ("Reason", lambda h: h.reason),
        ("Placed", lambda h: f"{_day(h.placed_at)} by {h.placed_by}"),
        ("State", lambda h: "in force" if h.active else f"released by {h.released_by}"),
    )

    def hold_at(self, row: int) -> HoldInfo:
        found: HoldInfo = self.rows[row]
        return found


class BatchModel(RowsTableModel):
    """Destruction batches, newest first."""

    columns = (
        ("Batch", lambda b: str(b.id)),
        ("State", lambda b: b.status),
        ("Volumes", lambda b: f"{b.destroyed} of {len(b.lines)} destroyed"),
        ("Method", lambda b: b.method),
        ("Proposed", lambda b: f"{_day(b.proposed_at)} by {b.proposed_by}"),
        (
            "Approved",
            lambda b: f"{_day(b.approved_at)} by {b.approved_by}" if b.approved_by else "",
        ),
    )

    def batch_at(self, row: int) -> BatchInfo:
        found: BatchInfo = self.rows[row]
        return found


class BatchLineModel(RowsTableModel):
    """The volumes of one batch."""

    columns = (
        ("Patient", lambda line: line.name),
        ("MRN", lambda line: line.mrn),
        ("Volume", lambda line: line.volume),
        ("Barcode", lambda line: line.barcode),
        ("Box", lambda line: line.box or ""),
        ("Rule", lambda line: line.rule),
        ("Kept until", lambda line: _day(line.keep_until)),
        ("Destroyed", lambda line: _day(line.destroyed_at) or "to do"),
    )

    def is_problem(self, row: Any) -> bool:
        line: BatchLine = row
        return line.destroyed_at is None


class RuleModel(RowsTableModel):
    """The site's retention rules."""

    columns = (
        ("Record type", lambda r: r.record_type or "(every other)"),
        ("Rule", lambda r: r.name),
        ("Keeps", lambda r: r.description),
        (
            "Off-site after",
            lambda r: f"{r.retire_after_years} years" if r.retire_after_years else "never",
        ),
        ("Citation", lambda r: r.citation),
    )


class YearModel(RowsTableModel):
    """Volumes and shelf by the year their retention ends."""

    columns = (
        ("Kept until", lambda y: str(y.year) if y.year else "permanent / no rule"),
        ("Volumes", lambda y: f"{y.volumes:,}"),
        ("Shelf inches", lambda y: f"{y.inches:,.1f}"),
    )
