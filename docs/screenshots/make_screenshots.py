"""Make the screenshots in docs/screenshots, offscreen: the main window at 1280x800 and
1024x640, the first-run wizard and dialogs at 1280x800.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots/make_screenshots.py [PART ...]
with PART one of main, first_run, release, requests_desk, retention (none: all of them).
``--pull-lists-only``: only the pull list and refile pages; ``--settings-only``: the settings.
The shared set-up is harness.py; each capability's scenes are in its make_*_screenshots.py.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable
from copy import copy as shallow_copy
from datetime import date, timedelta
from itertools import count
from pathlib import Path

import make_first_run_screenshots
import make_release_screenshots
import make_requests_desk_screenshots
import make_retention_screenshots
from harness import SIZES, desk_settings, open_window, run, save, start, wait_until
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox

from recordsdesk.services.actors import Actor
from recordsdesk.services.demo import ensure_demo
from recordsdesk.services.desk import Services, build_services
from recordsdesk.ui.admin.settings_dialog import SettingsDialog
from recordsdesk.ui.desk.desk_widget import DeskWidget
from recordsdesk.ui.labels.labels_widget import LabelsWidget
from recordsdesk.ui.lookup.lookup_widget import ChartLookupWidget
from recordsdesk.ui.main_window import MainWindow
from recordsdesk.ui.pull_lists.pull_list_widget import PullListWidget
from recordsdesk.ui.refiling.refile_widget import RefileWidget
from recordsdesk.ui.reports.reports_widget import ReportsWidget
from recordsdesk.ui.settings import DeskSettings
from recordsdesk.ui.shelf_audit.shelf_audit_widget import ShelfAuditWidget
from recordsdesk.ui.sign_in import SignInDialog
from recordsdesk.ui.tasks import TaskRunner


def sample(services: Services, clerk: Actor) -> dict[str, str]:
    """Barcodes and MRNs in useful states: home, out elsewhere, a multi-volume chart."""
    found: dict[str, str] = {}
    out = services.history.holdings(clerk)
    found["out_a"], found["out_b"] = out[0].barcode, out[1].barcode
    for number in range(1, 400):
        barcode = f"V{number:07d}"
        patients = services.registry.search(clerk, barcode)
        if not patients:
            continue
        chart = services.history.chart(clerk, patients[0].mrn)
        if len(chart.volumes) >= 3 and "multi" not in found and chart.history[-1].kind != "created":
            found["multi"] = chart.mrn
        if all(v.location is None for v in chart.volumes) and "home" not in found:
            found["home"] = chart.volumes[0].barcode
        if len(found) == 4:
            return found
    raise RuntimeError("the demo database has no suitable charts")


def desk_scans(window: MainWindow, charts: dict[str, str], last: str) -> DeskWidget:
    """A morning's few scans, of every kind, ending on a done, a warning or a problem."""
    desk = window.pages["desk"]
    assert isinstance(desk, DeskWidget)
    ending = {"done": charts["out_b"], "warning": charts["home"], "problem": "M-12345X"}[last]
    junk = ("Z" * 500,) if last == "problem" else ()  # a garbled read: shown short
    for text in (
        *junk,
        "L-CARD",
        charts["home"],
        charts["out_a"],
        "V9999999",
        charts["multi"],
        "C-RETURN",
        charts["out_b"],
        "L-ORTH",
        "C-CHECKOUT",
        ending,
    ):
        desk.submit_scan(text)
    wait_until(lambda: not desk.model.pending)
    return desk


CLINICS = ("CARD", "ORTH", "DERM", "Sleep Lab")
HEADER = "appointment_id,mrn,family_name,given_name,dob,start,clinic,provider,status\n"


def schedule_file(services: Services, clerk: Actor, folder: Path) -> Path:
    """Tomorrow's appointments for some demo patients, as the scheduling system's CSV."""
    tomorrow = date.today() + timedelta(days=1)
    lines = []
    for number, patient in enumerate(services.registry.search(clerk, "M")[:24]):
        family, _, given = patient.name.partition(", ")
        hour, minute = 8 + number // 4, (number % 4) * 15
        clinic = CLINICS[number % 3] if number != 7 else CLINICS[3]
        lines.append(
            f"S{number},{patient.mrn},{family},{given},{patient.dob or ''},"
            f"{tomorrow} {hour:02d}:{minute:02d},{clinic},Dr Okafor,Booked"
        )
    lines.append(f"S99,424242,NEWPATIENT,Ann,1990-02-02,{tomorrow} 15:00,CARD,Dr Lee,Booked")
    lines.append(f"S98,{lines[0].split(',')[1]},X,Y,,{tomorrow} 25:00,CARD,Dr Lee,Booked")
    path = folder / "tomorrow.csv"
    path.write_text(HEADER + "\n".join(lines) + "\n")
    return path


