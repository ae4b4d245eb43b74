"""The Requests page and the dashboard, from the demo's year of history, at both window sizes.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots/make_requests_desk_screenshots.py
(or with every other capability's: make_screenshots.py).
"""

from __future__ import annotations

from harness import desk_settings, run, save, start, wait_until, windows

from recordsdesk.services.demo import ensure_demo
from recordsdesk.services.desk import build_services
from recordsdesk.ui.dashboard.dashboard_widget import DashboardWidget
from recordsdesk.ui.requests.requests_widget import RequestsWidget
from recordsdesk.ui.tasks import TaskRunner


def shots() -> None:
    folder = start()
    url = f"sqlite:///{folder / 'demo.sqlite3'}"
    ensure_demo(url, patients=2000, seed=1)
    services = build_services(url)
    runner = TaskRunner()
    settings = desk_settings("FRONT-DESK-1")
    supervisor = services.users.actor("supervisor", "FRONT-DESK-1")
    for window, size in windows(services, supervisor, settings, runner):
        window.show_page("requests")
        requests = window.pages["requests"]
        assert isinstance(requests, RequestsWidget)
        wait_until(lambda r=requests: bool(r.model.rows))  # type: ignore[misc]
        wait_until(runner.idle)
        save(window, f"requests_{size}")
        # A clerk takes a call: the form unfolds (Ctrl+R), the chart typed, where it goes.
        requests.open_form()
        form = requests.form
        wait_until(lambda f=form: f.destination.count() > 0)  # type: ignore[misc]
        form.chart.setText(requests.model.rows[-1].mrn)
        form.destination.setCurrentIndex(0)
        form.note.setText("Dr Okafor rang, ext. 4410")
        save(window, f"requests_new_{size}")
        requests.fold_form()
        window.show_page("dashboard")
        board = window.pages["dashboard"]
        assert isinstance(board, DashboardWidget)
        wait_until(lambda b=board: b.board is not None)  # type: ignore[misc]
        wait_until(runner.idle)
        save(window, f"dashboard_{size}")
    runner.wait()
    services.close()


if __name__ == "__main__":
    run(shots)
