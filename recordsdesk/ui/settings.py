"""Per-workstation preferences kept with QSettings: geometry, last mode, sound, the name.

A scanner's prefix and suffix are not here: they are a site setting, read by the services.
"""

from __future__ import annotations

import socket

from PySide6.QtCore import QByteArray, QSettings

ORGANISATION = "RecordsDesk"
APPLICATION = "RecordsDesk"


def _default_workstation() -> str:
    name = socket.gethostname().split(".")[0].upper()
    return name or "DESK"


class DeskSettings:
    """Typed access to this workstation's QSettings (tests point QSettings at a temp folder)."""

    def __init__(self, store: QSettings | None = None) -> None:
        self._store = store or QSettings(
            QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANISATION, APPLICATION
        )

    def _text(self, key: str, default: str = "") -> str:
        value = self._store.value(key, default)
        return value if isinstance(value, str) else default

    def _set(self, key: str, value: object) -> None:
        self._store.setValue(key, value)

    def sync(self) -> None:
        """Write pending changes to disk."""
        self._store.sync()

    @property
    def geometry(self) -> QByteArray | None:
        value = self._store.value("window/geometry")
        return value if isinstance(value, QByteArray) else None

    @geometry.setter
    def geometry(self, value: QByteArray) -> None:
        self._set("window/geometry", value)

    @property
    def last_mode(self) -> str:
        return self._text("desk/mode", "check_out")

    @last_mode.setter
    def last_mode(self, value: str) -> None:
        self._set("desk/mode", value)

    @property
    def last_destination(self) -> str:
        return self._text("desk/destination")

    @last_destination.setter
    def last_destination(self, value: str) -> None:
        self._set("desk/destination", value)

    @property
    def sound_on(self) -> bool:
        value = self._store.value("desk/sound", True)
        if isinstance(value, str):
            return value.lower() in ("true", "1", "yes")
        return bool(value)

    @sound_on.setter
    def sound_on(self, value: bool) -> None:
        self._set("desk/sound", bool(value))

    @property
    def workstation(self) -> str:
        return self._text("workstation/name") or _default_workstation()

    @workstation.setter
    def workstation(self, value: str) -> None:
        self._set("workstation/name", value.strip())

    @property
    def last_user(self) -> str:
        return self._text("sign_in/user")

    @last_user.setter
    def last_user(self, value: str) -> None:
        self._set("sign_in/user", value)
