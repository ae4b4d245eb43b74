"""Text bound for a spreadsheet: cells that a spreadsheet would run as formulas are defused."""

from __future__ import annotations

from collections.abc import Iterable

# OWASP's CSV injection rule: a cell starting with one of these is taken as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value: object) -> object:
    """The cell as given, or, if text that a spreadsheet would run, prefixed with a quote."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def neutralise_row(values: Iterable[object]) -> list[object]:
    """``neutralise_cell`` for every cell of a row."""
    return [neutralise_cell(v) for v in values]
