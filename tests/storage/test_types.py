"""UTC datetimes are stored on SQLite exactly as SQLAlchemy would store them, and come back."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import Column, DateTime, Integer, MetaData, Table, create_engine, insert, select
from sqlalchemy.dialects import sqlite

from recordsdesk.storage.types import UtcDateTime

MOMENTS = [
    datetime(2026, 11, 30, 10, 0, 0, tzinfo=UTC),  # no microseconds: still written
    datetime(1, 1, 1, 0, 0, 0, 1, tzinfo=UTC),
    datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=UTC),
    datetime(2026, 3, 1, 1, 2, 3, 400000, tzinfo=timezone(timedelta(hours=-5))),
    datetime(2026, 10, 25, 1, 30, tzinfo=timezone(timedelta(hours=1))),
]


@pytest.mark.parametrize("moment", MOMENTS)
def test_the_text_stored_is_the_text_sqlalchemy_stores(moment: datetime) -> None:
    dialect = sqlite.dialect()
    ours = UtcDateTime().dialect_impl(dialect).bind_processor(dialect)
    theirs = DateTime(timezone=True).dialect_impl(dialect).bind_processor(dialect)
    assert ours is not None and theirs is not None
    assert ours(moment) == theirs(moment.astimezone(UTC).replace(tzinfo=None))


def test_a_naive_datetime_is_refused_and_none_is_null() -> None:
    dialect = sqlite.dialect()
    ours = UtcDateTime().dialect_impl(dialect).bind_processor(dialect)
    assert ours is not None
    assert ours(None) is None
    with pytest.raises(ValueError):
        ours(datetime(2026, 11, 30, 10, 0))


def test_moments_go_in_and_come_back_the_same_and_in_order(tmp_path: object) -> None:
    engine = create_engine(f"sqlite:///{tmp_path}/types.sqlite3")
    table = Table(
        "moments", MetaData(), Column("id", Integer, primary_key=True), Column("at", UtcDateTime)
    )
    table.metadata.create_all(engine)
    with engine.begin() as conn:
        conn.execute(insert(table), [{"id": n, "at": at} for n, at in enumerate(MOMENTS)])
        back = dict(conn.execute(select(table.c.id, table.c.at)).all())
        ordered = list(conn.execute(select(table.c.id).order_by(table.c.at)).scalars())
    engine.dispose()
    assert [back[n] for n in range(len(MOMENTS))] == [m.astimezone(UTC) for m in MOMENTS]
    assert ordered == sorted(range(len(MOMENTS)), key=lambda n: MOMENTS[n])
