"""The retention screenshots: candidates (all, and one unit's), a box, destruction with who was
present, dates of death, a certificate, and the Requests page with a chart off-site; the
main window at both sizes.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots/make_retention_screenshots.py
(or with every other capability's: make_screenshots.py).

The demo file room is built as it stood in 2012 (nothing used since), so that today the
shipped example rule lists its charts for retirement and the oldest for destruction.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pypdfium2 as pdfium
from harness import OUT, desk_settings, run, save, start, wait_until, windows

from recordsdesk.domain.retention import EXAMPLE_RULES
from recordsdesk.services.demo import build_demo
from recordsdesk.services.desk import build_services
from recordsdesk.services.requests import Priority
from recordsdesk.services.retention.wiring import retention_for
from recordsdesk.services.retention.witnesses import Presence
from recordsdesk.ui.main_window import MainWindow
from recordsdesk.ui.requests.requests_widget import RequestsWidget
from recordsdesk.ui.retention.retention_widget import RetentionWidget
from recordsdesk.ui.tasks import TaskRunner


def shots() -> None:
    folder = start("recordsdesk-retention-shots-")
    url = f"sqlite:///{folder / 'demo.sqlite3'}"
    then = build_services(url, lambda: datetime(2012, 5, 1, 9, 0, tzinfo=UTC))
    then.upgrade_schema()
    build_demo(then, 600, seed=5, clock=lambda: datetime(2012, 5, 1, 9, 0, tzinfo=UTC))
    then.close()

    services = build_services(url)
    retention = retention_for(services)
    admin = services.users.actor("admin", "RECORDS-1")
    boss = services.users.actor("supervisor", "RECORDS-1")
    clerk = services.users.actor("clerk", "RECORDS-1")
    services.users.add(admin, "tess", "supervisor", "second supervisor 1")
    tess = services.users.actor("tess", "RECORDS-1")
    retention.rules.set_rule(admin, None, EXAMPLE_RULES[0])
    retention.rules.set_rule(admin, "RAD", EXAMPLE_RULES[2])
    retention.rules.set_lead_time(admin, "OFFS", 3)
    listed = retention.candidates.retirement(clerk).items
    first = retention.boxes.open_box(clerk, "Unit 1, inactive since 2012")
    for n, candidate in enumerate(listed[:22]):
        # Some volumes measured as they went in: their shelf counts as measured.
        inches = (1.25, 2.5, None)[n % 3]
        retention.boxes.pack(clerk, first.barcode, candidate.barcode, inches)
    retention.boxes.send_off_site(clerk, first.barcode, "OFFS")
    second = retention.boxes.open_box(clerk, "For destruction")
    doomed = [c for c in retention.candidates.destruction(boss) if c.box is None][:12]
    for candidate in doomed:
        retention.boxes.pack(clerk, second.barcode, candidate.barcode)
    retention.holds.place(boss, "Claim 26-0113, Smith v. General Hospital", mrn=listed[60].mrn)
    batch = retention.destruction.propose(
        boss, "cross-cut shredding (DIN 66399 P-4), on site", barcodes=(second.barcode,)
    )
    retention.destruction.approve(tess, batch.id)
    retention.destruction.attend(
        clerk, batch.id, Presence.SECOND, username="tess", password="second supervisor 1"
    )
    people = [p for p in services.locations.listing(admin) if p.kind == "person"]
    if people:
        retention.destruction.attend(clerk, batch.id, Presence.WITNESS, badge=f"P-{people[0].code}")
    retention.destruction.destroy(clerk, batch.id, second.barcode)
    retention.rules.record_death(boss, listed[40].mrn, date(2019, 11, 3))
    places = [p for p in services.locations.listing(admin) if p.kind == "clinic"]
    soon = datetime.now(UTC) + timedelta(hours=2)
    services.requests.add(
        clerk, listed[3].barcode, places[0].code, soon, Priority.STAT, "ED bay 3, Dr Okafor"
    )
    services.requests.add(clerk, listed[70].barcode, places[1].code, soon + timedelta(hours=3))
    pdf = retention.destruction.certificate(boss, batch.id)
    page = pdfium.PdfDocument(pdf)[0].render(scale=110 / 72).to_pil()
    page.save(OUT / "retention_certificate.png")
    print("docs/screenshots/retention_certificate.png")
    label = retention.boxes.document(clerk, first.barcode, "label")
    pdfium.PdfDocument(label)[0].render(scale=110 / 72).to_pil().save(
        OUT / "retention_box_label.png"
    )
    print("docs/screenshots/retention_box_label.png")

    runner = TaskRunner()
    settings = desk_settings("RECORDS-1")
    for window, size in windows(services, boss, settings, runner):
        scenes(window, runner, first.barcode, listed[40].mrn, size)
    runner.wait()
    services.close()


def scenes(window: MainWindow, runner: TaskRunner, box: str, dead: str, size: str) -> None:
    """The retention page's tabs, then the Requests page with a chart off-site."""
    window.show_page("retention")
    wait_until(runner.idle)
    widget = window.pages["retention"]
    assert isinstance(widget, RetentionWidget)
    widget.candidates.refresh()
    wait_until(lambda: runner.idle() and widget.candidates.model.rowCount() > 0)
    save(window, f"retention_candidates_{size}")
    widget.candidates.choose_unit(widget.candidates.unit.itemData(2))
    widget.candidates.refresh()
    wait_until(lambda: runner.idle() and "from Unit" in widget.candidates.summary.text())
    save(window, f"retention_candidates_unit_{size}")
    widget.setCurrentWidget(widget.boxes)
    widget.boxes.show_box(box)
    wait_until(lambda: runner.idle() and widget.boxes.contents.rowCount() > 0)
    widget.boxes.show_message(f"Box {box} is off-site at Iron Mountain off-site store.")
    save(window, f"retention_box_{size}")
    widget.setCurrentWidget(widget.destruction)
    widget.destruction.refresh()
    wait_until(lambda: runner.idle() and widget.destruction.lines.rowCount() > 0)
    save(window, f"retention_destruction_{size}")
    widget.setCurrentWidget(widget.deaths)
    widget.deaths.look_up(dead)
    wait_until(lambda: runner.idle() and widget.deaths.current is not None)
    save(window, f"retention_deaths_{size}")
    window.show_page("requests")
    requests = window.pages["requests"]
    assert isinstance(requests, RequestsWidget)
    wait_until(lambda: requests.model.rowCount() >= 2 and requests.form.destination.count() > 0)
    requests.table.selectRow(0)
    save(window, f"requests_off_site_{size}")


if __name__ == "__main__":
    run(shots)
