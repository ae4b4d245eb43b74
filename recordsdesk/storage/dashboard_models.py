"""The dashboard's summary tables, kept current as movements are written, and their indexes."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, ForeignKey, Index, Integer, String, Table, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, mapped_column

from recordsdesk.storage import hot
from recordsdesk.storage.models import Base, ChartRequest, Volume
from recordsdesk.storage.types import UtcDateTime

# PostgreSQL tells listening desks that requests changed (made, filled, cancelled) on this
# channel; a trigger in migration 0008 sends it, so every path that writes requests is covered.
REQUESTS_CHANNEL = "recordsdesk_requests"


class MovementTally(Base):
    """How many movements of a kind a user wrote in one hour (UTC): clerk activity, missing
    flags and finds per day, read from a few thousand rows instead of the whole ledger."""

    __tablename__ = "movement_tallies"

    hour: Mapped[datetime] = mapped_column(UtcDateTime(), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(24), primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)


class ShelfAuditRun(Base):
    """One shelf audit as it was done: how many charts were scanned and how many were misfiled."""

    __tablename__ = "shelf_audit_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime(), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    scanned: Mapped[int] = mapped_column(Integer)
    misfiled: Mapped[int] = mapped_column(Integer)


# Indexes the figures read through, on tables defined in models.py.
MISSING_INDEX = Index(
    "ix_volumes_missing",
    Volume.missing,
    sqlite_where=Volume.missing.is_(True),
    postgresql_where=Volume.missing.is_(True),
)
REQUESTS_QUEUE_INDEX = Index(
    "ix_requests_status_needed", ChartRequest.status, ChartRequest.needed_by
)
# Pull-list retrieval per day: every column the figure reads, so no row is visited.
REQUESTS_NEEDED_INDEX = Index(
    "ix_requests_needed_by",
    ChartRequest.needed_by,
    ChartRequest.appointment_id,
    ChartRequest.status,
    ChartRequest.closed_at,
)
# Response times of requests made at the desk (not for appointments), likewise covered.
DESK_REQUESTS_INDEX = Index(
    "ix_requests_desk_made",
    ChartRequest.status,
    ChartRequest.created_at,
    ChartRequest.closed_at,
    ChartRequest.priority,
    ChartRequest.appointment_id,  # named in the figure's WHERE: SQLite then reads no row
    sqlite_where=ChartRequest.appointment_id.is_(None),
    postgresql_where=ChartRequest.appointment_id.is_(None),
)

_TALLIES: Table = MovementTally.__table__  # type: ignore[assignment]
_UPSERTS: dict[str, Any] = {}


def _upsert(dialect: str) -> Any:
    """INSERT … ON CONFLICT DO UPDATE count + 1, built once per dialect."""
    if dialect not in _UPSERTS:
        build = postgresql.insert if dialect == "postgresql" else sqlite.insert
        statement = build(_TALLIES)
        _UPSERTS[dialect] = statement.on_conflict_do_update(
            index_elements=[_TALLIES.c.hour, _TALLIES.c.user_id, _TALLIES.c.kind],
            set_={"count": _TALLIES.c["count"] + 1},
        )
    return _UPSERTS[dialect]


def tally_movement(connection: Connection, kind: str, user_id: int, at: datetime) -> None:
    """Count one movement in its hour's tally, in the transaction that writes the movement."""
    hot.change(
        connection,
        _upsert(connection.dialect.name),
        {"hour": _utc_hour(at), "user_id": user_id, "kind": kind, "count": 1},
    )


def _utc_hour(at: datetime) -> datetime:
    # Truncated in UTC, so every desk counts the same hour whatever its own zone.
    return at.astimezone(UTC).replace(minute=0, second=0, microsecond=0)


_REBUILD = {
    "sqlite": (
        "INSERT INTO movement_tallies (hour, user_id, kind, count) "
        "SELECT strftime('%Y-%m-%d %H:00:00.000000', at), user_id, kind, count(*) "
        "FROM movements GROUP BY 1, 2, 3"
    ),
    "postgresql": (
        "INSERT INTO movement_tallies (hour, user_id, kind, count) "
        "SELECT date_trunc('hour', at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', user_id, kind, "
        "count(*) FROM movements GROUP BY 1, 2, 3"
    ),
}


def rebuild_tallies(connection: Connection) -> None:
    """Count the whole ledger into the tallies again (after a bulk load that bypassed the
    ledger, such as the demo's)."""
    connection.execute(text("DELETE FROM movement_tallies"))
    connection.execute(text(_REBUILD[connection.dialect.name]))


def record_shelf_audit_run(
    connection: Connection, at: datetime, user_id: int, scanned: int, misfiled: int
) -> None:
    """Keep one shelf audit's counts for the misfile rate."""
    connection.execute(
        ShelfAuditRun.__table__.insert(),  # type: ignore[attr-defined]
        {"at": at, "user_id": user_id, "scanned": scanned, "misfiled": misfiled},
    )
