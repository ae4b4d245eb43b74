"""Types of `recordsdesk.resources` (top-level resources/, mapped by setup.py, unseen by mypy)."""

from importlib.resources import as_file as as_file
from importlib.resources.abc import Traversable
from pathlib import Path

__all__ = ["as_file", "resource", "resource_path"]

def resource(*parts: str) -> Traversable: ...
def resource_path(*parts: str) -> Path: ...
