"""Users: adding them, signing in with argon2id, and turning a name into an acting user."""

from __future__ import annotations

import contextlib

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select

from recordsdesk.domain.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from recordsdesk.services.actors import Actor, Clock, Permission, Role
from recordsdesk.services.dto import UserInfo
from recordsdesk.storage.models import User
from recordsdesk.storage.unit_of_work import Database

MIN_PASSWORD = 8


def _info(user: User) -> UserInfo:
    return UserInfo(user.id, user.username, user.full_name, user.role, user.active)


class UserService:
    """Who may sign in, and as what."""

    def __init__(self, db: Database, clock: Clock, hasher: PasswordHasher | None = None) -> None:
        self._db = db
        self._clock = clock
        self._hasher = hasher or PasswordHasher()
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
        """Add a user; with no actor only the first user of an empty database may be added."""
        name = username.strip().lower()
        if not name or not name.replace(".", "").replace("_", "").replace("-", "").isalnum():
            raise InvalidInput(
                f"'{username}' is not a valid user name: letters, digits, dots, dashes."
            )
        parsed_role = Role.parse(role)
        if password is not None and len(password) < MIN_PASSWORD:
            raise InvalidInput(f"A password needs at least {MIN_PASSWORD} characters.")
        with self._db.writing() as uow:
            session = uow.session
            if actor is None:
                if session.scalar(select(func.count(User.id))):
                    raise PermissionDenied(
                        "Users exist already: name the administrator adding this one (--user)."
                    )
            else:
                actor.require(Permission.MANAGE_USERS)
            if session.scalar(select(User.id).where(User.username == name)) is not None:
                raise Conflict(f"User {name} exists already.")
            user = User(
                username=name,
                full_name=full_name,
                role=parsed_role.value,
                password_hash=self._hasher.hash(password) if password else None,
                active=True,
                failed_attempts=0,
                created_at=self._clock(),
            )
            session.add(user)
            uow.commit()
            return _info(user)

    def list(self) -> list[UserInfo]:
        """Every user, by name."""
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
            return Actor(user.id, user.username, Role(user.role), workstation)

    def sign_in(self, username: str, password: str, workstation: str) -> Actor:
        """Check a password; a failure never says whether the name or the password was wrong."""
        refused = PermissionDenied("Wrong user name or password.")
        with self._db.writing() as uow:
            user = uow.session.scalar(select(User).where(User.username == username.strip().lower()))
            if user is None or not user.active or not user.password_hash:
                # Spend the same time as a real check so a name cannot be told by timing.
                self._dummy_verify(password)
                raise refused
            try:
                self._hasher.verify(user.password_hash, password)
            except (VerificationError, InvalidHashError):
                user.failed_attempts += 1
                uow.commit()
                raise refused from None
            user.failed_attempts = 0
            if self._hasher.check_needs_rehash(user.password_hash):
                user.password_hash = self._hasher.hash(password)
            uow.commit()
            return Actor(user.id, user.username, Role(user.role), workstation)

    def _dummy_verify(self, password: str) -> None:
        if self._dummy_hash is None:
            self._dummy_hash = self._hasher.hash("not-a-real-password")
        with contextlib.suppress(VerificationError):
            self._hasher.verify(self._dummy_hash, password)
