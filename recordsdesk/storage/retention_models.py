"""Retention tables: rules, records centres, off-site boxes, legal holds, destruction batches."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from recordsdesk.storage.models import Base, BigId
from recordsdesk.storage.types import UtcDateTime


class RetentionRuleRow(Base):
    """A site's retention schedule for one record type (record type None: every other type)."""

    __tablename__ = "retention_rules"

    id: Mapped[int] = mapped_column(primary_key=True)
    record_type_id: Mapped[int | None] = mapped_column(ForeignKey("record_types.id"), unique=True)
    name: Mapped[str] = mapped_column(String(128))
    years_after_activity: Mapped[int | None] = mapped_column(Integer)
    majority_age: Mapped[int | None] = mapped_column(Integer)
    years_after_majority: Mapped[int | None] = mapped_column(Integer)
    years_after_death: Mapped[int | None] = mapped_column(Integer)
    permanent: Mapped[bool] = mapped_column(Boolean, default=False)
    retire_after_years: Mapped[int | None] = mapped_column(Integer)
    citation: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())
    updated_by: Mapped[int] = mapped_column(ForeignKey("users.id"))


class RecordsCentre(Base):
    """An off-site location that holds boxes, and how long it takes to get a box back."""

    __tablename__ = "records_centres"

    location_id: Mapped[int] = mapped_column(ForeignKey("locations.id"), primary_key=True)
    lead_days: Mapped[int] = mapped_column(Integer, default=2)


class PatientDeath(Base):
    """A patient's date of death, for rules that count from it."""

    __tablename__ = "patient_deaths"

    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), primary_key=True)
    died_on: Mapped[date] = mapped_column(Date)
    recorded_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime())


class Box(Base):
    """An off-site box: packed in the file room, then at a records centre (location)."""

    __tablename__ = "retention_boxes"

    id: Mapped[int] = mapped_column(primary_key=True)
    barcode: Mapped[str] = mapped_column(String(16), unique=True)
    # packing, off_site, in_file_room (recalled), destroyed
    status: Mapped[str] = mapped_column(String(16), default="packing")
    # None: in this file room.
    location_id: Mapped[int | None] = mapped_column(ForeignKey("locations.id"))
    note: Mapped[str] = mapped_column(String(255), default="")
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    moved_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class BoxItem(Base):
    """A volume packed in a box; ``removed_at`` set once it is recalled or destroyed."""

    __tablename__ = "retention_box_items"
    __table_args__ = (
        # A volume is in at most one box at a time.
        Index(
            "uq_retention_box_items_volume_open",
            "volume_id",
            unique=True,
            sqlite_where=text("removed_at IS NULL"),
            postgresql_where=text("removed_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    box_id: Mapped[int] = mapped_column(ForeignKey("retention_boxes.id"), index=True)
    volume_id: Mapped[int] = mapped_column(ForeignKey("volumes.id"))
    packed_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    packed_at: Mapped[datetime] = mapped_column(UtcDateTime())
    removed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    removed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class LegalHold(Base):
    """A hold on a patient, a record type or activity in a date range: nothing it covers goes."""

    __tablename__ = "legal_holds"

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int | None] = mapped_column(ForeignKey("patients.id"))
    record_type_id: Mapped[int | None] = mapped_column(ForeignKey("record_types.id"))
    starts_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)
    placed_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    placed_at: Mapped[datetime] = mapped_column(UtcDateTime())
    released_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    released_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    release_note: Mapped[str] = mapped_column(Text, default="")


class DestructionBatch(Base):
    """Volumes proposed for destruction together: approved by a second person, then executed."""

    __tablename__ = "destruction_batches"

    id: Mapped[int] = mapped_column(primary_key=True)
    # proposed, approved, completed
    status: Mapped[str] = mapped_column(String(16), default="proposed")
    method: Mapped[str] = mapped_column(String(128))
    note: Mapped[str] = mapped_column(Text, default="")
    proposed_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    proposed_at: Mapped[datetime] = mapped_column(UtcDateTime())
    approved_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    approved_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    completed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class DestructionItem(Base):
    """One volume of a batch, with the rule it was found eligible under."""

    __tablename__ = "destruction_items"
    __table_args__ = (UniqueConstraint("batch_id", "volume_id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("destruction_batches.id"), index=True)
    volume_id: Mapped[int] = mapped_column(ForeignKey("volumes.id"), index=True)
    box_id: Mapped[int | None] = mapped_column(ForeignKey("retention_boxes.id"))
    rule_name: Mapped[str] = mapped_column(String(128))
    citation: Mapped[str] = mapped_column(Text, default="")
    basis: Mapped[str] = mapped_column(String(255), default="")
    keep_until: Mapped[date] = mapped_column(Date)
    destroyed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    destroyed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    movement_id: Mapped[int | None] = mapped_column(BigId)


class VolumeThickness(Base):
    """A volume's measured thickness, for the shelf it takes (else the site's inches per volume)."""

    __tablename__ = "volume_thickness"

    volume_id: Mapped[int] = mapped_column(BigId, ForeignKey("volumes.id"), primary_key=True)
    inches: Mapped[float] = mapped_column(Float)
    measured_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    measured_at: Mapped[datetime] = mapped_column(UtcDateTime())


class DestructionWitness(Base):
    """A person present when a batch is destroyed, identified by sign-in or a scanned badge."""

    __tablename__ = "destruction_witnesses"

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("destruction_batches.id"), index=True)
    # second: the second person of a two-person destruction; witness: anyone else present.
    role: Mapped[str] = mapped_column(String(16))
    # sign-in (a user, with their password) or scan (a person's badge, P-CODE).
    how: Mapped[str] = mapped_column(String(16))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    location_id: Mapped[int | None] = mapped_column(ForeignKey("locations.id"))
    name: Mapped[str] = mapped_column(String(128))
    at: Mapped[datetime] = mapped_column(UtcDateTime())
    recorded_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
