"""What a batch of labels is made of, and the background work that renders it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from recordsdesk.domain.errors import InvalidInput
from recordsdesk.services.actors import Actor
from recordsdesk.services.desk import Services
from recordsdesk.services.documents import Document


@dataclass(frozen=True)
class LabelRequest:
    """Which labels: MRNs and volume barcodes, or volumes new since a day, or a day's pull list.

    ``volume`` None: every volume; a number: only that volume of each chart.
    """

    stock: str
    start_at: int = 1
    mrns: tuple[str, ...] = ()
    barcodes: tuple[str, ...] = ()
    new_since: date | None = None
    pull_list: date | None = None
    volume: int | None = None


def render_request(services: Services, actor: Actor, request: LabelRequest) -> Document:
    """The labels asked for, rendered on their stock (runs off the GUI thread)."""
    documents = services.documents
    if request.pull_list is not None:
        view = services.pull_lists.build(actor, request.pull_list)
        barcodes = [item.barcode for item in view.pull_list.items]
        if not barcodes:
            raise InvalidInput(
                f"The pull list of {request.pull_list.isoformat()} has no charts to label."
            )
        labels = documents.chart_labels(actor, barcodes=barcodes, volume=request.volume)
    elif request.new_since is not None:
        labels = documents.chart_labels(actor, new_since=request.new_since, volume=request.volume)
    else:
        if not request.mrns and not request.barcodes:
            raise InvalidInput("Nothing to print: scan charts or type MRNs into the list first.")
        by_mrn = (
            documents.chart_labels(actor, mrns=request.mrns, volume=request.volume)
            if request.mrns
            else []
        )
        by_barcode = (
            documents.chart_labels(actor, barcodes=request.barcodes, volume=request.volume)
            if request.barcodes
            else []
        )
        labels = by_mrn + by_barcode
    return documents.render_labels(actor, labels, request.stock, request.start_at)
