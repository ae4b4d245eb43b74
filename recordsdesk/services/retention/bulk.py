"""Lists of many volumes made at once: the cycle collector waits until they are made."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_collector = threading.Lock()
_paused = 0


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cycle collector waits while a list of many volumes is made and recorded.

    A list at a million patients makes about a million short-lived objects (facts, judgements,
    candidates, audit rows): none holds a cycle, reference counting frees them, but the
    collector would walk every live object again and again as they are made (a fifth to a
    third of the list's time at a million patients). Nested and threaded uses count; the
    last one out lets it run again if it ran before.
    """
    global _paused
    with _collector:
        if _paused == 0 and not gc.isenabled():
            _paused = -1  # someone else turned it off: leave it so
        if _paused >= 0:
            _paused += 1
            gc.disable()
    try:
        yield
    finally:
        with _collector:
            if _paused > 0:
                _paused -= 1
                if _paused == 0:
                    gc.enable()
            elif _paused == -1:
                _paused = 0
