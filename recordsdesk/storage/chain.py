"""The history chain: every movement and audit entry sealed, in one order, under the site key."""

from __future__ import annotations

import heapq
import logging
import os
import re
import socket
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Table, and_, event, exists, func, insert, select, text
from sqlalchemy.engine import URL
from sqlalchemy.orm import object_session

from recordsdesk.domain.errors import Unavailable
from recordsdesk.domain.history_mac import (
    AUDIT,
    AUDIT_FIELDS,
    MOVEMENT,
    MOVEMENT_FIELDS,
    entry_mac,
    entry_macs,
    genesis,
    same_mac,
)
from recordsdesk.storage import hot
from recordsdesk.storage.chain_watch import CUT, ChainWatch
from recordsdesk.storage.checkpoints import (
    Checkpoint,
    CheckpointLog,
    CheckpointStore,
    HeadFile,
    HeadWriter,
    database_identity,
)
from recordsdesk.storage.history_models import HistoryLink, HistorySite
from recordsdesk.storage.models import AuditEvent, Movement
from recordsdesk.storage.site_key import (
    SiteKeyRing,
    create_key_ring,
    default_new_path,
    find_key_file,
    load_key_ring,
)
from recordsdesk.storage.work import Work

log = logging.getLogger(__name__)

PENDING = "recordsdesk_history_pending"
# pg_advisory_xact_lock key ("RDAUDIT" in ASCII): one chain appender at a time on PostgreSQL.
CHAIN_LOCK_KEY = 0x5244415544495400
CHECKPOINT_SECONDS_ENV = "RECORDSDESK_CHECKPOINT_SECONDS"
# How many problems one verification lists; the rest are counted.
PROBLEMS_SHOWN = 100

_LINKS: Table = HistoryLink.__table__  # type: ignore[assignment]
_MOVEMENTS: Table = Movement.__table__  # type: ignore[assignment]
_AUDIT: Table = AuditEvent.__table__  # type: ignore[assignment]
_TABLES = {MOVEMENT: _MOVEMENTS, AUDIT: _AUDIT}
_COLUMNS = {
    MOVEMENT: [_MOVEMENTS.c[name] for name in MOVEMENT_FIELDS],
    AUDIT: [_AUDIT.c[name] for name in AUDIT_FIELDS],
}
_HEAD = select(_LINKS.c.seq, _LINKS.c.mac).order_by(_LINKS.c.seq.desc()).limit(1)
_INSERT_LINKS = insert(_LINKS)  # built once: sealing runs on every scan
_LINK_KEYS = ("seq", "source", "row_id", "key_id", "mac")

# The tables the database itself keeps append-only, and the triggers that do it.
APPEND_ONLY = ("movements", "audit_events", "history_chain", "history_site")
SQLITE_TRIGGERS = tuple(f"{t}_no_{op}" for t in APPEND_ONLY for op in ("update", "delete"))
POSTGRES_TRIGGERS = tuple(f"{t}_append_only" for t in APPEND_ONLY) + tuple(
    f"{t}_no_truncate" for t in APPEND_ONLY
)


def _site_name() -> str:
    name = re.sub(r"[^A-Za-z0-9 ._-]", "-", socket.gethostname())[:80].strip("-. ")
    return name or "workstation"


def note(work: Work, source: str, row_id: int, values: Sequence[Any] | None = None) -> None:
    """Mark a row just written as history: it is sealed when its unit of work commits.

    ``values``: the row's fields in the order of ``FIELDS[source]``, exactly as written, to
    spare reading it back (the scan path); else the row is read back before sealing.
    """
    work.info.setdefault(PENDING, []).append((source, row_id, values))


def note_many(work: Work, source: str, rows: Iterable[tuple[int, Sequence[Any]]]) -> None:
    """``note`` for many rows of one source just written, each with its values, in order."""
    work.info.setdefault(PENDING, []).extend((source, row_id, values) for row_id, values in rows)


def _noted_by_orm(source: str) -> Callable[..., None]:
    def after_insert(_mapper: Any, _connection: Any, target: Any) -> None:
        session = object_session(target)
        if session is not None:
            note(session, source, int(target.id))

    return after_insert


# Rows added through the ORM are noted by themselves; Core inserts call note() (ledger.py).
event.listen(Movement, "after_insert", _noted_by_orm(MOVEMENT))
event.listen(AuditEvent, "after_insert", _noted_by_orm(AUDIT))


@dataclass(frozen=True)
class ChainProblem:
    """One thing wrong with the history, and where: a chain entry and the row it seals."""

    text: str
    seq: int | None = None
    source: str | None = None
    row_id: int | None = None


