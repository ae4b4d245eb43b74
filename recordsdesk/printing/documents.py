"""What each printed document says: plain frozen data handed in by the services."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time

from recordsdesk.domain.barcodes import Command, command_barcode


@dataclass(frozen=True)
class ChartLabel:
    """The label on one volume's folder."""

    name: str
    mrn_groups: str  # the MRN written in filing groups, "12-34-56"
    dob: date
    volume_number: int
    volume_count: int
    record_type: str
    barcode: str  # the volume's barcode value, "V0001234"
    colour_digits: str  # the primary digits (and optionally the next), "56" or "564"
    year: int | None = None  # the year band, if the site uses one
    mrn: str = ""  # the MRN as stored, for the record of who printed whose labels


@dataclass(frozen=True)
class BarcodeCard:
    """A place's or a person's card on a barcode sheet: scanned at the desk to choose them."""

    code: str
    name: str
    barcode: str  # "L-CARD" or "P-JSMITH"


@dataclass(frozen=True)
class CommandCard:
    """One command on the desk's command sheet ("Return", scanned to switch modes)."""

    label: str
    barcode: str


def standard_command_cards() -> tuple[CommandCard, ...]:
    """The desk's commands, in the order they hang at the desk."""
    labels = {
        Command.CHECK_OUT: "Check out",
        Command.RETURN: "Return",
        Command.TRANSFER: "Transfer",
        Command.UNDO: "Undo last scan",
    }
    return tuple(CommandCard(labels[command], command_barcode(command)) for command in Command)


@dataclass(frozen=True)
class OutguideCard:
    """The card left in a chart's shelf slot: where the chart went, when and by whom."""

    patient_name: str
    mrn_groups: str
    volume: str  # "2 of 3"
    to_name: str
    to_code: str
    when: datetime
    by: str
    due: datetime | None = None
    to_barcode: str = ""  # the destination's location barcode, printed when given


@dataclass(frozen=True)
class PullListItem:
    """A chart to take off the shelf; items come in walk order."""

    unit: str  # the shelving unit, "Unit 7"
    section: str  # the filing section, "32"
    mrn_groups: str
    name: str
    volume: str  # "2 of 3"
    barcode: str
    shelf: str  # where on the shelf, as the room labels it
    clinic: str
    time: time | None = None
    stat: bool = False


@dataclass(frozen=True)
class PullListException:
    """A chart that is not on its shelf: out elsewhere, missing, or not made yet."""

    mrn_groups: str
    name: str
    reason: str
    where: str = ""
    since: datetime | None = None
    clinic: str = ""
    time: time | None = None


@dataclass(frozen=True)
class RoutingEntry:
    """A chart going to one clinic, in appointment order."""

    time: time | None
    mrn_groups: str
    name: str
    volume: str
    provider: str = ""
    note: str = ""  # "then to Cardiology 14:00", "arrives from Orthopaedics"


@dataclass(frozen=True)
class RoutingSheet:
    """The charts one clinic receives, in appointment order."""

    clinic: str
    entries: tuple[RoutingEntry, ...]


@dataclass(frozen=True)
class PullListDocument:
    """A day's pull list: items in walk order, the exceptions, and a routing sheet per clinic."""

    date: date
    file_room: str
    printed_at: datetime
    items: tuple[PullListItem, ...]
    exceptions: tuple[PullListException, ...] = ()
    routing_sheets: tuple[RoutingSheet, ...] = field(default=())
    updates_only: bool = False
