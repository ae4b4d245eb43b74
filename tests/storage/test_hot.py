"""The scan path's statements on the driver's cursor give what Connection.execute gives."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.exc import IntegrityError

from recordsdesk.services.desk import Services
from recordsdesk.storage import hot
from recordsdesk.storage.ledger import _BY_BARCODE
from recordsdesk.storage.models import Location, Volume

_PLACE = select(Location.id, Location.code, Location.loan_hours, Location.active).where(
    Location.code == bindparam("code")
)
_PLACES = select(Location.code).order_by(Location.code).limit(2)


def test_rows_come_back_typed_as_through_sqlalchemy(file_room: Services) -> None:
    with file_room.db.writing() as uow:
        conn = uow.session.connection()
        barcode = conn.execute(select(Volume.barcode).limit(1)).scalar_one()
        conn.execute(
            update(Volume)
            .where(Volume.barcode == barcode)
            .values(due_at=datetime(2026, 3, 4, 9, 30, 5, 123456, tzinfo=UTC))
        )
        for statement, params in (
            (_BY_BARCODE, {"barcode": barcode}),
            (_PLACE, {"code": "CARD"}),
            (_PLACES, {}),  # a LIMIT's own bound value
        ):
            expected = [tuple(row) for row in conn.execute(statement, params).all()]
            assert hot.rows(conn, statement, params) == expected
        volume = hot.first(conn, _BY_BARCODE, {"barcode": barcode})
        assert volume is not None and volume[6] == datetime(2026, 3, 4, 9, 30, 5, 123456, UTC)
        assert hot.first(conn, _PLACE, {"code": "NOPE"}) is None


def test_writes_count_and_errors_are_named_as_sqlalchemy_names_them(file_room: Services) -> None:
    with file_room.db.writing() as uow:
        conn = uow.session.connection()
        place = insert(Location)
        given = {"name": "Hot clinic", "kind": "clinic", "active": True, "needs_review": False}
        new_id = hot.insert(conn, place, {"code": "HOTX", **given})
        # Columns left to their Python defaults: only Connection.execute fills those in.
        other = hot.insert(conn, place, {"code": "HOTY", "name": "Other", "kind": "clinic"})
        assert conn.execute(select(Location.active).where(Location.id == other)).scalar() is True
        assert conn.execute(select(Location.name).where(Location.id == new_id)).scalar() == (
            "Hot clinic"
        )
        rename = update(Location).where(Location.code == bindparam("was")).values(name="Renamed")
        assert hot.change(conn, rename, {"was": "HOTX"}) == 1
        assert hot.change(conn, rename, {"was": "NOPE"}) == 0
        with pytest.raises(IntegrityError):  # the same code twice: a clear Conflict upstream
            hot.insert(conn, place, {"code": "HOTX", **given})
        if conn.dialect.name == "sqlite":
            with pytest.raises(KeyError):  # a value left out is never bound as NULL
                hot.first(conn, _PLACE, {})
