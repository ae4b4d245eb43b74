"""The services a desk or script needs, built once at the composition point."""

from __future__ import annotations

from dataclasses import dataclass

from recordsdesk.services.actors import Clock, system_clock
from recordsdesk.services.audit import AuditService, AuditTrail
from recordsdesk.services.backup import BackupService
from recordsdesk.services.circulation import CirculationService
from recordsdesk.services.documents import DocumentService
from recordsdesk.services.history import HistoryService
from recordsdesk.services.locations import LocationService
from recordsdesk.services.missing import MissingService
from recordsdesk.services.pull_lists import PullListService
from recordsdesk.services.refiling import RefilingService
from recordsdesk.services.registry import RegistryService
from recordsdesk.services.requests import RequestService, fill_and_warn
from recordsdesk.services.schedule import ScheduleService
from recordsdesk.services.shelf_audit import ShelfAuditService
from recordsdesk.services.site import SiteService
from recordsdesk.services.site_settings import SettingsCache
from recordsdesk.services.users import UserService
from recordsdesk.storage import schema
from recordsdesk.storage.engine import build_engine
from recordsdesk.storage.unit_of_work import Database


@dataclass(frozen=True)
class Services:
    """Every use case, wired to one database and one clock."""

    db: Database
    site: SiteService
    users: UserService
    locations: LocationService
    registry: RegistryService
    circulation: CirculationService
    history: HistoryService
    requests: RequestService
    schedule: ScheduleService
    pull_lists: PullListService
    documents: DocumentService
    missing: MissingService
    shelf_audit: ShelfAuditService
    refiling: RefilingService
    trail: AuditTrail
    audit: AuditService
    backup: BackupService

    def upgrade_schema(self) -> None:
        """Create or upgrade the schema to this version's (Alembic)."""
        schema.upgrade(self.db.engine)

    def db_is_empty(self) -> bool:
        """Whether the database has never been migrated."""
        return schema.current_revision(self.db.engine) is None

    def require_current_schema(self) -> None:
        """Refuse to run on a database whose schema is older or newer than this version's."""
        schema.require_current(self.db.engine)

    def close(self) -> None:
        """Release the database connections."""
        self.db.dispose()


def build_services(url: str, clock: Clock = system_clock) -> Services:
    """Services on the database at ``url`` (no connection is made until first use)."""
    db = Database(build_engine(url))
    settings = SettingsCache()
    trail = AuditTrail(clock)
    circulation = CirculationService(db, clock, settings, hooks=(fill_and_warn,))
    return Services(
        db=db,
        site=SiteService(db, settings, trail),
        users=UserService(db, clock, trail=trail),
        locations=LocationService(db),
        registry=RegistryService(db, clock),
        circulation=circulation,
        history=HistoryService(db, clock, trail),
        requests=RequestService(db, clock),
        schedule=ScheduleService(db, clock),
        pull_lists=PullListService(db, clock, circulation),
        documents=DocumentService(db, clock, trail),
        missing=MissingService(db, clock),
        shelf_audit=ShelfAuditService(db, circulation, clock),
        refiling=RefilingService(db, clock),
        trail=trail,
        audit=AuditService(db, trail),
        backup=BackupService(db, clock, trail),
    )
