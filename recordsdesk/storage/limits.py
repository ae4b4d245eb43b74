"""Values that do not fit their column are refused the same way on SQLite and PostgreSQL."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import BigInteger, Integer, SmallInteger, String, Table, event
from sqlalchemy.orm import Mapper

from recordsdesk.domain.errors import InvalidInput
from recordsdesk.storage.models import Base

# SQLite stores any length and a NUL; PostgreSQL refuses both mid-transaction. Checking first
# gives one clear message on both, before anything is written.


def _what(table: str, column: str) -> str:
    noun = (table[:-1] if table.endswith("s") else table).replace("_", " ")
    article = "an" if noun[:1] in "aeiou" else "a"
    return f"the {column.replace('_', ' ')} of {article} {noun}"


def _integer_limit(column_type: object) -> int | None:
    # SQLite stores 64 bits in any integer column; PostgreSQL's INTEGER holds 32.
    for kind, bits in ((SmallInteger, 15), (BigInteger, 63), (Integer, 31)):
        if isinstance(column_type, kind):
            return int(2**bits - 1)
    return None


def check_values(table: Table, values: Mapping[str, Any]) -> None:
    """InvalidInput naming the field when a text value is too long or holds a NUL, or a
    whole number is out of its column's range."""
    for column in table.columns:
        value = values.get(column.key)
        if isinstance(value, int) and not isinstance(value, bool):
            limit = _integer_limit(column.type)
            if limit is not None and not -limit - 1 <= value <= limit:
                raise InvalidInput(
                    f"{_what(table.name, column.name).capitalize()} is out of range: "
                    f"at most {limit}."
                )
            continue
        if not isinstance(value, str):
            continue
        if "\x00" in value:
            raise InvalidInput(
                f"{_what(table.name, column.name).capitalize()} holds a NUL character."
            )
        length = column.type.length if isinstance(column.type, String) else None
        if length is not None and len(value) > length:
            raise InvalidInput(
                f"{_what(table.name, column.name).capitalize()} is too long: "
                f"{len(value)} characters, at most {length}."
            )


def check_rows(table: Table, rows: Iterable[Mapping[str, Any]]) -> None:
    """``check_values`` for each row of a bulk insert."""
    for row in rows:
        check_values(table, row)


def _check_object(_mapper: Mapper[Any], _connection: Any, target: Any) -> None:
    table = target.__table__
    check_values(table, {c.key: getattr(target, c.key, None) for c in table.columns})


event.listen(Base, "before_insert", _check_object, propagate=True)
event.listen(Base, "before_update", _check_object, propagate=True)

_TOO_LONG = re.compile(r"value too long for type character varying\((\d+)\)")


def describe_data_error(message: str) -> str:
    """A one-line reason for a database's refusal of a value (the message in lower case)."""
    too_long = _TOO_LONG.search(message)
    if too_long:
        return f"A value is too long for its field: at most {too_long.group(1)} characters."
    if "0x00" in message or "nul" in message:
        return "A value holds a NUL character, which cannot be stored."
    if "out of range" in message or "overflow" in message:
        return "A number or date is out of range."
    if "invalid input syntax" in message or "invalid byte sequence" in message:
        return "A value is not in a form the database accepts."
    return "A value cannot be stored as given."