@dataclass(frozen=True)
class ChainCheck:
    """What walking the chain found: its length and head, and every problem with where it is.

    ``problems`` holds the first PROBLEMS_SHOWN; ``problem_count`` counts them all.
    """

    entries: int
    head: str
    problems: tuple[ChainProblem, ...] = ()
    problem_count: int = 0
    checkpoint: str = ""

    @property
    def ok(self) -> bool:
        return not self.problem_count

    @property
    def problem(self) -> str:
        """The first problem found, or ""."""
        return self.problems[0].text if self.problems else ""

    @property
    def bad_seq(self) -> int | None:
        return self.problems[0].seq if self.problems else None

    @property
    def bad_source(self) -> str | None:
        return self.problems[0].source if self.problems else None

    @property
    def bad_row_id(self) -> int | None:
        return self.problems[0].row_id if self.problems else None


class _Findings:
    """Problems as they are found, the first PROBLEMS_SHOWN kept, all counted."""

    def __init__(self) -> None:
        self.kept: list[ChainProblem] = []
        self.count = 0

    def add(
        self,
        text: str,
        seq: int | None = None,
        source: str | None = None,
        row_id: int | None = None,
    ) -> None:
        self.count += 1
        if len(self.kept) < PROBLEMS_SHOWN:
            self.kept.append(ChainProblem(text, seq, source, row_id))


def _values(conn: Connection, source: str, ids: Sequence[int]) -> dict[int, tuple[Any, ...]]:
    table = _TABLES[source]
    rows = conn.execute(select(*_COLUMNS[source]).where(table.c.id.in_(ids))).all()
    return {int(row[0]): tuple(row) for row in rows}


def _append(
    conn: Connection,
    ring: SiteKeyRing,
    entries: Iterable[tuple[str, int, Sequence[Any]]],
    watch: ChainWatch | None = None,
) -> tuple[int, str] | None:
    """Seal ``entries`` after the current head, under the chain's lock; the new head.

    ``watch``: first check the chain still holds what this workstation saw it hold.
    """
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": CHAIN_LOCK_KEY})
    head = hot.first(conn, _HEAD)
    if watch is not None:
        watch.check(conn, head)
    if head is None:
        site = conn.execute(select(HistorySite.site)).scalar()
        if site is None:
            conn.execute(insert(HistorySite), {"site": ring.site, "created_at": datetime.now(UTC)})
        elif site != ring.site:
            raise Unavailable(
                f"This database's history belongs to site '{site}', but this workstation's "
                f"key file is for '{ring.site}': install the right key file."
            )
        seq, previous = 0, genesis(ring.site)
    else:
        seq, previous = int(head[0]), str(head[1])
    key_id = ring.current
    given = entries if isinstance(entries, list) else list(entries)
    if not given:
        return None
    macs = entry_macs(ring.key, key_id, seq, previous, ((s, v) for s, _i, v in given))
    links = [
        (number, source, row_id, key_id, mac)
        for number, (source, row_id, _v), mac in zip(
            range(seq + 1, seq + len(given) + 1), given, macs, strict=True
        )
    ]
    seq, previous = links[-1][0], links[-1][4]
    hot.insert_rows(conn, _INSERT_LINKS, _LINK_KEYS, links)
    return seq, previous


