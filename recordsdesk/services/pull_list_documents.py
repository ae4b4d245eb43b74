"""A pull list as the printer and the spreadsheet take it: walk-order items, exceptions,
clinic routing sheets, CSV."""

from __future__ import annotations

import csv
import io
from datetime import datetime

from recordsdesk.domain.filing import shelf_position
from recordsdesk.domain.spreadsheet import neutralise_row
from recordsdesk.printing.documents import (
    PullListDocument,
    PullListException,
    PullListItem,
    RoutingEntry,
    RoutingSheet,
)
from recordsdesk.services.pull_lists import PullListView
from recordsdesk.services.site_settings import SiteSettings


def pull_list_document(
    view: PullListView, settings: SiteSettings, now: datetime
) -> PullListDocument:
    """The printable form of a pull list: items by unit and section, exceptions, routing."""
    groups = {mrn: shelf_position(mrn, settings.filing).groups for mrn in pull_list_mrns(view)}
    items = tuple(
        PullListItem(
            unit=i.unit,
            section=i.section,
            mrn_groups=groups[i.mrn],
            name=i.name,
            volume=i.volume,
            barcode=i.barcode,
            shelf=i.shelf,
            clinic=i.clinic_name,
            time=i.time.time(),
        )
        for i in view.pull_list.items
    )
    exceptions = tuple(
        PullListException(
            mrn_groups=groups[e.mrn],
            name=e.name,
            reason=e.detail,
            where=e.where,
            since=e.since.astimezone() if e.since else None,
            clinic=e.clinic_name,
            time=e.time.time(),
        )
        for e in view.pull_list.exceptions
    )
    return PullListDocument(
        date=view.day,
        file_room=view.file_room,
        printed_at=now,
        items=items,
        exceptions=exceptions,
        routing_sheets=routing_sheets(view, groups),
        updates_only=view.updates_only,
    )


def pull_list_mrns(view: PullListView) -> tuple[str, ...]:
    """Every patient a pull list names."""
    pull = view.pull_list
    named = [i.mrn for i in pull.items] + [e.mrn for e in pull.exceptions]
    return tuple(dict.fromkeys(named + [f.mrn for f in pull.forwards]))


def routing_sheets(view: PullListView, groups: dict[str, str]) -> tuple[RoutingSheet, ...]:
    """Per clinic, the charts it receives in appointment order, with where they go next."""
    entries: dict[str, list[tuple[datetime, RoutingEntry]]] = {}
    pull = view.pull_list
    for item in pull.items:
        onward = [
            f for f in pull.forwards if f.mrn == item.mrn and f.from_clinic_code == item.clinic_code
        ]
        note = "; ".join(f"then to {f.to_clinic_name} {f.time:%H:%M}" for f in onward)
        entries.setdefault(item.clinic_name, []).append(
            (
                item.time,
                RoutingEntry(
                    item.time.time(),
                    groups[item.mrn],
                    item.name,
                    item.volume,
                    view.providers.get(item.appointment_id, ""),
                    note,
                ),
            )
        )
    for forward in pull.forwards:
        entries.setdefault(forward.to_clinic_name, []).append(
            (
                forward.time,
                RoutingEntry(
                    forward.time.time(),
                    groups[forward.mrn],
                    forward.name,
                    "",
                    view.providers.get(forward.appointment_id, ""),
                    f"arrives from {forward.from_clinic_name}",
                ),
            )
        )
    return tuple(
        RoutingSheet(clinic, tuple(e for _, e in sorted(rows, key=lambda r: (r[0], r[1].name))))
        for clinic, rows in sorted(entries.items())
    )


def pull_list_csv(view: PullListView) -> bytes:
    """The pull list as CSV: items in walk order, then the exceptions; no cell can be read
    as a spreadsheet formula."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            "kind",
            "unit",
            "section",
            "shelf",
            "mrn",
            "name",
            "volume",
            "barcode",
            "clinic",
            "time",
            "reason",
            "where",
        ]
    )
    for i in view.pull_list.items:
        writer.writerow(
            neutralise_row(
                [
                    "pull",
                    i.unit,
                    i.section,
                    i.shelf,
                    i.mrn,
                    i.name,
                    i.volume,
                    i.barcode,
                    i.clinic_code,
                    i.time.strftime("%H:%M"),
                    "",
                    "",
                ]
            )
        )
    for e in view.pull_list.exceptions:
        writer.writerow(
            neutralise_row(
                [
                    "exception",
                    "",
                    "",
                    "",
                    e.mrn,
                    e.name,
                    e.volume,
                    e.barcode,
                    e.clinic_code,
                    e.time.strftime("%H:%M"),
                    e.reason.value,
                    e.where,
                ]
            )
        )
    return out.getvalue().encode("utf-8")
