"""The upkeep commands as a script runs them: settings, missing charts, refiling, shelf audit."""

from __future__ import annotations

import json

import pytest

from tests.clirun import add_first_admin, run


@pytest.fixture
def room(sqlite_url: str) -> str:
    add_first_admin(sqlite_url)
    assert (
        run(
            sqlite_url,
            "user",
            "add",
            "sam",
            "--role",
            "supervisor",
            "--password-stdin",
            stdin="supervisor pass 1\n",
        ).returncode
        == 0
    )
    assert (
        run(
            sqlite_url, "location", "add", "CARD", "--name", "Cardiology", "--kind", "clinic"
        ).returncode
        == 0
    )
    for mrn in ("100011", "100022", "100033"):
        assert (
            run(sqlite_url, "patient", "add", mrn, "--name", f"ROOM, N{mrn[-2:]}").returncode == 0
        )
    return sqlite_url


def test_settings_are_set_listed_and_refused_when_wrong(room: str) -> None:
    assert run(room, "setting", "set", "file_room", "Basement B").returncode == 0
    listed = json.loads(run(room, "setting", "list", "--json").stdout)
    assert listed == {"file_room": "Basement B"}
    bad = run(room, "setting", "set", "mrn_width", "7")
    assert bad.returncode == 1 and "even" in bad.stderr
    clerkless = run(room, "setting", "set", "file_room", "X", user="sam")
    assert clerkless.returncode == 1 and "admin" in clerkless.stderr


def test_missing_refile_and_shelf_audit(room: str) -> None:
    flagged = run(room, "missing", "flag", "V0000002", "--note", "not in its slot", user="sam")
    assert flagged.returncode == 0, flagged.stderr
    listed = json.loads(run(room, "missing", "list", "--json").stdout)
    assert [m["barcode"] for m in listed] == ["V0000002"]
    assert run(room, "checkout", "--to", "CARD", "V0000001").returncode == 0
    assert run(room, "return", "V0000001").returncode == 0
    cart = json.loads(run(room, "refile", "--list", "--json").stdout)
    assert [c["barcode"] for c in cart] == ["V0000001"]
    refiled = run(room, "refile", "--json", "V0000001", "V0000003")
    answers = [json.loads(line) for line in refiled.stdout.splitlines()]
    assert [a["outcome"] for a in answers] == ["refiled", "already_filed"]
    # Sections 11, 22, 33: the run 33, 11, 22 has one misfile; 22 is flagged missing.
    audit = run(
        room, "shelf-audit", "--json", "--bring-home", stdin="V0000003\nV0000001\nV0000002\n"
    )
    report = json.loads(audit.stdout)
    assert audit.returncode == 1  # a misfile needs attention
    assert report["misfiled"] == 1 and report["brought_home"] == 1
    assert json.loads(run(room, "missing", "list", "--json").stdout) == []
