"""Who is acting, from which workstation, and what their role lets them do."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import Enum

from recordsdesk.domain.errors import InvalidInput, PermissionDenied

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    """The current time, aware, in UTC."""
    return datetime.now(UTC)


class Role(Enum):
    """What a user is: each role can do all that the one before it can, and more."""

    CLERK = "clerk"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"

    @classmethod
    def parse(cls, text: str) -> Role:
        """The role named ``text``, or InvalidInput listing the roles."""
        try:
            return cls(text.strip().lower())
        except ValueError:
            raise InvalidInput(
                f"Unknown role '{text}': choose clerk, supervisor or admin."
            ) from None

    @property
    def rank(self) -> int:
        return [Role.CLERK, Role.SUPERVISOR, Role.ADMIN].index(self)


class Permission(Enum):
    """Actions guarded in the services, with the least role that may do them."""

    CIRCULATE = Role.CLERK
    REGISTER_CHARTS = Role.CLERK
    VIEW_CHARTS = Role.CLERK
    PRINT = Role.CLERK
    IMPORT_SCHEDULE = Role.CLERK
    OVERRIDE = Role.SUPERVISOR
    SIGN_OFF_MISSING = Role.SUPERVISOR
    REPORTS = Role.SUPERVISOR
    MANAGE_USERS = Role.ADMIN
    MANAGE_LOCATIONS = Role.ADMIN
    MANAGE_SETTINGS = Role.ADMIN


_ACTION_NAMES = {
    Permission.MANAGE_USERS: "manage users",
    Permission.MANAGE_LOCATIONS: "manage locations",
    Permission.MANAGE_SETTINGS: "change settings",
    Permission.OVERRIDE: "override",
    Permission.SIGN_OFF_MISSING: "sign off missing charts",
    Permission.REPORTS: "run reports",
}


@dataclass(frozen=True)
class Actor:
    """The signed-in user as the services see them."""

    user_id: int
    username: str
    role: Role
    workstation: str

    def may(self, permission: Permission) -> bool:
        """Whether this actor's role allows ``permission``."""
        least: Role = permission.value
        return self.role.rank >= least.rank

    def require(self, permission: Permission) -> None:
        """Raise PermissionDenied unless the role allows ``permission``."""
        if not self.may(permission):
            least: Role = permission.value
            action = _ACTION_NAMES.get(permission, permission.name.lower().replace("_", " "))
            raise PermissionDenied(
                f"{self.username} is a {self.role.value}: only a {least.value} or above "
                f"may {action}."
            )
