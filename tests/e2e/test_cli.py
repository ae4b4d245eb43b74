"""The `recordsdesk` command as a subprocess: the public contract of the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from recordsdesk.services.desk import build_services
from tests.clirun import add_first_admin, run


@pytest.fixture
def room(db_url: str) -> str:
    add_first_admin(db_url)
    assert (
        run(
            db_url,
            "location",
            "add",
            "CARD",
            "--name",
            "Cardiology",
            "--kind",
            "clinic",
            "--loan-hours",
            "24",
        ).returncode
        == 0
    )
    assert (
        run(db_url, "location", "add", "W4", "--name", "Ward 4", "--kind", "ward").returncode == 0
    )
    added = run(
        db_url,
        "patient",
        "add",
        "123456",
        "--name",
        "SMITH, John",
        "--dob",
        "1970-05-01",
        "--volumes",
        "2",
    )
    assert added.returncode == 0, added.stderr
    return db_url


def _barcodes(url: str) -> list[str]:
    shown = run(url, "chart", "show", "123456", "--json")
    assert shown.returncode == 0, shown.stderr
    return [v["barcode"] for v in json.loads(shown.stdout)["volumes"]]


def test_chart_show_json_has_the_documented_shape(room: str) -> None:
    barcodes = _barcodes(room)
    out = run(room, "checkout", "--to", "CARD", barcodes[0])
    assert out.returncode == 0, out.stderr
    chart = json.loads(run(room, "chart", "show", "123456", "--json").stdout)
    assert chart["mrn"] == "123456"
    assert chart["name"] == "SMITH, John"
    assert chart["dob"] == "1970-05-01"
    assert chart["shelf"] == "56-34-12"
    first, second = chart["volumes"]
    assert first["number"] == 1 and first["location"] == {"code": "CARD", "name": "Cardiology"}
    assert first["due"] is not None
    assert second["location"] is None and second["due"] is None
    kinds = [(h["volume"], h["kind"], h["from"], h["to"], h["user"]) for h in chart["history"]]
    assert kinds == [
        (1, "created", None, None, "ada"),
        (2, "created", None, None, "ada"),
        (1, "checked_out", None, "CARD", "ada"),
    ]
    assert chart["history"][0]["at"] <= chart["history"][-1]["at"]


def test_checkout_reads_scans_from_stdin_and_answers_each(room: str) -> None:
    first, second = _barcodes(room)
    out = run(
        room, "checkout", "--to", "W4", "--json", stdin=f"{first}\n{second}\n{first}\nV0999999\n"
    )
    lines = [json.loads(line) for line in out.stdout.splitlines()]
    assert [(a["scan"], a["ok"], a["outcome"]) for a in lines] == [
        (first, True, "checked_out"),
        (second, True, "checked_out"),
        (first, True, "already_there"),
        ("V0999999", False, "unknown_code"),
    ]
    assert all("message" in a for a in lines)
    assert out.returncode == 1  # one scan failed
    back = run(room, "return", first, second)
    assert back.returncode == 0 and back.stdout.count("returned from Ward 4") == 2


def test_bad_input_gets_one_line_and_changes_nothing(room: str) -> None:
    before = run(room, "chart", "show", "123456", "--json").stdout
    cases = [
        (("checkout", "--to", "NOWHERE", "V0000001"), "NOWHERE"),
        (("patient", "add", "12x!", "--name", "A, B"), "not a valid MRN"),
        (("patient", "add", "777", "--name", "A, B", "--dob", "1990-02-30"), "1990-02-30"),
        (("patient", "add", "777", "--name", "NOCOMMA"), "FAMILY, GIVEN"),
        (("location", "add", "X", "--name", "X", "--kind", "moon"), "moon"),
        (("--user", "ghost", "checkout", "--to", "CARD", "V0000001"), "ghost"),
        (("user", "add", "eve", "--role", "clerk", "--password-stdin"), "--user NAME"),
    ]
    for args, needle in cases:
        done = run(room, *args, stdin="password123\n", user=None if args[0] == "user" else "ada")
        assert done.returncode != 0, args
        assert needle in done.stderr, (args, done.stderr)
        assert "Traceback" not in done.stderr
        assert len(done.stderr.strip().splitlines()) == 1
    assert run(room, "chart", "show", "123456", "--json").stdout == before


def test_unreachable_database_is_one_clear_line(tmp_path: Path) -> None:
    done = run("postgresql+psycopg://nobody@127.0.0.1:1/none", "location", "list")
    assert done.returncode == 1
    assert "cannot be reached" in done.stderr and "Traceback" not in done.stderr
    bad = run("mysql://x/y", "location", "list")
    assert bad.returncode == 1 and "Unsupported database" in bad.stderr


def test_filing_order_terminal_middle_and_stdin() -> None:
    terminal = run("sqlite://", "filing-order", "132466", "423266", "522466", "423213")
    assert terminal.stdout.split() == ["423213", "132466", "522466", "423266"]
    middle = run(
        "sqlite://", "filing-order", "--scheme", "middle", stdin="010849\n990701\n000850\n"
    )
    assert middle.stdout.split() == ["990701", "000850", "010849"]
    bad = run("sqlite://", "filing-order", "--scheme", "alphabetic", "1")
    assert bad.returncode == 1 and "alphabetic" in bad.stderr


def test_demo_builds_a_file_room_with_documented_users(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'demo.sqlite3'}"
    done = run(url, "demo", "--patients", "300", "--seed", "7", "--json", user=None)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["summary"]["patients"] == 300
    assert report["summary"]["out"] >= 1
    assert set(report["users"]) == {"admin", "supervisor", "clerk"}
    services = build_services(url)
    try:
        actor = services.users.sign_in("clerk", "clerk-demo", "T")
        assert services.history.holdings(actor)
    finally:
        services.close()
    again = run(url, "demo", "--patients", "10", user=None)
    assert again.returncode == 1 and "users already" in again.stderr
