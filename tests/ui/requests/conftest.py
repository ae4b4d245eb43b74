"""The Requests page as its tests open it: on the file room, shown at 1280x800, its queue and
the form's destinations loaded, shut down at the end."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from pytestqt.qtbot import QtBot

from recordsdesk.services.actors import Actor, system_clock
from recordsdesk.services.desk import Services
from recordsdesk.services.requests_desk.desk import build_requests_desk
from recordsdesk.ui.desk.sounds import BeepSounder
from recordsdesk.ui.requests.requests_widget import RequestsWidget
from recordsdesk.ui.settings import DeskSettings
from recordsdesk.ui.tasks import TaskRunner

Make = Callable[..., RequestsWidget]


@pytest.fixture
def make_page(
    qtbot: QtBot,
    file_room: Services,
    clerk: Actor,
    settings: DeskSettings,
    runner: TaskRunner,
    sounder: BeepSounder,
) -> Iterator[Make]:
    """Open a Requests page (``documents``: where slips print). Real time: the command line
    that makes a request in some tests runs on the system clock."""
    made: list[RequestsWidget] = []

    def make(documents: object | None = None) -> RequestsWidget:
        widget = RequestsWidget(
            build_requests_desk(file_room, system_clock),
            clerk,
            settings,
            runner,
            sounder,
            poll_seconds=0.1,
            documents=documents,  # type: ignore[arg-type]
        )
        qtbot.addWidget(widget)
        widget.resize(1280, 800)
        widget.show()
        widget.activateWindow()
        qtbot.waitActive(widget)
        qtbot.waitUntil(lambda: widget.count.text() != "Loading requests…")
        qtbot.waitUntil(lambda: widget.form.destination.count() > 0)
        made.append(widget)
        return widget

    yield make
    for widget in made:
        widget.shutdown()


@pytest.fixture
def page(make_page: Make) -> RequestsWidget:
    return make_page()
