"""Who is acting, from which workstation, and what their role lets them do."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
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
    # The release-of-information officer: a clerk who also approves releases and denials.
    ROI = "roi"

    @classmethod
    def parse(cls, text: str) -> Role:
        """The role named ``text``, or InvalidInput listing the roles."""
        try:
            return cls(text.strip().lower())
        except ValueError:
            raise InvalidInput(
                f"Unknown role '{text}': choose clerk, supervisor, admin or roi."
            ) from None

    @property
    def rank(self) -> int:
        return {Role.CLERK: 0, Role.ROI: 0, Role.SUPERVISOR: 1, Role.ADMIN: 2}[self]


class Permission(Enum):
    """Actions guarded in the services: the words for the action, and the least role allowed."""

    CIRCULATE = ("check charts out and in", Role.CLERK)
    REGISTER_CHARTS = ("register patients and charts", Role.CLERK)
    VIEW_CHARTS = ("look at charts", Role.CLERK)
    PRINT = ("print", Role.CLERK)
    IMPORT_SCHEDULE = ("import the schedule", Role.CLERK)
    OVERRIDE = ("override", Role.SUPERVISOR)
    SIGN_OFF_MISSING = ("sign off missing charts", Role.SUPERVISOR)
    REPORTS = ("run reports", Role.SUPERVISOR)
    VIEW_AUDIT = ("read the audit trail", Role.SUPERVISOR)
    UNLOCK_USERS = ("unlock locked-out users and workstations", Role.SUPERVISOR)
    MANAGE_USERS = ("manage users", Role.ADMIN)
    MANAGE_WORKSTATIONS = ("register workstations", Role.ADMIN)
    MANAGE_LOCATIONS = ("manage locations", Role.ADMIN)
    MANAGE_SETTINGS = ("change settings", Role.ADMIN)
    BACKUP = ("back up and restore the database", Role.ADMIN)
    PREPARE_RELEASES = ("log and prepare releases of information", Role.CLERK)
    APPROVE_RELEASES = ("approve special categories and denials", Role.SUPERVISOR, Role.ROI)

    def __init__(self, action: str, least: Role, also: Role | None = None) -> None:
        # Distinct tuples: members sharing a role must not become aliases of one another.
        self.action = action
        self.least = least
        self.also = also


# What a service account (a night job with a token) may do, whatever its role.
SERVICE_PERMISSIONS = frozenset(
    {Permission.IMPORT_SCHEDULE, Permission.VIEW_CHARTS, Permission.PRINT}
)

# Called when an actor is refused, before PermissionDenied is raised: the audit trail's hook.
RefusalHook = Callable[["Actor", Permission], None]


def _article(word: str) -> str:
    return f"an {word}" if word[:1] in "aeiou" else f"a {word}"


@dataclass(frozen=True)
class Actor:
    """The signed-in user as the services see them.

    ``must_change_password``: signed in with a password an administrator set; nothing is
    allowed until the user chooses their own (UserService.change_password gives a new Actor).
    ``service``: a service account acting with its token: only SERVICE_PERMISSIONS.
    """

    user_id: int
    username: str
    role: Role
    workstation: str
    must_change_password: bool = False
    service: bool = False
    on_refused: RefusalHook | None = field(default=None, compare=False, repr=False)

    def may(self, permission: Permission) -> bool:
        """Whether this actor's role allows ``permission``."""
        if self.must_change_password:
            return False
        if self.service and permission not in SERVICE_PERMISSIONS:
            return False
        return self.role.rank >= permission.least.rank or self.role is permission.also

    def require(self, permission: Permission) -> None:
        """Raise PermissionDenied unless allowed; the refusal is recorded first.

        Call it before opening a writing unit of work: the record is written in its own.
        """
        if self.may(permission):
            return
        if self.must_change_password:
            message = (
                f"{self.username} must choose a new password before anything else: "
                "an administrator set the one used to sign in."
            )
        elif self.service and permission not in SERVICE_PERMISSIONS:
            message = (
                f"{self.username} is a service account: it may not {permission.action} "
                "(only night jobs: schedule import, pull lists, labels, lists)."
            )
        else:
            message = (
                f"{self.username} is {_article(self.role.value)}: only "
                f"{_article(permission.least.value)} or above"
                + (f" (or one with the {permission.also.value} role)" if permission.also else "")
                + f" may {permission.action}."
            )
        if self.on_refused is not None:
            self.on_refused(self, permission)
        raise PermissionDenied(message)
