"""Telling a keyboard-wedge scanner's burst from a person's typing, by the keys' own times.

Plain Python (no Qt): the times are those the keyboard events carry, stamped when the key
was pressed, so a GUI thread that stalls mid-burst cannot split one scan in two. An event
with no time of its own (0, as synthetic events have) is timed by ``clock`` on arrival.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

# A scanner types a character every few milliseconds; a person rarely twice within 50 ms.
MAX_GAP_MS = 50
MIN_LENGTH = 3
# Keyboard timestamps are 32-bit milliseconds on some platforms (X11) and wrap around.
_WRAP = 2**32


def _millis() -> float:
    return time.monotonic() * 1000


@dataclass
class BurstRecognizer:
    """Collects printable keys; a run of them with small gaps, ended by Enter, is a scan."""

    max_gap_ms: float = MAX_GAP_MS
    min_length: int = MIN_LENGTH
    clock: Callable[[], float] = _millis  # milliseconds, for keys with no timestamp

    def __post_init__(self) -> None:
        self.text = ""
        self._last: float | None = None

    def _when(self, timestamp_ms: int) -> float:
        return float(timestamp_ms) if timestamp_ms else self.clock()

    def _close(self, when: float) -> bool:
        if self._last is None:
            return False
        gap = (when - self._last) % _WRAP  # a timestamp that wrapped still gives the gap
        return gap <= self.max_gap_ms

    def key(self, char: str, timestamp_ms: int = 0) -> bool:
        """A printable character was typed; True if it starts a new burst."""
        when = self._when(timestamp_ms)
        fresh = not self.text or not self._close(when)
        if fresh:
            self.text = ""
        self.text += char
        self._last = when
        return fresh

    def enter(self, timestamp_ms: int = 0) -> str | None:
        """Enter was pressed: the burst's text if it was one, else None. Starts over."""
        when = self._when(timestamp_ms)
        burst = self.text if len(self.text) >= self.min_length and self._close(when) else None
        self.reset()
        return burst

    def reset(self) -> None:
        """Forget what was typed (a key that is no part of any code: an arrow, Backspace)."""
        self.text = ""
        self._last = None

    @property
    def in_burst(self) -> bool:
        """Whether keys are being collected (a burst may be under way)."""
        return bool(self.text)
