"""The services a desk or script needs, built at the composition point as they are first used.

Each service is made (and its module imported) on first use, so that a command that only
checks charts out never loads the printing, feed or migration code.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from recordsdesk.services.actors import Clock, system_clock
from recordsdesk.services.audit import AuditService, AuditTrail, RefusalRecorder
from recordsdesk.services.site_settings import SettingsCache
from recordsdesk.storage.engine import build_engine
from recordsdesk.storage.unit_of_work import Database

if TYPE_CHECKING:
    from recordsdesk.services.backup import BackupService
    from recordsdesk.services.circulation import CirculationService
    from recordsdesk.services.documents import DocumentService
    from recordsdesk.services.history import HistoryService
    from recordsdesk.services.identity.machine import Machine
    from recordsdesk.services.identity.sessions import SessionService, TokenService
    from recordsdesk.services.identity.workstations import WorkstationRegistry
    from recordsdesk.services.locations import LocationService
    from recordsdesk.services.missing import MissingService
    from recordsdesk.services.pull_lists import PullListService
    from recordsdesk.services.refiling import RefilingService
    from recordsdesk.services.registry import RegistryService
    from recordsdesk.services.requests import RequestService
    from recordsdesk.services.schedule import ScheduleService
    from recordsdesk.services.shelf_audit import ShelfAuditService
    from recordsdesk.services.site import SiteService
    from recordsdesk.services.users import UserService


class Services:
    """Every use case, wired to one database and one clock.

    ``machine``: the machine the window runs on; when given, a sign-in records the name the
    workstation registry gives it, not the name typed into the sign-in dialog.
    """

    def __init__(self, db: Database, clock: Clock, machine: Machine | None = None) -> None:
        self.db = db
        self.clock = clock
        self.machine = machine
        self.settings_cache = SettingsCache()
        self.trail = AuditTrail(clock)
        self.refusals = RefusalRecorder(db, self.trail)
        self.audit = AuditService(db, self.trail)

    @cached_property
    def site(self) -> SiteService:
        from recordsdesk.services.site import SiteService

        return SiteService(self.db, self.settings_cache, self.trail)

    @cached_property
    def users(self) -> UserService:
        from recordsdesk.services.users import UserService

        machine = self.machine
        if machine is None:
            return UserService(self.db, self.clock, trail=self.trail)
        registry = self.workstations
        return UserService(
            self.db,
            self.clock,
            trail=self.trail,
            workstation_of=lambda _claimed: registry.resolve(machine),
        )

    @cached_property
    def sessions(self) -> SessionService:
        from recordsdesk.services.identity.sessions import SessionService

        return SessionService(self.db, self.clock, self.trail, self.refusals)

    @cached_property
    def tokens(self) -> TokenService:
        from recordsdesk.services.identity.sessions import TokenService

        return TokenService(self.db, self.clock, self.trail, self.refusals)

    @cached_property
    def workstations(self) -> WorkstationRegistry:
        from recordsdesk.services.identity.workstations import WorkstationRegistry

        return WorkstationRegistry(self.db, self.clock, self.trail)

    @cached_property
    def locations(self) -> LocationService:
        from recordsdesk.services.locations import LocationService

        return LocationService(self.db)

    @cached_property
    def registry(self) -> RegistryService:
        from recordsdesk.services.registry import RegistryService

        return RegistryService(self.db, self.clock, self.trail)

    @cached_property
    def circulation(self) -> CirculationService:
        from recordsdesk.services.circulation import CirculationService
        from recordsdesk.services.requests import fill_and_warn
        from recordsdesk.services.retention.guard import refuse_retained_moves

        return CirculationService(
            self.db,
            self.clock,
            self.settings_cache,
            hooks=(refuse_retained_moves, fill_and_warn),
            trail=self.trail,
        )

    @cached_property
    def history(self) -> HistoryService:
        from recordsdesk.services.history import HistoryService

        return HistoryService(self.db, self.clock, self.trail)

    @cached_property
    def requests(self) -> RequestService:
        from recordsdesk.services.requests import RequestService

        return RequestService(self.db, self.clock, self.trail)

    @cached_property
    def schedule(self) -> ScheduleService:
        from recordsdesk.services.schedule import ScheduleService

        return ScheduleService(self.db, self.clock)

    @cached_property
    def pull_lists(self) -> PullListService:
        from recordsdesk.services.pull_lists import PullListService

        return PullListService(self.db, self.clock, self.circulation, self.trail)

    @cached_property
    def documents(self) -> DocumentService:
        from recordsdesk.services.documents import DocumentService

        return DocumentService(self.db, self.clock, self.trail)

    @cached_property
    def missing(self) -> MissingService:
        from recordsdesk.services.missing import MissingService

        return MissingService(self.db, self.clock, self.trail)

    @cached_property
    def shelf_audit(self) -> ShelfAuditService:
        from recordsdesk.services.shelf_audit import ShelfAuditService

        return ShelfAuditService(self.db, self.circulation, self.clock)

    @cached_property
    def refiling(self) -> RefilingService:
        from recordsdesk.services.refiling import RefilingService

        return RefilingService(self.db, self.clock, self.trail)

    @cached_property
    def backup(self) -> BackupService:
        from recordsdesk.services.backup import BackupService

        return BackupService(self.db, self.clock, self.trail)

    def upgrade_schema(self) -> None:
        """Create or upgrade the schema to this version's (Alembic)."""
        from recordsdesk.storage import schema

        schema.upgrade(self.db.engine)

    def db_is_empty(self) -> bool:
        """Whether the database has never been migrated."""
        from recordsdesk.storage import revision

        return revision.stored_revision(self.db.engine) is None

    def before_sign_in(self) -> bool:
        """Whether nobody could sign in here: no schema, a schema from before sign-in existed
        (revisions before 0005), or no users yet. Then a few commands need no session."""
        from recordsdesk.storage.revision import stored_revision

        revision = stored_revision(self.db.engine)
        if revision is None or revision < "0005":
            return True
        return self.users.count() == 0

    def require_current_schema(self) -> None:
        """Refuse to run on a database whose schema is older or newer than this version's."""
        from recordsdesk.storage import revision

        if revision.is_current(self.db.engine):
            return  # Alembic is loaded only to say what is wrong
        from recordsdesk.storage import schema

        schema.require_current(self.db.engine)

    def close(self) -> None:
        """Release the database connections."""
        self.db.dispose()


def build_services(
    url: str, clock: Clock = system_clock, machine: Machine | None = None
) -> Services:
    """Services on the database at ``url`` (no connection is made until first use)."""
    return Services(Database(build_engine(url)), clock, machine)
