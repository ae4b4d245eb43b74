"""Writing answers: JSON for programs, plain lines for people, errors on stderr."""

from __future__ import annotations

import sys
from datetime import date, datetime
from enum import Enum
from typing import Any

# Values written as they are: most of a long answer (a retirement list's 100,000 volumes).
_AS_IS = frozenset({str, int, float, bool, type(None)})
# Each dataclass's field names, looked up once per class rather than once per object.
_FIELDS: dict[type, tuple[str, ...]] = {}


def _plain(value: Any) -> Any:
    kind = type(value)
    if kind in _AS_IS:
        return value
    names = _FIELDS.get(kind)
    if names is None and hasattr(kind, "__dataclass_fields__"):  # a dataclass's object
        import dataclasses

        names = _FIELDS[kind] = tuple(f.name for f in dataclasses.fields(value))
    if names is not None:
        return {name: _plain(getattr(value, name)) for name in names}
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def emit_json(value: Any, *, compact: bool = False) -> None:
    """Write ``value`` as JSON on stdout, flushed at once.

    Compact answers are one a line for programs that read line by line: they are written in
    ASCII, so that no character in a name (U+2028, U+0085) can look like a line break.
    """
    import json

    text = json.dumps(_plain(value), ensure_ascii=compact, indent=None if compact else 2)
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def emit_line(text: str) -> None:
    """Write one line on stdout, flushed at once (a scanner pipe reads it straight away)."""
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def emit_error(text: str) -> None:
    """Write one error line on stderr."""
    sys.stderr.write(f"recordsdesk: {text}\n")
    sys.stderr.flush()


def local_time(moment: datetime | None) -> str:
    """A time as the clerk reads it, in the workstation's zone."""
    return "" if moment is None else moment.astimezone().strftime("%Y-%m-%d %H:%M")
