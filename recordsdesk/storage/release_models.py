"""The tables of release of information: requests, their checklist, approvals and disclosures."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from recordsdesk.storage.models import Base, BigId
from recordsdesk.storage.types import UtcDateTime

# The tables that are history: the database refuses UPDATE and DELETE on them (migration 0006).
APPEND_ONLY_TABLES = ("roi_disclosures", "roi_approvals", "roi_chart_requests")


class RoiRequest(Base):
    """A request for a copy of a patient's record: who asks, on what ground, by when."""

    __tablename__ = "roi_requests"
    __table_args__ = (
        Index("ix_roi_requests_status_due", "status", "due_on"),
        Index("ix_roi_requests_received_on", "received_on"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True)
    requester_kind: Mapped[str] = mapped_column(String(24))
    basis: Mapped[str] = mapped_column(String(24))
    requester_name: Mapped[str] = mapped_column(String(128))
    requester_address: Mapped[str] = mapped_column(Text, default="")
    received_on: Mapped[date] = mapped_column(Date)
    due_on: Mapped[date] = mapped_column(Date)
    extended_due_on: Mapped[date | None] = mapped_column(Date)
    extension_reason: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(24))
    # What is asked: in words, and as record types, a date range and volumes.
    what: Mapped[str] = mapped_column(Text)
    record_types: Mapped[str] = mapped_column(String(255), default="")
    date_from: Mapped[date | None] = mapped_column(Date)
    date_to: Mapped[date | None] = mapped_column(Date)
    volumes: Mapped[str] = mapped_column(Text, default="")
    minimum_necessary: Mapped[str] = mapped_column(Text, default="")
    page_count: Mapped[int | None] = mapped_column(Integer)
    fee_cents: Mapped[int | None] = mapped_column(Integer)
    denial_reason: Mapped[str] = mapped_column(Text, default="")
    # The HIPAA authorisation, element by element (164.508(c)); has_authorisation: one received.
    has_authorisation: Mapped[bool] = mapped_column(Boolean, default=False)
    auth_description: Mapped[str] = mapped_column(Text, default="")
    auth_discloser: Mapped[str] = mapped_column(String(255), default="")
    auth_recipient: Mapped[str] = mapped_column(String(255), default="")
    auth_purpose: Mapped[str] = mapped_column(Text, default="")
    auth_expires_on: Mapped[date | None] = mapped_column(Date)
    auth_expiry_event: Mapped[str] = mapped_column(String(255), default="")
    auth_signed_by: Mapped[str] = mapped_column(String(128), default="")
    auth_signed_on: Mapped[date | None] = mapped_column(Date)
    auth_representative_authority: Mapped[str] = mapped_column(String(255), default="")
    auth_statements: Mapped[bool] = mapped_column(Boolean, default=False)
    auth_covers: Mapped[str] = mapped_column(String(128), default="")
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    # Two desks working one request: the second to save from a stale read loses cleanly.
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - SQLAlchemy reads it


class RoiCheck(Base):
    """A checklist item ticked on a request (identity verified, minimum necessary ...)."""

    __tablename__ = "roi_checks"
    __table_args__ = (UniqueConstraint("request_id", "item"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("roi_requests.id"), index=True)
    item: Mapped[str] = mapped_column(String(32))
    note: Mapped[str] = mapped_column(String(255), default="")
    checked_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    checked_at: Mapped[datetime] = mapped_column(UtcDateTime())


class RoiApproval(Base):
    """A supervisor's (or the ROI officer's) decision: a special category may go, or a denial."""

    __tablename__ = "roi_approvals"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("roi_requests.id"), index=True)
    # A SpecialCategory value, or "denial".
    subject: Mapped[str] = mapped_column(String(32))
    note: Mapped[str] = mapped_column(Text, default="")
    approved_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    approved_at: Mapped[datetime] = mapped_column(UtcDateTime())


class RoiChartRequest(Base):
    """A chart request (the existing request flow) made for a release: the volume to the desk."""

    __tablename__ = "roi_chart_requests"

    roi_request_id: Mapped[int] = mapped_column(ForeignKey("roi_requests.id"), primary_key=True)
    chart_request_id: Mapped[int] = mapped_column(ForeignKey("requests.id"), primary_key=True)


class RoiDisclosure(Base):
    """One disclosure: who received what, when, why, by which clerk; linked to its audit entry."""

    __tablename__ = "roi_disclosures"
    __table_args__ = (
        Index("ix_roi_disclosures_patient_at", "patient_id", "disclosed_at"),
        # A request's first disclosure read from the index alone (the turnaround figures).
        Index("ix_roi_disclosures_request_at", "request_id", "disclosed_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("roi_requests.id"), index=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"))
    disclosed_at: Mapped[datetime] = mapped_column(UtcDateTime())
    recipient: Mapped[str] = mapped_column(String(128))
    recipient_address: Mapped[str] = mapped_column(Text, default="")
    what: Mapped[str] = mapped_column(Text)
    purpose: Mapped[str] = mapped_column(Text)
    basis: Mapped[str] = mapped_column(String(24))
    accountable: Mapped[bool] = mapped_column(Boolean)
    held_back: Mapped[str] = mapped_column(String(128), default="")
    pages: Mapped[int | None] = mapped_column(Integer)
    fee_cents: Mapped[int | None] = mapped_column(Integer)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    workstation: Mapped[str] = mapped_column(String(64))
    audit_event_id: Mapped[int] = mapped_column(ForeignKey("audit_events.id"), unique=True)
    # The record types this disclosure released (a request may be released in parts).
    released_types: Mapped[str | None] = mapped_column(String(255), default="")


class RoiRecordTypeCategory(Base):
    """A record type whose charts are a special category: never released by default."""

    __tablename__ = "roi_record_type_categories"

    record_type_id: Mapped[int] = mapped_column(ForeignKey("record_types.id"), primary_key=True)
    category: Mapped[str] = mapped_column(String(32))


class RoiSetting(Base):
    """A release-of-information setting (copy fees, the ROI desk), kept apart from the site's."""

    __tablename__ = "roi_settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class RoiAccountingSuspension(Base):
    """An agency's statement suspending a patient's accounting of the disclosures made to it
    (164.528(a)(2)): written, for the time it gives; oral, 30 days at the most."""

    __tablename__ = "roi_accounting_suspensions"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True)
    agency: Mapped[str] = mapped_column(String(128))
    official: Mapped[str] = mapped_column(String(128), default="")
    written: Mapped[bool] = mapped_column(Boolean)
    stated_on: Mapped[date] = mapped_column(Date)
    until: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime())
