"""The head file's writer: heads follow their commit by a delay, coalesced; flush writes at once."""

from __future__ import annotations

import threading
from typing import Any

from recordsdesk.storage.checkpoints import HeadWriter


class _Written:
    """A head file that records what it is asked to write."""

    def __init__(self) -> None:
        self.heads: list[tuple[int, str]] = []

    def write(self, seq: int, mac: str) -> None:
        self.heads.append((seq, mac))


def _writer(written: _Written, delay: float) -> HeadWriter:
    errors: list[Exception] = []
    file: Any = written
    return HeadWriter(lambda: file, errors.append, delay=delay)


def _flushed(writer: HeadWriter) -> bool:
    """Flush on a thread of its own; whether it came back (a guard against a hang only)."""
    done = threading.Thread(target=writer.flush, daemon=True)
    done.start()
    done.join(60)
    return not done.is_alive()


def test_heads_offered_during_the_delay_are_written_as_the_newest_when_flushed() -> None:
    written = _Written()
    writer = _writer(written, delay=3600)  # never by the clock in this test: flush writes
    for seq in (1, 2, 3):
        writer.offer((seq, f"mac{seq}"))
    writer.offer((2, "older"))  # older than one offered: ignored
    assert written.heads == []  # the answer goes out first; nothing written yet
    assert _flushed(writer)
    assert written.heads == [(3, "mac3")]
    writer.offer((4, "mac4"))
    writer.close()  # closing writes what was offered, then the thread ends
    assert written.heads == [(3, "mac3"), (4, "mac4")]


def test_a_head_older_than_one_written_is_ignored_until_a_restore() -> None:
    written = _Written()
    writer = _writer(written, delay=3600)
    writer.offer((5, "mac5"))
    assert _flushed(writer)
    writer.offer((5, "again"))
    writer.offer((3, "older"))
    assert _flushed(writer) and written.heads == [(5, "mac5")]
    writer.restart()  # a restored chain may be shorter: heads begin again
    writer.offer((3, "restored"))
    assert _flushed(writer) and written.heads == [(5, "mac5"), (3, "restored")]
    writer.close()
