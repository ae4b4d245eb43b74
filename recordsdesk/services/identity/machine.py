"""This machine as the workstation registry knows it: its machine id and host name."""

from __future__ import annotations

import socket
import uuid
from dataclasses import dataclass
from pathlib import Path

# Where Linux keeps the machine's id (written at install time, owned by root).
MACHINE_ID_FILES = (Path("/etc/machine-id"), Path("/var/lib/dbus/machine-id"))


@dataclass(frozen=True)
class Machine:
    """What a program can tell about the machine it runs on."""

    machine_id: str
    hostname: str


def this_machine() -> Machine:
    """The machine this process runs on (its id cannot be chosen by an option)."""
    for path in MACHINE_ID_FILES:
        try:
            text = path.read_text(encoding="ascii").strip()
        except (OSError, UnicodeDecodeError):
            continue
        if text:
            return Machine(text[:64], socket.gethostname())
    # Elsewhere: the hardware address uuid reads (stable on one machine).
    return Machine(f"node-{uuid.getnode():012x}", socket.gethostname())
