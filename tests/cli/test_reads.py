"""Every read of patient data is recorded once per patient; an export is recorded first."""

from __future__ import annotations

from pathlib import Path

import pytest

from recordsdesk.domain.errors import Unavailable
from recordsdesk.services.audit import AuditTrail
from recordsdesk.services.desk import build_services
from tests.cli.conftest import Cli
from tests.cli.test_sessions import trail


@pytest.fixture
def room(signed_in_ada: Cli) -> Cli:
    cli = signed_in_ada
    assert cli("location", "add", "CARD", "--name", "Cardiology", "--kind", "clinic").code == 0
    for mrn, name in (("123456", "SMITH, John"), ("423266", "JONES, Mary")):
        assert cli("patient", "add", mrn, "--name", name, "--volumes", "2").code == 0
    assert cli("checkout", "--to", "CARD", "V0000001", "V0000002", "V0000003").code == 0
    return cli


def reads(url: str, since: int) -> list[tuple[str, str | None, str]]:
    """(action, mrn, detail) of the audit entries after the first ``since``."""
    services = build_services(url)
    try:
        return [
            (e.action, e.mrn, e.detail)
            for e in services.audit.show(services.users.actor("ada", "T"))
        ][since:]
    finally:
        services.close()


@pytest.mark.parametrize(
    ("argv", "why"),
    [
        (("chart", "show", "123456"), None),
        (("holdings",), "holdings"),
        (("holdings", "--location", "CARD"), "holdings at CARD"),
        (("holdings", "--overdue"), "overdue list"),
        (("request", "list"), "pending requests"),
        (("missing", "list"), "missing list"),
        (("refile", "--list"), "refiling cart"),
    ],
)
def test_each_list_is_recorded_once_per_patient(
    room: Cli, db_url: str, argv: tuple[str, ...], why: str | None
) -> None:
    before = len(trail(db_url))
    done = room(*argv)
    assert done.code == 0, done.err
    entries = reads(db_url, before)
    if argv[0] == "chart":
        assert entries == [("chart_viewed", "123456", "")]
    elif argv == ("holdings",) or argv[-1] == "CARD":
        # Two volumes of 123456 and one of 423266 are out: each patient once.
        assert sorted(e[1] or "" for e in entries) == ["123456", "423266"]
        assert {e[2] for e in entries} == {why} and {e[0] for e in entries} == {"patients_listed"}
    else:
        assert entries == [("patients_listed", None, f"{why} (no patients)")]


def test_pull_list_on_stdout_is_recorded(room: Cli, db_url: str) -> None:
    before = len(trail(db_url))
    assert room("pull-list", "--date", "2026-03-03").code == 0
    assert reads(db_url, before) == [
        ("exported", None, "Pull list 2026-03-03 -> shown on standard output")
    ]


def test_name_search_records_each_patient_shown(room: Cli, db_url: str) -> None:
    services = build_services(db_url)
    try:
        ada = services.users.actor("ada", "T")
        before = len(trail(db_url))
        found = services.registry.search(ada, "SMITH")
        assert [p.mrn for p in found] == ["123456"]
    finally:
        services.close()
    assert trail(db_url)[before:] == [("ada", "T", "patients_found", "search 'SMITH'")]


def test_an_export_that_cannot_be_recorded_writes_no_file(
    room: Cli, db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise Unavailable("The database cannot be reached (test).")

    monkeypatch.setattr(AuditTrail, "record", broken)
    target = tmp_path / "labels.pdf"
    done = room("labels", "--mrn", "123456", "--stock", "avery-5160", "-o", str(target))
    assert done.code != 0
    assert not target.exists()
