"""The scan path's statements on SQLite, run on the driver's cursor: compiled once, typed alike.

A scan runs about a dozen small statements; through SQLAlchemy's execution machinery each costs
several times what SQLite takes to run it. These helpers compile a prebuilt Core statement
once per shape, apply the same bind and result conversions SQLAlchemy would (so values go in
and come out exactly as through ``Connection.execute``), and run it on the DBAPI cursor of the
connection the unit of work already holds, inside its transaction. A driver error is raised
as SQLAlchemy's ``DBAPIError``, so the unit of work names it as it names any other.
Other databases (PostgreSQL) take the ordinary ``Connection.execute`` path.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Connection, CursorResult
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql import Executable


@dataclass(frozen=True)
class _Shape:
    sql: str
    names: tuple[str, ...]
    defaults: dict[str, Any]
    binds: tuple[Callable[[Any], Any] | None, ...]
    results: tuple[Callable[[Any], Any] | None, ...]


_SHAPES: dict[tuple[int, tuple[str, ...]], tuple[Executable, _Shape | None]] = {}


def _shape(conn: Connection, statement: Executable, keys: tuple[str, ...]) -> _Shape | None:
    """The statement compiled for SQLite; None when it needs more than binding (a column
    default computed in Python, say), which only ``Connection.execute`` does."""
    if conn.dialect.name != "sqlite" or not conn.in_transaction():
        return None  # outside a transaction only Connection.execute begins one
    found = _SHAPES.get((id(statement), keys))
    if found is not None and found[0] is statement:
        return found[1]
    dialect = conn.dialect
    compiled: Any = cast(Any, statement).compile(dialect=dialect, column_keys=list(keys))
    if compiled.insert_prefetch or compiled.update_prefetch:
        _SHAPES[(id(statement), keys)] = (statement, None)
        return None
    names = tuple(compiled.positiontup or ())
    defaults = {
        name: value
        for name, value in compiled.construct_params(_check=False).items()
        if value is not None
    }
    processors = compiled._bind_processors  # the conversions Connection.execute applies
    binds = tuple(processors.get(name) for name in names)
    results = tuple(
        column.type._cached_result_processor(dialect, None) for column in compiled._result_columns
    )
    shape = _Shape(compiled.string, names, defaults, binds, results)
    _SHAPES[(id(statement), keys)] = (statement, shape)  # keeps the statement alive with its id
    return shape


def _values(shape: _Shape, params: Mapping[str, Any]) -> list[Any]:
    values = []
    for name, bind in zip(shape.names, shape.binds, strict=True):
        value = params[name] if name in params else shape.defaults[name]
        values.append(value if bind is None or value is None else bind(value))
    return values


def _run(conn: Connection, shape: _Shape, values: Sequence[Any], many: bool = False) -> Any:
    cursor = cast(Any, conn.connection.driver_connection).cursor()
    try:
        if many:
            cursor.executemany(shape.sql, values)
        else:
            cursor.execute(shape.sql, values)
    except conn.dialect.loaded_dbapi.Error as exc:
        cursor.close()
        raise DBAPIError.instance(
            shape.sql, values, exc, conn.dialect.loaded_dbapi.Error, dialect=conn.dialect
        ) from exc
    return cursor


def rows(
    conn: Connection, statement: Executable, params: Mapping[str, Any] | None = None
) -> list[tuple[Any, ...]]:
    """Every row a SELECT gives, each value converted as SQLAlchemy would."""
    params = params or {}
    shape = _shape(conn, statement, ())
    if shape is None:
        return [tuple(row) for row in conn.execute(statement, dict(params)).all()]
    cursor = _run(conn, shape, _values(shape, params))
    fetched = cursor.fetchall()
    cursor.close()
    processors = shape.results
    if not any(processors):
        return [tuple(row) for row in fetched]
    return [
        tuple(
            value if process is None or value is None else process(value)
            for process, value in zip(processors, row, strict=True)
        )
        for row in fetched
    ]


def first(
    conn: Connection, statement: Executable, params: Mapping[str, Any] | None = None
) -> tuple[Any, ...] | None:
    """The first row a SELECT gives, or None."""
    found = rows(conn, statement, params)
    return found[0] if found else None


def insert(conn: Connection, statement: Executable, params: Mapping[str, Any]) -> int:
    """Run an INSERT of one row; its new primary key."""
    shape = _shape(conn, statement, tuple(params))
    if shape is None:
        done = cast(CursorResult[Any], conn.execute(statement, dict(params)))
        key = done.inserted_primary_key
        assert key is not None
        return int(key[0])
    cursor = _run(conn, shape, _values(shape, params))
    new_id = int(cursor.lastrowid)
    cursor.close()
    return new_id


def change(conn: Connection, statement: Executable, params: Mapping[str, Any]) -> int:
    """Run an UPDATE, DELETE or upsert; how many rows it changed."""
    # An upsert's inserted columns are the keys given; an UPDATE sets what it names itself.
    keys = tuple(params) if getattr(statement, "is_insert", False) else ()
    shape = _shape(conn, statement, keys)
    if shape is None:
        return cast(CursorResult[Any], conn.execute(statement, dict(params))).rowcount
    cursor = _run(conn, shape, _values(shape, params))
    count = int(cursor.rowcount)
    cursor.close()
    return count


def insert_many(
    conn: Connection, statement: Executable, rows_: Iterable[Mapping[str, Any]]
) -> None:
    """Run an INSERT of many rows with the same keys."""
    given = list(rows_)
    if not given:
        return
    shape = _shape(conn, statement, tuple(given[0]))
    if shape is None:
        conn.execute(statement, given)
        return
    _run(conn, shape, [_values(shape, row) for row in given], many=True).close()


def insert_rows(
    conn: Connection, statement: Executable, keys: tuple[str, ...], given: list[tuple[Any, ...]]
) -> None:
    """Run an INSERT of many rows, each a tuple of the values of ``keys`` in that order."""
    if not given:
        return
    shape = _shape(conn, statement, keys)
    if shape is None or shape.names != keys:
        insert_many(conn, statement, [dict(zip(keys, row, strict=True)) for row in given])
        return
    _run(conn, shape, _converted(shape, given), many=True).close()


def _converted(shape: _Shape, given: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """Rows with each value converted as SQLAlchemy would, column by column (a column holding
    one object throughout, like the time a list's audit entries share, is converted once)."""
    bound = [(column, bind) for column, bind in enumerate(shape.binds) if bind is not None]
    if not bound:
        return given
    columns = list(zip(*given, strict=True))
    for column, bind in bound:
        values = columns[column]
        first = values[0]
        if all(value is first for value in values):
            columns[column] = (None if first is None else bind(first),) * len(values)
        else:
            columns[column] = tuple(None if value is None else bind(value) for value in values)
    return list(zip(*columns, strict=True))
