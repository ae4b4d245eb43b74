"""The Requests page: a STAT request made on the command line appears, with its sound, within
5 s; filled by scanning; closed with a reason."""

from __future__ import annotations

import time
from datetime import datetime, timedelta

from pytestqt.qtbot import QtBot

from recordsdesk.services.actors import Actor, system_clock
from recordsdesk.services.desk import Services
from recordsdesk.services.requests import Priority
from recordsdesk.services.requests_desk.queue import QueuedRequest
from recordsdesk.ui.desk.sounds import BeepSounder, Sound
from recordsdesk.ui.requests.requests_widget import RequestsWidget
from tests import clirun
from tests.ui.conftest import OFFSCREEN_ONLY, barcode, scan
from tests.ui.requests.conftest import Make

pytestmark = OFFSCREEN_ONLY


def test_a_stat_request_from_the_command_line_appears_with_its_sound_within_5_s(
    qtbot: QtBot, page: RequestsWidget, file_room: Services, clerk: Actor, sounder: BeepSounder
) -> None:
    assert page.model.rows == () and Sound.WARNING not in sounder.played
    chart = barcode(file_room, clerk, "123456")
    need_by = (datetime.now().astimezone() + timedelta(hours=1)).strftime("%Y-%m-%d %H:%M")
    with qtbot.waitSignal(page.stat_arrived, timeout=5000) as arrived:
        made = clirun.run(
            file_room.db.engine.url.render_as_string(hide_password=False),
            "request",
            "add",
            chart,
            "--to",
            "W4",
            "--by",
            need_by,
            "--stat",
            user="cleo",
        )
        assert made.returncode == 0, made.stderr
        committed = time.monotonic()
    heard = time.monotonic() - committed
    request = arrived.args[0]
    assert isinstance(request, QueuedRequest) and request.stat and request.barcode == chart
    assert heard < 5
    assert Sound.WARNING in sounder.played
    assert page.notifier.shown and "STAT" in page.notifier.shown[-1][0]
    assert page.banner.isVisible() and "Ward 4" in page.banner.text()
    assert page.model.rows[0].id == request.id


def test_stat_on_top_and_a_scan_fills_it(
    qtbot: QtBot, page: RequestsWidget, file_room: Services, clerk: Actor
) -> None:
    now = system_clock()
    jones = barcode(file_room, clerk, "423266", 2)
    smith = barcode(file_room, clerk, "123456")
    file_room.requests.add(clerk, smith, "CARD", now + timedelta(minutes=30))
    stat = file_room.requests.add(clerk, jones, "ORTH", now + timedelta(hours=2), Priority.STAT)
    with qtbot.waitSignal(page.queue_shown, timeout=5000, check_params_cb=lambda r: len(r) == 2):
        page.refresh()
    assert [r.stat for r in page.model.rows] == [True, False]
    assert page.model.rows[0].id == stat.id
    with qtbot.waitSignal(page.scan_answered, timeout=5000) as answered:
        scan(qtbot, page.scan_field, jones)
    result = answered.args[0]
    assert result.ok and result.to_place.code == "ORTH"
    qtbot.waitUntil(lambda: [r.barcode for r in page.model.rows] == [smith], timeout=5000)
    assert "Orthopaedics" in page.message.text()


def test_cancel_asks_a_reason_and_closes_the_request(
    qtbot: QtBot, page: RequestsWidget, file_room: Services, clerk: Actor
) -> None:
    smith = barcode(file_room, clerk, "123456")
    made = file_room.requests.add(clerk, smith, "CARD", system_clock() + timedelta(hours=1))
    qtbot.waitUntil(lambda: len(page.model.rows) == 1, timeout=5000)
    asked: list[str] = []
    page.ask_reason = lambda _parent, question, _options: asked.append(question) or None
    page.table.selectRow(0)
    page.cancel_button.click()
    assert asked and f"R{made.id:07d}" in asked[0]
    assert len(page.model.rows) == 1  # backed out: nothing closed
    page.ask_reason = lambda *_: "Clinic rang: not needed"
    with qtbot.waitSignal(page.queue_shown, timeout=5000, check_params_cb=lambda r: r == ()):
        page.cancel_button.click()
    assert "cancelled" in page.message.text()


class RecordingDocuments:
    """Stands in for DocumentService: keeps what was sent to which queue."""

    def __init__(self) -> None:
        self.sent: list[tuple[object, str]] = []

    def send(self, _actor: Actor, document: object, printer: str, copies: int = 1) -> str:
        self.sent.append((document, printer))
        return f"job-{len(self.sent)}"


def test_a_slip_prints_for_each_new_request_when_the_workstation_says_so(
    qtbot: QtBot, file_room: Services, clerk: Actor, make_page: Make
) -> None:
    documents = RecordingDocuments()
    widget = make_page(documents)
    widget.set_slip_printer("FILEROOM")
    with qtbot.waitSignal(widget.slips_sent, timeout=5000) as sent:
        file_room.requests.add(
            clerk, barcode(file_room, clerk, "423266"), "W4", system_clock() + timedelta(hours=1)
        )
    assert sent.args == ["job-1"]
    document, queue = documents.sent[0]
    assert queue == "FILEROOM" and document.title == "Request slips"  # type: ignore[attr-defined]
    assert document.mrns == ("423266",)  # type: ignore[attr-defined]
    widget.set_slip_printer("")
    assert widget.slip_queue == ""