def schedule_hl7(services: Services, clerk: Actor, folder: Path) -> Path:
    """The day after tomorrow from an ambulatory EHR's SIU feed, with the decisions a go-live
    audit looks at: AIL-6 over SCH-11.4, an MRN among other identifiers, a resent older
    message, a cancel before its booking, and MLLP frames with no CR after the end byte."""
    day = date.today() + timedelta(days=2)

    def message(number: int, mrn: str, trigger: str, sent: str) -> str:
        hour = 8 + number // 2
        booked = f"{day:%Y%m%d}{hour:02d}{(number % 2) * 30:02d}"
        said = f"{day:%Y%m%d}{hour:02d}00" if number % 3 == 0 else booked
        status = "Cancelled" if trigger == "S15" else "Booked"
        return "\r".join(
            [
                f"MSH|^~\\&|AMBEHR|NORTHCLINIC|RD|FILEROOM|{date.today():%Y%m%d}{sent}||"
                f"SIU^{trigger}|M{number}{trigger}{sent}|P|2.3",
                f"SCH|P{number}|{4100 + number}|||||FU^Follow up||||^^^{said}"
                f"||||||||||||||{status}",
                f"PID|1||{mrn}^^^GENHOSP^MR~99887{number}^^^BCBS^MB||TEST^PATIENT||19700101|F",
                "PV1|1|O|CARDN^^^NORTHCLINIC",
                f"AIL|1||CARDN^^^NORTHCLINIC^^^^^Cardiology Clinic North|||{booked}",
            ]
        )

    mrns = [p.mrn for p in services.registry.search(clerk, "B")[:12]]
    messages = [
        message(n, mrn, "S15" if n == 5 else "S12", f"{6 + n % 6:02d}0000")
        for n, mrn in enumerate(mrns)
    ]
    # The cancel of message 6 came before its booking; an older S14 of message 1 is resent.
    messages.append(message(5, mrns[5], "S12", "050000"))
    messages.append(message(0, mrns[0], "S14", "050000"))
    path = folder / "ambulatory-night.hl7"
    path.write_bytes("".join(f"\x0b{m}\x1c" for m in messages).encode())
    return path


def new_screens(
    fresh: Callable[[], Services],
    clerk: Actor,
    runner: TaskRunner,
    settings: DeskSettings,
    folder: Path,
    only_pull_and_refile: bool = False,
) -> None:
    """Pull lists, refile, import report, labels and preview, lock, reports, settings."""
    for width, height in SIZES:
        copy = fresh()
        window = open_window(copy, clerk, settings, runner, (width, height))
        window.show_page("pull_lists")
        pulls = window.pages["pull_lists"]
        assert isinstance(pulls, PullListWidget)
        wait_until(runner.idle)
        night = schedule_hl7(copy, clerk, folder)
        pulls.import_schedule([str(schedule_file(copy, clerk, folder)), str(night)])
        wait_until(lambda p=pulls: p.import_report is not None)  # type: ignore[misc]
        wait_until(runner.idle)
        report = pulls.import_report
        assert report is not None
        save(report, f"schedule_import_report_{width}x{height}")
        report.tabs.setCurrentWidget(report.notes)
        save(report, f"schedule_import_decisions_{width}x{height}")
        report.notes.kind_table.selectRow(0)
        save(report, f"schedule_import_decisions_one_kind_{width}x{height}")
        report.close()
        first = pulls.items.rows[0].barcode
        pulls.submit_scan(first)
        wait_until(lambda p=pulls: p.scans.pending == 0)  # type: ignore[misc]
        wait_until(lambda p=pulls: p.message.isVisible())  # type: ignore[misc]
        wait_until(runner.idle)
        save(window, f"pull_list_{width}x{height}")
        pulls.tabs.setCurrentIndex(1)
        save(window, f"pull_list_exceptions_{width}x{height}")
        pulls.tabs.setCurrentIndex(0)
        refile_screen(window, copy, clerk, runner, f"refile_{width}x{height}")
        if only_pull_and_refile:
            window.close()
            copy.close()
            continue

        window.show_page("labels")
        labels = window.pages["labels"]
        assert isinstance(labels, LabelsWidget)
        for row in pulls.items.rows[:4]:
            labels.add_entry(row.barcode)
        labels.add_entry(pulls.items.rows[5].mrn)
        labels.add_entry("L-CARD")
        wait_until(lambda lb=labels: lb.reads.pending == 0)  # type: ignore[misc]
        save(window, f"labels_{width}x{height}")
        labels.preview_button.click()
        wait_until(lambda lb=labels: lb.preview is not None)  # type: ignore[misc]
        preview = labels.preview
        assert preview is not None
        preview.resize(min(width - 80, 900), height - 60)
        save(preview, f"label_preview_{width}x{height}")
        preview.close()
        marginal_stock(window, labels, width, height)
        shelf_audit_screen(window, copy, clerk, runner, f"shelf_audit_{width}x{height}")

        window.lock(on_request=False)
        window.lock_screen.password.setText("wrong")
        window.lock_screen.unlock_button.click()
        wait_until(lambda w=window: "Wrong" in w.lock_screen.error.text())  # type: ignore[misc]
        save(window, f"locked_{width}x{height}")
        window.close()
        copy.close()

        copy = fresh()
        boss = copy.users.actor("supervisor", "FRONT-DESK-1")
        window = open_window(copy, boss, settings, runner, (width, height))
        window.show_page("reports")
        reports = window.pages["reports"]
        assert isinstance(reports, ReportsWidget)
        wait_until(runner.idle)
        save(window, f"reports_overdue_{width}x{height}")
        reports.tabs.setCurrentIndex(2)
        reports.audit_user.setText("clerk")
        reports.show_audit()
        wait_until(runner.idle)
        save(window, f"reports_audit_{width}x{height}")
        reports.tabs.setCurrentWidget(reports.missing_tab)
        wait_until(runner.idle)
        save(window, f"reports_missing_{width}x{height}")
        window.close()
        copy.close()
    settings_dialog(fresh, settings, runner)


