"""Overdue aging by borrower and the notices, on a hand-built ledger with known answers."""

from __future__ import annotations

import io
from datetime import timedelta

import pypdfium2 as pdfium
import pytest

from recordsdesk.domain.dashboard import AgingBucket
from recordsdesk.domain.errors import NotFound, PermissionDenied
from recordsdesk.services.actors import Actor
from recordsdesk.services.desk import Services
from recordsdesk.services.requests_desk.desk import RequestsDesk
from tests.conftest import FakeClock
from tests.services.requests_desk.conftest import barcode


def _out(
    services: Services,
    clerk: Actor,
    clock: FakeClock,
    mrn: str,
    number: int,
    to: str,
    days_ago: float,
) -> str:
    now = clock.now
    clock.now = now - timedelta(days=days_ago)
    code = barcode(services, clerk, mrn, number)
    assert services.circulation.check_out(clerk, to, code).ok
    clock.now = now
    return code


@pytest.fixture
def loans(file_room: Services, clerk: Actor, clock: FakeClock) -> dict[str, str]:
    """CARD lends for 24 hours, ORTH for 48, the ward for 72."""
    return {
        "smith": _out(file_room, clerk, clock, "123456", 1, "CARD", 40),  # due 39 days ago
        "jones1": _out(file_room, clerk, clock, "423266", 1, "CARD", 10),  # 9 days over
        "jones2": _out(file_room, clerk, clock, "423266", 2, "ORTH", 5),  # 3 days over
        "jones3": _out(file_room, clerk, clock, "423266", 3, "ORTH", 2 + 1 / 24),  # 1 hour over
        "ward": _out(file_room, clerk, clock, "000042", 1, "W4", 2),  # due tomorrow (72 hours)
    }


def test_aging_by_borrower(desk: RequestsDesk, supervisor: Actor, loans: dict[str, str]) -> None:
    aging = desk.overdue.aging(supervisor)
    assert [(b.code, b.out, b.overdue) for b in aging] == [
        ("CARD", 2, (0, 0, 1, 1)),
        ("ORTH", 2, (1, 1, 0, 0)),
        ("W4", 1, (0, 0, 0, 0)),
    ]
    assert aging[0].count(AgingBucket.OVER_30) == 1 and aging[0].overdue_total == 2


def test_notices_one_per_borrower_oldest_first(
    desk: RequestsDesk, supervisor: Actor, loans: dict[str, str]
) -> None:
    notices = desk.overdue.notices(supervisor)
    assert [n.borrower_code for n in notices] == ["CARD", "ORTH"]
    card = notices[0]
    assert [(c.barcode, c.days_overdue) for c in card.charts] == [
        (loans["smith"], 39),
        (loans["jones1"], 9),
    ]
    assert [c.barcode for c in desk.overdue.notices(supervisor, ["orth"])[0].charts] == [
        loans["jones2"],
        loans["jones3"],
    ]
    with pytest.raises(NotFound, match="NOPE"):
        desk.overdue.notices(supervisor, ["NOPE"])
    assert desk.overdue.notices(supervisor, ["W4"]) == ()


def test_notice_document_names_each_chart(
    desk: RequestsDesk, supervisor: Actor, loans: dict[str, str]
) -> None:
    document = desk.overdue.notice_document(supervisor)
    assert document.kind == "pdf" and set(document.mrns) == {"123456", "423266"}
    pdf = pdfium.PdfDocument(io.BytesIO(document.data))
    pages = [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    assert len(pages) == 2  # each borrower on a page of its own
    assert "Overdue charts: Cardiology Clinic" in pages[0] and loans["smith"] in pages[0]
    assert loans["jones3"] in pages[1] and loans["smith"] not in pages[1]
    with pytest.raises(NotFound, match="no notice"):
        desk.overdue.notice_document(supervisor, ["W4"])


def test_overdue_is_for_supervisors(desk: RequestsDesk, clerk: Actor) -> None:
    with pytest.raises(PermissionDenied):
        desk.overdue.aging(clerk)
    with pytest.raises(PermissionDenied):
        desk.overdue.notices(clerk)
