"""The release tables that are history refuse UPDATE and DELETE, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from recordsdesk.domain.release_of_information import Check, RequesterKind, SpecialCategory
from recordsdesk.services.actors import Actor
from recordsdesk.services.desk import Services
from recordsdesk.services.release.desk import build_release_services
from recordsdesk.storage.release_models import APPEND_ONLY_TABLES
from tests.conftest import FakeClock
from tests.services.release.conftest import JAN_6, new


@pytest.fixture
def released(file_room: Services, admin: Actor, clock: FakeClock) -> Services:
    """One court order released, its volumes requested to the desk."""
    clock.now = JAN_6
    file_room.locations.add(admin, "ROI", "Release of information desk", "department")
    roi = build_release_services(file_room, clock)
    roi.site.set_category(admin, "PSY", SpecialCategory.PSYCHOTHERAPY_NOTES, "Psychotherapy")
    file_room.registry.add_volume(admin, "123456", "PSY")
    rid = roi.requests.log_request(
        admin, new(RequesterKind.COURT_ORDER, due_on=date(2026, 1, 9))
    ).row.id
    roi.requests.record_checks(admin, rid, {Check.LEGAL_DOCUMENT: "order of 2026-01-04"})
    roi.requests.approve(admin, rid, SpecialCategory.PSYCHOTHERAPY_NOTES, "the order names them")
    roi.disclosures.request_paper(admin, rid)
    roi.disclosures.release(admin, rid)
    return file_room


@pytest.mark.parametrize("table", APPEND_ONLY_TABLES)
def test_history_tables_refuse_update_and_delete(released: Services, table: str) -> None:
    with released.db.engine.connect() as conn:
        before = conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
    assert before >= 1
    column = {"roi_disclosures": "recipient", "roi_approvals": "note"}.get(table)
    statements = [f"DELETE FROM {table}"]
    if column:
        statements.append(f"UPDATE {table} SET {column} = 'rewritten'")
    else:
        statements.append(f"UPDATE {table} SET roi_request_id = roi_request_id")
    for statement in statements:
        with released.db.engine.connect() as conn, pytest.raises(DBAPIError, match="append-only"):
            conn.execute(text(statement))
    with released.db.engine.connect() as conn:
        assert conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one() == before
