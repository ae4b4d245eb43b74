"""What this workstation last saw the history chain hold, to find its end cut off behind its back.

The head file keeps only the two newest heads. Someone with the database who deletes the
chain's newest entries and then lets the desks write on gets new entries in the old places, and
their heads overwrite the head file's slots: the evidence would be gone before anyone verifies.
So every append first checks that the chain still holds the newest head this workstation
committed (or, in a new process, the newest head any workstation's head file holds). When it
does not, and no restore explains it, the lost head is written to the append-only checkpoint
log before the desk writes on, and verification then names the rewritten entry.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Table, bindparam, select

from recordsdesk.domain.errors import Unavailable
from recordsdesk.domain.history_mac import same_mac
from recordsdesk.storage import hot
from recordsdesk.storage.checkpoints import CheckpointStore, HeadFile
from recordsdesk.storage.history_models import HistoryLink

log = logging.getLogger(__name__)

# The kind of checkpoint line written for a head the chain was found to have lost.
CUT = "cut"

_LINKS: Table = HistoryLink.__table__  # type: ignore[assignment]
# Built once: when other workstations wrote on since, every append runs it.
_MAC_AT = select(_LINKS.c.mac).where(_LINKS.c.seq == bindparam("seq"))


@dataclass(frozen=True)
class SeenHead:
    """The chain held entry ``seq`` with ``mac`` when it was committed or read, at ``at``."""

    seq: int
    mac: str
    at: datetime


class ChainWatch:
    """The newest head this workstation knows the chain to hold; each append checks it."""

    def __init__(
        self, head_file: Callable[[], HeadFile], checkpoints: Callable[[], CheckpointStore]
    ) -> None:
        self._head_file = head_file
        self._checkpoints = checkpoints
        self._lock = threading.Lock()
        self._seen: SeenHead | None = None
        self._seeded = False

    def committed(self, head: tuple[int, str]) -> None:
        """A head this workstation's commit made."""
        with self._lock:
            self._seeded = True
            if self._seen is None or head[0] > self._seen.seq:
                self._seen = SeenHead(head[0], head[1], datetime.now(UTC))

    def restarted(self) -> None:
        """A restore put another chain in place: what was seen before no longer counts."""
        with self._lock:
            self._seen = None
            self._seeded = True

    def check(self, conn: Connection, head: Sequence[Any] | None) -> None:
        """Before appending after ``head`` (under the chain's lock): record a lost head."""
        seen = self._expected()
        if seen is None:
            return
        seq = int(head[0]) if head is not None else 0
        if seq == seen.seq and head is not None and same_mac(str(head[1]), seen.mac):
            return  # the usual case: this workstation wrote the newest entry
        if seq > seen.seq:
            found = hot.first(conn, _MAC_AT, {"seq": seen.seq})
            if found is not None and same_mac(str(found[0]), seen.mac):
                return  # other workstations wrote on after it
        self._lost(seen, seq)

    def _expected(self) -> SeenHead | None:
        with self._lock:
            if self._seeded:
                return self._seen
            self._seeded = True
        # A new process: the newest head any workstation's head file holds for this database.
        try:
            heads = self._head_file().read_all()
        except (OSError, Unavailable) as exc:
            log.warning("the history head files could not be read: %s", exc)
            heads = []
        newest = max(heads, key=lambda h: (h.seq, h.at), default=None)
        with self._lock:
            if newest is not None and (self._seen is None or newest.seq > self._seen.seq):
                self._seen = SeenHead(newest.seq, newest.mac, newest.at)
            return self._seen

    def _lost(self, seen: SeenHead, head_seq: int) -> None:
        with self._lock:
            self._seen = None  # the next commit is the head from here on
        try:
            store = self._checkpoints()
            restored_at = store.read().restored_at
            if restored_at is not None and seen.at <= restored_at:
                return  # a restore since then explains a different chain
            store.write(seen.seq, seen.mac, CUT)
        except Unavailable as exc:
            log.error(
                "the history chain no longer holds entry %s as this workstation saw it, and "
                "the checkpoint saying so could not be written: %s",
                seen.seq,
                exc,
            )
            return
        log.error(
            "the history chain no longer holds entry %s as this workstation saw it (the chain "
            "now ends at entry %s): its end was deleted or rewritten; the lost head is kept in "
            "the checkpoint log",
            seen.seq,
            head_seq,
        )