class HistoryChain:
    """Seals what a unit of work wrote as history, checks the chain, anchors its head outside."""

    def __init__(self, url: URL, ring: Callable[[], SiteKeyRing] = load_key_ring) -> None:
        self._url = url
        self._load_ring = ring
        self._ring: SiteKeyRing | None = None
        self._site_checked = False
        self._lock = threading.Lock()
        self._unanchored: tuple[int, str] | None = None
        self._anchored_at = 0.0
        self._interval = float(os.environ.get(CHECKPOINT_SECONDS_ENV, "60"))
        self._head_file: HeadFile | None = None
        self._head_failed = False
        self._heads = HeadWriter(self.head_file, self._head_not_written)
        self._watch = ChainWatch(self.head_file, self.checkpoints)

    def ring(self) -> SiteKeyRing:
        """The site key ring, read once; Unavailable when this workstation has none."""
        if self._ring is None:
            self._ring = self._load_ring()
        return self._ring

    def _ring_for(self, conn: Connection) -> SiteKeyRing:
        """The key ring; a lone workstation's new SQLite file with no history yet and no key
        installed anywhere gets a key of its own, in the user's configuration folder."""
        if self._ring is not None or find_key_file() is not None:
            return self.ring()
        fresh = conn.dialect.name == "sqlite" and conn.execute(_HEAD).first() is None
        if not fresh:
            return self.ring()
        path = default_new_path()
        self._ring = create_key_ring(path, _site_name())
        log.warning("no site key was installed: made a new one for this workstation at %s", path)
        return self._ring

    def checkpoints(self) -> CheckpointStore:
        """Where this database's checkpoints are written."""
        return CheckpointStore(self.ring(), database_identity(self._url))

    def seal(self, work: Work) -> tuple[int, str] | None:
        """Link every row noted in ``work`` into the chain; called just before it commits."""
        if not work.info.get(PENDING):
            return None
        work.flush()  # rows the ORM still holds are noted as they are inserted
        pending: list[tuple[str, int, Sequence[Any] | None]] = work.info.pop(PENDING)
        conn = work.connection()
        ring = self._ring_for(conn)
        if not self._site_checked:
            site = conn.execute(select(HistorySite.site)).scalar()
            if site is not None and site != ring.site:
                raise Unavailable(
                    f"This database's history belongs to site '{site}', but this "
                    f"workstation's key file is for '{ring.site}': install the right key file."
                )
            self._site_checked = True
        found: dict[str, dict[int, tuple[Any, ...]]] = {MOVEMENT: {}, AUDIT: {}}
        for source in (MOVEMENT, AUDIT):
            ids = [row_id for kind, row_id, given in pending if kind == source and given is None]
            if ids:
                found[source] = _values(conn, source, ids)
        return _append(
            conn,
            ring,
            ((s, i, v if v is not None else found[s][i]) for s, i, v in pending),
            self._watch,
        )

    def append_rows(
        self, conn: Connection, source: str, rows: Iterable[dict[str, Any]]
    ) -> tuple[int, str] | None:
        """Seal rows a bulk writer inserted on ``conn`` itself (the demo), in the given order;
        the new head, for ``committed`` once the bulk writer's transaction has committed."""
        fields = MOVEMENT_FIELDS if source == MOVEMENT else AUDIT_FIELDS
        return _append(
            conn,
            self._ring_for(conn),
            ((source, int(r["id"]), tuple(r.get(f) for f in fields)) for r in rows),
            self._watch,
        )

    def forget_anchors(self, conn: Connection) -> bool:
        """A database with no history at all starts its chain afresh: the checkpoints and
        head files that an earlier database at the same place left are removed (the demo's,
        built again). False, and nothing removed, when the chain holds any entry."""
        if conn.execute(_HEAD).first() is not None:
            return False
        if self._ring is None and find_key_file() is None:
            return False  # no site key yet: no anchor was ever written under one
        self._heads.close()
        self._heads.restart()
        self._watch.restarted()
        for anchor in self.checkpoints().anchors():
            anchor.unlink(missing_ok=True)
        return True

    def head_file(self) -> HeadFile:
        """This workstation's head file for this database."""
        if self._head_file is None:
            self._head_file = HeadFile(self.ring(), database_identity(self._url))
        return self._head_file

    def committed(self, head: tuple[int, str] | None) -> None:
        """Note a committed head in the head file; write a checkpoint when the last is old
        enough."""
        if head is None:
            return
        self._watch.committed(head)
        with self._lock:
            if self._unanchored is None or head[0] > self._unanchored[0]:
                self._unanchored = head
            due = time.monotonic() - self._anchored_at >= self._interval
        self._heads.offer(head)  # written on the head file's own thread
        if due:
            # The transaction is committed: a checkpoint that cannot be written is logged,
            # never reported as if the work had failed.
            self.close()

    def settle_head(self) -> None:
        """Wait until the newest committed head is in the head file."""
        self._heads.flush()

    def _head_not_written(self, exc: Exception) -> None:
        # The transaction is committed: a head that cannot be written is logged (once), never
        # reported as if the work had failed.
        if not self._head_failed:
            self._head_failed = True
            log.error("could not write the history head file: %s", exc)

    def anchor(self, head: tuple[int, str] | None = None, kind: str = "head") -> None:
        """Write the newest committed head (or ``head``) as a checkpoint outside the database."""
        with self._lock:
            chosen = head or self._unanchored
            if (
                chosen is not None
                and self._unanchored is not None
                and (chosen[0] >= self._unanchored[0])
            ):
                self._unanchored = None
            self._anchored_at = time.monotonic()
        if kind == "restore":
            self._watch.restarted()
            self._heads.restart()  # the restored chain may be shorter: heads begin again
        if chosen is not None:
            self.checkpoints().write(chosen[0], chosen[1], kind)

    def close(self) -> None:
        """Anchor what is not anchored yet; a failure is logged, never raised. The head
        file's thread ends."""
        self._heads.flush()
        try:
            self.anchor()
        except Exception as exc:  # closing must not fail because a share is away
            log.error("could not write the history checkpoint: %s", exc)
        finally:
            self._heads.close()

    def verify(self, conn: Connection, expected_head: str | None = None) -> ChainCheck:
        """Walk the whole chain and everything around it; the first problem found."""
        ring = self.ring()
        self._heads.flush()  # this process's newest head counts too
        log_ = self.checkpoints().read()
        return verify_chain(conn, ring, log_, expected_head, heads=self.head_file().read_all())


