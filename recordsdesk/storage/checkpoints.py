"""Signed checkpoints of the chain's head, written outside the database to anchor its end."""

from __future__ import annotations

import hashlib
import json
import os
import re
import socket
import stat
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import platformdirs
from sqlalchemy.engine import URL

from recordsdesk.domain.errors import Unavailable
from recordsdesk.domain.history_mac import checkpoint_mac, same_mac
from recordsdesk.storage.site_key import SiteKeyRing

FOLDER_ENV = "RECORDSDESK_CHECKPOINT_DIR"
# One slot of a head file: a signed JSON record padded with spaces, then a newline.
HEAD_SLOT = 512
# How long after its commit a head is written: the answer to the scan goes out first.
HEAD_DELAY = 0.005


@dataclass(frozen=True)
class Checkpoint:
    """The chain was seen to hold entry ``seq`` with ``mac`` at ``at``."""

    seq: int
    mac: str
    at: datetime
    kind: str


@dataclass(frozen=True)
class CheckpointLog:
    """The checkpoints that count (those since the last restore), and any line that is forged."""

    checkpoints: tuple[Checkpoint, ...]
    forged_line: int | None
    path: Path
    restored_at: datetime | None = None

    @property
    def newest(self) -> Checkpoint | None:
        """The checkpoint with the furthest entry."""
        return max(self.checkpoints, key=lambda c: c.seq, default=None)


def database_identity(url: URL) -> str:
    """A database's name independent of who connects: the resolved file, or host/port/db."""
    if url.get_backend_name() == "sqlite":
        return "sqlite:" + str(Path(url.database or ":memory:").expanduser().resolve())
    return f"postgresql:{url.host or 'local'}:{url.port or 5432}/{url.database}"


def checkpoint_folder(ring: SiteKeyRing) -> Path:
    """RECORDSDESK_CHECKPOINT_DIR, else the folder named in the key file, else the user's."""
    named = os.environ.get(FOLDER_ENV)
    if named:
        return Path(named).expanduser()
    if ring.checkpoints is not None:
        return ring.checkpoints
    return Path(platformdirs.user_state_dir("RecordsDesk", appauthor=False)) / "checkpoints"


class CheckpointStore:
    """One append-only file of signed checkpoint lines per database."""

    def __init__(self, ring: SiteKeyRing, database: str) -> None:
        self._ring = ring
        self._database = database
        digest = hashlib.sha256(database.encode("utf-8")).hexdigest()[:24]
        self.path = checkpoint_folder(ring) / f"{digest}.checkpoints"

    def _fields(self, seq: int, mac: str, at: str, kind: str, key_id: int) -> list[object]:
        return [self._ring.site, self._database, seq, mac, at, kind, key_id]

    def anchors(self) -> list[Path]:
        """This database's anchors in the folder: its checkpoint log and every workstation's
        head file (they share the database's digest as their name's first part)."""
        return sorted(self.path.parent.glob(f"{self.path.stem}.*"))

    def write(self, seq: int, mac: str, kind: str = "head") -> None:
        """Append one signed line; ``kind`` "restore" starts the history afresh."""
        # Microseconds: a head file written before a restore must sort before its line.
        at = datetime.now(UTC).isoformat(timespec="microseconds")
        key_id = self._ring.current
        line = {
            "site": self._ring.site,
            "database": self._database,
            "seq": seq,
            "mac": mac,
            "at": at,
            "kind": kind,
            "key_id": key_id,
            "sig": checkpoint_mac(self._ring.key, self._fields(seq, mac, at, kind, key_id)),
        }
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            fd = _open_own_file(self.path, os.O_APPEND)
            try:
                os.write(fd, (json.dumps(line, sort_keys=True) + "\n").encode("utf-8"))
            finally:
                os.close(fd)
        except OSError as exc:
            raise Unavailable(
                f"The checkpoint cannot be written to {self.path} ({exc.strerror or exc})."
            ) from None

    def read(self) -> CheckpointLog:
        """Every valid line since the last restore; the number of the first forged line."""
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return CheckpointLog((), None, self.path)
        except OSError as exc:
            raise Unavailable(f"The checkpoints in {self.path} cannot be read ({exc}).") from None
        kept: list[Checkpoint] = []
        forged: int | None = None
        restored_at: datetime | None = None
        for number, raw in enumerate(text.splitlines(), start=1):
            if not raw.strip():
                continue
            try:
                line = json.loads(raw)
                fields = self._fields(
                    int(line["seq"]),
                    str(line["mac"]),
                    str(line["at"]),
                    str(line["kind"]),
                    int(line["key_id"]),
                )
                key = self._ring.keys.get(int(line["key_id"]))
                good = (
                    key is not None
                    and line["database"] == self._database
                    and same_mac(checkpoint_mac(key, fields), str(line["sig"]))
                )
            except (ValueError, KeyError, TypeError):
                good = False
            if not good:
                forged = forged or number
                continue
            checkpoint = Checkpoint(
                int(line["seq"]), str(line["mac"]), datetime.fromisoformat(line["at"]), line["kind"]
            )
            if checkpoint.kind == "restore":
                kept = []
                restored_at = checkpoint.at
            kept.append(checkpoint)
        return CheckpointLog(tuple(kept), forged, self.path, restored_at)


