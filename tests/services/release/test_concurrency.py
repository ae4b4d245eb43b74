"""Desks releasing the same request at the same moment: one disclosure, the others told why."""

from __future__ import annotations

import threading

from sqlalchemy import func, select

from recordsdesk.domain.errors import Conflict
from recordsdesk.domain.release_of_information import Check, RequesterKind
from recordsdesk.services.actors import Actor
from recordsdesk.services.desk import Services, build_services
from recordsdesk.services.release.desk import ReleaseServices, build_release_services
from recordsdesk.services.release.dto import DisclosureInfo
from recordsdesk.storage.release_models import RoiDisclosure
from tests.conftest import FakeClock
from tests.services.release.conftest import new


def test_parallel_releases_of_one_request_disclose_once(
    roi: ReleaseServices, file_room: Services, db_url: str, clerk: Actor, clock: FakeClock
) -> None:
    rid = roi.requests.log_request(clerk, new(RequesterKind.PATIENT)).row.id
    roi.requests.record_checks(clerk, rid, {Check.IDENTITY: "passport", Check.WRITTEN_REQUEST: ""})
    desks = 4
    released: list[DisclosureInfo] = []
    refused: list[Conflict] = []
    errors: list[BaseException] = []
    start = threading.Barrier(desks)

    def desk(number: int) -> None:
        services = build_services(db_url, clock)
        try:
            mine = build_release_services(services, clock)
            actor = services.users.actor("cleo", f"DESK-{number}")
            start.wait()
            try:
                released.append(mine.disclosures.release(actor, rid))
            except Conflict as exc:
                refused.append(exc)
        except BaseException as exc:
            errors.append(exc)
        finally:
            services.close()

    threads = [threading.Thread(target=desk, args=(n,)) for n in range(desks)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(released) == 1 and len(refused) == desks - 1
    with file_room.db.reading() as uow:
        assert uow.session.scalar(select(func.count(RoiDisclosure.id))) == 1
    assert file_room.audit.verify().ok
