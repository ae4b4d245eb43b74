"""The Requests page's form makes a request with the checks of `request add`; an off-site chart's
request is recalled from the page; slips print on this workstation's printer, else the site's."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QDateTime
from pytestqt.qtbot import QtBot

from recordsdesk.domain.errors import InvalidInput, NotFound
from recordsdesk.domain.retention import RetentionRule
from recordsdesk.printing.printers import wait_for_job
from recordsdesk.services.actors import Actor, system_clock
from recordsdesk.services.desk import Services
from recordsdesk.services.requests import RequestInfo
from recordsdesk.services.retention.wiring import build_retention
from recordsdesk.ui.requests.requests_widget import RequestsWidget
from tests.conftest import FakeClock
from tests.printing.pages import decode_all, render
from tests.ui.conftest import OFFSCREEN_ONLY, barcode, scan
from tests.ui.requests.conftest import Make

pytestmark = OFFSCREEN_ONLY

FILE_QUEUE = "RECORDSDESK_TEST"
PDF_QUEUE = "RECORDSDESK_PDF"
CUPS_PDF_OUT = Path("/root/PDF")


def _need_by(widget: RequestsWidget, moment: datetime) -> None:
    widget.form.needed_by.setDateTime(
        QDateTime(moment.year, moment.month, moment.day, moment.hour, moment.minute, 0)
    )


def test_a_clerk_makes_a_stat_request_from_the_page(
    qtbot: QtBot, make_page: Make, file_room: Services, clerk: Actor
) -> None:
    page = make_page()
    page.new_button.click()  # the form is folded away until asked for
    form = page.form
    codes = [form.destination.itemData(i) for i in range(form.destination.count())]
    assert {"CARD", "ORTH", "W4", "JDOE"} <= set(codes)
    jones = barcode(file_room, clerk, "423266", 2)
    scan(qtbot, form.chart, jones)  # a scan into the form's chart field stays there
    assert form.chart.text() == jones and page.model.rows == ()
    form.destination.setCurrentIndex(form.destination.findData("W4"))
    moment = datetime.now() + timedelta(hours=3)
    _need_by(page, moment)
    form.stat.setChecked(True)
    qtbot.keyClicks(form.note, "ED bay 3")
    with qtbot.waitSignal(page.request_made, timeout=5000) as made:
        form.make_button.click()
    info = made.args[0]
    assert isinstance(info, RequestInfo)
    assert (info.barcode, info.location_code, info.priority, info.note) == (
        jones,
        "W4",
        "stat",
        "ED bay 3",
    )
    assert info.needed_by.strftime("%Y-%m-%d %H:%M") == moment.strftime("%Y-%m-%d %H:%M")
    assert f"R{info.id:07d} made" in page.message.text() and form.chart.text() == ""
    assert form.isHidden()  # folded again: the queue has the room
    qtbot.waitUntil(lambda: [r.id for r in page.model.rows] == [info.id], timeout=5000)
    assert page.model.rows[0].stat
    assert [r.id for r in file_room.requests.pending(clerk)] == [info.id]


def test_the_form_makes_a_request_by_mrn_and_refuses_as_request_add_does(
    qtbot: QtBot, make_page: Make, file_room: Services, clerk: Actor, clock: FakeClock
) -> None:
    page = make_page()
    page.new_button.click()
    form = page.form
    # The same refusals as `request add`, word for word, and nothing is made.
    soon = clock() + timedelta(hours=1)
    with pytest.raises(NotFound) as unknown:
        file_room.requests.add(clerk, "123456", "NOPE", soon)
    with pytest.raises(InvalidInput) as passed:
        file_room.requests.add(clerk, "123456", "CARD", soon - timedelta(hours=3))
    qtbot.keyClicks(form.chart, "123456")
    form.destination.setEditText("NOPE")
    _need_by(page, datetime.now() + timedelta(hours=1))
    form.make_button.click()
    qtbot.waitUntil(lambda: page.message.text() == unknown.value.message, timeout=5000)
    assert page.message.property("problem") is True
    form.destination.setEditText("card")
    _need_by(page, (clock() - timedelta(hours=3)).astimezone().replace(tzinfo=None))
    form.make_button.click()
    qtbot.waitUntil(lambda: page.message.text() == passed.value.message, timeout=5000)
    assert file_room.requests.pending(clerk) == [] and form.chart.text() == "123456"
    assert form.isVisible()  # refused: the form stays open to be put right
    _need_by(page, (clock() + timedelta(hours=2)).astimezone().replace(tzinfo=None))
    with qtbot.waitSignal(page.request_made, timeout=5000) as made:
        form.make_button.click()
    assert made.args[0].barcode == barcode(file_room, clerk, "123456")
    assert made.args[0].location_code == "CARD"


def test_a_request_for_an_off_site_chart_is_recalled_from_the_page(
    qtbot: QtBot, make_page: Make, file_room: Services, admin: Actor, clerk: Actor
) -> None:
    # Retired the day it is last used, so today's charts may go off-site in the test.
    retention = build_retention(file_room.db, system_clock, file_room.trail)
    rule = RetentionRule("Now", years_after_activity=10, retire_after_years=0, citation="T")
    retention.rules.set_rule(admin, None, rule)
    file_room.locations.add(admin, "RC1", "Records Centre North", "offsite", None)
    smith = barcode(file_room, clerk, "123456")
    page = make_page()
    box = retention.boxes.open_box(clerk)
    assert retention.boxes.pack(clerk, box.barcode, smith).ok
    retention.boxes.send_off_site(clerk, box.barcode, "RC1")
    assert "RC1" not in [
        page.form.destination.itemData(i) for i in range(page.form.destination.count())
    ]
    page.new_button.click()
    page.form.chart.setText(smith)
    page.form.destination.setEditText("CARD")
    with qtbot.waitSignal(page.request_made, timeout=5000):
        page.form.make_button.click()
    assert "off-site, box B000001" in page.message.text() and "Recall" in page.message.text()
    qtbot.waitUntil(lambda: len(page.model.rows) == 1, timeout=5000)
    assert page.model.rows[0].where_now.startswith("off-site, box B000001, Records Centre North")
    page.table.selectRow(0)
    with qtbot.waitSignal(page.recalled, timeout=5000) as recalled:
        page.recall_button.click()
    assert recalled.args[0].ok and "recalled from box B000001" in page.message.text()
    qtbot.waitUntil(lambda: page.model.rows[0].where_now == "on the shelf", timeout=5000)
    assert file_room.history.chart(clerk, "123456").history[-1].kind == "recalled"
    page.table.selectRow(0)
    page.recall_button.click()  # nothing left to recall: said, not done
    assert "not off-site" in page.message.text()


def _job_decodes(job: str, want: str) -> bool:
    number = job.rsplit("-", 1)[1]
    found = sorted(CUPS_PDF_OUT.glob(f"*job_{number}.pdf"))
    return bool(found) and want in decode_all(render(found[0].read_bytes(), 0, 300))


def test_slips_go_to_this_workstations_printer_else_the_sites_on_real_cups_queues(
    qtbot: QtBot,
    cups_queues: list[str],
    make_page: Make,
    file_room: Services,
    admin: Actor,
    clerk: Actor,
) -> None:
    assert FILE_QUEUE in cups_queues and PDF_QUEUE in cups_queues
    file_room.site.change(admin, "slip_printer", PDF_QUEUE)
    page = make_page(file_room.documents)
    qtbot.waitUntil(lambda: page.slip_printer.itemText(0).endswith(PDF_QUEUE))
    assert page.slip_choice is None and page.slip_queue == PDF_QUEUE  # follows the site
    soon = system_clock() + timedelta(hours=1)
    with qtbot.waitSignal(page.slips_sent, timeout=10000) as sent:
        made = file_room.requests.add(clerk, barcode(file_room, clerk, "123456"), "W4", soon)
    job = sent.args[0]
    assert job.startswith(f"{PDF_QUEUE}-")
    wait_for_job(job)
    qtbot.waitUntil(lambda: _job_decodes(job, f"R{made.id:07d}"), timeout=20000)

    # This workstation chooses the file queue; kept for the next time the page opens.
    page.set_slip_printer(FILE_QUEUE)
    with qtbot.waitSignal(page.slips_sent, timeout=10000) as sent:
        file_room.requests.add(clerk, barcode(file_room, clerk, "000042"), "W4", soon)
    assert sent.args[0].startswith(f"{FILE_QUEUE}-")
    wait_for_job(sent.args[0])
    again = make_page(file_room.documents)
    assert again.slip_choice == FILE_QUEUE and again.slip_queue == FILE_QUEUE
    again.set_slip_printer("")
    assert make_page().slip_choice == "" and again.slip_queue == ""
    again.set_slip_printer(None)
    assert make_page().slip_choice is None
