"""A guard against PySide6 6.12.0 on Python 3.11 dropping references to None, True and False.

The 6.12.0 abi3 wheels return None, True and False without the reference they owe (harmless
on Python 3.12, where those objects are immortal). On 3.11 each such call takes one reference
for good, and after some thousands of calls the interpreter aborts ("deallocating None").
Those three objects are never freed anyway, so the guard lends each a very large count once.
"""

from __future__ import annotations

import ctypes
import sys

from PySide6 import __version__ as pyside_version

# Far more references than a desk open all year could drop, far below the counter's range.
_LOAN = 1 << 48


def needs_guard(version: str = pyside_version, python: tuple[int, int] = (3, 11)) -> bool:
    """Whether this PySide6 on this Python drops references (6.12 before 3.12)."""
    major_minor = tuple(int(part) for part in version.split(".")[:2])
    return major_minor >= (6, 12) and python < (3, 12)


def guard_singletons() -> bool:
    """Lend None, True and False enough references to outlive the leak; True if it was needed."""
    if not needs_guard(python=(sys.version_info.major, sys.version_info.minor)):
        return False
    for singleton in (None, True, False):
        count = ctypes.c_ssize_t.from_address(id(singleton))
        if count.value < _LOAN:
            count.value += _LOAN
    return True
