"""A patient's accounting of disclosures (45 CFR 164.528) as PDF, and as CSV."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date

from recordsdesk.printing.page_furniture import PageHeader
from recordsdesk.printing.table_flow import Column, Part, Row, RowKind, render_parts

# A cell a spreadsheet would read as a formula is written as text.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class AccountingLine:
    """One disclosure as the accounting lists it: date, recipient, what, purpose (164.528(b))."""

    day: date
    recipient: str
    recipient_address: str
    what: str
    purpose: str
    reference: str
    exclusion: str = ""


@dataclass(frozen=True)
class AccountingDocument:
    """The accounting for one patient over a period, with what the rule excludes kept apart."""

    file_room: str
    patient: str
    mrn: str
    since: date
    until: date
    printed: str
    accountable: tuple[AccountingLine, ...]
    excluded: tuple[AccountingLine, ...]


_COLUMNS = (
    Column("Date", 62),
    Column("Recipient", 150, bold=True),
    Column("What was disclosed", 190),
    Column("Purpose", 110),
)
_EXCLUDED_COLUMNS = (
    Column("Date", 62),
    Column("Recipient", 130, bold=True),
    Column("What was disclosed", 150),
    Column("Why it is not accounted", 170),
)


def _entry(cells: tuple[str, ...]) -> Row:
    """One entry as one item row: the table wraps each cell to its column, never cut short,
    through the shaped text path (printing/text.py), and keeps the entry on one page."""
    return Row(RowKind.ITEM, cells)


def _recipient(line: AccountingLine) -> str:
    address = " ".join(line.recipient_address.split())
    return f"{line.recipient}, {address}" if address else line.recipient


def accounting_pdf(doc: AccountingDocument) -> bytes:
    """The accounting as the patient receives it, and the file room's excluded list apart."""
    header = PageHeader(
        f"Accounting of disclosures: {doc.patient} (MRN {doc.mrn})",
        f"{doc.file_room} · disclosures from {doc.since:%d %b %Y} to {doc.until:%d %b %Y} · "
        "45 CFR 164.528",
        f"Printed {doc.printed}",
    )
    rows: list[Row] = [Row(RowKind.TITLE, ("Disclosures of your health information",))]
    if doc.accountable:
        rows.append(Row(RowKind.COLUMNS, tuple(c.caption for c in _COLUMNS), _COLUMNS))
        for a in doc.accountable:
            cells = (f"{a.day:%Y-%m-%d}", _recipient(a), a.what, a.purpose)
            rows.append(_entry(cells))
    else:
        rows.append(Row(RowKind.NOTE, ("No disclosures that the accounting must list.",)))
    kept: list[Row] = [
        Row(RowKind.TITLE, ("Kept apart: not part of the accounting (164.528(a)(1))",)),
        Row(
            RowKind.NOTE,
            ("Disclosures the rule leaves out of the accounting, each with its paragraph.",),
        ),
    ]
    if doc.excluded:
        kept.append(
            Row(RowKind.COLUMNS, tuple(c.caption for c in _EXCLUDED_COLUMNS), _EXCLUDED_COLUMNS)
        )
        for e in doc.excluded:
            cells = (f"{e.day:%Y-%m-%d}", _recipient(e), e.what, e.exclusion)
            kept.append(_entry(cells))
    else:
        kept.append(Row(RowKind.NOTE, ("None in this period.",)))
    # One run of pages: the part kept apart follows under its own title, on a new page only
    # when the first part fills one.
    part = Part(header, (*rows, Row(RowKind.NOTE, ("",)), *kept))
    return render_parts(f"Accounting of disclosures {doc.mrn}", [part], doc.file_room)


def _cell(value: str) -> str:
    return f"'{value}" if value.startswith(_FORMULA_STARTS) else value


def accounting_csv(doc: AccountingDocument) -> bytes:
    """One line a disclosure: accountable ones, then those kept apart with the reason."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            "accountable",
            "date",
            "recipient",
            "recipient_address",
            "what",
            "purpose",
            "reference",
            "excluded_by",
        ]
    )
    for flag, lines in (("yes", doc.accountable), ("no", doc.excluded)):
        for line in lines:
            writer.writerow(
                [
                    _cell(v)
                    for v in (
                        flag,
                        f"{line.day:%Y-%m-%d}",
                        line.recipient,
                        line.recipient_address,
                        line.what,
                        line.purpose,
                        line.reference,
                        line.exclusion,
                    )
                ]
            )
    return out.getvalue().encode("utf-8")