_OPEN_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_NOFOLLOW


def _open_own_file(path: Path, flags: int) -> int:
    """Open a checkpoint or head file for writing: never through a symbolic link, and only a
    plain file with no other name (a link planted in a shared folder could otherwise point
    the writes at the database itself)."""
    fd = os.open(path, flags | _OPEN_FLAGS, 0o600)
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode) or info.st_nlink != 1:
        os.close(fd)
        raise OSError(f"{path} is not a plain file of its own: refused")
    return fd


def _workstation() -> str:
    name = re.sub(r"[^A-Za-z0-9_-]", "-", socket.gethostname())[:60].strip("-")
    return name or "workstation"


class HeadFile:
    """This workstation's newest committed head of one database, rewritten in place.

    Written after every commit that sealed history, so that removing the newest entries is
    found with no checkpoint due yet. Two fixed slots (by the head's parity) are overwritten in
    turn, so the file never grows and a write cut short leaves the other slot whole. Not
    synced: the page cache keeps it across a crash of the program, and a power cut can only
    lose the newest anchor (verification is then weaker, never wrong).
    """

    def __init__(self, ring: SiteKeyRing, database: str) -> None:
        self._ring = ring
        self._database = database
        digest = hashlib.sha256(database.encode("utf-8")).hexdigest()[:24]
        self.folder = checkpoint_folder(ring)
        self._prefix = digest
        self.path = self.folder / f"{digest}.{_workstation()}.head"

    def _fields(self, seq: int, mac: str, at: str, key_id: int) -> list[object]:
        return [self._ring.site, self._database, seq, mac, at, "head-file", key_id]

    def write(self, seq: int, mac: str) -> None:
        """Overwrite this head's slot; OSError when the folder cannot be written."""
        at = datetime.now(UTC).isoformat(timespec="microseconds")
        key_id = self._ring.current
        sig = checkpoint_mac(self._ring.key, self._fields(seq, mac, at, key_id))
        record = json.dumps(
            {"seq": seq, "mac": mac, "at": at, "key_id": key_id, "sig": sig},
            separators=(",", ":"),
        ).encode("ascii")
        slot = record.ljust(HEAD_SLOT - 1) + b"\n"
        try:
            fd = _open_own_file(self.path, 0)
        except FileNotFoundError:
            self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            fd = _open_own_file(self.path, 0)
        try:
            os.pwrite(fd, slot, (seq % 2) * HEAD_SLOT)
        finally:
            os.close(fd)

    def read_all(self) -> list[Checkpoint]:
        """Every well-signed head slot of every workstation's head file for this database."""
        found: list[Checkpoint] = []
        try:
            paths = sorted(self.folder.glob(f"{self._prefix}.*.head"))
        except OSError:
            return found
        for path in paths:
            try:
                data = path.read_bytes()
            except OSError as exc:
                raise Unavailable(f"The head file {path} cannot be read ({exc}).") from None
            for start in range(0, len(data), HEAD_SLOT):
                head = self._parse(data[start : start + HEAD_SLOT])
                if head is not None:
                    found.append(head)
        return found

    def _parse(self, raw: bytes) -> Checkpoint | None:
        # A slot that does not verify is ignored, not reported: a write cut short by a power
        # cut looks the same as a forged one, and either only takes an anchor away.
        try:
            line = json.loads(raw.decode("ascii").strip())
            seq, mac, at, key_id = (
                int(line["seq"]),
                str(line["mac"]),
                str(line["at"]),
                int(line["key_id"]),
            )
            key = self._ring.keys.get(key_id)
            if key is None or not same_mac(
                checkpoint_mac(key, self._fields(seq, mac, at, key_id)), str(line["sig"])
            ):
                return None
            return Checkpoint(seq, mac, datetime.fromisoformat(at), "head-file")
        except (ValueError, KeyError, TypeError, UnicodeDecodeError):
            return None


