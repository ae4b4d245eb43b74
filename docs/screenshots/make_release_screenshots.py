"""Make the release-of-information screenshots (the ROI queue and a request) at 1280x800, and
sample pages of its documents in docs/printing.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots/make_release_screenshots.py
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pypdfium2 as pdfium
from PySide6.QtCore import QCoreApplication, QDeadlineTimer, QThread
from PySide6.QtWidgets import QApplication, QWidget

from recordsdesk.domain.release_of_information import (
    Authorisation,
    Check,
    RequesterKind,
    SpecialCategory,
)
from recordsdesk.services.desk import build_services
from recordsdesk.services.release.desk import build_release_services
from recordsdesk.services.release.dto import NewRequest
from recordsdesk.ui.release.queue_widget import ReleasePageWidget, ReleaseQueueWidget
from recordsdesk.ui.style import STYLE_SHEET
from recordsdesk.ui.tasks import TaskRunner

OUT = Path(__file__).resolve().parent
NOW = datetime(2026, 1, 20, 14, 0, tzinfo=UTC)


def wait_until(test: Callable[[], bool], msecs: int = 20000) -> None:
    deadline = QDeadlineTimer(msecs)
    while not test():
        if deadline.hasExpired():
            raise TimeoutError("the window did not settle")
        QCoreApplication.processEvents()
        QThread.msleep(5)


def save(widget: QWidget, name: str) -> None:
    for _ in range(5):
        QCoreApplication.processEvents()
    path = OUT / f"{name}.png"
    widget.grab().save(str(path))
    print(path.relative_to(OUT.parent.parent))


def main() -> int:
    app = QApplication(sys.argv)
    app.setStyleSheet(STYLE_SHEET)
    folder = Path(tempfile.mkdtemp(prefix="rd-roi-shots-"))
    moment = [datetime(2026, 1, 9, 10, 0, tzinfo=UTC)]  # the requests come in; then NOW

    def clock() -> datetime:
        return moment[0]

    services = build_services(f"sqlite:///{folder / 'roi.sqlite3'}", clock)
    services.upgrade_schema()
    services.users.add(None, "ada", "admin", "correct horse battery")
    admin = services.users.actor("ada", "HIM-1")
    services.users.add(admin, "cleo", "clerk", "clerk password")
    clerk = services.users.actor("cleo", "HIM-1")
    services.locations.add(admin, "ROI", "Release of information desk", "department")
    roi = build_release_services(services, clock)
    roi.site.set_category(admin, "PSY", SpecialCategory.PSYCHOTHERAPY_NOTES, "Psychotherapy")
    people = (
        ("123456", "SMITH, John"),
        ("423266", "JONES, Mary"),
        ("518802", "NGUYEN, Thi Anh"),
        ("700413", "OKAFOR, Chidi"),
        ("310077", "MÜLLER, Jürgen"),
    )
    for mrn, name in people:
        services.registry.register_patient(admin, mrn, name, date(1970, 5, 1), volumes=2)
    services.registry.add_volume(admin, "123456", "PSY")

    def log(mrn: str, kind: RequesterKind, who: str, received: date, **more: object) -> int:
        request = NewRequest(
            mrn=mrn,
            kind=kind,
            requester_name=who,
            what=str(more.pop("what", "Discharge summaries and operative notes, 2025")),
            received_on=received,
            **more,  # type: ignore[arg-type]
        )
        return roi.requests.log_request(clerk, request).row.id

    own = log(
        "123456",
        RequesterKind.PATIENT,
        "John Smith",
        date(2026, 1, 5),
        requester_address="14 Elm Row\nSpringfield",
        what="A copy of my whole record",
    )
    roi.requests.record_checks(clerk, own, {Check.IDENTITY: "driving licence seen"})
    log(
        "423266",
        RequesterKind.SUBPOENA,
        "Hale & Partners LLP (subpoena)",
        date(2026, 1, 8),
        due_on=date(2026, 1, 19),
    )
    done = log(
        "423266",
        RequesterKind.COURT_ORDER,
        "Superior Court",
        date(2026, 1, 2),
        due_on=date(2026, 1, 14),
    )
    roi.requests.record_checks(clerk, done, {Check.LEGAL_DOCUMENT: "order of Judge Rao"})
    roi.disclosures.release(clerk, done)
    # The patient's sister, his representative: the record goes, the psychotherapy notes wait.
    partly = log(
        "123456",
        RequesterKind.REPRESENTATIVE,
        "Ann Smith (health care proxy)",
        date(2026, 1, 7),
        what="Whole record for the new care home",
    )
    roi.requests.record_checks(
        clerk,
        partly,
        {Check.IDENTITY: "passport", Check.AUTHORITY: "proxy form", Check.WRITTEN_REQUEST: ""},
    )
    roi.disclosures.release(clerk, partly)

    moment[0] = NOW
    attorney = log("518802", RequesterKind.ATTORNEY, "Baxter Injury Law", date(2026, 1, 12))
    roi.requests.record_checks(clerk, attorney, {Check.IDENTITY: "bar card"})
    roi.requests.record_authorisation(
        clerk,
        attorney,
        Authorisation(
            description="ED notes", recipient="Baxter Injury Law", signed_by="T A Nguyen"
        ),
    )
    log("700413", RequesterKind.PROVIDER, "Springfield Cardiology", date(2026, 1, 16))
    log(
        "310077",
        RequesterKind.PUBLIC_HEALTH,
        "County Health Department",
        date(2026, 1, 19),
        what="Tuberculosis case report, admission of December 2025",
    )
    for name, document in (
        ("roi-cover-letter", roi.documents.cover_letter(clerk, done)),
        ("roi-log-sheet", roi.documents.log_sheet(clerk, done)),
        (
            "roi-accounting",
            roi.documents.accounting_pdf(clerk, roi.disclosures.accounting(clerk, "423266")),
        ),
    ):
        page = pdfium.PdfDocument(document.data)[0]
        path = OUT.parent / "printing" / f"{name}.png"
        page.render(scale=110 / 72).to_pil().save(path)
        print(path.relative_to(OUT.parent.parent))

    runner = TaskRunner()
    page = ReleasePageWidget(roi, admin, runner)
    page.resize(1280, 800)
    settled: list[object] = []
    assert page.settings_widget is not None
    page.settings_widget.settings_shown.connect(settled.append)
    page.show()
    page.setCurrentWidget(page.settings_widget)
    wait_until(lambda: bool(settled))
    settings_table = page.settings_widget.table
    settings_table.setCurrentIndex(settings_table.model().index(1, 0))
    save(page, "roi_settings_1280x800")
    page.close()

    queue = ReleaseQueueWidget(roi, clerk, runner)
    queue.resize(1280, 800)
    shown: list[object] = []
    queue.queue_shown.connect(shown.append)
    queue.show()
    wait_until(lambda: bool(shown))
    save(queue, "roi_queue_1280x800")

    dialog = queue.open_request(own)
    wait_until(lambda: dialog.detail is not None)
    dialog.resize(1280, 800)
    save(dialog, "roi_request_1280x800")
    dialog.close()
    queue.close()
    runner.wait()
    services.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
