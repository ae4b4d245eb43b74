"""Users: adding them, signing in with argon2id, lockout, passwords, and the acting user."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from argon2 import Parameters, PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from recordsdesk.domain.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from recordsdesk.domain.passwords import check_password
from recordsdesk.services.actors import Actor, Clock, Permission, Role
from recordsdesk.services.audit import AuditAction, AuditTrail, RefusalRecorder
from recordsdesk.services.dto import UserInfo
from recordsdesk.services.identity import lockout
from recordsdesk.services.identity.lockout import Scope
from recordsdesk.services.identity.secrets import TOKEN_PREFIX, digest, new_secret
from recordsdesk.services.site_settings import load_settings
from recordsdesk.storage.identity_models import ServiceToken
from recordsdesk.storage.models import User
from recordsdesk.storage.unit_of_work import Database, UnitOfWork

MAX_FAILED_ATTEMPTS = lockout.MAX_USER_FAILURES
LOCKOUT = lockout.LOCKOUT
WRONG = "Wrong user name or password."
# How passwords are hashed: argon2id with RFC 9106's low-memory profile (64 MiB, 3 passes, 4 lanes).
# The test suite swaps this for cheap parameters (tests/conftest.py); the product never does.
PASSWORD_HASHING: Parameters = profiles.RFC_9106_LOW_MEMORY


def password_hasher() -> PasswordHasher:
    """A hasher with this module's PASSWORD_HASHING parameters."""
    return PasswordHasher.from_parameters(PASSWORD_HASHING)


NEEDS_PASSWORD = (
    "A person's account needs a password (--password-stdin, or typed at the prompt); "
    "a night job's account is added with --service and gets a token instead."
)
TOKEN_ROTATED = "token_rotated"
WORKSTATION_UNLOCKED = "workstation_unlocked"


def _info(user: User) -> UserInfo:
    return UserInfo(user.id, user.username, user.full_name, user.role, user.active)


def _until(moment: datetime) -> str:
    return moment.astimezone().strftime("%H:%M on %d %b")


@dataclass(frozen=True)
class _Stored:
    """What a password check needs, read before the (slow) hash is verified."""

    id: int
    password_hash: str | None