def missing_triggers(conn: Connection) -> list[str]:
    """The append-only triggers that are not in place (dropped or disabled)."""
    if conn.dialect.name == "sqlite":
        present = set(
            conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'trigger'").scalars()
        )
        return [name for name in SQLITE_TRIGGERS if name not in present]
    present = set(
        conn.exec_driver_sql(
            "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgenabled <> 'D'"
        ).scalars()
    )
    return [name for name in POSTGRES_TRIGGERS if name not in present]


def _walk_query() -> Any:
    m, a, link = _MOVEMENTS, _AUDIT, _LINKS
    return (
        select(link, *_COLUMNS[MOVEMENT], *_COLUMNS[AUDIT])
        .select_from(
            link.outerjoin(m, and_(link.c.source == MOVEMENT, m.c.id == link.c.row_id)).outerjoin(
                a, and_(link.c.source == AUDIT, a.c.id == link.c.row_id)
            )
        )
        .order_by(link.c.seq)
    )


def _unsealed(conn: Connection, source: str) -> tuple[list[int], int]:
    """The first rows of ``source`` no chain entry seals, and how many there are."""
    table = _TABLES[source]
    sealed = exists().where(_LINKS.c.source == source, _LINKS.c.row_id == table.c.id)
    first = list(
        conn.execute(
            select(table.c.id).where(~sealed).order_by(table.c.id).limit(PROBLEMS_SHOWN)
        ).scalars()
    )
    if len(first) < PROBLEMS_SHOWN:
        return first, len(first)
    count = conn.execute(select(func.count()).select_from(table).where(~sealed)).scalar()
    return first, int(count or 0)


def _name(source: str | None, row_id: int | None) -> str:
    return f"{'movement' if source == MOVEMENT else 'audit entry'} #{row_id}"


def _at(mark: Checkpoint) -> str:
    if mark.kind == CUT:
        return (
            f"the checkpoint of {mark.at:%Y-%m-%d %H:%M:%S} UTC (a head a workstation "
            "committed, kept when it found the chain no longer held it)"
        )
    what = "head file" if mark.kind == "head-file" else "checkpoint"
    return f"the {what} of {mark.at:%Y-%m-%d %H:%M:%S} UTC"


