"""Failed sign-ins counted per typed user name (known or not) and per workstation.

Counting unknown names as well as real ones is what keeps the lockout from telling them
apart: after the same number of failures both get the same "locked" answer.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from recordsdesk.services.identity.secrets import digest
from recordsdesk.storage.identity_models import SignInFailures

MAX_USER_FAILURES = 5
MAX_WORKSTATION_FAILURES = 20
LOCKOUT = timedelta(minutes=15)
# Failures further apart than this start the count again (typos over a week lock nobody).
WINDOW = timedelta(hours=1)


class Scope(StrEnum):
    """What a count is kept for."""

    USER = "user"
    WORKSTATION = "workstation"

    @property
    def limit(self) -> int:
        return MAX_USER_FAILURES if self is Scope.USER else MAX_WORKSTATION_FAILURES


def _key(scope: Scope, key: str) -> str:
    # A typed name is kept only as a hash: it may be a password typed into the wrong box.
    return digest(key) if scope is Scope.USER else key[:64]


def _row(session: Session, scope: Scope, key: str) -> SignInFailures | None:
    return session.scalar(
        select(SignInFailures)
        .where(SignInFailures.scope == scope.value, SignInFailures.key == _key(scope, key))
        .with_for_update()
    )


def locked_until(session: Session, scope: Scope, key: str, now: datetime) -> datetime | None:
    """When the lockout of ``key`` ends; None when it is not locked now."""
    until = session.scalar(
        select(SignInFailures.locked_until).where(
            SignInFailures.scope == scope.value, SignInFailures.key == _key(scope, key)
        )
    )
    return until if until is not None and until > now else None


def count_failure(session: Session, scope: Scope, key: str, now: datetime) -> datetime | None:
    """Count one failure; the end of the lockout when this one reached the limit, else None."""
    row = _row(session, scope, key)
    if row is None:
        row = SignInFailures(scope=scope.value, key=_key(scope, key), failed_attempts=0)
        session.add(row)
    if row.last_failed_at is not None and now - row.last_failed_at > WINDOW:
        row.failed_attempts = 0
    row.failed_attempts += 1
    row.last_failed_at = now
    if row.failed_attempts >= scope.limit:
        row.failed_attempts = 0
        row.locked_until = now + LOCKOUT
        session.flush()
        return row.locked_until
    session.flush()
    return None


def clear(session: Session, scope: Scope, key: str) -> None:
    """Forget the failures and any lockout of ``key``."""
    session.execute(
        delete(SignInFailures).where(
            SignInFailures.scope == scope.value, SignInFailures.key == _key(scope, key)
        )
    )
