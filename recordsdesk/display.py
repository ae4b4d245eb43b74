"""Whether this machine has a screen the window can open on, decided before Qt is loaded."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path

# Platforms that draw without a screen (tests, screenshots, remote viewers).
_HEADLESS = ("offscreen", "minimal", "vnc", "eglfs", "linuxfb")

NO_DISPLAY_EXIT = 2


def missing_display(
    environ: Mapping[str, str] | None = None,
    platform: str | None = None,
    x11_sockets: Path = Path("/tmp/.X11-unix"),
) -> str | None:
    """Why the window cannot open here, in one line; None when it can (or cannot be told)."""
    env = os.environ if environ is None else environ
    system = sys.platform if platform is None else platform
    if not system.startswith("linux") and "bsd" not in system:
        return None  # Windows and macOS always have their own screen
    qpa = env.get("QT_QPA_PLATFORM", "").split(":")[0].split(";")[0].strip()
    if qpa in _HEADLESS:
        return None
    if qpa == "wayland":
        return (
            None
            if env.get("WAYLAND_DISPLAY")
            else "QT_QPA_PLATFORM is wayland but WAYLAND_DISPLAY is not set"
        )
    display = env.get("DISPLAY", "")
    if not display:
        if env.get("WAYLAND_DISPLAY") and qpa != "xcb":
            return None
        return "no display here (DISPLAY is not set)"
    host, _, number = display.partition(":")
    number = number.split(".")[0]
    local = host in ("", "unix") and number.isdigit() and x11_sockets.is_dir()
    if local and not (x11_sockets / f"X{number}").exists():
        return f"no X server answers on DISPLAY={display}"
    return None


def no_display_message(reason: str) -> str:
    """The one line printed instead of opening the window."""
    return (
        f"recordsdesk: {reason}; run it on a desktop, or under a virtual screen "
        "(xvfb-run -a recordsdesk); commands work without one (recordsdesk --help)."
    )
