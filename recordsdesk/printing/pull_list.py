"""The printed pull list: charts in shelf-walk order under unit and section headings, tick boxes,
the charts not on their shelf, and a routing sheet per clinic."""

from __future__ import annotations

from datetime import datetime, time
from itertools import groupby

from recordsdesk.printing.documents import (
    PullListDocument,
    PullListException,
    PullListItem,
    RoutingSheet,
)
from recordsdesk.printing.page_furniture import PageHeader
from recordsdesk.printing.table_flow import Column, Part, Row, RowKind, render_parts

ITEM_COLUMNS = (
    Column("", 20),
    Column("MRN", 62, bold=True),
    Column("Name", 134),
    Column("Vol", 36),
    Column("Shelf", 80),
    Column("Clinic", 94),
    Column("Time", 58),
    Column("Barcode", 56),
)
EXCEPTION_COLUMNS = (
    Column("MRN", 62, bold=True),
    Column("Name", 130),
    Column("Reason", 100),
    Column("Where", 110),
    Column("Since", 62),
    Column("Needed", 76),
)
ROUTING_COLUMNS = (
    Column("", 20),
    Column("Time", 44, bold=True),
    Column("MRN", 62, bold=True),
    Column("Name", 150),
    Column("Vol", 36),
    Column("Provider", 100),
    Column("Note", 128),
)


def _clock(moment: time | None) -> str:
    return f"{moment:%H:%M}" if moment else ""


def _since(moment: datetime | None) -> str:
    return f"{moment:%d %b %H:%M}" if moment else ""


def _charts(count: int) -> str:
    return f"{count} chart" if count == 1 else f"{count} charts"


def _item_rows(items: tuple[PullListItem, ...]) -> list[Row]:
    rows = [Row(RowKind.COLUMNS, (), ITEM_COLUMNS)]
    # Items arrive in walk order; consecutive runs of a unit, then a section, form the groups.
    for unit, unit_items in groupby(items, key=lambda item: item.unit):
        in_unit = list(unit_items)
        rows.append(Row(RowKind.BAND, (unit, _charts(len(in_unit)))))
        for section, section_items in groupby(in_unit, key=lambda item: item.section):
            in_section = list(section_items)
            rows.append(Row(RowKind.SUBBAND, (f"Section {section}", _charts(len(in_section)))))
            for item in in_section:
                when = _clock(item.time) + (" STAT" if item.stat else "")
                cells = (
                    "",
                    item.mrn_groups,
                    item.name,
                    item.volume,
                    item.shelf,
                    item.clinic,
                    when,
                    item.barcode,
                )
                rows.append(Row(RowKind.ITEM, cells, tick=True, strong=item.stat))
    return rows


def _exception_rows(exceptions: tuple[PullListException, ...]) -> list[Row]:
    rows = [
        Row(RowKind.TITLE, (f"Not on the shelf ({len(exceptions)})",)),
        Row(RowKind.COLUMNS, (), EXCEPTION_COLUMNS),
    ]
    for entry in exceptions:
        # The time first: a long clinic name wraps under it, never pushes it off the row.
        needed = " ".join(part for part in (_clock(entry.time), entry.clinic) if part)
        cells = (
            entry.mrn_groups,
            entry.name,
            entry.reason,
            entry.where,
            _since(entry.since),
            needed,
        )
        rows.append(Row(RowKind.ITEM, cells))
    return rows


def _header(document: PullListDocument, title: str, subtitle: str) -> PageHeader:
    return PageHeader(title, subtitle, f"Printed {document.printed_at:%d %b %Y %H:%M}")


def _main_part(document: PullListDocument) -> Part:
    title = f"Pull list for {document.date:%A %d %B %Y}"
    if document.updates_only:
        title += " (updates only)"
    facts = [
        document.file_room,
        f"{_charts(len(document.items))} to pull",
        f"{len(document.exceptions)} not on the shelf",
    ]
    if document.routing_sheets:
        sheets = len(document.routing_sheets)
        facts.append(f"{sheets} routing sheet" + ("" if sheets == 1 else "s"))
    rows: list[Row] = []
    if document.items:
        rows += _item_rows(document.items)
    else:
        rows.append(Row(RowKind.NOTE, ("No charts to pull.",)))
    if document.exceptions:
        rows += _exception_rows(document.exceptions)
    return Part(_header(document, title, " · ".join(facts)), tuple(rows))


def _routing_part(document: PullListDocument, sheet: RoutingSheet) -> Part:
    title = f"Routing sheet: {sheet.clinic}"
    subtitle = (
        f"{document.date:%A %d %B %Y} · {document.file_room} · "
        f"{_charts(len(sheet.entries))}, in appointment order"
    )
    rows = [Row(RowKind.COLUMNS, (), ROUTING_COLUMNS)]
    for entry in sheet.entries:
        cells = (
            "",
            _clock(entry.time),
            entry.mrn_groups,
            entry.name,
            entry.volume,
            entry.provider,
            entry.note,
        )
        rows.append(Row(RowKind.ITEM, cells, tick=True))
    if not sheet.entries:
        rows.append(Row(RowKind.NOTE, ("No charts for this clinic.",)))
    return Part(_header(document, title, subtitle), tuple(rows))


def pull_list_pdf(document: PullListDocument) -> bytes:
    """The pull list and its routing sheets as one PDF, pages numbered 'page x of y'."""
    parts = [_main_part(document)]
    parts += [_routing_part(document, sheet) for sheet in document.routing_sheets]
    note = f"RecordsDesk pull list · {document.file_room} · {document.date:%d %b %Y}"
    return render_parts(f"Pull list {document.date:%Y-%m-%d}", parts, note)
