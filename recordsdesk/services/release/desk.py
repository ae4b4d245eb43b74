"""The release-of-information services, built from the desk's services at the composition point."""

from __future__ import annotations

from dataclasses import dataclass

from recordsdesk.services.actors import Clock, system_clock
from recordsdesk.services.desk import Services
from recordsdesk.services.documents import DocumentService
from recordsdesk.services.release.disclosures import DisclosureService
from recordsdesk.services.release.documents import ReleaseDocumentService
from recordsdesk.services.release.requests import ReleaseRequestService
from recordsdesk.services.release.site import ReleaseSiteService
from recordsdesk.services.release.suspensions import SuspensionService


@dataclass(frozen=True)
class ReleaseServices:
    """Every release-of-information use case, on the desk's database and audit trail."""

    requests: ReleaseRequestService
    disclosures: DisclosureService
    documents: ReleaseDocumentService
    site: ReleaseSiteService
    suspensions: SuspensionService
    # Saving and printing (each document recorded for the patients it names).
    output: DocumentService


def build_release_services(services: Services, clock: Clock = system_clock) -> ReleaseServices:
    """The ROI desk's services beside ``services`` (same database, trail and request flow)."""
    disclosures = DisclosureService(services.db, clock, services.trail, services.requests)
    return ReleaseServices(
        requests=ReleaseRequestService(services.db, clock, services.trail),
        disclosures=disclosures,
        documents=ReleaseDocumentService(services.db, clock, disclosures),
        site=ReleaseSiteService(services.db, services.trail),
        suspensions=SuspensionService(services.db, clock, services.trail),
        output=services.documents,
    )
