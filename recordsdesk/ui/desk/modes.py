"""The desk's modes, their keys and the command barcodes that switch to them."""

from __future__ import annotations

from enum import Enum

from recordsdesk.domain.barcodes import Command


class DeskMode(Enum):
    """What a chart scan does at the desk."""

    CHECK_OUT = "check_out"
    RETURN = "return"
    TRANSFER = "transfer"

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def key(self) -> str:
        """The function key that switches to this mode."""
        return _KEYS[self]

    @property
    def needs_destination(self) -> bool:
        return self is not DeskMode.RETURN

    @classmethod
    def parse(cls, text: str, default: DeskMode | None = None) -> DeskMode:
        try:
            return cls(text)
        except ValueError:
            return default or cls.CHECK_OUT

    @classmethod
    def for_command(cls, command: str) -> DeskMode | None:
        """The mode a command barcode's value switches to (None: not a mode command)."""
        return _COMMANDS.get(command)


_LABELS = {
    DeskMode.CHECK_OUT: "Check out",
    DeskMode.RETURN: "Return",
    DeskMode.TRANSFER: "Transfer",
}
_KEYS = {DeskMode.CHECK_OUT: "F2", DeskMode.RETURN: "F3", DeskMode.TRANSFER: "F4"}
_COMMANDS = {
    Command.CHECK_OUT.value: DeskMode.CHECK_OUT,
    Command.RETURN.value: DeskMode.RETURN,
    Command.TRANSFER.value: DeskMode.TRANSFER,
}
