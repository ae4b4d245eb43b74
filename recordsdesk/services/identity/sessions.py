"""Command-line sessions: opened by `login`, bound to an OS account, ended by idleness or logout."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from recordsdesk.services.actors import Actor, Clock, Role
from recordsdesk.services.audit import AuditAction, AuditTrail, RefusalRecorder
from recordsdesk.services.identity import lockout
from recordsdesk.services.identity.errors import NotSignedIn
from recordsdesk.services.identity.machine import Machine
from recordsdesk.services.identity.secrets import SESSION_PREFIX, digest, new_secret, same
from recordsdesk.services.identity.workstations import recorded_name
from recordsdesk.services.site_settings import load_settings
from recordsdesk.storage.identity_models import CliSession, ServiceToken
from recordsdesk.storage.models import User
from recordsdesk.storage.unit_of_work import Database

SIGN_IN_HINT = "sign in with `recordsdesk --user NAME login`"


def database_fingerprint(db: Database) -> str:
    """What ties a session file to one database: a hash of its URL (path made absolute)."""
    url = db.engine.url
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        url = url.set(database=str(Path(url.database or "").resolve()))
    text = url.render_as_string(hide_password=True)
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass(frozen=True)
class Ticket:
    """What the session file keeps: the session, its secret, and the database it belongs to."""

    session_id: int
    secret: str
    username: str
    database: str


class SessionService:
    """Opening, resuming and ending command-line sessions."""

    def __init__(
        self, db: Database, clock: Clock, trail: AuditTrail, refusals: RefusalRecorder
    ) -> None:
        self._db = db
        self._clock = clock
        self._trail = trail
        self._refusals = refusals

    def open(self, actor: Actor, os_user: str) -> Ticket:
        """A new session for ``actor`` (who has just signed in with their password)."""
        secret = new_secret(SESSION_PREFIX)
        now = self._clock()
        with self._db.writing() as uow:
            row = CliSession(
                user_id=actor.user_id,
                secret_hash=digest(secret),
                os_user=os_user[:128],
                workstation=actor.workstation[:64],
                started_at=now,
                last_used_at=now,
            )
            uow.session.add(row)
            uow.session.flush()
            uow.commit()
            return Ticket(row.id, secret, actor.username, database_fingerprint(self._db))

    def open_for(self, username: str, os_user: str, workstation: str) -> Ticket:
        """A session for ``username`` with no password asked: for trusted in-process callers
        (a test rig, an installer) that hold the database already."""
        with self._db.reading() as uow:
            user = uow.session.scalar(select(User).where(User.username == username.lower()))
            if user is None:
                raise NotSignedIn(f"No user named '{username}'.")
            actor = Actor(user.id, user.username, Role(user.role), workstation)
        return self.open(actor, os_user)

    def idle_minutes(self) -> int:
        """How long a session lasts without use: the site's idle_lock_minutes."""
        with self._db.reading() as uow:
            return load_settings(uow.session).idle_lock_minutes

    def is_open(self, ticket: Ticket) -> bool:
        """Whether a session is this database's, and has neither ended nor gone idle."""
        if ticket.database != database_fingerprint(self._db):
            return False
        with self._db.reading() as uow:
            row = uow.session.get(CliSession, ticket.session_id)
            if row is None or row.ended_at is not None:
                return False
            if not same(row.secret_hash, digest(ticket.secret)):
                return False
            idle = timedelta(minutes=load_settings(uow.session).idle_lock_minutes)
            return row.last_used_at + idle > self._clock()

    def resume(self, ticket: Ticket, os_user: str, machine: Machine) -> Actor:
        """The acting user of a session, checked: its secret, owner, idleness, the account.

        Raises NotSignedIn (recorded) when the session cannot be used; the time of use is
        kept, so that idleness counts from the last command.
        """
        now = self._clock()
        problem = ""
        with self._db.writing() as uow:
            session = uow.session
            workstation = recorded_name(session, machine)
            row = session.get(CliSession, ticket.session_id, with_for_update=True)
            user = None if row is None else session.get(User, row.user_id)
            if ticket.database != database_fingerprint(self._db):
                problem = f"this session was opened on another database: {SIGN_IN_HINT}"
            elif row is None or user is None or not same(row.secret_hash, digest(ticket.secret)):
                problem = f"this session is not known to this database: {SIGN_IN_HINT}"
            elif row.ended_at is not None:
                problem = f"this session has ended: {SIGN_IN_HINT}"
            elif row.os_user != os_user[:128]:
                problem = f"this session belongs to another system account: {SIGN_IN_HINT}"
            else:
                idle = timedelta(minutes=load_settings(session).idle_lock_minutes)
                if row.last_used_at + idle <= now:
                    row.ended_at = now
                    problem = (
                        f"your session ended after {idle.seconds // 60} minutes without use: "
                        f"{SIGN_IN_HINT}"
                    )
                elif not user.active:
                    row.ended_at = now
                    problem = f"user {user.username} is disabled: ask an administrator"
                elif lockout.locked_until(session, lockout.Scope.USER, user.username, now):
                    problem = f"user {user.username} is locked out: wait, or ask a supervisor"
                else:
                    row.last_used_at = now
            if problem:
                self._trail.record(
                    session,
                    username=user.username if user is not None else ticket.username,
                    workstation=workstation,
                    action=AuditAction.REFUSED,
                    detail=f"command line: {problem}",
                    outcome="refused",
                )
                uow.commit()
                raise NotSignedIn(problem[:1].upper() + problem[1:] + ".")
            assert user is not None
            uow.commit()
            return Actor(
                user.id,
                user.username,
                Role(user.role),
                workstation,
                must_change_password=user.must_change_password,
                on_refused=self._refusals,
            )

    def end(self, ticket: Ticket, machine: Machine) -> bool:
        """End a session (logout); whether there was one to end."""
        with self._db.writing() as uow:
            session = uow.session
            row = session.get(CliSession, ticket.session_id, with_for_update=True)
            if row is None or row.ended_at is not None:
                return False
            if not same(row.secret_hash, digest(ticket.secret)):
                return False
            user = session.get(User, row.user_id)
            row.ended_at = self._clock()
            self._trail.record(
                session,
                username=user.username if user else ticket.username,
                workstation=recorded_name(session, machine),
                action=AuditAction.SIGN_OUT,
                detail="command line",
            )
            uow.commit()
            return True

    def refuse(self, username: str, machine: Machine, what: str) -> None:
        """Record a command refused for want of a session or token (a name that is no user's
        is not written: it may be a password typed in the wrong place)."""
        with self._db.reading() as uow:
            workstation = recorded_name(uow.session, machine)
            known = username and uow.session.scalar(
                select(User.id).where(User.username == username.strip().lower())
            )
        self._refusals.record(
            username if known else "(unknown name)", workstation, f"command line: {what}"
        )


