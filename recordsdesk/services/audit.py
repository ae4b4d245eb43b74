"""The audit trail: who signed in, looked at, printed and changed what, chained by hashes."""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import func, insert, select, text
from sqlalchemy.orm import Session

from recordsdesk.domain.errors import InvalidInput, RecordsDeskError
from recordsdesk.domain.mrn import normalize_mrn
from recordsdesk.services.actors import Actor, Clock, Permission
from recordsdesk.services.site_settings import load_settings
from recordsdesk.storage.models import AuditEvent
from recordsdesk.storage.unit_of_work import Database

log = logging.getLogger(__name__)

GENESIS = "0" * 64
# pg_advisory_xact_lock key ("RDAUDIT" in ASCII): one chain appender at a time on PostgreSQL.
CHAIN_LOCK_KEY = 0x5244415544495400
# Column widths of audit_events: values are cut to fit *before* hashing, so that what is
# hashed is exactly what the database keeps.
_WIDTHS = {"username": 64, "workstation": 64, "action": 32, "mrn": 30, "outcome": 16}


class AuditAction(StrEnum):
    """The actions the application records; other modules may record their own words too."""

    SIGN_IN = "sign_in"
    SIGN_IN_FAILED = "sign_in_failed"
    SIGN_IN_REFUSED = "sign_in_refused"
    LOCKED_OUT = "locked_out"
    SIGN_OUT = "sign_out"
    DESK_LOCKED = "desk_locked"
    UNLOCKED = "unlocked"
    UNLOCK_FAILED = "unlock_failed"
    CHART_VIEWED = "chart_viewed"
    PRINTED = "printed"
    EXPORTED = "exported"
    SETTING_CHANGED = "setting_changed"
    USER_ADDED = "user_added"
    PASSWORD_CHANGED = "password_changed"
    PASSWORD_RESET = "password_reset"
    USER_DISABLED = "user_disabled"
    USER_ENABLED = "user_enabled"
    USER_UNLOCKED = "user_unlocked"
    REFUSED = "refused"
    AUDIT_VIEWED = "audit_viewed"
    BACKUP = "backup"
    RESTORE = "restore"


@dataclass(frozen=True)
class AuditEntry:
    """One entry of the audit trail as shown to a supervisor."""

    id: int
    at: datetime
    username: str
    workstation: str
    action: str
    mrn: str | None
    detail: str
    outcome: str

    @property
    def summary(self) -> str:
        """Entry number, time, user and action: enough to find it, no patient data."""
        return f"entry #{self.id} ({self.at:%Y-%m-%d %H:%M:%S} UTC, {self.username}, {self.action})"


@dataclass(frozen=True)
class ChainReport:
    """The result of checking the whole chain."""

    entries: int
    head: str
    first_bad: AuditEntry | None = None
    problem: str = ""
    head_found: bool | None = None

    @property
    def ok(self) -> bool:
        return self.first_bad is None and not self.problem and self.head_found is not False


def _clean(value: str, width: int | None = None) -> str:
    # PostgreSQL refuses NUL in text and UTF-8 cannot carry lone surrogates: replace both so a
    # fuzzed scan recorded here can neither fail the write nor hash differently once stored.
    cleaned = value.replace("\x00", "\ufffd").encode("utf-8", "replace").decode("utf-8")
    return cleaned[:width] if width else cleaned


def entry_hash(
    previous_hash: str,
    at: datetime,
    username: str,
    workstation: str,
    action: str,
    mrn: str | None,
    detail: str,
    outcome: str,
) -> str:
    """sha256 of the canonical form of an entry's fields and the hash of the one before."""
    canonical = json.dumps(
        {
            "previous_hash": previous_hash,
            "at": at.astimezone(UTC).isoformat(timespec="microseconds"),
            "username": username,
            "workstation": workstation,
            "action": action,
            "mrn": mrn,
            "detail": detail,
            "outcome": outcome,
        },
        sort_keys=True,
        ensure_ascii=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode("ascii")).hexdigest()


def _entry(event: AuditEvent) -> AuditEntry:
    return AuditEntry(
        event.id,
        event.at,
        event.username,
        event.workstation,
        event.action,
        event.mrn,
        event.detail,
        event.outcome,
    )


