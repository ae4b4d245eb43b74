"""The tables: patients, charts, volumes, locations, the movement ledger, users, settings."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from recordsdesk.storage.types import UtcDateTime

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# BIGINT on PostgreSQL, but INTEGER on SQLite so the id stays the rowid alias.
BigId = BigInteger().with_variant(Integer(), "sqlite")


class Base(DeclarativeBase):
    """The one declarative base; its metadata names constraints the same on every database."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Setting(Base):
    """One site setting (filing scheme, MRN width, check digit, palette ...), stored as text."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class User(Base):
    """Someone who signs in: a clerk, a supervisor or an administrator."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(128), default="")
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    password_changed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)


class Location(Base):
    """Anywhere a chart can be: a clinic, ward, department, person, file room or off-site store."""

    __tablename__ = "locations"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(128))
    kind: Mapped[str] = mapped_column(String(16))
    loan_hours: Mapped[int | None] = mapped_column(Integer)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    needs_review: Mapped[bool] = mapped_column(Boolean, default=False)


class RecordType(Base):
    """A kind of chart: medical record, radiology jacket ..."""

    __tablename__ = "record_types"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(64))
    pull_all_volumes: Mapped[bool] = mapped_column(Boolean, default=False)


class Patient(Base):
    """A person with a medical record number."""

    __tablename__ = "patients"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    mrn: Mapped[str] = mapped_column(String(30), unique=True)
    family_name: Mapped[str] = mapped_column(String(80))
    given_name: Mapped[str] = mapped_column(String(80))
    dob: Mapped[date | None] = mapped_column(Date)
    # Upper-cased "FAMILY, GIVEN" for prefix search by name.
    name_key: Mapped[str] = mapped_column(String(170), index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())

    charts: Mapped[list[Chart]] = relationship(back_populates="patient")


class Chart(Base):
    """The paper folders of one patient for one record type."""

    __tablename__ = "charts"
    __table_args__ = (UniqueConstraint("patient_id", "record_type_id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True)
    record_type_id: Mapped[int] = mapped_column(ForeignKey("record_types.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())

    patient: Mapped[Patient] = relationship(back_populates="charts")
    record_type: Mapped[RecordType] = relationship()
    volumes: Mapped[list[Volume]] = relationship(back_populates="chart", order_by="Volume.number")


class Volume(Base):
    """One physical folder of a chart: what is scanned, tracked and shelved."""

    __tablename__ = "volumes"
    __table_args__ = (
        UniqueConstraint("chart_id", "number"),
        Index("ix_volumes_location_due", "location_id", "due_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    chart_id: Mapped[int] = mapped_column(ForeignKey("charts.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    barcode: Mapped[str] = mapped_column(String(32), unique=True)
    shelf_key: Mapped[str] = mapped_column(String(80), index=True)
    # None: at home on its shelf.
    location_id: Mapped[int | None] = mapped_column(ForeignKey("locations.id"))
    out_since: Mapped[datetime | None] = mapped_column(UtcDateTime())
    due_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    missing: Mapped[bool] = mapped_column(Boolean, default=False)
    # Bumped on every change of place: a second desk working from a stale read loses cleanly.
    version: Mapped[int] = mapped_column(Integer, default=1)
    last_movement_id: Mapped[int | None] = mapped_column(BigId)

    chart: Mapped[Chart] = relationship(back_populates="volumes")
    location: Mapped[Location | None] = relationship()

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - SQLAlchemy reads it


class Movement(Base):
    """One immutable event in a volume's life; corrections are new movements."""

    __tablename__ = "movements"
    __table_args__ = (
        Index("ix_movements_volume_at", "volume_id", "id"),
        # The refiling cart: charts returned lately, by kind and time.
        Index("ix_movements_kind_at", "kind", "at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    volume_id: Mapped[int] = mapped_column(ForeignKey("volumes.id"))
    kind: Mapped[str] = mapped_column(String(24))
    from_location_id: Mapped[int | None] = mapped_column(ForeignKey("locations.id"))
    to_location_id: Mapped[int | None] = mapped_column(ForeignKey("locations.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    workstation: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UtcDateTime())
    due_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    note: Mapped[str] = mapped_column(String(255), default="")


class Appointment(Base):
    """An appointment imported from the scheduling system; it makes requests for the chart."""

    __tablename__ = "appointments"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    # The scheduling system's appointment id: a resent message finds the same row.
    external_id: Mapped[str] = mapped_column(String(80), unique=True)
    mrn: Mapped[str] = mapped_column(String(30), index=True)
    patient_id: Mapped[int | None] = mapped_column(ForeignKey("patients.id"), index=True)
    family_name: Mapped[str] = mapped_column(String(80), default="")
    given_name: Mapped[str] = mapped_column(String(80), default="")
    dob: Mapped[date | None] = mapped_column(Date)
    # Wall-clock time at the clinic, as the feed gives it.
    start: Mapped[datetime] = mapped_column(DateTime(timezone=False))
    day: Mapped[date] = mapped_column(Date, index=True)
    location_id: Mapped[int] = mapped_column(ForeignKey("locations.id"))
    provider: Mapped[str] = mapped_column(String(128), default="")
    status: Mapped[str] = mapped_column(String(32), default="")
    cancelled: Mapped[bool] = mapped_column(Boolean, default=False)
    source: Mapped[str] = mapped_column(String(255), default="")
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


class ChartRequest(Base):
    """Someone needs a volume at a place by a time: routine or STAT."""

    __tablename__ = "requests"
    __table_args__ = (Index("ix_requests_volume_status", "volume_id", "status"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True)
    volume_id: Mapped[int | None] = mapped_column(ForeignKey("volumes.id"))
    location_id: Mapped[int] = mapped_column(ForeignKey("locations.id"))
    appointment_id: Mapped[int | None] = mapped_column(ForeignKey("appointments.id"), index=True)
    needed_by: Mapped[datetime] = mapped_column(UtcDateTime())
    priority: Mapped[str] = mapped_column(String(8), default="routine")
    status: Mapped[str] = mapped_column(String(12), default="pending")
    requested_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    movement_id: Mapped[int | None] = mapped_column(BigId)
    note: Mapped[str] = mapped_column(String(255), default="")


class PullListPrint(Base):
    """A pull list as it went out: the day and the request keys on it (for updates-only)."""

    __tablename__ = "pull_list_prints"

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date, index=True)
    printed_at: Mapped[datetime] = mapped_column(UtcDateTime())
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    keys: Mapped[str] = mapped_column(Text)


class AuditEvent(Base):
    """One entry of the audit trail: append-only, sealed in the history chain."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime(), index=True)
    username: Mapped[str] = mapped_column(String(64), index=True)
    workstation: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32))
    mrn: Mapped[str | None] = mapped_column(String(30), index=True)
    detail: Mapped[str] = mapped_column(Text, default="")
    outcome: Mapped[str] = mapped_column(String(16), default="ok")


# Capability tables, imported last so that the metadata (and Alembic) knows them; ruff's
# per-file settings allow the late, unused-looking import here.
from recordsdesk.storage import (
    dashboard_models,
    history_models,
    identity_models,
    release_models,
    retention_models,
    schedule_models,
)