def refile_screen(
    window: MainWindow, services: Services, clerk: Actor, runner: TaskRunner, name: str
) -> None:
    """The refile page: charts back from the clinics on the cart, one scanned into its slot."""
    for holding in services.history.holdings(clerk)[:6]:
        services.circulation.return_volume(clerk, holding.barcode)
    window.show_page("refile")
    refile = window.pages["refile"]
    assert isinstance(refile, RefileWidget)
    refile.show_cart()
    wait_until(runner.idle)
    before = refile.cart.rowCount()
    refile.submit_scan(refile.cart.rows[1].barcode)
    wait_until(lambda: refile.cart.rowCount() == before - 1)
    wait_until(runner.idle)
    save(window, name)
    window.show_page("pull_lists")


def marginal_stock(window: MainWindow, labels: LabelsWidget, width: int, height: int) -> None:
    """The labels page on a stock whose labels scan poorly: said before printing."""
    plain = labels.stock.currentIndex()
    marginal = next(
        i
        for i in range(labels.stock.count())
        if labels.stock.itemData(i, Qt.ItemDataRole.UserRole + 1)
    )
    labels.stock.setCurrentIndex(marginal)
    save(window, f"labels_marginal_stock_{width}x{height}")
    if width == 1280:
        labels.preview_button.click()
        wait_until(lambda: labels.preview is not None and labels.preview.isVisible())
        preview = labels.preview
        assert preview is not None
        preview.resize(900, height - 60)
        save(preview, f"label_preview_marginal_stock_{width}x{height}")
        preview.close()
    labels.stock.setCurrentIndex(plain)


def shelf_audit_screen(
    window: MainWindow, services: Services, clerk: Actor, runner: TaskRunner, name: str
) -> None:
    """A run of shelf scanned left to right and checked: one chart out of place, one elsewhere."""
    window.show_page("shelf_audit")
    audit = window.pages["shelf_audit"]
    assert isinstance(audit, ShelfAuditWidget)
    elsewhere = services.history.holdings(clerk)[0].barcode
    run_of_shelf = [f"V{n:07d}" for n in range(20, 29)]
    run_of_shelf[3], run_of_shelf[6] = run_of_shelf[6], run_of_shelf[3]
    run_of_shelf.insert(5, elsewhere)
    for barcode in run_of_shelf:
        audit.submit_scan(barcode)
    wait_until(lambda: audit.run.rowCount() == len(run_of_shelf))
    audit.audit(bring_home=False)
    wait_until(lambda: audit.findings.rowCount() > 0)
    wait_until(runner.idle)
    save(window, name)


