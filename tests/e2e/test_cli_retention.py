"""The retention commands as a script runs them, on a file room last used in 2012."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from recordsdesk.services.desk import build_services
from tests.clirun import add_first_admin, run
from tests.conftest import FakeClock


@pytest.fixture
def old_room(sqlite_url: str) -> str:
    """Charts made in 2012 and never used since; supervisors sam and tess; a records centre."""
    add_first_admin(sqlite_url)
    services = build_services(sqlite_url, FakeClock(datetime(2012, 5, 1, 9, 0, tzinfo=UTC)))
    try:
        ada = services.users.actor("ada", "SETUP")
        services.users.add(ada, "sam", "supervisor", "supervisor pass 1")
        services.users.add(ada, "tess", "supervisor", "supervisor pass 2")
        services.users.add(ada, "cleo", "clerk", "clerk password")
        services.locations.add(ada, "RC1", "Records Centre North", "offsite", None)
        for mrn, name in (("100011", "OLD, Ann"), ("100022", "OLD, Bob"), ("200033", "OLD, Cy")):
            services.registry.register_patient(ada, mrn, name, None)
    finally:
        services.close()
    return sqlite_url


def _ok(url: str, *args: str, user: str = "ada", stdin: str | None = None) -> str:
    done = run(url, *args, user=user, stdin=stdin)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_retire_box_hold_and_destroy_from_the_command_line(old_room: str, tmp_path: Path) -> None:
    url = old_room
    _ok(
        url, "retention", "rule", "set", "--name", "Adults 10 years", "--years", "10",
        "--retire-after", "3", "--citation", "State schedule GS-1 item 12",
    )  # fmt: skip
    _ok(url, "retention", "centre", "RC1", "--lead-days", "3")
    rules = json.loads(_ok(url, "retention", "rule", "list", "--json"))
    assert rules[0]["citation"] == "State schedule GS-1 item 12"
    listed = json.loads(_ok(url, "retention", "candidates", "--json", user="cleo"))
    assert [c["mrn"] for c in listed["items"]] == ["100011", "100022", "200033"]
    assert listed["inches"] == 4.5

    box = json.loads(_ok(url, "retention", "box", "open", "--json", user="cleo"))["barcode"]
    assert box == "B000001"
    packed = _ok(url, "retention", "box", "pack", box, "V0000001", "V0000002", user="cleo")
    assert "2 in the box" in packed
    measured = _ok(url, "retention", "box", "show", box, user="cleo")
    assert "2 volumes, 3 in." in measured
    thick = _ok(url, "retention", "measure", "2.25", "V0000002", user="cleo")
    assert "V0000002 is 2.25 inches thick." in thick
    assert "2 volumes, 3.8 in." in _ok(url, "retention", "box", "show", box, user="cleo")
    second = json.loads(_ok(url, "retention", "box", "open", "--json", user="cleo"))["barcode"]
    again = run(url, "retention", "box", "pack", second, "V0000001", "--json", user="cleo")
    assert again.returncode == 1
    answer = json.loads(again.stdout)
    assert not answer["ok"] and "one box at a time" in answer["message"]
    _ok(url, "retention", "box", "send", box, "--to", "RC1", user="cleo")
    chart = json.loads(_ok(url, "chart", "show", "100011", "--json"))
    assert chart["volumes"][0]["retention"] == (
        "off-site, box B000001, Records Centre North; allow 3 days to recall"
    )
    assert chart["history"][-1]["kind"] == "retired"
    label = tmp_path / "label.pdf"
    _ok(url, "retention", "box", "label", box, "-o", str(label), user="cleo")
    assert label.read_bytes().startswith(b"%PDF")

    refused = run(
        url, "retention", "hold", "place", "--reason", "x", "--mrn", "200033", user="cleo"
    )
    assert refused.returncode == 1 and "only a supervisor" in refused.stderr
    _ok(url, "retention", "hold", "place", "--reason", "Claim 26-1", "--mrn", "200033", user="sam")
    batch = json.loads(
        _ok(url, "retention", "destroy", "propose", "--method", "cross-cut shredding", "--json",
            user="sam")
    )  # fmt: skip
    assert sorted(line["mrn"] for line in batch["lines"]) == ["100011", "100022"]
    own = run(url, "retention", "destroy", "approve", str(batch["id"]), user="sam")
    assert own.returncode == 1 and "two people" in own.stderr
    _ok(url, "retention", "destroy", "approve", str(batch["id"]), user="tess")
    alone = run(url, "retention", "destroy", "scan", str(batch["id"]), box, user="cleo")
    assert alone.returncode == 1 and "second person" in alone.stdout
    present = _ok(
        url, "retention", "destroy", "witness", str(batch["id"]), "--second", "--person", "tess",
        "--password-stdin", user="cleo", stdin="supervisor pass 2\n",
    )  # fmt: skip
    assert "second person tess (signed in" in present
    outside = run(url, "retention", "destroy", "scan", str(batch["id"]), "V0000003", user="cleo")
    assert outside.returncode == 1 and "not in the batch" in outside.stdout
    done = _ok(url, "retention", "destroy", "scan", str(batch["id"]), box, user="cleo")
    assert "complete" in done
    cert = tmp_path / "cert.pdf"
    _ok(url, "retention", "destroy", "certificate", str(batch["id"]), "-o", str(cert), user="sam")
    assert cert.read_bytes().startswith(b"%PDF")
    chart = json.loads(_ok(url, "chart", "show", "100011", "--json"))
    assert chart["volumes"][0]["retention"].startswith("destroyed ")
    assert not chart["volumes"][0]["missing"]
    report = json.loads(_ok(url, "retention", "report", "--json", user="sam"))
    assert report["held"] == 1
