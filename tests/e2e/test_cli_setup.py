"""`recordsdesk setup` and `about`: the first-run wizard's choices from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from recordsdesk import __version__
from recordsdesk.services.setup.palettes import PALETTE_PRESETS
from tests.clirun import run


@pytest.fixture(autouse=True)
def _own_config(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))


def _admin(url: str) -> None:
    done = run(
        url, "setup", "admin", "ada", "--password-stdin", stdin="correct horse battery\n", user=None
    )
    assert done.returncode == 0, done.stderr


def test_a_new_file_room_set_up_from_the_command_line(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'room.sqlite3'}"
    _admin(url)
    again = run(
        url, "setup", "admin", "bob", "--password-stdin", stdin="another good one\n", user=None
    )
    assert again.returncode == 1
    assert "users already" in again.stderr
    room = run(
        url,
        "setup",
        "room",
        "--name",
        "North Wing",
        "--scheme",
        "middle",
        "--mrn-width",
        "8",
        "--palette",
        "colour-blind",
    )
    assert room.returncode == 0, room.stderr
    printers = run(
        url, "setup", "printers", "--labels", "ZEBRA", "--lists", "LASER", "--stock", "thermal-4x2"
    )
    assert printers.returncode == 0, printers.stderr
    settings = dict(line.split("\t", 1) for line in run(url, "setting", "list").stdout.splitlines())
    assert settings["file_room"] == "North Wing"
    assert settings["filing_scheme"] == "middle"
    assert settings["mrn_width"] == "8"
    assert settings["palette"] == ",".join(PALETTE_PRESETS["colour-blind"])
    assert (settings["label_printer"], settings["list_printer"]) == ("ZEBRA", "LASER")
    assert settings["label_stock"] == "thermal-4x2"


def test_a_room_setting_is_refused_to_a_clerk_and_a_test_page_needs_a_queue(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'room.sqlite3'}"
    _admin(url)
    added = run(
        url, "user", "add", "cleo", "--role", "clerk", "--password-stdin", stdin="filing all day\n"
    )
    assert added.returncode == 0, added.stderr
    refused = run(url, "setup", "room", "--name", "Mine", user="cleo")
    assert refused.returncode == 1
    assert run(url, "setup", "printers", "--test-page").returncode == 1


def test_check_db_reports_the_schema_and_that_a_file_needs_no_tls(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'room.sqlite3'}"
    empty = json.loads(run(url, "setup", "check-db", "--json", user=None).stdout)
    assert (empty["ok"], empty["schema"], empty["kind"], empty["encrypted"]) == (
        True,
        "empty",
        "embedded",
        None,
    )
    assert not (tmp_path / "room.sqlite3").exists()  # a test changes nothing
    _admin(url)
    ready = json.loads(run(url, "setup", "check-db", "--json", user=None).stdout)
    assert (ready["schema"], ready["users"]) == ("current", 1)
    down = run("postgresql://nobody:s3cret@127.0.0.1:1/records", "setup", "check-db", user=None)
    assert down.returncode == 1
    assert "Cannot connect" in down.stdout and "s3cret" not in down.stdout + down.stderr


def test_the_workstation_remembers_the_database_chosen(tmp_path: Path) -> None:
    chosen = tmp_path / "chosen.sqlite3"
    done = run("", "setup", "database", "--embedded", str(chosen), user=None)
    assert done.returncode == 0, done.stderr
    about = json.loads(run("", "about", "--json", user=None).stdout)
    assert about["database"] == f"sqlite:///{chosen}"
    assert about["version"] == __version__
    assert about["pyside6"] == "6.11.3"
    refused = run("", "setup", "database", "postgresql://nobody@127.0.0.1:1/x", user=None)
    assert refused.returncode == 1
    assert json.loads(run("", "about", "--json", user=None).stdout)["database"] == (
        f"sqlite:///{chosen}"
    )


def test_the_test_page_and_calibration_page_go_to_a_real_queue(
    tmp_path: Path, cups_queues: list[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'room.sqlite3'}"
    _admin(url)
    queue = cups_queues[0]
    done = run(
        url,
        "setup",
        "printers",
        "--labels",
        queue,
        "--lists",
        queue,
        "--test-page",
        "--calibration",
    )
    assert done.returncode == 0, done.stderr
    assert f"Test page sent to {queue} (job {queue}-" in done.stdout
    assert f"Calibration page sent to {queue} (job {queue}-" in done.stdout
