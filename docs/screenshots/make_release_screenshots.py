"""The release-of-information screenshots: the ROI queue and its settings tab in the main window
at both sizes, a request at 1280x800, and sample pages of its documents in docs/printing.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots/make_release_screenshots.py
(or with every other capability's: make_screenshots.py). The requests are dated back from
today, so that the queue shows them as a desk would see them this week.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pypdfium2 as pdfium
from harness import OUT, desk_settings, run, save, start, wait_until, windows

from recordsdesk.domain.release_of_information import (
    Authorisation,
    Check,
    RequesterKind,
    SpecialCategory,
)
from recordsdesk.services.desk import build_services
from recordsdesk.services.release.desk import build_release_services
from recordsdesk.services.release.dto import NewRequest
from recordsdesk.ui.release.queue_widget import ReleasePageWidget
from recordsdesk.ui.tasks import TaskRunner


def ago(days: int) -> date:
    return date.today() - timedelta(days=days)


def shots() -> None:
    folder = start("rd-roi-shots-")
    now = datetime.now(UTC)
    moment = [now - timedelta(days=11)]  # the requests come in; then now

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
        ago(15),
        requester_address="14 Elm Row\nSpringfield",
        what="A copy of my whole record",
    )
    roi.requests.record_checks(clerk, own, {Check.IDENTITY: "driving licence seen"})
    log(
        "423266",
        RequesterKind.SUBPOENA,
        "Hale & Partners LLP (subpoena)",
        ago(12),
        due_on=ago(1),
    )
    done = log(
        "423266",
        RequesterKind.COURT_ORDER,
        "Superior Court",
        ago(18),
        due_on=ago(6),
    )
    roi.requests.record_checks(clerk, done, {Check.LEGAL_DOCUMENT: "order of Judge Rao"})
    roi.disclosures.release(clerk, done)
    # The patient's sister, his representative: the record goes, the psychotherapy notes wait.
    partly = log(
        "123456",
        RequesterKind.REPRESENTATIVE,
        "Ann Smith (health care proxy)",
        ago(13),
        what="Whole record for the new care home",
    )
    roi.requests.record_checks(
        clerk,
        partly,
        {Check.IDENTITY: "passport", Check.AUTHORITY: "proxy form", Check.WRITTEN_REQUEST: ""},
    )
    roi.disclosures.release(clerk, partly)

    moment[0] = now
    attorney = log("518802", RequesterKind.ATTORNEY, "Baxter Injury Law", ago(8))
    roi.requests.record_checks(clerk, attorney, {Check.IDENTITY: "bar card"})
    roi.requests.record_authorisation(
        clerk,
        attorney,
        Authorisation(
            description="ED notes", recipient="Baxter Injury Law", signed_by="T A Nguyen"
        ),
    )
    log("700413", RequesterKind.PROVIDER, "Springfield Cardiology", ago(4))
    log(
        "310077",
        RequesterKind.PUBLIC_HEALTH,
        "County Health Department",
        ago(1),
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
    settings = desk_settings("HIM-1")
    for window, size in windows(services, admin, settings, runner):
        window.show_page("release")
        page = window.pages["release"]
        assert isinstance(page, ReleasePageWidget)
        queue = page.queue_widget
        wait_until(lambda q=queue: q.queue.rowCount() > 0)  # type: ignore[misc]
        wait_until(runner.idle)
        save(window, f"roi_queue_{size}")
        assert page.settings_widget is not None
        page.setCurrentWidget(page.settings_widget)
        wait_until(runner.idle)
        table = page.settings_widget.table
        wait_until(lambda t=table: t.model().rowCount() > 1)  # type: ignore[misc]
        table.setCurrentIndex(table.model().index(1, 0))
        save(window, f"roi_settings_{size}")
        if size == "1280x800":
            dialog = queue.open_request(own)
            wait_until(lambda d=dialog: d.detail is not None)  # type: ignore[misc]
            dialog.resize(1280, 800)
            save(dialog, "roi_request_1280x800")
            dialog.close()
    runner.wait()
    services.close()


if __name__ == "__main__":
    run(shots)
