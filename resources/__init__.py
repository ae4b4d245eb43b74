"""Files shipped with the application (fonts, icon, sounds, licences), found through one module."""

from __future__ import annotations

from importlib.resources import as_file, files
from importlib.resources.abc import Traversable
from pathlib import Path

__all__ = ["as_file", "resource", "resource_path"]


def resource(*parts: str) -> Traversable:
    """The shipped file ``parts`` (e.g. ``resource("fonts", "NotoSans-Regular.ttf")``)."""
    found = files(__name__)
    for part in parts:
        found = found.joinpath(part)
    return found


def resource_path(*parts: str) -> Path:
    """A real file-system path to a shipped file (installed packages keep them as files)."""
    return Path(str(resource(*parts)))
