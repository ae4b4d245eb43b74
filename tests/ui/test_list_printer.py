"""A list printed from the window goes to the site's list printer (the real CUPS test queue)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from pytestqt.qtbot import QtBot

from recordsdesk.services.actors import Actor
from recordsdesk.services.desk import Services
from recordsdesk.ui.pull_lists.pull_list_widget import PullListWidget
from recordsdesk.ui.settings import DeskSettings
from recordsdesk.ui.tasks import TaskRunner
from tests.printing.file_queue import FILE_QUEUE, file_queue
from tests.printing.pages import page_texts
from tests.ui.conftest import OFFSCREEN_ONLY

pytestmark = OFFSCREEN_ONLY

FEED = (
    b"appointment_id,mrn,family_name,given_name,dob,start,clinic,provider,status\n"
    b"A1,123456,SMITH,John,1970-05-01,2026-03-03 09:00,CARD,Dr Who,Booked\n"
)


@pytest.fixture
def page(
    qtbot: QtBot,
    file_room: Services,
    clerk: Actor,
    settings: DeskSettings,
    runner: TaskRunner,
) -> Iterator[PullListWidget]:
    file_room.schedule.import_file(clerk, FEED, "day.csv")
    widget = PullListWidget(file_room, clerk, settings, runner, today=date(2026, 3, 2))
    qtbot.addWidget(widget)
    with qtbot.waitSignal(widget.progress_shown, timeout=10000):
        widget.show()
    yield widget
    runner.wait()


def test_the_pull_list_prints_on_the_list_printer_without_a_print_dialog(
    qtbot: QtBot,
    page: PullListWidget,
    file_room: Services,
    admin: Actor,
    cups_queues: list[str],
) -> None:
    assert FILE_QUEUE in cups_queues
    file_room.site.change(admin, "list_printer", FILE_QUEUE)
    page.print_button.click()
    qtbot.waitUntil(lambda: page.preview is not None, timeout=10000)
    preview = page.preview
    assert preview is not None
    assert preview.to_queue and preview.queue.currentText() == FILE_QUEUE

    def no_dialog(_parent: object) -> None:
        raise AssertionError("a list with a list printer must not open the print dialog")

    preview.choose_printer = no_dialog
    with file_queue() as queue:
        with qtbot.waitSignal(preview.printed, timeout=15000) as printed:
            preview.print_button.click()
        assert printed.args == [FILE_QUEUE]
        said = preview.status.text()
        assert said.startswith(f"Sent to {FILE_QUEUE} (job {FILE_QUEUE}-")
        pdf = queue.pdf(said.split("(job ")[1].rstrip(")."))
    assert "SMITH, John" in " ".join(page_texts(pdf))
    qtbot.waitUntil(lambda: "recorded as printed" in page.message.text(), timeout=10000)


def test_without_a_list_printer_the_pull_list_still_asks_the_print_dialog(
    qtbot: QtBot, page: PullListWidget
) -> None:
    page.print_button.click()
    qtbot.waitUntil(lambda: page.preview is not None, timeout=10000)
    preview = page.preview
    assert preview is not None
    assert not preview.to_queue
    asked: list[object] = []
    preview.choose_printer = lambda parent: asked.append(parent)  # cancelled: None
    preview.print_button.click()
    assert asked == [preview]