def verify_chain(
    conn: Connection,
    ring: SiteKeyRing,
    checkpoints: CheckpointLog | None = None,
    expected_head: str | None = None,
    any_site: bool = False,
    heads: Sequence[Checkpoint] = (),
) -> ChainCheck:
    """Check every link, what no link seals, the triggers, and the anchors outside: the
    checkpoints and the head files (those written since the last restore).

    Every problem is reported (the first PROBLEMS_SHOWN listed), each with where it is.
    ``any_site``: the history may be another site's name (its MACs still need these keys).
    """
    found = _Findings()
    site = conn.execute(select(HistorySite.site)).scalar()
    marks: list[Checkpoint] = list(checkpoints.checkpoints) if checkpoints else []
    since = checkpoints.restored_at if checkpoints else None
    marks += [h for h in heads if since is None or h.at > since]
    expected: dict[int, list[Checkpoint]] = {}
    for mark in marks:
        expected.setdefault(mark.seq, []).append(mark)
    newest = max(marks, key=lambda c: (c.seq, c.at), default=None)
    previous = genesis(site or ring.site)
    seq = 0
    head_found = expected_head is None
    n_move = len(MOVEMENT_FIELDS)
    last_key = 0
    macs_checked = True
    if site is None or (site != ring.site and not any_site):
        macs_checked = False
    result = conn.execute(_walk_query().execution_options(stream_results=True, yield_per=5000))
    try:
        for row in result:
            link_seq, source, row_id, key_id, mac = row[0], row[1], row[2], row[3], row[4]
            values = row[5 : 5 + n_move] if source == MOVEMENT else row[5 + n_move :]
            chained = True
            if link_seq != seq + 1:
                if link_seq > seq + 1:
                    gap = link_seq - seq - 1
                    missing = (
                        f"Entry {seq + 1}" if gap == 1 else f"Entries {seq + 1}-{link_seq - 1}"
                    )
                    found.add(
                        f"{missing} of the history chain {'is' if gap == 1 else 'are'} "
                        f"missing: the chain jumps from entry {seq} to {link_seq}; history "
                        "was deleted or reordered.",
                        seq + 1,
                        source,
                        row_id,
                    )
                # The entry after a gap cannot be checked against the one before it.
                chained = False
            seq = link_seq
            where = f"Entry {seq} ({_name(source, row_id)})"
            if seq == 1 and not macs_checked:
                found.add(
                    "The history chain has no site: its start was removed."
                    if site is None
                    else f"This history belongs to site '{site}', not to '{ring.site}'.",
                    1,
                    source,
                    row_id,
                )
            key = ring.keys.get(key_id)
            if key is None or key_id < last_key:
                found.add(
                    f"{where} is signed with key {key_id}, which this site's key "
                    "file does not hold or had retired: it was not written by this site.",
                    seq,
                    source,
                    row_id,
                )
            elif values[0] is None:
                found.add(
                    f"{where}: the {_name(source, row_id)} it seals was deleted.",
                    seq,
                    source,
                    row_id,
                )
            elif (
                macs_checked
                and chained
                and not same_mac(entry_mac(key, seq, key_id, previous, source, values), mac)
            ):
                found.add(
                    f"{where} was changed after it was written, or does not "
                    f"follow entry {seq - 1}: its contents and its place do not match its MAC.",
                    seq,
                    source,
                    row_id,
                )
            if key is not None:
                last_key = max(last_key, key_id)
            for mark in expected.get(seq, ()):
                if not same_mac(mark.mac, mac):
                    found.add(
                        f"{where} is not the entry {_at(mark)} saw there: "
                        "history was rewritten from this entry on.",
                        seq,
                        source,
                        row_id,
                    )
                    break
            if expected_head is not None and same_mac(mac, expected_head):
                head_found = True
            # Go on from the stored MAC: each later entry is checked against what it follows.
            previous = mac
    finally:
        result.close()
    for source in (MOVEMENT, AUDIT):
        strays, count = _unsealed(conn, source)
        for stray in strays:
            found.add(
                f"The {_name(source, stray)} is in no chain entry: it was added behind the "
                "application's back.",
                None,
                source,
                stray,
            )
        found.count += count - len(strays)
    mark_text = ""
    if newest is not None:
        mark_text = f"entry {newest.seq} at {newest.at:%Y-%m-%d %H:%M:%S} UTC"
        if newest.seq > seq:
            gone = newest.seq - seq
            found.add(
                f"{gone} {'entry' if gone == 1 else 'entries'} after entry {seq} "
                f"{'is' if gone == 1 else 'are'} missing (entries {seq + 1}-{newest.seq}): "
                f"{_at(newest)} saw the chain reach entry {newest.seq}.",
                seq + 1,
            )
    if checkpoints is not None and checkpoints.forged_line is not None:
        found.add(
            f"Line {checkpoints.forged_line} of {checkpoints.path} is not signed by this "
            "site's key: someone wrote a checkpoint."
        )
    if not head_found:
        found.add(
            f"The chain head {expected_head} noted earlier is not in the history: entries at "
            "its end were removed or rewritten."
        )
    dropped = missing_triggers(conn)
    if dropped:
        found.add(
            "The database no longer refuses changes to history: the triggers "
            f"{', '.join(dropped)} were dropped or disabled."
        )
    return ChainCheck(seq, previous, tuple(found.kept), found.count, mark_text)


def _rows(conn: Connection, source: str) -> Iterator[tuple[Any, int, int, str, tuple[Any, ...]]]:
    rank = 0 if source == MOVEMENT else 1
    query = select(*_COLUMNS[source]).order_by(_TABLES[source].c.id)
    for row in conn.execute(query.execution_options(stream_results=True, yield_per=5000)):
        values = tuple(row)
        at = row.at
        yield (at, rank, int(row.id), source, values)


def seal_existing(conn: Connection, ring: SiteKeyRing) -> int:
    """Seal history written before the chain existed, oldest first; how many entries."""
    merged = heapq.merge(_rows(conn, MOVEMENT), _rows(conn, AUDIT), key=lambda r: r[:3])
    batch: list[tuple[str, int, Sequence[Any]]] = []
    total = 0
    for _at, _rank, row_id, source, values in merged:
        batch.append((source, row_id, values))
        if len(batch) >= 5000:
            _append(conn, ring, batch)
            total += len(batch)
            batch = []
    if batch:
        _append(conn, ring, batch)
        total += len(batch)
    return total