def _stored_hash(event: AuditEvent) -> str:
    return entry_hash(
        event.previous_hash,
        event.at,
        event.username,
        event.workstation,
        event.action,
        event.mrn,
        event.detail,
        event.outcome,
    )


class AuditTrail:
    """Appends entries to the chain inside the caller's unit of work."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock

    def record(
        self,
        session: Session,
        *,
        username: str,
        workstation: str,
        action: str,
        mrn: str | None = None,
        detail: str = "",
        outcome: str = "ok",
    ) -> None:
        """Append one entry; it is kept if and only if the caller's unit of work commits.

        Call it in a *writing* unit of work, as the last step before ``commit()``: on
        PostgreSQL it holds the chain's lock until the transaction ends.
        """
        if session.get_bind().dialect.name == "postgresql":
            session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": CHAIN_LOCK_KEY})
        # On SQLite the writing unit of work holds the database's write lock already.
        previous = session.scalar(select(AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1))
        fields = {
            "at": self._clock().astimezone(UTC),
            "username": _clean(username, _WIDTHS["username"]),
            "workstation": _clean(workstation, _WIDTHS["workstation"]),
            "action": _clean(action, _WIDTHS["action"]),
            "mrn": None if mrn is None else _clean(mrn, _WIDTHS["mrn"]),
            "detail": _clean(detail),
            "outcome": _clean(outcome, _WIDTHS["outcome"]),
        }
        previous_hash = previous or GENESIS
        session.add(
            AuditEvent(
                **fields,
                previous_hash=previous_hash,
                hash=entry_hash(previous_hash, **fields),  # type: ignore[arg-type]
            )
        )
        session.flush()

    def record_for(
        self,
        session: Session,
        actor: Actor,
        action: str,
        *,
        mrn: str | None = None,
        detail: str = "",
        outcome: str = "ok",
    ) -> None:
        """``record`` for an acting user."""
        self.record(
            session,
            username=actor.username,
            workstation=actor.workstation,
            action=action,
            mrn=mrn,
            detail=detail,
            outcome=outcome,
        )

    def record_many(self, session: Session, entries: Iterable[Mapping[str, Any]]) -> int:
        """Append many entries in one INSERT (each a mapping of ``record``'s keywords:
        ``username``, ``workstation``, ``action``, and optionally ``mrn``, ``detail``,
        ``outcome``), chained in order; all share one time. How many were written."""
        if session.get_bind().dialect.name == "postgresql":
            session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": CHAIN_LOCK_KEY})
        previous_hash = (
            session.scalar(select(AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1))
            or GENESIS
        )
        at = self._clock().astimezone(UTC)
        rows = []
        for entry in entries:
            mrn = entry.get("mrn")
            fields: dict[str, Any] = {
                "at": at,
                "username": _clean(entry["username"], _WIDTHS["username"]),
                "workstation": _clean(entry["workstation"], _WIDTHS["workstation"]),
                "action": _clean(entry["action"], _WIDTHS["action"]),
                "mrn": None if mrn is None else _clean(mrn, _WIDTHS["mrn"]),
                "detail": _clean(entry.get("detail", "")),
                "outcome": _clean(entry.get("outcome", "ok"), _WIDTHS["outcome"]),
            }
            digest = entry_hash(previous_hash, **fields)
            rows.append({**fields, "previous_hash": previous_hash, "hash": digest})
            previous_hash = digest
        if rows:
            session.execute(insert(AuditEvent), rows)
        return len(rows)


class RefusalRecorder:
    """The hook an Actor calls when refused: the entry is written in its own unit of work, so
    it survives the rollback of the refused action."""

    def __init__(self, db: Database, trail: AuditTrail) -> None:
        self._db = db
        self._trail = trail

    def __call__(self, actor: Actor, permission: Permission) -> None:
        self.record(actor.username, actor.workstation, permission.action)

    def record(self, username: str, workstation: str, what: str) -> None:
        """Record that ``username`` was refused ``what``; a failure to record is logged only,
        so that the refusal itself still stands."""
        try:
            with self._db.writing() as uow:
                self._trail.record(
                    uow.session,
                    username=username,
                    workstation=workstation,
                    action=AuditAction.REFUSED,
                    detail=what,
                    outcome="refused",
                )
                uow.commit()
        except RecordsDeskError as exc:
            log.error("could not record a refusal of %s to %s: %s", username, what, exc)


def verify_chain(session: Session, expected_head: str | None = None) -> ChainReport:
    """Check every entry, oldest first; the report names the first one that does not fit."""
    events = session.scalars(
        select(AuditEvent).order_by(AuditEvent.id).execution_options(yield_per=2000)
    )
    try:
        return _walk(events, expected_head)
    finally:
        events.close()  # a server-side cursor on PostgreSQL, left early when a link breaks


def _walk(events: Iterable[AuditEvent], expected_head: str | None) -> ChainReport:
    expected_previous = GENESIS
    count = 0
    head_found = None if expected_head is None else expected_head == GENESIS
    before: AuditEvent | None = None
    for event in events:
        count += 1
        entry = _entry(event)
        if event.previous_hash != expected_previous:
            after = f"entry #{before.id}" if before is not None else "the start of the trail"
            return ChainReport(
                count,
                expected_previous,
                entry,
                f"{entry.summary} does not follow {after}: an entry between them was "
                "removed, or this entry's link was changed.",
            )
        if _stored_hash(event) != event.hash:
            return ChainReport(
                count,
                expected_previous,
                entry,
                f"{entry.summary} was changed after it was written: its contents do not "
                "match its hash.",
            )
        expected_previous = event.hash
        if expected_head is not None and event.hash == expected_head:
            head_found = True
        before = event
    problem = ""
    if head_found is False:
        problem = (
            f"The chain head {expected_head} noted earlier is not in the trail: entries at "
            "its end were removed or rewritten."
        )
    return ChainReport(count, expected_previous, None, problem, head_found)


def _as_stored(session: Session, mrn: str) -> str:
    """An MRN as typed, written as the site stores it (000042 is 42 where zeros do not count)."""
    try:
        return normalize_mrn(mrn, load_settings(session).mrn)
    except InvalidInput:
        return mrn.strip().upper()


class AuditService:
    """Reading and checking the audit trail."""

    def __init__(self, db: Database, trail: AuditTrail) -> None:
        self._db = db
        self._trail = trail

    def show(
        self,
        actor: Actor,
        user: str | None = None,
        mrn: str | None = None,
        since: datetime | None = None,
        limit: int | None = None,
    ) -> list[AuditEntry]:
        """Entries, oldest first, filtered by user, MRN and time; the most recent ``limit``.

        Reading the trail is itself recorded.
        """
        actor.require(Permission.VIEW_AUDIT)
        with self._db.writing() as uow:
            query = select(AuditEvent)
            if user:
                query = query.where(AuditEvent.username == user.strip().lower())
            if mrn:
                query = query.where(AuditEvent.mrn == _as_stored(uow.session, mrn))
            if since is not None:
                query = query.where(AuditEvent.at >= since)
            query = query.order_by(AuditEvent.id.desc())
            if limit is not None:
                query = query.limit(limit)
            entries = [_entry(e) for e in uow.session.scalars(query)]
            entries.reverse()
            asked = ", ".join(
                f"{k}={v}"
                for k, v in (("user", user), ("mrn", mrn), ("since", since), ("limit", limit))
                if v is not None
            )
            self._trail.record_for(
                uow.session,
                actor,
                AuditAction.AUDIT_VIEWED,
                detail=f"{len(entries)} entries" + (f" ({asked})" if asked else ""),
            )
            uow.commit()
            return entries

    def verify(self, expected_head: str | None = None) -> ChainReport:
        """Check the whole chain; ``expected_head``: a head hash noted earlier must be in it."""
        with self._db.reading() as uow:
            return verify_chain(uow.session, expected_head)

    def count(self) -> int:
        """How many entries the trail holds."""
        with self._db.reading() as uow:
            return int(uow.session.scalar(select(func.count(AuditEvent.id))) or 0)
