"""Days as a clerk types them (YYYY-MM-DD), read or refused with a message saying how."""

from __future__ import annotations

from datetime import date

from recordsdesk.domain.errors import InvalidInput


def parse_day(text: str) -> date:
    """A day typed as YYYY-MM-DD, or InvalidInput a clerk can act on."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(f"'{text}' is not a date: write it as YYYY-MM-DD.") from None
