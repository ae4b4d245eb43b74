"""The tables of the history chain: one link per movement or audit entry, and the site."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from recordsdesk.storage.models import Base, BigId
from recordsdesk.storage.types import UtcDateTime


class HistoryLink(Base):
    """One entry of the chain: which row it seals, with which key, and its MAC."""

    __tablename__ = "history_chain"
    __table_args__ = (UniqueConstraint("source", "row_id"),)

    # Given by the appender (the head plus one), never by the database: a gap is a deletion.
    seq: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer(), "sqlite"), primary_key=True, autoincrement=False
    )
    source: Mapped[str] = mapped_column(String(8))
    row_id: Mapped[int] = mapped_column(BigId)
    key_id: Mapped[int] = mapped_column(Integer)
    mac: Mapped[str] = mapped_column(String(64))


class HistorySite(Base):
    """The site whose key seals this database's chain (one row, written with the first link)."""

    __tablename__ = "history_site"

    site: Mapped[str] = mapped_column(String(80), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
