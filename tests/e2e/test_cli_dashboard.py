"""The supervisor's commands as a script runs them: overdue aging and notices, the dashboard."""

from __future__ import annotations

import csv
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from recordsdesk.services.desk import build_services
from tests.clirun import add_first_admin, run
from tests.conftest import FakeClock


@pytest.fixture
def room(sqlite_url: str) -> str:
    """CARD holds one chart 5 days past due, W4 one not yet due; sam is a supervisor."""
    add_first_admin(sqlite_url)
    clock = FakeClock(datetime.now(UTC) - timedelta(days=6))
    services = build_services(sqlite_url, clock)
    try:
        ada = services.users.actor("ada", "T")
        services.users.add(ada, "sam", "supervisor", "supervisor pass 1")
        services.users.add(ada, "cleo", "clerk", "clerk password 1")
        services.locations.add(ada, "CARD", "Cardiology Clinic", "clinic", 24)
        services.locations.add(ada, "W4", "Ward 4", "ward", 24 * 10)
        for mrn in ("100011", "100022"):
            services.registry.register_patient(ada, mrn, f"ROOM, N{mrn[-2:]}", None, volumes=1)
        cleo = services.users.actor("cleo", "T")
        chart = {v.barcode for v in services.history.chart(cleo, "100011").volumes}.pop()
        assert services.circulation.check_out(cleo, "CARD", chart).ok
        other = {v.barcode for v in services.history.chart(cleo, "100022").volumes}.pop()
        assert services.circulation.check_out(cleo, "W4", other).ok
    finally:
        services.close()
    return sqlite_url


def test_overdue_aging_and_notices(room: str, tmp_path: Path) -> None:
    shown = run(room, "overdue", "--json", user="sam")
    assert shown.returncode == 0, shown.stderr
    answer = json.loads(shown.stdout)
    card = next(b for b in answer["borrowers"] if b["code"] == "CARD")
    assert (card["out"], card["overdue"], card["aging"]["3–7 days"]) == (1, 1, 1)
    ward = next(b for b in answer["borrowers"] if b["code"] == "W4")
    assert (ward["out"], ward["overdue"]) == (1, 0)
    table = run(room, "overdue", user="sam")
    assert table.returncode == 0 and "CARD" in table.stdout
    target = tmp_path / "notices.pdf"
    made = run(room, "overdue", "--notices", "-o", str(target), user="sam")
    assert made.returncode == 0, made.stderr
    assert target.read_bytes().startswith(b"%PDF")
    trail = run(room, "audit", "show", "--mrn", "100011", user="sam")
    assert "notices.pdf" in trail.stdout
    nowhere = run(room, "overdue", "--notices", user="sam")
    assert nowhere.returncode == 1 and "-o FILE" in nowhere.stderr


def test_dashboard_figures_csv_and_report(room: str, tmp_path: Path) -> None:
    figures = run(room, "dashboard", "--days", "7", "--json", user="sam")
    assert figures.returncode == 0, figures.stderr
    answer = json.loads(figures.stdout)
    assert answer["figures"]["charts out now"] == "2" and answer["figures"]["overdue now"] == "1"
    activity = next(p for p in answer["plots"] if p["key"] == "clerk_activity")
    assert sum(activity["series"]["cleo"]) == 2
    saved = run(room, "dashboard", "--days", "7", "--csv", str(tmp_path), user="sam")
    assert saved.returncode == 0 and len(list(tmp_path.glob("dashboard-*.csv"))) == 7
    with next(tmp_path.glob("dashboard-out_by_location-*.csv")).open(encoding="utf-8") as f:
        assert sorted(tuple(r) for r in csv.reader(f))[:2] == [
            ("CARD", "0", "1"),
            ("W4", "1", "0"),
        ]
    report = tmp_path / "dashboard.pdf"
    assert run(room, "dashboard", "-o", str(report), user="sam").returncode == 0
    assert report.read_bytes().startswith(b"%PDF")
    plain = run(room, "dashboard", user="sam")
    assert plain.returncode == 0 and "charts out now" in plain.stdout


def test_figures_are_for_supervisors_and_bad_periods_are_named(room: str) -> None:
    refused = run(room, "dashboard", user="cleo")
    assert refused.returncode == 1 and "supervisor" in refused.stderr
    assert run(room, "overdue", user="cleo").returncode == 1
    bad = run(room, "dashboard", "--from", "2026-13-01", user="sam")
    assert bad.returncode == 1 and "YYYY-MM-DD" in bad.stderr
    backwards = run(room, "dashboard", "--from", "2026-03-02", "--to", "2026-03-01", user="sam")
    assert backwards.returncode == 1 and "bad period" in backwards.stderr
