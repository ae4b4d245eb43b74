"""The printed pull list: walk order under unit and section headings, exceptions, routing sheets."""

from __future__ import annotations

import itertools
import re
from dataclasses import replace
from datetime import date, datetime, time

from recordsdesk.printing.documents import (
    PullListDocument,
    PullListException,
    PullListItem,
    RoutingEntry,
    RoutingSheet,
)
from recordsdesk.printing.pull_list import pull_list_pdf
from tests.printing.pages import fonts_all_embedded, ink_box, page_count, page_texts, render


def _items(count: int) -> tuple[PullListItem, ...]:
    items = []
    for index in range(count):
        unit = 7 + index // 40
        section = 30 + index // 12
        items.append(
            PullListItem(
                unit=f"Unit {unit}",
                section=f"{section:02d}",
                mrn_groups=f"{index % 90 + 10:02d}-{index % 97:02d}-{section:02d}",
                name=("Nguyễn Thị Ánh", "Øyvind Ødegård", "Łucja Wałęsa", "Jürgen Müller")[
                    index % 4
                ],
                volume="1 of 2",
                barcode=f"V{index + 1:07d}",
                shelf=f"U{unit} S{section} shelf {index % 6 + 1}",
                clinic=("Cardiology", "Renal")[index % 2],
                time=time(8 + index % 9, 0),
                stat=index == 5,
            )
        )
    return tuple(items)


def _document(items: tuple[PullListItem, ...], **extra: object) -> PullListDocument:
    return PullListDocument(
        date=date(2025, 6, 3),
        file_room="Main file room",
        printed_at=datetime(2025, 6, 2, 22, 0),
        items=items,
        **extra,  # type: ignore[arg-type]
    )


def test_items_print_in_walk_order_under_unit_and_section_headings() -> None:
    items = _items(100)
    pdf = pull_list_pdf(_document(items))
    pages = page_texts(pdf)
    text = "\n".join(pages)
    # Every barcode value is on the list, in the order given (walk order).
    positions = [text.index(item.barcode) for item in items]
    assert positions == sorted(positions)
    # Each unit and section is introduced by a heading before its first chart.
    assert text.index("Unit 7 · 40 charts") < text.index("V0000001")
    assert text.index("Section 30 · 12 charts") < text.index("V0000001")
    assert text.index("Unit 8 · 40 charts") < text.index("V0000041") > text.index("V0000040")
    total = page_count(pdf)
    assert total >= 3
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {total}" in page
        assert "Pull list for Tuesday 03 June 2025" in page
        assert "Main file room · 100 charts to pull · 0 not on the shelf" in page
        assert "Printed 02 Jun 2025 22:00" in page
    # A unit running over a page break is repeated, marked as continued.
    assert "(continued)" in "\n".join(pages[1:])
    assert "08:00 STAT" in text or "13:00 STAT" in text
    descriptors, files = fonts_all_embedded(pdf)
    assert descriptors == files >= 1


def test_every_chart_row_has_a_tick_box() -> None:
    items = _items(10)
    pdf = pull_list_pdf(_document(items))
    image = render(pdf, 0, 150)
    text = page_texts(pdf)[0]
    assert all(item.mrn_groups in text for item in items)
    # The tick boxes are drawn in the column left of the MRN: count their outlines down the page.
    column = image.crop((round(0.5 * 150) + 2, 0, round(0.5 * 150) + 22, image.height))
    rows_with_ink = [y for y in range(column.height) if ink_box(column.crop((0, y, 20, y + 1)))]
    boxes = 1 + sum(1 for a, b in itertools.pairwise(rows_with_ink) if b - a > 3)
    # Heading bands also reach into the column: ten boxes at least, and no chart without one.
    assert boxes >= len(items)


def test_exceptions_and_routing_sheets() -> None:
    exceptions = (
        PullListException(
            "12-34-56",
            "Nguyễn Thị Ánh",
            "Out",
            "Renal clinic (REN)",
            datetime(2025, 6, 1, 14, 0),
            "Cardiology",
            time(9, 30),
        ),
        PullListException("22-33-44", "Øyvind Ødegård", "Missing", since=datetime(2025, 5, 20, 9)),
        PullListException("99-00-01", "Zoë Brontë", "Booked, no chart yet"),
    )
    sheets = (
        RoutingSheet(
            "Cardiology",
            (
                RoutingEntry(
                    time(8, 0),
                    "10-00-30",
                    "Nguyễn Thị Ánh",
                    "1 of 2",
                    "Dr Łoś",
                    "then to Renal 14:00",
                ),
                RoutingEntry(time(9, 30), "11-01-30", "Jürgen Müller", "1 of 1"),
            ),
        ),
        RoutingSheet(
            "Renal",
            (
                RoutingEntry(
                    time(14, 0),
                    "10-00-30",
                    "Nguyễn Thị Ánh",
                    "1 of 2",
                    "",
                    "arrives from Cardiology",
                ),
            ),
        ),
    )
    pdf = pull_list_pdf(_document(_items(5), exceptions=exceptions, routing_sheets=sheets))
    pages = page_texts(pdf)
    assert len(pages) == 3
    assert "Not on the shelf (3)" in pages[0]
    for expected in (
        "Renal clinic (REN)",
        "Missing",
        "Booked, no chart yet",
        "01 Jun 14:00",
        "09:30 Cardiology",
    ):
        assert expected in pages[0]
    assert "3 not on the shelf · 2 routing sheets" in pages[0]
    assert "Routing sheet: Cardiology" in pages[1]
    assert pages[1].index("08:00") < pages[1].index("09:30")
    assert "then to Renal 14:00" in pages[1] and "Dr Łoś" in pages[1]
    assert "Routing sheet: Renal" in pages[2] and "arrives from Cardiology" in pages[2]
    assert "Page 3 of 3" in pages[2]


def test_empty_and_updates_only_lists() -> None:
    pdf = pull_list_pdf(_document((), updates_only=True))
    text = page_texts(pdf)[0]
    assert "(updates only)" in text
    assert "No charts to pull." in text
    assert re.search(r"Page 1 of 1", text)


def test_a_walk_list_wraps_long_text_in_one_type_size_and_always_shows_the_time() -> None:
    long_clinic = "Paediatric Cardiothoracic Surgery Outpatients, Level 4 East Wing"
    exceptions = (
        PullListException(
            "12-34-56",
            "WOLFESCHLEGELSTEINHAUSENBERGERDORFF, Hubert Blaine",
            "Checked out to another clinic and not returned since the weekend",
            where=long_clinic,
            since=datetime(2025, 6, 1, 14, 0),
            clinic=long_clinic,
            time=time(16, 45),
        ),
    )
    document = replace(_document(()), exceptions=exceptions)
    pdf = pull_list_pdf(document)
    text = " ".join(page_texts(pdf)[0].split())
    assert "16:45" in text
    for word in ("weekend", "Wing", "Blaine"):
        assert word in text  # wrapped, not cut
    assert "…" not in text  # nothing was cut short


def test_table_cells_wrap_at_one_size() -> None:
    from recordsdesk.printing.table_flow import (
        CELL_SIZE,
        Column,
        Row,
        RowKind,
        cell_lines,
        row_height,
    )

    columns = (Column("Reason", 60),)
    row = Row(RowKind.ITEM, ("a reason long enough to need three lines or more",))
    lines = cell_lines(row, columns)[0]
    assert len(lines) >= 3 and " ".join(lines) == row.cells[0]
    assert row_height(row, columns) > RowKind.ITEM.height
    assert CELL_SIZE == 9.0
