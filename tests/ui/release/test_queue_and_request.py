"""The ROI queue page and the request view: shown in order, a request worked to its release."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from recordsdesk.domain.release_of_information import (
    Check,
    RequesterKind,
    RequestStatus,
    SpecialCategory,
)
from recordsdesk.services.actors import Actor
from recordsdesk.services.desk import Services
from recordsdesk.services.release.desk import ReleaseServices, build_release_services
from recordsdesk.services.release.dto import NewRequest
from recordsdesk.ui.release.queue_widget import ReleaseQueueWidget
from recordsdesk.ui.release.request_state import RequestViewState
from recordsdesk.ui.table_model import PROBLEM
from recordsdesk.ui.tasks import TaskRunner
from tests.conftest import FakeClock
from tests.ui.conftest import OFFSCREEN_ONLY

pytestmark = OFFSCREEN_ONLY


def _request(kind: RequesterKind, name: str, received: date, due: date | None = None) -> NewRequest:
    return NewRequest(
        mrn="123456",
        kind=kind,
        requester_name=name,
        what="Discharge summary, March 2025",
        received_on=received,
        due_on=due,
    )


@pytest.fixture
def roi(file_room: Services, admin: Actor, clock: FakeClock) -> ReleaseServices:
    clock.now = datetime(2026, 1, 6, 9, 0, tzinfo=UTC)
    file_room.locations.add(admin, "ROI", "Release of information desk", "department")
    return build_release_services(file_room, clock)


@pytest.fixture
def queue(
    qtbot: QtBot, roi: ReleaseServices, clerk: Actor, runner: TaskRunner, clock: FakeClock
) -> ReleaseQueueWidget:
    roi.requests.log_request(clerk, _request(RequesterKind.PATIENT, "John Smith", date(2026, 1, 5)))
    roi.requests.log_request(
        clerk,
        _request(RequesterKind.COURT_ORDER, "Superior Court", date(2026, 1, 5), date(2026, 1, 8)),
    )
    attorney = roi.requests.log_request(
        clerk, _request(RequesterKind.ATTORNEY, "Hale & Partners LLP", date(2026, 1, 6))
    )
    roi.requests.record_checks(clerk, attorney.row.id, {})  # now waiting on the requester
    clock.advance(days=4)  # 2026-01-10: the court order is overdue
    widget = ReleaseQueueWidget(roi, clerk, runner)
    qtbot.addWidget(widget)
    with qtbot.waitSignal(widget.queue_shown, timeout=10000):
        widget.show()
    return widget


def test_the_queue_is_due_soonest_first_with_the_overdue_in_red(queue: ReleaseQueueWidget) -> None:
    model = queue.queue
    assert [r.requester for r in model.rows] == [
        "Superior Court",
        "John Smith",
        "Hale & Partners LLP",
    ]
    assert model.data(model.index(0, 1)) == "due 2026-01-08 (2 days overdue)"
    assert model.data(model.index(0, 1), Qt.ItemDataRole.ForegroundRole) is PROBLEM
    assert model.data(model.index(1, 1), Qt.ItemDataRole.ForegroundRole) is None
    assert model.data(model.index(2, 2)) == "waiting on the requester"
    assert model.data(model.index(2, 0), Qt.ItemDataRole.BackgroundRole) is not None
    assert queue.figures.text().startswith("3 open · 1 overdue · last 12 months: 3 received")


def test_a_request_is_worked_to_its_release_from_its_view(
    qtbot: QtBot, queue: ReleaseQueueWidget, roi: ReleaseServices, clerk: Actor
) -> None:
    court = queue.queue.rows[0].id
    with qtbot.waitSignal(queue.request_opened):
        queue.table.selectRow(0)
        queue.open_button.click()
    dialog = queue.dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.detail is not None, timeout=10000)
    assert not dialog.release_button.isEnabled()
    assert "Still needed" in dialog.missing.text()
    box, note = next(iter(dialog.check_boxes.values()))
    box.setChecked(True)
    note.setText("order of Judge Rao")
    with qtbot.waitSignal(dialog.shown, timeout=10000):
        dialog.save_checks.click()
    qtbot.waitUntil(dialog.release_button.isEnabled, timeout=10000)
    with qtbot.waitSignal(dialog.shown, timeout=10000):
        dialog.release_button.click()
    assert "Released to Superior Court" in dialog.message.text()
    assert roi.requests.detail(clerk, court).row.status is RequestStatus.RELEASED
    assert dialog.letter_button.isEnabled() and not dialog.release_button.isEnabled()
    dialog.close()


def test_a_refusal_is_shown_and_nothing_changes(
    qtbot: QtBot, queue: ReleaseQueueWidget, roi: ReleaseServices, clerk: Actor
) -> None:
    patient = queue.queue.rows[1].id
    dialog = queue.open_request(patient)
    qtbot.waitUntil(lambda: dialog.detail is not None, timeout=10000)
    dialog.ask_text = lambda _parent, _title, _question: " "
    dialog.extend_button.click()
    qtbot.waitUntil(lambda: "reason" in dialog.message.text(), timeout=10000)
    assert roi.requests.detail(clerk, patient).extended_due_on is None
    dialog.ask_text = lambda _parent, _title, _question: "Volumes at off-site storage"
    with qtbot.waitSignal(dialog.shown, timeout=10000):
        dialog.extend_button.click()
    assert roi.requests.detail(clerk, patient).row.due_on == date(2026, 3, 6)
    dialog.close()


def test_the_view_state_opens_only_the_steps_that_apply(roi: ReleaseServices, clerk: Actor) -> None:
    detail = roi.requests.log_request(
        clerk, _request(RequesterKind.ATTORNEY, "Hale & Partners LLP", date(2026, 1, 5))
    )
    state = RequestViewState.of(detail, may_approve=False)
    assert (state.can_release, state.can_extend, state.can_deny, state.can_edit) == (
        False,
        False,
        False,
        True,
    )
    assert state.due == "due 2026-02-04 (29 days left)"
    own = roi.requests.log_request(
        clerk, _request(RequesterKind.PATIENT, "John Smith", date(2026, 1, 5))
    )
    assert RequestViewState.of(own, may_approve=True).can_extend
    assert RequestViewState.of(own, may_approve=True).can_deny


def test_a_partly_released_request_shows_what_is_outstanding(
    roi: ReleaseServices, file_room: Services, clerk: Actor, admin: Actor
) -> None:
    roi.site.set_category(admin, "PSY", SpecialCategory.PSYCHOTHERAPY_NOTES, "Psychotherapy")
    file_room.registry.add_volume(admin, "123456", "PSY")
    rid = roi.requests.log_request(
        clerk, _request(RequesterKind.PATIENT, "John Smith", date(2026, 1, 5))
    ).row.id
    roi.requests.record_checks(clerk, rid, {Check.IDENTITY: "passport", Check.WRITTEN_REQUEST: ""})
    roi.disclosures.release(clerk, rid)
    state = RequestViewState.of(roi.requests.detail(clerk, rid), may_approve=True)
    assert state.status == "partly released · outstanding: PSY"
    assert ("Outstanding", "PSY") in state.facts
    assert (state.can_edit, state.can_approve, state.released) == (True, True, True)


def test_a_new_request_is_logged_from_the_form_and_opened(
    qtbot: QtBot, queue: ReleaseQueueWidget
) -> None:
    queue.new_button.click()
    form = queue.new_dialog
    assert form is not None
    form.mrn.setText("423266")
    form.kind.setCurrentIndex(form.kind.findData(RequesterKind.COURT_ORDER))
    form.name.setText("Superior Court")
    form.what.setText("Operative notes 2025")
    form.received.setText("2026-01-05")
    form.due.setText("2026-01-08")  # already past on 2026-01-10: refused, named
    form.ok_button.click()
    qtbot.waitUntil(lambda: "2026-01-08 is in the past" in form.error.text(), timeout=10000)
    assert len(queue.queue.rows) == 3
    form.due.setText("2026-01-30")
    form.period.setText("2025-01-01:2025-12-31")
    with qtbot.waitSignal(queue.request_opened, timeout=10000) as opened:
        form.ok_button.click()
    dialog = opened.args[0]
    qtbot.waitUntil(lambda: dialog.detail is not None, timeout=10000)
    assert dialog.detail.row.due_on == date(2026, 1, 30)
    assert dialog.detail.date_from == date(2025, 1, 1)
    dialog.close()


def test_the_accounting_opens_in_the_preview(qtbot: QtBot, queue: ReleaseQueueWidget) -> None:
    queue.ask_text = lambda _parent, _title, _question: "123456"
    with qtbot.waitSignal(queue.accounting_shown, timeout=10000) as shown:
        queue.accounting_button.click()
    document = shown.args[0]
    assert document.mrns == ("123456",) and document.data.startswith(b"%PDF")
    assert queue.preview is not None
    queue.preview.close()


def test_the_roi_officer_approves_the_category_chosen(
    qtbot: QtBot,
    roi: ReleaseServices,
    file_room: Services,
    admin: Actor,
    clerk: Actor,
    runner: TaskRunner,
) -> None:
    roi.site.set_category(admin, "PSY", SpecialCategory.PSYCHOTHERAPY_NOTES, "Psychotherapy")
    roi.site.set_category(admin, "SUD", SpecialCategory.SUBSTANCE_USE, "Substance use")
    file_room.registry.add_volume(admin, "123456", "PSY")
    file_room.registry.add_volume(admin, "123456", "SUD")
    file_room.users.add(admin, "rita", "roi", "release officer 1")
    officer = file_room.users.actor("rita", "ROI-DESK")
    rid = roi.requests.log_request(
        clerk, _request(RequesterKind.PATIENT, "John Smith", date(2026, 1, 5))
    ).row.id
    queue = ReleaseQueueWidget(roi, officer, runner)
    qtbot.addWidget(queue)
    dialog = queue.open_request(rid)
    qtbot.waitUntil(lambda: dialog.detail is not None, timeout=10000)
    assert dialog.approve_button.isEnabled() and dialog.deny_button.isEnabled()
    dialog.ask_choice = lambda _p, _t, _q, choices: choices[1]
    dialog.ask_text = lambda _p, _t, _q: "Part 2 consent signed 2026-01-05"
    with qtbot.waitSignal(dialog.shown, timeout=10000):
        dialog.approve_button.click()
    assert roi.requests.detail(officer, rid).approved == (SpecialCategory.SUBSTANCE_USE,)
    dialog.close()
