"""Schedule feed tables: named feed profiles, and what each appointment key last heard."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from recordsdesk.storage.models import Base, BigId
from recordsdesk.storage.types import UtcDateTime


class ScheduleFeed(Base):
    """A named feed profile: how one sending system's HL7 or CSV files are to be read.

    ``settings`` is a JSON object of the options documented in the README's schedule section
    (identity, MRN identifier, clinic fields, fallback encoding, CSV columns and statuses...).
    """

    __tablename__ = "schedule_feeds"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40), unique=True)
    settings: Mapped[str] = mapped_column(Text, default="{}")
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


class AppointmentKey(Base):
    """One appointment as the sending systems identify it, and the newest message heard of it.

    ``key`` is the appointment's identity qualified by its sender (see feeds/identity.py). A key
    whose newest message withdrew the appointment is a tombstone: an older booking arriving later
    does not bring it back, and a cancel heard before its booking (``appointment_id`` still None)
    is applied when the booking comes. ``offset_minutes`` keeps the feed's UTC offset of the
    start, so that requests made later (a chart registered after the booking) fall due on time.
    """

    __tablename__ = "appointment_keys"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    key: Mapped[str] = mapped_column(String(255), unique=True)
    appointment_id: Mapped[int | None] = mapped_column(ForeignKey("appointments.id"), unique=True)
    message_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    withdrawn: Mapped[bool] = mapped_column(Boolean, default=False)
    action: Mapped[str] = mapped_column(String(16), default="")
    offset_minutes: Mapped[int | None] = mapped_column(Integer)
    feed: Mapped[str] = mapped_column(String(40), default="")
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())