def settings_dialog(
    fresh: Callable[[], Services], settings: DeskSettings, runner: TaskRunner
) -> None:
    """The workstation settings with a label just scanned into the scanner check."""
    copy = fresh()
    dialog = SettingsDialog(settings, read=copy.circulation.read, runner=runner)
    dialog.show()
    dialog.check_field.setFocus()
    QTest.keyClicks(dialog.check_field, "L-CARD")  # at a scanner's speed
    QTest.keyClick(dialog.check_field, Qt.Key.Key_Return)
    wait_until(lambda: "Read as" in dialog.check_result.text())
    save(dialog, "settings_dialog")
    dialog.close()
    copy.close()


def shots(only: str = "") -> None:
    """The main window's pages, sign-in, lock and settings (``only``: a part of them)."""
    folder = start()
    url = f"sqlite:///{folder / 'demo.sqlite3'}"
    ensure_demo(url, patients=400, seed=7)
    services = build_services(url)
    runner = TaskRunner()
    settings = desk_settings("FRONT-DESK-1")

    dialog = SignInDialog(services.users, settings, runner, services.db.url, username="clerk")
    dialog.show()
    wait_until(runner.idle)
    save(dialog, "sign_in")
    dialog.password.setText("not the password")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    wait_until(lambda: dialog.error.text() not in ("", "Checking…"))
    save(dialog, "sign_in_refused")
    dialog.close()

    clerk = services.users.actor("clerk", "FRONT-DESK-1")
    charts = sample(services, clerk)
    services.close()
    copies = count(1)

    def fresh() -> Services:
        """A copy of the demo as built, so that every screenshot starts from the same room."""
        path = folder / f"copy-{next(copies)}.sqlite3"
        shutil.copyfile(folder / "demo.sqlite3", path)
        return build_services(f"sqlite:///{path}")

    if only == "settings":
        settings_dialog(fresh, settings, runner)
        return
    if only == "pull_lists":  # the pull list and refile pages
        new_screens(fresh, clerk, runner, settings, folder, only_pull_and_refile=True)
        runner.wait()
        return
    for last in ("done", "warning", "problem"):
        for width, height in SIZES:
            settings.last_destination = ""
            settings.last_mode = "check_out"
            copy = fresh()
            window = open_window(copy, clerk, settings, runner, (width, height))
            desk_scans(window, charts, last)
            save(window, f"desk_{last}_{width}x{height}")
            if last == "done":
                window.show_page("lookup")
                lookup = window.pages["lookup"]
                assert isinstance(lookup, ChartLookupWidget)
                lookup.query.setText(charts["multi"])
                lookup.search(charts["multi"])
                wait_until(lambda lk=lookup: lk.panel.chart is not None)  # type: ignore[misc]
                wait_until(runner.idle)
                save(window, f"chart_lookup_{width}x{height}")
            window.close()
            copy.close()

    new_screens(fresh, clerk, runner, settings, folder)

    gone = folder / "gone"
    gone.mkdir()
    broken = build_services(f"sqlite:///{gone / 'records.sqlite3'}")
    (gone / "records.sqlite3").unlink()
    (gone / "records.sqlite3").mkdir()
    for width, height in SIZES:
        settings.last_destination = ""
        services = fresh()
        down = shallow_copy(services)  # the same services, but scans go to a database gone away
        down.circulation = broken.circulation
        down.site = broken.site
        window = open_window(down, clerk, settings, runner, (width, height))
        desk = window.pages["desk"]
        assert isinstance(desk, DeskWidget)
        desk.submit_scan("L-W4")
        desk.submit_scan(charts["home"])
        wait_until(lambda d=desk: d.database_down and d.queue.pending == 0)  # type: ignore[misc]
        desk.submit_scan(charts["out_a"])
        wait_until(lambda d=desk: d.queue.pending == 0)  # type: ignore[misc]
        save(window, f"desk_database_down_{width}x{height}")
        window.close()
        services.close()
    broken.close()
    runner.wait()


PARTS: dict[str, Callable[[], None]] = {
    "main": shots,
    "first_run": make_first_run_screenshots.shots,
    "release": make_release_screenshots.shots,
    "requests_desk": make_requests_desk_screenshots.shots,
    "retention": make_retention_screenshots.shots,
}


if __name__ == "__main__":
    if "--settings-only" in sys.argv:
        run(lambda: shots("settings"))
    if "--pull-lists-only" in sys.argv:
        run(lambda: shots("pull_lists"))
    named = [arg for arg in sys.argv[1:] if not arg.startswith("-")]
    run(*(PARTS[name] for name in named or PARTS))
