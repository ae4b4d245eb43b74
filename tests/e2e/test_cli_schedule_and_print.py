"""The nightly job as a scheduler runs it: import, pull list as JSON, PDF and to CUPS; labels."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.clirun import add_first_admin, run
from tests.printing.file_queue import file_queue
from tests.printing.pages import decode_all, page_count, page_texts, render

FEED = (
    "appointment_id,mrn,family_name,given_name,dob,start,clinic,provider,status\n"
    "A1,123456,SMITH,John,1970-05-01,2026-03-03 09:00,CARD,Dr Who,Booked\n"
    "B1,654321,NGUYỄN,Thị Ánh,1960-01-01,2026-03-03 10:00,CARD,Dr Who,Booked\n"
    "C1,777777,NEWMAN,Ann,1990-02-02,2026-03-03 11:00,CARD,Dr Who,Booked\n"
    "D1,111111,BAD,Date,1990-02-02,2026-13-03 11:00,CARD,Dr Who,Booked\n"
)


@pytest.fixture
def room(sqlite_url: str, tmp_path: Path) -> str:
    url = sqlite_url
    add_first_admin(url)
    assert (
        run(url, "location", "add", "CARD", "--name", "Cardiology", "--kind", "clinic").returncode
        == 0
    )
    for mrn, name, dob in (
        ("123456", "SMITH, John", "1970-05-01"),
        ("654321", "NGUYỄN, Thị Ánh", "1960-01-01"),
    ):
        done = run(url, "patient", "add", mrn, "--name", name, "--dob", dob)
        assert done.returncode == 0, done.stderr
    return url


def test_import_then_pull_list_json(room: str, tmp_path: Path) -> None:
    feed = tmp_path / "schedule.csv"
    feed.write_text(FEED, encoding="utf-8")
    imported = run(room, "schedule", "import", str(feed), "--json")
    report = json.loads(imported.stdout)
    assert imported.returncode == 1  # one bad line
    assert report["added"] == 3 and report["booked_without_chart"] == ["777777"]
    assert report["problems"][0]["position"] == "line 5"
    again = json.loads(run(room, "schedule", "import", str(feed), "--json").stdout)
    assert again["added"] == 0 and again["unchanged"] == 3
    listed = run(room, "pull-list", "--date", "2026-03-03", "--json")
    assert listed.returncode == 0, listed.stderr
    pull = json.loads(listed.stdout)
    assert [(i["mrn"], i["shelf"], i["clinic"], i["time"]) for i in pull["items"]] == [
        ("654321", "21-43-65", "CARD", "2026-03-03T10:00"),
        ("123456", "56-34-12", "CARD", "2026-03-03T09:00"),
    ]
    for item in pull["items"]:
        assert {"mrn", "name", "volume", "barcode", "shelf", "clinic", "time"} <= set(item)
    assert [(e["mrn"], e["reason"]) for e in pull["exceptions"]] == [("777777", "no_chart")]
    bad = run(room, "pull-list", "--date", "2026-02-30", "--json")
    assert bad.returncode == 1 and "2026-02-30" in bad.stderr


def test_pull_list_pdf_and_print_to_cups(room: str, tmp_path: Path, cups_queues: list[str]) -> None:
    feed = tmp_path / "schedule.csv"
    feed.write_text(FEED, encoding="utf-8")
    run(room, "schedule", "import", str(feed))
    out = tmp_path / "pull.pdf"
    with file_queue() as queue:
        done = run(
            room,
            "pull-list",
            "--date",
            "2026-03-03",
            "--format",
            "pdf",
            "-o",
            str(out),
            "--print",
            "RECORDSDESK_TEST",
        )
        assert done.returncode == 0, done.stderr
        job = done.stdout.split("(job ")[1].rstrip(").\n")
        received = queue.pdf(job)
    pdf = out.read_bytes()
    text = " ".join(page_texts(pdf))
    assert "NGUYỄN, Thị Ánh" in text and "Cardiology" in text
    assert "NGUYỄN, Thị Ánh" in " ".join(page_texts(received))
    # Printed: the next updates-only list is empty of items until something changes.
    update = json.loads(
        run(room, "pull-list", "--date", "2026-03-03", "--updates-only", "--json").stdout
    )
    assert update["items"] == []


def test_labels_to_a_file_scan_and_bad_requests_write_nothing(room: str, tmp_path: Path) -> None:
    out = tmp_path / "labels.pdf"
    done = run(
        room,
        "labels",
        "--mrn",
        "123456",
        "--mrn",
        "654321",
        "--stock",
        "avery-5160",
        "--start-at",
        "4",
        "-o",
        str(out),
    )
    assert done.returncode == 0, done.stderr
    pdf = out.read_bytes()
    assert page_count(pdf) == 1
    assert sorted(decode_all(render(pdf, 0, 300))) == ["V0000001", "V0000002"]
    assert "NGUYỄN, Thị Ánh" in page_texts(pdf)[0]
    zpl = tmp_path / "labels.zpl"
    assert run(room, "labels", "--mrn", "123456", "--stock", "zpl", "-o", str(zpl)).returncode == 0
    assert zpl.read_text().startswith("^XA")
    for args, needle in (
        (("--mrn", "123456", "--stock", "avery-9999"), "avery-9999"),
        (("--mrn", "123456", "--stock", "avery-5160", "--start-at", "31"), "31"),
        (("--mrn", "999999", "--stock", "avery-5160"), "999999"),
    ):
        target = tmp_path / "never.pdf"
        bad = run(room, "labels", *args, "-o", str(target))
        assert bad.returncode == 1 and needle in bad.stderr, bad.stderr
        assert not target.exists()


def test_sheets_and_outguides(room: str, tmp_path: Path) -> None:
    moved = json.loads(run(room, "checkout", "--to", "CARD", "--json", "V0000001").stdout)
    out = tmp_path / "outguide.pdf"
    done = run(room, "outguide", str(moved["movement_id"]), "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert "Cardiology" in page_texts(out.read_bytes())[0]
    sheet = tmp_path / "commands.pdf"
    assert run(room, "sheet", "commands", "-o", str(sheet)).returncode == 0
    assert set(decode_all(render(sheet.read_bytes(), 0, 300))) >= {"C-RETURN", "C-CHECKOUT"}
    places = tmp_path / "places.pdf"
    assert run(room, "sheet", "locations", "-o", str(places)).returncode == 0
    assert "L-CARD" in decode_all(render(places.read_bytes(), 0, 300))


def test_labels_on_a_marginal_stock_say_so_and_still_print(room: str, tmp_path: Path) -> None:
    out = tmp_path / "small.pdf"
    done = run(room, "labels", "--mrn", "654321", "--stock", "avery-5167", "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert "warning: Avery 5167" in done.stderr and "6 mm" in done.stderr
    assert out.exists()
    # -o refuses an existing file without --force: the fine stock goes to a file of its own.
    fine_out = tmp_path / "fine.pdf"
    stock = ("--stock", "avery-5160", "--dpi", "600")
    fine = run(room, "labels", "--mrn", "654321", *stock, "-o", str(fine_out))
    assert fine.returncode == 0 and "warning" not in fine.stderr, fine.stderr
    assert fine_out.exists()
