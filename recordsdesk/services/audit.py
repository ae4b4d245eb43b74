"""The audit trail: who signed in, looked at, printed and changed what; sealed in the chain."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from recordsdesk.domain.errors import InvalidInput, RecordsDeskError
from recordsdesk.domain.history_mac import AUDIT, AUDIT_FIELDS
from recordsdesk.domain.mrn import normalize_mrn
from recordsdesk.services.actors import Actor, Clock, Permission
from recordsdesk.services.site_settings import load_settings
from recordsdesk.storage import hot
from recordsdesk.storage.chain import ChainCheck, ChainProblem, note, note_many
from recordsdesk.storage.models import AuditEvent
from recordsdesk.storage.unit_of_work import Database
from recordsdesk.storage.work import Work

log = logging.getLogger(__name__)

# Column widths of audit_events: values are cut to fit *before* sealing, so that what is
# sealed is exactly what the database keeps.
_WIDTHS = {"username": 64, "workstation": 64, "action": 32, "mrn": 30, "outcome": 16}
_INSERT = insert(AuditEvent)
_LAST_ID = select(func.max(AuditEvent.id))


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
    """The result of checking the whole history chain (movements and audit entries)."""

    entries: int
    head: str
    first_bad: AuditEntry | None = None
    problem: str = ""
    bad_entry: int | None = None
    checkpoint: str = ""
    problems: tuple[ChainProblem, ...] = ()
    problem_count: int = 0

    @property
    def ok(self) -> bool:
        return not self.problem_count


def _clean(value: str, width: int | None = None) -> str:
    # PostgreSQL refuses NUL in text and UTF-8 cannot carry lone surrogates: replace both so a
    # fuzzed scan recorded here can neither fail the write nor hash differently once stored.
    if value.isascii() and "\x00" not in value:
        cleaned = value  # nothing to replace (the usual case, and cheap to tell)
    else:
        cleaned = value.replace("\x00", "\ufffd").encode("utf-8", "replace").decode("utf-8")
    return cleaned[:width] if width else cleaned


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


class AuditTrail:
    """Appends entries to the chain inside the caller's unit of work."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock

    def record(
        self,
        work: Work,
        *,
        username: str,
        workstation: str,
        action: str,
        mrn: str | None = None,
        detail: str = "",
        outcome: str = "ok",
    ) -> int:
        """Append one entry; it is kept if and only if the caller's unit of work commits.

        The entry is sealed into the history chain as that unit of work commits. Its id, for a
        row that links to it (another desk may have written newer entries meanwhile).
        """
        work.flush()  # what the caller added first keeps its place before this entry
        fields = self._fields(username, workstation, action, mrn, detail, outcome)
        # A prebuilt Core insert, sealed with the values as written: no ORM object to flush
        # and no reading the row back (this runs on every scan that names a patient).
        fields["id"] = hot.insert(work.connection(), _INSERT, fields)
        note(work, AUDIT, fields["id"], [fields[name] for name in AUDIT_FIELDS])
        return int(fields["id"])

    def _fields(
        self,
        username: str,
        workstation: str,
        action: str,
        mrn: str | None,
        detail: str,
        outcome: str,
    ) -> dict[str, Any]:
        return {
            "at": self._clock().astimezone(UTC),
            "username": _clean(username, _WIDTHS["username"]),
            "workstation": _clean(workstation, _WIDTHS["workstation"]),
            "action": _clean(action, _WIDTHS["action"]),
            "mrn": None if mrn is None else _clean(mrn, _WIDTHS["mrn"]),
            "detail": _clean(detail),
            "outcome": _clean(outcome, _WIDTHS["outcome"]),
        }

    def record_many(self, session: Session, entries: Iterable[Mapping[str, Any]]) -> int:
        """Append many entries in one statement (each a mapping of ``record``'s keywords:
        ``username``, ``workstation``, ``action``, and optionally ``mrn``, ``detail``,
        ``outcome``); all share one time. How many were written."""
        at = self._clock().astimezone(UTC)
        # A retirement list names tens of thousands of patients in entries that differ by the
        # MRN alone: what they share is cleaned once. Each row is kept as a tuple in the order
        # of AUDIT_FIELDS, the columns' order: written as it is and sealed as it is.
        shared: dict[tuple[str, ...], tuple[tuple[Any, ...], tuple[Any, ...]]] = {}
        found: list[tuple[tuple[tuple[Any, ...], tuple[Any, ...]], str | None]] = []
        for e in entries:
            said = (
                e["username"],
                e["workstation"],
                e["action"],
                e.get("detail", ""),
                e.get("outcome", "ok"),
            )
            parts = shared.get(said)
            if parts is None:
                username, workstation, action, detail, outcome = said
                f = self._fields(username, workstation, action, None, detail, outcome)
                parts = shared[said] = (
                    (at, f["username"], f["workstation"], f["action"]),
                    (f["detail"], f["outcome"]),
                )
            mrn = e.get("mrn")
            found.append((parts, None if mrn is None else _clean(mrn, _WIDTHS["mrn"])))
        if not found:
            return 0
        session.flush()  # what the caller added first keeps its place before these entries
        conn = session.connection()
        rows: list[tuple[Any, ...]]
        if conn.dialect.name == "sqlite":
            # One prepared insert run for every row on the driver's cursor. SQLite has one
            # writer at a time and a writing unit of work holds the lock from its BEGIN, so
            # the ids are numbered here as SQLite would number them; were another writer to
            # come between, the primary key would refuse the insert, never misfile an entry.
            first = int(conn.execute(_LAST_ID).scalar() or 0) + 1
            rows = [
                (number, *head, mrn, *tail)
                for number, ((head, tail), mrn) in enumerate(found, first)
            ]
            hot.insert_rows(conn, _INSERT, AUDIT_FIELDS, rows)
        else:
            # PostgreSQL numbers them from its sequence, in batches, in the rows' order.
            written = [
                dict(zip(AUDIT_FIELDS[1:], (*head, mrn, *tail), strict=True))
                for (head, tail), mrn in found
            ]
            ids = conn.execute(
                _INSERT.returning(AuditEvent.id, sort_by_parameter_order=True), written
            ).scalars()
            rows = [
                (int(row_id), *head, mrn, *tail)
                for row_id, ((head, tail), mrn) in zip(ids, found, strict=True)
            ]
        note_many(session, AUDIT, [(row[0], row) for row in rows])
        return len(rows)

    def record_for(
        self,
        work: Work,
        actor: Actor,
        action: str,
        *,
        mrn: str | None = None,
        detail: str = "",
        outcome: str = "ok",
    ) -> int:
        """``record`` for an acting user; the id of the entry written."""
        return self.record(
            work,
            username=actor.username,
            workstation=actor.workstation,
            action=action,
            mrn=mrn,
            detail=detail,
            outcome=outcome,
        )


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


def chain_report(session: Session, check: ChainCheck) -> ChainReport:
    """A chain check as the audit service reports it, naming the audit entry when it is one."""
    first_bad = None
    if check.bad_source == "audit" and check.bad_row_id is not None:
        event = session.get(AuditEvent, check.bad_row_id)
        if event is not None:
            first_bad = _entry(event)
    return ChainReport(
        check.entries,
        check.head,
        first_bad,
        check.problem,
        check.bad_seq,
        check.checkpoint,
        check.problems,
        check.problem_count,
    )


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
        """Check the whole history chain against the site key and the newest checkpoint.

        ``expected_head``: a head noted earlier must be in it. A chain in order is anchored
        again: a checkpoint of its head is written outside the database.
        """
        with self._db.reading() as uow:
            check = self._db.chain.verify(uow.session.connection(), expected_head)
            report = chain_report(uow.session, check)
        if report.ok and report.entries:
            self._db.chain.anchor((report.entries, report.head), "verified")
        return report

    def count(self) -> int:
        """How many entries the trail holds."""
        with self._db.reading() as uow:
            return int(uow.session.scalar(select(func.count(AuditEvent.id))) or 0)
