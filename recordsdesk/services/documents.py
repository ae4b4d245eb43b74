"""Printed documents: chart labels, barcode and command sheets, outguides, pull lists; to a
file or a printer, each one a record of who printed which patients' data."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from sqlalchemy import select

from recordsdesk.domain.errors import InvalidInput, NotFound
from recordsdesk.domain.filing import shelf_position
from recordsdesk.domain.mrn import normalize_mrn
from recordsdesk.printing.calibration import calibration_pdf
from recordsdesk.printing.documents import (
    BarcodeCard,
    ChartLabel,
    OutguideCard,
)
from recordsdesk.printing.fitness import fitness_warning
from recordsdesk.printing.labels import render_chart_labels
from recordsdesk.printing.outguide import outguides_pdf
from recordsdesk.printing.printers import default_queue, send_to_printer
from recordsdesk.printing.pull_list import pull_list_pdf
from recordsdesk.printing.saving import refuse_unsafe_target, save_document
from recordsdesk.printing.settings import PrinterOffset, PrintSettings, Symbology
from recordsdesk.printing.sheets import barcode_sheet_pdf, command_sheet_pdf
from recordsdesk.printing.stocks import StockKind, all_stocks, stock_by_name
from recordsdesk.services.actors import Actor, Clock, Permission
from recordsdesk.services.audit import AuditAction, AuditTrail
from recordsdesk.services.locations import LocationKind, location_info
from recordsdesk.services.pull_list_documents import pull_list_document, pull_list_mrns
from recordsdesk.services.pull_lists import PullListView
from recordsdesk.services.registry import find_patient
from recordsdesk.services.site_settings import SiteSettings, load_settings
from recordsdesk.storage.models import Chart, Location, Movement, Patient, RecordType, User, Volume
from recordsdesk.storage.unit_of_work import Database


@dataclass(frozen=True)
class StockInfo:
    """A label stock the desk can print on: its name, a description, labels to a page."""

    name: str
    description: str
    per_page: int
    warning: str = ""  # why labels on it are marginal, said before printing


@dataclass(frozen=True)
class Document:
    """A rendered document: its bytes, its kind (pdf or zpl), and the patients it names."""

    data: bytes
    kind: str
    title: str
    mrns: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()  # e.g. a marginal label stock, shown before printing
    # Where it prints when no queue is named: the site's list printer for a list (pull list...);
    # empty for the rest, which go to the workstation's default queue.
    printer: str = ""

    @property
    def raw(self) -> bool:
        """Whether a printer takes it as is (ZPL) rather than as a PDF."""
        return self.kind == "zpl"


def print_settings(
    settings: SiteSettings, printer: str | None = None, dpi: int = 0
) -> PrintSettings:
    """How the site prints: its symbology, palette, the printer's calibration offset, its
    resolution (dpi: 0 takes the stock's usual one) and the thermal block style."""
    name = settings.barcode_symbology + ("-check" if settings.code39_check else "")
    symbology = Symbology.from_setting(name if name != "code128-check" else "code128")
    x, y = settings.printer_offsets.get(printer or "", (0.0, 0.0))
    return PrintSettings(
        symbology=symbology,
        palette=settings.palette,
        offset=PrinterOffset(x, y),
        dots_per_inch=dpi or settings.printer_dpi.get(printer or "", 0),
        thermal_blocks=settings.thermal_blocks,
    )


def _label(
    volume: Volume, count: int, patient: Patient, kind: str, settings: SiteSettings
) -> ChartLabel:
    if patient.dob is None:
        raise InvalidInput(
            f"Patient {patient.mrn} has no date of birth on file: add it before printing labels."
        )
    position = shelf_position(patient.mrn, settings.filing)
    digits = position.display.replace("-", "")[: settings.colour_digits] if position.numeric else ""
    return ChartLabel(
        name=f"{patient.family_name.upper()}, {patient.given_name}",
        mrn_groups=position.groups,
        dob=patient.dob,
        volume_number=volume.number,
        volume_count=count,
        record_type=kind,
        barcode=volume.barcode,
        colour_digits=digits,
        year=None,
        mrn=patient.mrn,
    )


class DocumentService:
    """Making the file room's printed documents, and sending them to a file or a printer.

    Every document that leaves the desk (printed or saved) is recorded in the audit trail, once
    for each patient it names, so that a patient's accounting shows who printed what of theirs.
    """

    def __init__(self, db: Database, clock: Clock, trail: AuditTrail) -> None:
        self._db = db
        self._clock = clock
        self._trail = trail

    def record_export(
        self,
        actor: Actor,
        title: str,
        mrns: Sequence[str],
        how: str,
        action: str = AuditAction.EXPORTED,
    ) -> None:
        """Record that ``title``, naming ``mrns``, left the desk (``how``: a file, a printer)."""
        with self._db.writing() as uow:
            detail = f"{title} -> {how}"
            who = {"username": actor.username, "workstation": actor.workstation}
            entries = [{**who, "action": action, "mrn": mrn, "detail": detail} for mrn in mrns]
            # One entry per patient named, in one statement (a thousand labels, one INSERT).
            self._trail.record_many(
                uow.session,
                list({e["mrn"]: e for e in entries}.values())
                or [{**who, "action": action, "detail": detail}],
            )
            uow.commit()

    def chart_labels(
        self,
        actor: Actor,
        *,
        mrns: Sequence[str] = (),
        new_since: date | None = None,
        barcodes: Sequence[str] = (),
        volume: int | None = None,
    ) -> list[ChartLabel]:
        """Labels for the named patients' volumes, or volumes opened since a day, or barcodes."""
        actor.require(Permission.PRINT)
        if not mrns and new_since is None and not barcodes:
            raise InvalidInput(
                "Say which labels: MRNs, volume barcodes, or a date for new volumes."
            )
        with self._db.reading() as uow:
            session = uow.session
            settings = load_settings(session)
            query = (
                select(Volume, Patient, RecordType.name, Chart.id)
                .join(Chart, Chart.id == Volume.chart_id)
                .join(Patient, Patient.id == Chart.patient_id)
                .join(RecordType, RecordType.id == Chart.record_type_id)
            )
            wanted = [normalize_mrn(mrn, settings.mrn) for mrn in mrns]
            if mrns:
                # Every patient in the one query that reads their volumes.
                query = query.where(Patient.mrn.in_(wanted))
            if barcodes:
                query = query.where(Volume.barcode.in_([b.strip().upper() for b in barcodes]))
            if new_since is not None:
                opened = select(Movement.volume_id).where(
                    Movement.kind == "created",
                    Movement.at >= datetime.combine(new_since, time()).astimezone(),
                )
                query = query.where(Volume.id.in_(opened))
            rows = session.execute(query.order_by(Volume.shelf_key, Chart.id, Volume.number)).all()
            counts: dict[int, int] = {}
            for vol, _, _, chart_id in rows:
                counts[chart_id] = max(counts.get(chart_id, 0), vol.number)
            with_chart = {patient.mrn for _, patient, _, _ in rows}
            for mrn in wanted:
                if mrn not in with_chart:
                    # Only when something is missing: say whether the patient or the chart is.
                    patient = find_patient(session, settings, mrn)
                    raise NotFound(f"Patient {patient.mrn} has no chart to label.")
            labels = [
                _label(vol, counts[chart_id], patient, kind, settings)
                for vol, patient, kind, chart_id in rows
                if volume is None or vol.number == volume
            ]
        if not labels:
            raise NotFound("No volumes match: there are no labels to print.")
        return labels

    def render_labels(
        self,
        actor: Actor,
        labels: Sequence[ChartLabel],
        stock: str,
        start_at: int = 1,
        printer: str | None = None,
        dpi: int = 0,
    ) -> Document:
        """The labels on ``stock`` (PDF, or ZPL for a Zebra), placed for ``printer`` (of
        ``dpi`` dots per inch, when it is not the stock's usual resolution)."""
        actor.require(Permission.PRINT)
        chosen = stock_by_name(stock)
        with self._db.reading() as uow:
            settings = load_settings(uow.session)
        chosen_settings = print_settings(settings, printer, dpi)
        data = render_chart_labels(labels, chosen, chosen_settings, start_at)
        kind = "zpl" if chosen.kind is StockKind.ZPL else "pdf"
        # The MRNs as stored, not rebuilt from the printed filing groups.
        mrns = [label.mrn for label in labels]
        if not all(mrns):
            mrns = self._mrns_of(labels)
        warning = fitness_warning(chosen, chosen_settings.symbology)
        return Document(
            data,
            kind,
            f"Chart labels ({len(labels)})",
            tuple(sorted(set(mrns))),
            (warning,) if warning else (),
        )

    def _mrns_of(self, labels: Sequence[ChartLabel]) -> list[str]:
        """The MRNs the labels name, looked up by their volumes' barcodes."""
        with self._db.reading() as uow:
            rows = uow.session.execute(
                select(Patient.mrn)
                .join(Chart, Chart.patient_id == Patient.id)
                .join(Volume, Volume.chart_id == Chart.id)
                .where(Volume.barcode.in_([label.barcode for label in labels]))
            ).scalars()
            return sorted(set(rows))

    def calibration(self, actor: Actor, stock: str, printer: str | None = None) -> Document:
        """The calibration page of a label stock for one printer."""
        actor.require(Permission.PRINT)
        with self._db.reading() as uow:
            settings = load_settings(uow.session)
        offset = print_settings(settings, printer).offset
        return Document(calibration_pdf(stock_by_name(stock), offset), "pdf", "Calibration page")

    def barcode_sheet(self, actor: Actor, people: bool = False) -> Document:
        """Barcode cards of every open place (or every person) for scanning at the desk."""
        actor.require(Permission.PRINT)
        with self._db.reading() as uow:
            settings = load_settings(uow.session)
            places = uow.session.scalars(
                select(Location).where(Location.active.is_(True)).order_by(Location.code)
            ).all()
            infos = [location_info(p) for p in places]
        wanted = [
            BarcodeCard(i.code, i.name, i.barcode)
            for i in infos
            if (i.kind == LocationKind.PERSON.value) == people
        ]
        if not wanted:
            raise NotFound("There are no " + ("people" if people else "places") + " to print.")
        title = "People who borrow charts" if people else "Locations"
        data = barcode_sheet_pdf(
            wanted, title, self._clock().astimezone(), print_settings(settings)
        )
        return Document(data, "pdf", title)

    def command_sheet(self, actor: Actor) -> Document:
        """The desk's command barcodes."""
        actor.require(Permission.PRINT)
        with self._db.reading() as uow:
            settings = load_settings(uow.session)
        return Document(command_sheet_pdf(None, print_settings(settings)), "pdf", "Desk commands")

    def outguide_for(self, actor: Actor, barcode: str) -> Document:
        """The outguide of a volume that is out: the card for the move that took it where it is."""
        actor.require(Permission.PRINT)
        with self._db.reading() as uow:
            volume = uow.session.scalar(
                select(Volume).where(Volume.barcode == barcode.strip().upper())
            )
            if volume is None:
                raise NotFound(f"Unknown chart barcode {barcode.strip().upper()}.")
            if volume.location_id is None:
                raise InvalidInput(
                    f"{volume.barcode} is on its shelf: an outguide is for a chart that is out."
                )
            movement_id = uow.session.scalar(
                select(Movement.id)
                .where(
                    Movement.volume_id == volume.id,
                    Movement.to_location_id == volume.location_id,
                    Movement.kind.in_(("checked_out", "transferred", "corrected")),
                )
                .order_by(Movement.id.desc())
                .limit(1)
            )
        if movement_id is None:
            raise NotFound(f"No move of {barcode} to where it is now is on file.")
        return self.outguides(actor, [movement_id])

    def outguides(self, actor: Actor, movement_ids: Sequence[int]) -> Document:
        """Outguide cards for check-outs: where each chart went, when, by whom, due when."""
        actor.require(Permission.PRINT)
        with self._db.reading() as uow:
            session = uow.session
            settings = load_settings(session)
            rows = session.execute(
                select(Movement, Volume, Patient, Location, User.username)
                .join(Volume, Volume.id == Movement.volume_id)
                .join(Chart, Chart.id == Volume.chart_id)
                .join(Patient, Patient.id == Chart.patient_id)
                .join(Location, Location.id == Movement.to_location_id)
                .join(User, User.id == Movement.user_id)
                .where(Movement.id.in_(list(movement_ids)))
                .order_by(Movement.id)
            ).all()
            if len(rows) != len(set(movement_ids)):
                raise NotFound("Only check-outs and transfers have outguides.")
            cards = [
                OutguideCard(
                    patient_name=f"{p.family_name.upper()}, {p.given_name}",
                    mrn_groups=shelf_position(p.mrn, settings.filing).groups,
                    volume=f"{v.number}",
                    to_name=loc.name,
                    to_code=loc.code,
                    when=m.at.astimezone(),
                    by=user,
                    due=m.due_at.astimezone() if m.due_at else None,
                    to_barcode=location_info(loc).barcode,
                )
                for m, v, p, loc, user in rows
            ]
            mrns = tuple(p.mrn for _, _, p, _, _ in rows)
        return Document(outguides_pdf(cards, print_settings(settings)), "pdf", "Outguides", mrns)

    def pull_list(self, actor: Actor, view: PullListView) -> Document:
        """The printed pull list and its clinic routing sheets."""
        actor.require(Permission.PRINT)
        with self._db.reading() as uow:
            settings = load_settings(uow.session)
        document = pull_list_document(view, settings, self._clock().astimezone())
        return Document(
            pull_list_pdf(document),
            "pdf",
            f"Pull list {view.day}",
            pull_list_mrns(view),
            printer=settings.list_printer,
        )

    def stocks(self) -> list[StockInfo]:
        """Every label stock, sheets first, as a clerk chooses among them."""
        return [
            StockInfo(s.name, s.description, s.labels_per_page, fitness_warning(s))
            for s in all_stocks()
        ]

    def default_printer(self) -> str | None:
        """The workstation's default CUPS queue, if it has one."""
        return default_queue()

    def printer_for(self, document: Document) -> str | None:
        """Where ``document`` prints when no queue is named: its own (a list: the site's list
        printer), else the workstation's default queue."""
        return document.printer or self.default_printer()

    def send(self, actor: Actor, document: Document, printer: str, copies: int = 1) -> str:
        """Send a document to a CUPS queue; the job id."""
        actor.require(Permission.PRINT)
        # Recorded before it leaves: a print that cannot be recorded is not sent.
        self.record_export(
            actor, document.title, document.mrns, f"printer {printer}", AuditAction.PRINTED
        )
        return send_to_printer(
            document.data, printer, title=document.title, copies=copies, raw=document.raw
        )

    def save(
        self,
        actor: Actor,
        document: Document,
        path: str | os.PathLike[str],
        *,
        force: bool = False,
    ) -> None:
        """Write a document to a file, whole or not at all; never over a database, and over
        an existing file only with ``force``."""
        actor.require(Permission.PRINT)
        refuse_unsafe_target(Path(path), force)
        # Recorded before the file is written: a failed record leaves no file.
        self.record_export(actor, document.title, document.mrns, f"file {os.path.abspath(path)}")
        save_document(path, document.data, force=force)