class TokenService:
    """Service accounts' tokens: checking one, and replacing it."""

    def __init__(
        self, db: Database, clock: Clock, trail: AuditTrail, refusals: RefusalRecorder
    ) -> None:
        self._db = db
        self._clock = clock
        self._trail = trail
        self._refusals = refusals

    def authenticate(self, token: str, machine: Machine) -> Actor:
        """The service account whose token this is; NotSignedIn (recorded) otherwise."""
        hashed = digest(token.strip())
        with self._db.writing() as uow:
            session = uow.session
            workstation = recorded_name(session, machine)
            found = session.execute(
                select(User, ServiceToken.token_hash)
                .join(ServiceToken, ServiceToken.user_id == User.id)
                .where(ServiceToken.token_hash == hashed)
            ).first()
            problem = ""
            if found is None:
                problem = "the service token is not valid for this database"
            elif not found[0].active:
                problem = f"service account {found[0].username} is disabled"
            if problem:
                self._trail.record(
                    session,
                    username="" if found is None else found[0].username,
                    workstation=workstation,
                    action=AuditAction.REFUSED,
                    detail=f"command line: {problem}",
                    outcome="refused",
                )
                uow.commit()
                raise NotSignedIn(problem[:1].upper() + problem[1:] + ".")
            assert found is not None
            user = found[0]
            return Actor(
                user.id,
                user.username,
                Role(user.role),
                workstation,
                service=True,
                on_refused=self._refusals,
            )
