"""The identity tables: command-line sessions, service tokens, workstations, sign-in failures."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from recordsdesk.storage.models import Base
from recordsdesk.storage.types import UtcDateTime


class CliSession(Base):
    """A command-line session opened by `login`: its secret is kept hashed, in a file elsewhere."""

    __tablename__ = "cli_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    secret_hash: Mapped[str] = mapped_column(String(64))
    # The operating-system account that opened it ("uid:name"): nobody else may use it.
    os_user: Mapped[str] = mapped_column(String(128))
    workstation: Mapped[str] = mapped_column(String(64))
    started_at: Mapped[datetime] = mapped_column(UtcDateTime())
    last_used_at: Mapped[datetime] = mapped_column(UtcDateTime())
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class ServiceToken(Base):
    """The token of a service account (a night job): a user with one is a service account."""

    __tablename__ = "service_tokens"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    issued_at: Mapped[datetime] = mapped_column(UtcDateTime())


class Workstation(Base):
    """A machine an administrator registered, and the name recorded for what is done at it."""

    __tablename__ = "workstations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    machine_id: Mapped[str] = mapped_column(String(64), unique=True)
    registered_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    registered_at: Mapped[datetime] = mapped_column(UtcDateTime())
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class SignInFailures(Base):
    """Failed sign-ins in a row, for a typed user name (known or not) or for a workstation."""

    __tablename__ = "sign_in_failures"

    scope: Mapped[str] = mapped_column(String(16), primary_key=True)
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_failed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    locked_until: Mapped[datetime | None] = mapped_column(UtcDateTime())
