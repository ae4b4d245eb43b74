"""The release documents: cover letter, disclosure log sheet, accounting as PDF and CSV."""

from __future__ import annotations

import csv
import io
from datetime import date

from recordsdesk.printing.release_accounting import (
    AccountingDocument,
    AccountingLine,
    accounting_csv,
    accounting_pdf,
)
from recordsdesk.printing.release_letters import (
    CoverLetter,
    LogSheet,
    cover_letter_pdf,
    log_sheet_pdf,
)
from tests.printing.pages import fonts_all_embedded, ink_box, page_count, page_texts, render

LONG_WHAT = (
    "Discharge summaries, operative notes and pathology reports of the admissions of March "
    "2025 and June 2025, with the radiology reports of the same admissions, and the "
    "medication administration record of the second admission"
)


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_the_cover_letter_says_who_what_why_and_the_fee() -> None:
    letter = CoverLetter(
        file_room="St Elsewhere file room",
        reference="ROI-000012",
        letter_date=date(2026, 1, 8),
        recipient="Hale & Partners LLP",
        recipient_address="12 Court Street\nSpringfield",
        patient="ØSTERGÅRD, Łukasz",
        mrn="000042",
        dob="1 May 1970",
        received_on=date(2026, 1, 5),
        what=LONG_WHAT,
        purpose="Personal injury claim",
        pages=84,
        fee="$36.00",
        held_back=("Psychotherapy notes (164.508(a)(2))",),
        part_2_notice=True,
        clerk="cleo",
    )
    pdf = cover_letter_pdf(letter)
    text = _flat(" ".join(page_texts(pdf)))
    for expected in (
        "Hale & Partners LLP",
        "12 Court Street",
        "Re: ØSTERGÅRD, Łukasz, MRN 000042, born 1 May 1970",
        "ROI-000012",
        "Pages enclosed: 84. Fee: $36.00.",
        "Not enclosed",
        "Psychotherapy notes",
        "42 CFR part 2",
        "medication administration record of the second admission",
        "Released by cleo",
    ):
        assert expected in text, expected
    embedded, total = fonts_all_embedded(pdf)
    assert embedded == total
    box = ink_box(render(pdf, 0, 72))
    assert box is not None and box[2] < 612 - 30  # inside the right margin


def test_the_log_sheet_keeps_the_checklist_and_authorisation() -> None:
    sheet = LogSheet(
        file_room="St Elsewhere file room",
        reference="ROI-000012",
        facts=(("Patient", "SMITH, John, MRN 123456"), ("Audit entry", "#41")),
        checklist=(("identity of the requester verified", True, "bar card"), ("other", False, "")),
        authorisation=(("Purpose", "Personal injury claim"), ("Statements", "MISSING")),
        printed="2026-01-08 10:00",
    )
    pdf = log_sheet_pdf(sheet)
    text = _flat(page_texts(pdf)[0])
    for expected in (
        "Disclosure log sheet ROI-000012",
        "SMITH, John, MRN 123456",
        "#41",
        "identity of the requester verified: bar card",
        "Personal injury claim",
        "MISSING",
        "Checked by",
    ):
        assert expected in text, expected


def _accounting(n: int) -> AccountingDocument:
    line = AccountingLine(
        date(2026, 1, 8),
        "Superior Court of Springfield",
        "1 Justice Way, Springfield",
        LONG_WHAT,
        "Judicial proceedings (164.512(e))",
        "ROI-000001",
    )
    kept = AccountingLine(
        date(2026, 1, 7),
        '=HYPERLINK("http://x")',
        "",
        "Copy of own record",
        "Patient's right of access (164.524)",
        "ROI-000002",
        "164.528(a)(1)(ii): to the individual",
    )
    return AccountingDocument(
        "St Elsewhere file room",
        "SMITH, John",
        "123456",
        date(2020, 1, 9),
        date(2026, 1, 9),
        "2026-01-09 09:00",
        (line,) * n,
        (kept,),
    )


def test_the_accounting_lists_every_entry_in_full_and_the_excluded_apart() -> None:
    pdf = accounting_pdf(_accounting(1))
    text = _flat(" ".join(page_texts(pdf)))
    assert "Accounting of disclosures: SMITH, John (MRN 123456)" in text
    # The recipient and their address, wrapped in their column and whole (where the lines
    # break follows the font: Noto Sans since printing for every script).
    assert "Superior Court of Springfield, 1 Justice Way, Springfield" in text
    assert "medication administration record of the second admission" in text  # wrapped, whole
    assert "Kept apart: not part of the accounting" in text
    assert "164.528(a)(1)(ii): to the individual" in text
    long = accounting_pdf(_accounting(60))
    assert page_count(long) > 2
    assert "DATE RECIPIENT" in page_texts(long)[1]  # the column captions repeat on a new page


def test_the_accounting_csv_is_one_line_a_disclosure_and_carries_no_formula() -> None:
    rows = list(csv.reader(io.StringIO(accounting_csv(_accounting(2)).decode("utf-8"))))
    assert rows[0][:3] == ["accountable", "date", "recipient"]
    assert [r[0] for r in rows[1:]] == ["yes", "yes", "no"]
    assert rows[3][2] == '\'=HYPERLINK("http://x")'
    assert rows[1][4] == LONG_WHAT