class UserService:
    """Who may sign in, and as what."""

    def __init__(
        self,
        db: Database,
        clock: Clock,
        hasher: PasswordHasher | None = None,
        trail: AuditTrail | None = None,
        workstation_of: Callable[[str], str] | None = None,
    ) -> None:
        self._db = db
        # The name recorded for a sign-in at a workstation called ... (the registry's, when set).
        self._workstation_of = workstation_of or (lambda claimed: claimed)
        self._clock = clock
        self._hasher = hasher or password_hasher()
        self._trail = trail or AuditTrail(clock)
        self._refusals = RefusalRecorder(db, self._trail)
        self._dummy_hash: str | None = None

    def count(self) -> int:
        """How many users exist (zero on a new database)."""
        with self._db.reading() as uow:
            return int(uow.session.scalar(select(func.count(User.id))) or 0)

    def add(
        self,
        actor: Actor | None,
        username: str,
        role: str,
        password: str | None = None,
        full_name: str = "",
    ) -> UserInfo:
        """Add a person; with no actor only the first user of an empty database may be added."""
        if password is None:
            raise InvalidInput(NEEDS_PASSWORD)
        return self._add(actor, username, role, password, full_name, None)

    def add_service(
        self, actor: Actor, username: str, role: str, full_name: str = ""
    ) -> tuple[UserInfo, str]:
        """Add a service account (a night job): no password, a token shown only this once."""
        token = new_secret(TOKEN_PREFIX)
        return self._add(actor, username, role, None, full_name, digest(token)), token

    def rotate_token(self, actor: Actor, username: str) -> str:
        """Replace a service account's token; the old one stops working at once."""
        actor.require(Permission.MANAGE_USERS)
        name = username.strip().lower()
        token = new_secret(TOKEN_PREFIX)
        with self._db.writing() as uow:
            session = uow.session
            user = session.scalar(select(User).where(User.username == name))
            row = None if user is None else session.get(ServiceToken, user.id)
            if user is None or row is None:
                raise NotFound(f"No service account named '{name}'.")
            row.token_hash = digest(token)
            row.issued_at = self._clock()
            self._trail.record_for(session, actor, TOKEN_ROTATED, detail=name)
            uow.commit()
        return token

    def _add(
        self,
        actor: Actor | None,
        username: str,
        role: str,
        password: str | None,
        full_name: str,
        token_hash: str | None,
    ) -> UserInfo:
        name = username.strip().lower()
        if not name or not name.replace(".", "").replace("_", "").replace("-", "").isalnum():
            raise InvalidInput(
                f"'{username}' is not a valid user name: letters, digits, dots, dashes."
            )
        if len(name) > 64:
            raise InvalidInput("A user name has at most 64 characters.")
        parsed_role = Role.parse(role)
        if password is not None:
            check_password(password, name, (full_name, self._site_name()))
        if actor is not None:
            actor.require(Permission.MANAGE_USERS)
        elif parsed_role is not Role.ADMIN:
            raise InvalidInput("The first user of a database is its administrator: --role admin.")
        elif self.count():
            self._refusals.record(name, "", "add a user without naming an administrator")
            raise PermissionDenied(
                "Users exist already: sign in as an administrator to add this one."
            )
        password_hash = self._hasher.hash(password) if password else None
        with self._db.writing() as uow:
            session = uow.session
            if actor is None and session.scalar(select(func.count(User.id))):
                raise PermissionDenied("Users exist already: sign in as an administrator.")
            if session.scalar(select(User.id).where(User.username == name)) is not None:
                raise Conflict(f"User {name} exists already.")
            now = self._clock()
            user = User(
                username=name,
                full_name=full_name,
                role=parsed_role.value,
                password_hash=password_hash,
                active=True,
                created_at=now,
                password_changed_at=now if password_hash else None,
                must_change_password=False,
            )
            session.add(user)
            session.flush()
            if token_hash is not None:
                session.add(ServiceToken(user_id=user.id, token_hash=token_hash, issued_at=now))
            self._trail.record(
                session,
                username=actor.username if actor else name,
                workstation=actor.workstation if actor else "",
                action=AuditAction.USER_ADDED,
                detail=f"{name} as {parsed_role.value}"
                + (" (service account)" if token_hash else ""),
            )
            uow.commit()
            return _info(user)

    def _site_name(self) -> str:
        with self._db.reading() as uow:
            return load_settings(uow.session).file_room

    def list(self, actor: Actor) -> list[UserInfo]:
        """Every user, by name (administrators only)."""
        actor.require(Permission.MANAGE_USERS)
        with self._db.reading() as uow:
            users = uow.session.scalars(select(User).order_by(User.username)).all()
            return [_info(u) for u in users]

    def actor(self, username: str, workstation: str) -> Actor:
        """The acting user for ``username`` (scripts and the command line)."""
        with self._db.reading() as uow:
            user = uow.session.scalar(select(User).where(User.username == username.lower()))
            if user is None:
                raise NotFound(f"No user named '{username}'.")
            if not user.active:
                raise PermissionDenied(f"User {user.username} is disabled.")
            return self._actor(user, workstation, must_change=False)

    def _actor(self, user: User, workstation: str, must_change: bool) -> Actor:
        return Actor(
            user.id,
            user.username,
            Role(user.role),
            workstation,
            must_change_password=must_change,
            on_refused=self._refusals,
        )

    # Signing in, unlocking the desk, signing out.

    def sign_in(self, username: str, password: str, workstation: str) -> Actor:
        """Check a password and return the acting user.

        A failure never says whether the name or the password was wrong, and costs the same
        either way (a hash is verified for unknown names too). Failures are counted for the
        typed name, known or not, and for the workstation; after MAX_FAILED_ATTEMPTS in a row
        for a name (or lockout.MAX_WORKSTATION_FAILURES at a workstation) signing in is
        refused for LOCKOUT with the same answer for every name. Every attempt is recorded,
        but an unknown name is not written (it may be a password typed into the wrong box).
        """
        name = username.strip().lower()[:64]
        workstation = self._workstation_of(workstation)
        stored = self._stored(name)
        right = self._matches(stored.password_hash if stored else None, password)
        with self._db.writing() as uow:
            session = uow.session
            user = None if stored is None else self._lock_row(session, stored.id)
            # An unknown name is not recorded: it may be a password typed into the wrong box.
            shown = name if user is not None else "(unknown name)"
            self._refuse_if_locked(uow, name, shown, workstation, AuditAction.SIGN_IN_REFUSED)
            if user is None or not right:
                detail = (
                    "unknown user"
                    if user is None
                    else "no password set"
                    if not user.password_hash
                    else "wrong password"
                )
                self._count_failure(uow, name, shown, workstation, detail)
                raise PermissionDenied(WRONG)
            if not user.active:
                self._trail.record(
                    session,
                    username=name,
                    workstation=workstation,
                    action=AuditAction.SIGN_IN_REFUSED,
                    detail="user disabled",
                    outcome="refused",
                )
                uow.commit()
                raise PermissionDenied(f"User {name} is disabled: ask an administrator.")
            lockout.clear(session, Scope.USER, name)
            assert stored is not None and stored.password_hash is not None
            if self._hasher.check_needs_rehash(stored.password_hash):
                user.password_hash = self._hasher.hash(password)
            actor = self._actor(user, workstation, user.must_change_password)
            self._trail.record_for(
                session,
                actor,
                AuditAction.SIGN_IN,
                detail="must change password" if user.must_change_password else "",
            )
            uow.commit()
            return actor

    def verify_password(self, actor: Actor, password: str) -> None:
        """Unlock a locked desk: raise PermissionDenied unless ``password`` is the actor's.

        Failures count towards the lockout like failed sign-ins; every attempt is recorded.
        """
        self._check_own(actor, password, AuditAction.UNLOCKED, AuditAction.UNLOCK_FAILED)

    def _check_own(
        self,
        actor: Actor,
        password: str,
        success: AuditAction | None,
        failure: AuditAction,
        wrong: str = "Wrong password.",
    ) -> None:
        stored = self._stored(actor.username)
        if stored is None or stored.id != actor.user_id or not stored.password_hash:
            raise PermissionDenied(f"User {actor.username} no longer exists: sign in again.")
        right = self._matches(stored.password_hash, password)
        with self._db.writing() as uow:
            user = self._lock_row(uow.session, stored.id)
            name = user.username
            self._refuse_if_locked(uow, name, name, actor.workstation, failure)
            if not right:
                self._count_failure(uow, name, name, actor.workstation, "wrong password", failure)
                raise PermissionDenied(wrong)
            if not user.active:
                self._trail.record_for(
                    uow.session, actor, failure, detail="user disabled", outcome="refused"
                )
                uow.commit()
                raise PermissionDenied(f"User {user.username} is disabled: ask an administrator.")
            lockout.clear(uow.session, Scope.USER, name)
            if success is not None:
                self._trail.record_for(uow.session, actor, success)
            uow.commit()

    def desk_locked(self, actor: Actor) -> None:
        """Record that the desk locked itself (idle) with ``actor`` signed in."""
        self._record(actor, AuditAction.DESK_LOCKED)

    def sign_out(self, actor: Actor) -> None:
        """Record that ``actor`` signed out."""
        self._record(actor, AuditAction.SIGN_OUT)

    # Passwords and accounts.

    def change_password(self, actor: Actor, old: str, new: str) -> Actor:
        """Change one's own password (the old one is needed); the actor to use from now on."""
        if old == new:
            raise InvalidInput("The new password must differ from the old one.")
        check_password(new, actor.username)
        self._check_own(
            actor,
            old,
            None,
            AuditAction.PASSWORD_CHANGED,
            "The old password is wrong: nothing changed.",
        )
        new_hash = self._hasher.hash(new)
        with self._db.writing() as uow:
            user = self._lock_row(uow.session, actor.user_id)
            user.password_hash = new_hash
            user.password_changed_at = self._clock()
            user.must_change_password = False
            self._trail.record_for(uow.session, actor, AuditAction.PASSWORD_CHANGED)
            uow.commit()
            return self._actor(user, actor.workstation, must_change=False)

    def reset_password(self, actor: Actor, username: str, temporary: str) -> UserInfo:
        """Set a user's password to ``temporary``: they must change it when they sign in.

        Also clears a lockout.
        """
        name = username.strip().lower()
        check_password(temporary, name)
        actor.require(Permission.MANAGE_USERS)
        new_hash = self._hasher.hash(temporary)

        def reset(user: User) -> None:
            user.password_hash = new_hash
            user.password_changed_at = self._clock()
            user.must_change_password = True

        return self._administer(actor, name, AuditAction.PASSWORD_RESET, reset)

    def disable(self, actor: Actor, username: str) -> UserInfo:
        """Stop a user from signing in (their history stays)."""
        name = username.strip().lower()
        actor.require(Permission.MANAGE_USERS)
        if name == actor.username:
            raise InvalidInput("You cannot disable yourself: ask another administrator.")

        def disable(user: User) -> None:
            user.active = False

        return self._administer(actor, name, AuditAction.USER_DISABLED, disable)

    def enable(self, actor: Actor, username: str) -> UserInfo:
        """Let a disabled user sign in again (a lockout is cleared too)."""
        actor.require(Permission.MANAGE_USERS)

        def enable(user: User) -> None:
            user.active = True

        return self._administer(actor, username.strip().lower(), AuditAction.USER_ENABLED, enable)

    def unlock(self, actor: Actor, username: str) -> UserInfo:
        """Clear a lockout before it runs out (supervisors and above)."""
        actor.require(Permission.UNLOCK_USERS)

        def unlock(user: User) -> None:
            pass  # the counters are cleared by _administer

        return self._administer(actor, username.strip().lower(), AuditAction.USER_UNLOCKED, unlock)

    def unlock_workstation(self, actor: Actor, workstation: str) -> None:
        """Clear a workstation's lockout after failed sign-ins there (supervisors and above)."""
        actor.require(Permission.UNLOCK_USERS)
        with self._db.writing() as uow:
            lockout.clear(uow.session, Scope.WORKSTATION, workstation)
            self._trail.record_for(uow.session, actor, WORKSTATION_UNLOCKED, detail=workstation)
            uow.commit()

    def locked_until(self, username: str) -> datetime | None:
        """When a lockout of ``username`` ends (None: not locked now)."""
        with self._db.reading() as uow:
            return lockout.locked_until(
                uow.session, Scope.USER, username.strip().lower(), self._clock()
            )

    # The parts.

    def _administer(
        self, actor: Actor, name: str, action: AuditAction, change: Callable[[User], None]
    ) -> UserInfo:
        with self._db.writing() as uow:
            user = uow.session.scalar(select(User).where(User.username == name).with_for_update())
            if user is None:
                raise NotFound(f"No user named '{name}'.")
            change(user)
            if action in (
                AuditAction.PASSWORD_RESET,
                AuditAction.USER_ENABLED,
                AuditAction.USER_UNLOCKED,
            ):
                lockout.clear(uow.session, Scope.USER, name)
            self._trail.record_for(uow.session, actor, action, detail=name)
            uow.commit()
            return _info(user)

    def _record(self, actor: Actor, action: AuditAction) -> None:
        with self._db.writing() as uow:
            self._trail.record_for(uow.session, actor, action)
            uow.commit()

    def _stored(self, name: str) -> _Stored | None:
        with self._db.reading() as uow:
            row = uow.session.execute(
                select(User.id, User.password_hash).where(User.username == name)
            ).first()
        return None if row is None else _Stored(row.id, row.password_hash)

    def _matches(self, password_hash: str | None, password: str) -> bool:
        # Verified outside any transaction: argon2 is slow by design, and a writing unit of
        # work would hold SQLite's write lock (every desk's scans) for that long. With no hash
        # (an unknown name, a service account) a dummy one is verified: the same cost.
        if not password_hash:
            self._dummy_verify(password)
            return False
        try:
            return bool(self._hasher.verify(password_hash, password))
        except (VerificationError, InvalidHashError):
            return False

    @staticmethod
    def _lock_row(session: Session, user_id: int) -> User:
        user = session.scalar(select(User).where(User.id == user_id).with_for_update())
        if user is None:
            raise NotFound("That user no longer exists.")
        return user

    def _refuse_if_locked(
        self, uow: UnitOfWork, name: str, shown: str, workstation: str, action: AuditAction
    ) -> None:
        now = self._clock()
        session = uow.session
        for scope, key in ((Scope.USER, name), (Scope.WORKSTATION, workstation)):
            until = lockout.locked_until(session, scope, key, now)
            if until is None:
                continue
            self._trail.record(
                session,
                username=shown,
                workstation=workstation,
                action=action,
                detail=f"{scope.value} locked until {until.isoformat()}",
                outcome="locked",
            )
            uow.commit()
            raise PermissionDenied(_locked_message(scope, until))

    def _count_failure(
        self,
        uow: UnitOfWork,
        name: str,
        shown: str,
        workstation: str,
        detail: str,
        action: AuditAction = AuditAction.SIGN_IN_FAILED,
    ) -> None:
        session = uow.session
        now = self._clock()
        self._trail.record(
            session,
            username=shown,
            workstation=workstation,
            action=action,
            detail=detail,
            outcome="refused",
        )
        for scope, key in ((Scope.USER, name), (Scope.WORKSTATION, workstation)):
            until = lockout.count_failure(session, scope, key, now)
            if until is None:
                continue
            self._trail.record(
                session,
                username=shown,
                workstation=workstation,
                action=AuditAction.LOCKED_OUT,
                detail=f"{scope.value}: {scope.limit} failed attempts; locked until "
                f"{until.isoformat()}",
                outcome="locked",
            )
            uow.commit()
            raise PermissionDenied(_locked_message(scope, until))
        uow.commit()

    def _dummy_verify(self, password: str) -> None:
        if self._dummy_hash is None:
            self._dummy_hash = self._hasher.hash("not-a-real-password")
        with contextlib.suppress(VerificationError):
            self._hasher.verify(self._dummy_hash, password)


def _locked_message(scope: Scope, until: datetime) -> str:
    # The same words for every name, known or not: the answer tells no real names apart.
    what = "This user name" if scope is Scope.USER else "This workstation"
    return (
        f"{what} is locked after {scope.limit} failed attempts, until {_until(until)}: "
        "wait, or ask a supervisor to unlock it."
    )
