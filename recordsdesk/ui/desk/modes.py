"""The desk's modes as the window shows them: the function key that switches to each."""

from __future__ import annotations

from recordsdesk.domain.circulation import DeskMode

_KEYS = {DeskMode.CHECK_OUT: "F2", DeskMode.RETURN: "F3", DeskMode.TRANSFER: "F4"}


def key_of(mode: DeskMode) -> str:
    """The function key that switches the desk to ``mode``."""
    return _KEYS[mode]


__all__ = ["DeskMode", "key_of"]
