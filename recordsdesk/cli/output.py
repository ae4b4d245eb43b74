"""Writing answers: JSON for programs, plain lines for people, errors on stderr."""

from __future__ import annotations

import sys
from datetime import date, datetime
from typing import Any


def _plain(value: Any) -> Any:
    import dataclasses
    from enum import Enum

    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
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
