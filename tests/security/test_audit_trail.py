"""The audit trail: what is recorded, who may read it, and that it is sealed in the chain."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import pytest
from sqlalchemy import select, text

from recordsdesk.domain.errors import PermissionDenied
from recordsdesk.services.actors import Actor
from recordsdesk.services.audit import AuditTrail
from recordsdesk.services.desk import Services, build_services
from recordsdesk.storage.history_models import HistoryLink
from recordsdesk.storage.models import AuditEvent
from tests.conftest import FakeClock
from tests.security.helpers import run


@pytest.fixture
def supervisor(file_room: Services, admin: Actor) -> Actor:
    file_room.users.add(admin, "sam", "supervisor", "supervising well")
    return file_room.users.sign_in("sam", "supervising well", "SUP-DESK")


def _ids(services: Services) -> list[int]:
    with services.db.reading() as uow:
        return list(uow.session.scalars(select(AuditEvent.id).order_by(AuditEvent.id)))


def _raw(services: Services, sql: str, **params: object) -> None:
    """Change the table behind the application's back."""
    with services.db.engine.begin() as conn:
        conn.execute(text(sql), params)


def test_entries_are_sealed_in_order_from_the_start(file_room: Services, clerk: Actor) -> None:
    file_room.history.chart(clerk, "123456")
    with file_room.db.reading() as uow:
        rows = uow.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
        links = uow.session.scalars(
            select(HistoryLink).where(HistoryLink.source == "audit").order_by(HistoryLink.seq)
        ).all()
        uow.session.expunge_all()
    assert [link.row_id for link in links] == [row.id for row in rows]
    last = rows[-1]
    assert (last.username, last.action, last.mrn) == ("cleo", "chart_viewed", "123456")
    report = file_room.audit.verify()
    assert report.ok and report.head == links[-1].mac
    assert report.entries > len(rows)  # the movements of the new volumes are in it too


def test_show_filters_and_is_for_supervisors(
    file_room: Services, clerk: Actor, supervisor: Actor, clock: FakeClock
) -> None:
    file_room.history.chart(clerk, "123456")
    clock.advance(days=2)
    file_room.history.chart(clerk, "423266")
    file_room.history.chart(supervisor, "123456")
    seen = file_room.audit.show(supervisor, mrn="123456")
    assert [(e.username, e.action) for e in seen] == [
        ("cleo", "chart_viewed"),
        ("sam", "chart_viewed"),
    ]
    by_cleo = file_room.audit.show(supervisor, user="CLEO")
    assert {e.mrn for e in by_cleo if e.action == "chart_viewed"} == {"123456", "423266"}
    recent = file_room.audit.show(supervisor, since=datetime(2026, 3, 3, tzinfo=UTC))
    assert [e.mrn for e in recent if e.action == "chart_viewed"] == ["423266", "123456"]
    assert file_room.audit.show(supervisor, limit=1)[0].action == "audit_viewed"
    with pytest.raises(PermissionDenied, match="supervisor or above may read the audit trail"):
        file_room.audit.show(clerk)
    assert [e.action for e in file_room.audit.show(supervisor, limit=2)] == [
        "audit_viewed",
        "refused",
    ]


def test_refusal_survives_the_rollback_of_the_refused_action(
    file_room: Services, clerk: Actor
) -> None:
    before = _ids(file_room)
    with pytest.raises(PermissionDenied):
        file_room.site.change(clerk, "file_room", "Elsewhere")
    after = _ids(file_room)
    assert len(after) == len(before) + 1
    assert file_room.audit.verify().ok


def test_an_edited_entry_is_named(file_room: Services, clerk: Actor) -> None:
    file_room.history.chart(clerk, "123456")
    file_room.history.chart(clerk, "423266")
    ids = _ids(file_room)
    target = ids[-2]
    with file_room.db.engine.begin() as conn:
        conn.exec_driver_sql("DROP TRIGGER audit_events_no_update") if conn.dialect.name == (
            "sqlite"
        ) else conn.exec_driver_sql("SET LOCAL session_replication_role = replica")
        conn.execute(text("UPDATE audit_events SET mrn = '000042' WHERE id = :id"), {"id": target})
    report = file_room.audit.verify()
    assert not report.ok
    assert report.first_bad is not None and report.first_bad.id == target
    assert f"audit entry #{target}" in report.problem
    assert "changed after it was written" in report.problem
    done = run(file_room.db.engine.url.render_as_string(hide_password=False), "audit", "verify")
    assert done.returncode == 1
    assert f"audit entry #{target}" in done.stderr and "Traceback" not in done.stderr


def test_a_noted_head_must_stay_in_the_chain(file_room: Services, clerk: Actor) -> None:
    file_room.history.chart(clerk, "123456")
    head = file_room.audit.verify().head
    assert file_room.audit.verify(head).ok
    file_room.history.chart(clerk, "423266")
    assert file_room.audit.verify(head).ok  # a noted head stays in a growing trail
    report = file_room.audit.verify("f" * 64)
    assert not report.ok and "noted earlier is not in the history" in report.problem


def test_odd_text_is_kept_exactly_and_verifies(services: Services, admin: Actor) -> None:
    trail = AuditTrail(lambda: datetime(2026, 3, 2, 8, 30, 0, 123456, tzinfo=UTC))
    with services.db.writing() as uow:
        trail.record(
            uow.session,
            username="x" * 200,
            workstation="DESK\x00 1",
            action="printed",
            mrn="M" * 40,
            detail="ØSTERGÅRD, Łukasz \ud800 \x00 ✓",
        )
        uow.commit()
    assert services.audit.verify().ok


def test_desks_appending_at_once_keep_one_chain(file_room: Services, db_url: str) -> None:
    errors: list[BaseException] = []
    start = threading.Barrier(4)

    def desk(n: int) -> None:
        services = build_services(db_url)
        try:
            actor = services.users.actor("ada", f"DESK-{n}")
            start.wait()
            for _ in range(15):
                services.history.chart(actor, "423266")
        except BaseException as exc:
            errors.append(exc)
        finally:
            services.close()

    threads = [threading.Thread(target=desk, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not errors, errors
    report = file_room.audit.verify()
    assert report.ok, report.problem
    with file_room.db.reading() as uow:
        views = uow.session.scalars(
            select(AuditEvent.workstation).where(AuditEvent.action == "chart_viewed")
        ).all()
    assert sorted(views) == sorted(f"DESK-{n}" for n in range(4) for _ in range(15))