class HeadWriter:
    """Writes the newest committed head to the head file on a thread of its own, so a scan
    only hands it over (a shared folder on another server can take a millisecond to write).

    A head is written ``delay`` seconds after it is offered, so that the scan's answer goes
    out first: the write takes the interpreter's lock from the thread answering the clerk
    (measured in ``benchmarks/bench_desk_window.py``: a lone scan was shown 0.16 ms later
    for it). Heads offered meanwhile are coalesced into the newest. ``flush`` writes at once
    and waits until what was offered is written: before verifying, and when the process
    closes. The chain's own check on the next append (``chain_watch``) covers the moment
    between a commit and its head's write.
    """

    def __init__(
        self,
        head_file: Callable[[], HeadFile],
        on_error: Callable[[Exception], None],
        delay: float = HEAD_DELAY,
    ):
        self._head_file = head_file
        self._on_error = on_error
        self._delay = delay
        self._ready = threading.Condition()
        self._pending: tuple[int, str] | None = None
        self._written = 0
        self._busy = False
        self._urgent = False
        self._closing = False
        self._thread: threading.Thread | None = None

    def offer(self, head: tuple[int, str]) -> None:
        """Hand over a committed head; older than one already offered or written: ignored."""
        with self._ready:
            if head[0] <= self._written or (
                self._pending is not None and head[0] <= self._pending[0]
            ):
                return
            waiting, self._pending = self._pending is not None, head
            if self._thread is None:
                self._closing = False
                self._thread = threading.Thread(
                    target=self._run, name="recordsdesk-head-file", daemon=True
                )
                self._thread.start()
            if not waiting:
                # Woken only when it has nothing to write: a head offered while one waits its
                # delay takes its place, and the thread sleeps on (each wake would take the
                # interpreter's lock from the next scan).
                self._ready.notify_all()

    def restart(self) -> None:
        """After a restore the chain may be shorter: any head may be written again."""
        self.flush()
        with self._ready:
            self._written = 0

    def flush(self) -> None:
        """Write what was offered now, and wait until it is written (or has failed)."""
        with self._ready:
            if self._pending is not None:
                self._urgent = True
                self._ready.notify_all()
            while self._pending is not None or self._busy:
                self._ready.wait()

    def close(self) -> None:
        """Write what was offered, then let the thread end: the database is closing, and a
        thread left waiting would keep it (and its engine) alive for the life of the process."""
        self.flush()
        with self._ready:
            self._closing = True
            thread, self._thread = self._thread, None
            self._ready.notify_all()
        if thread is not None:
            thread.join()

    def _run(self) -> None:
        while True:
            with self._ready:
                while self._pending is None:
                    if self._closing:
                        return
                    self._ready.wait()
                if self._delay > 0:
                    self._ready.wait_for(lambda: self._urgent or self._closing, self._delay)
                head, self._pending = self._pending, None
                self._busy = True
                self._urgent = False
            try:
                self._head_file().write(*head)
            except Exception as exc:  # the thread must live on: flush() waits for it
                self._on_error(exc)
            finally:
                with self._ready:
                    self._written = max(self._written, head[0])
                    self._busy = False
                    self._ready.notify_all()
