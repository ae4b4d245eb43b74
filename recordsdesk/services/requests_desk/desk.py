"""The requests desk's services, built on the application's services and one clock."""

from __future__ import annotations

from dataclasses import dataclass

from recordsdesk.services.actors import Clock, system_clock
from recordsdesk.services.desk import Services
from recordsdesk.services.locations import LocationService
from recordsdesk.services.requests import RequestService
from recordsdesk.services.requests_desk.arrivals import ArrivalWatch
from recordsdesk.services.requests_desk.exports import DashboardExports
from recordsdesk.services.requests_desk.figures import DashboardService
from recordsdesk.services.requests_desk.overdue import OverdueService
from recordsdesk.services.requests_desk.queue import RequestQueue
from recordsdesk.services.retention.wiring import build_retention
from recordsdesk.storage.unit_of_work import Database


@dataclass(frozen=True)
class RequestsDesk:
    """The request queue for every clerk; overdue notices and the dashboard for supervisors."""

    db: Database
    queue: RequestQueue
    requests: RequestService
    locations: LocationService
    overdue: OverdueService
    dashboard: DashboardService
    exports: DashboardExports

    def watch(self, poll_seconds: float = 1.0) -> ArrivalWatch:
        """A new watch for request changes (one per listening thread)."""
        return ArrivalWatch(self.db, poll_seconds)


def build_requests_desk(services: Services, clock: Clock = system_clock) -> RequestsDesk:
    """The requests desk on the same database, audit trail and circulation as ``services``."""
    return RequestsDesk(
        db=services.db,
        queue=RequestQueue(
            services.db,
            clock,
            services.circulation,
            services.trail,
            build_retention(services.db, clock, services.trail).boxes,
        ),
        requests=services.requests,
        locations=services.locations,
        overdue=OverdueService(services.db, clock),
        dashboard=DashboardService(services.db, clock),
        exports=DashboardExports(services.db),
    )
