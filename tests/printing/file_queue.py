"""The CUPS test file queue, one test's job at a time.

The file queue (scripts/start-cups.sh) writes every job it prints to one file, so two tests
printing on different pytest-xdist workers could each read back the other's document. A test
that prints to it holds ``file_queue()`` from before its job is sent until the document is
read back; a test on another worker waits its turn (a job takes a second or two).
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from recordsdesk.printing.printers import wait_for_job

FILE_QUEUE = "RECORDSDESK_TEST"
FILE_OUT = Path(os.environ.get("RECORDSDESK_CUPS_OUT", "/var/tmp/recordsdesk-cups")) / "out.pdf"


class FileQueueOutput:
    """What the file queue wrote for a job sent while it was held."""

    def __init__(self) -> None:
        self._before = FILE_OUT.stat().st_mtime_ns if FILE_OUT.exists() else 0

    def received(self, job: str) -> bytes:
        """The bytes the queue wrote for ``job`` (waits until CUPS has finished it)."""
        wait_for_job(job)
        assert FILE_OUT.stat().st_mtime_ns > self._before, f"the file queue wrote nothing for {job}"
        return FILE_OUT.read_bytes()

    def pdf(self, job: str) -> bytes:
        """The PDF inside what the queue wrote (the Generic PDF driver wraps it in PJL)."""
        output = self.received(job)
        return output[output.index(b"%PDF") : output.rindex(b"%%EOF") + len(b"%%EOF")]


@contextmanager
def file_queue() -> Iterator[FileQueueOutput]:
    """Hold the file queue (across workers) while this test's job is printed and read back."""
    FILE_OUT.parent.mkdir(parents=True, exist_ok=True)
    with open(FILE_OUT.parent / ".tests-lock", "a+b") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield FileQueueOutput()
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
