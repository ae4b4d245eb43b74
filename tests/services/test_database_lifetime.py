"""A closed database is gone: its engine, caches and the head file's thread are freed.

A long-lived process (the window signing people in and out, a test run of commands in
process) opens and closes databases again and again; what it closed must not stay behind.
"""

from __future__ import annotations

import gc
import threading
import weakref

from recordsdesk.services.desk import build_services
from tests.conftest import FakeClock


def _head_threads() -> int:
    return sum(t.name == "recordsdesk-head-file" for t in threading.enumerate())


def test_a_closed_database_is_freed_with_its_head_thread(db_url: str, clock: FakeClock) -> None:
    before = _head_threads()
    services = build_services(db_url, clock)
    services.users.add(None, "ada", "admin", "correct horse battery")  # history: a head
    database = weakref.ref(services.db)
    engine = weakref.ref(services.db.engine)
    services.close()
    del services
    gc.collect()
    assert database() is None and engine() is None
    assert _head_threads() == before


def test_a_database_closed_twice_or_used_after_its_head_thread_ended_still_works(
    db_url: str, clock: FakeClock
) -> None:
    services = build_services(db_url, clock)
    services.users.add(None, "ada", "admin", "correct horse battery")
    services.db.chain.close()  # the head file's thread ends ...
    ada = services.users.actor("ada", "DESK")
    services.users.add(ada, "bob", "clerk", "correct horse battery")  # ... and comes back
    assert {u.username for u in services.users.list(ada)} == {"ada", "bob"}
    assert services.audit.verify().ok
    services.close()
    services.close()


def test_work_under_way_keeps_its_database_and_seals_its_history(
    db_url: str, clock: FakeClock
) -> None:
    """The commit hooks hold the database weakly; a unit of work holds it while it lasts."""
    services = build_services(db_url, clock)
    services.users.add(None, "ada", "admin", "correct horse battery")
    ada = services.users.actor("ada", "DESK")
    work, trail = services.db.writing(), services.trail
    database = weakref.ref(services.db)
    del services  # the caller lets go of everything but the work under way
    gc.collect()
    assert database() is not None
    with work as uow:
        trail.record_for(uow.session, ada, "test", detail="written while only the work held on")
        uow.commit()
    held = database()
    assert held is not None  # still held by the work
    held.dispose()
    again = build_services(db_url, clock)
    assert again.audit.verify().ok  # an entry left out of the chain would be a problem
    assert any("only the work" in e.detail for e in again.audit.show(ada))
    again.close()
