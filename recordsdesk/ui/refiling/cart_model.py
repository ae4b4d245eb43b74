"""The refiling cart as a table model: returned charts in filing order."""

from __future__ import annotations

from recordsdesk.ui.formats import when
from recordsdesk.ui.table_model import RowsTableModel


class CartModel(RowsTableModel):
    """Charts returned and not yet refiled, in the order the service walks the shelves."""

    columns = (
        ("Shelf", lambda c: c.shelf),
        ("Barcode", lambda c: c.barcode),
        ("MRN", lambda c: c.mrn),
        ("Name", lambda c: c.name),
        ("Volume", lambda c: str(c.volume)),
        ("Returned", lambda c: when(c.returned_at)),
    )
