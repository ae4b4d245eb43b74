"""Release of information as the ROI desk runs it from the command line: request to accounting."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from tests.clirun import add_first_admin, run


def _ok(url: str, *args: str, user: str | None = "ada", stdin: str | None = None) -> str:
    done = run(url, *args, user=user, stdin=stdin)
    assert done.returncode == 0, done.stderr
    return done.stdout


def _pdf_text(path: Path) -> str:
    document = pdfium.PdfDocument(path.read_bytes())
    return " ".join(" ".join(page.get_textpage().get_text_range().split()) for page in document)


@pytest.fixture
def desk(sqlite_url: str) -> str:
    """A file room with an ROI desk, a clerk, the ROI officer, and a patient with two charts:
    a medical record and psychotherapy notes."""
    add_first_admin(sqlite_url)
    for name, role in (("cleo", "clerk"), ("rita", "roi")):
        _ok(
            sqlite_url,
            "user",
            "add",
            name,
            "--role",
            role,
            "--password-stdin",
            stdin="a desk password\n",
        )
    _ok(sqlite_url, "location", "add", "ROI", "--name", "Release desk", "--kind", "department")
    _ok(sqlite_url, "roi", "category", "PSY", "psychotherapy_notes", "--name", "Psychotherapy")
    _ok(sqlite_url, "patient", "add", "123456", "--name", "SMITH, John", "--volumes", "2")
    _ok(sqlite_url, "chart", "add-volume", "123456", "--type", "PSY")
    return sqlite_url


def test_from_request_to_the_accounting_pdf(desk: str, tmp_path: Path) -> None:
    due = (date.today() + timedelta(days=14)).isoformat()
    logged = json.loads(
        _ok(
            desk,
            "roi", "request", "add", "123456",
            "--from", "court_order",
            "--name", "Superior Court of Springfield",
            "--address", "1 Justice Way, Springfield",
            "--what", "Emergency department notes of 2025",
            "--record-type", "MR",
            "--due", due,
            "--json",
            user="cleo",
        )
    )  # fmt: skip
    ref = logged["reference"]
    assert (logged["due"], logged["status"], logged["ready"]) == (due, "received", False)
    assert [c["item"] for c in logged["checklist"]] == ["legal_document"]

    refused = run(desk, "roi", "release", ref, user="cleo")
    assert refused.returncode == 1
    assert "Not released: the subpoena, order or legal process itself on file" in refused.stderr
    assert json.loads(_ok(desk, "roi", "accounting", "123456", "--json"))["disclosures"] == []

    _ok(desk, "roi", "check", ref, "legal_document=order of Judge Rao", user="cleo")
    paper = json.loads(_ok(desk, "roi", "paper", ref, "--json", user="cleo"))
    assert len(paper["chart_requests"]) == 2  # the MR volumes, not the psychotherapy notes
    assert (
        json.loads(_ok(desk, "roi", "copies", ref, "--pages", "30", "--json", user="cleo"))[
            "fee_cents"
        ]
        == 0
    )  # no charge for what a court orders
    released = json.loads(
        _ok(
            desk, "roi", "release", ref, "--json",
            "--letter", str(tmp_path / "letter.pdf"),
            "--log-sheet", str(tmp_path / "log.pdf"),
            user="cleo",
        )
    )  # fmt: skip
    assert released["accountable"] and released["clerk"] == "cleo"
    assert "Emergency department notes of 2025" in _pdf_text(tmp_path / "letter.pdf")
    assert f"#{released['audit_entry']}" in _pdf_text(tmp_path / "log.pdf")

    out = tmp_path / "accounting.pdf"
    _ok(desk, "roi", "accounting", "123456", "-o", str(out), user="cleo")
    text = _pdf_text(out)
    assert "Accounting of disclosures: SMITH, John (MRN 123456)" in text
    assert "Superior Court of" in text and "Springfield, 1 Justice Way" in text
    assert "Emergency department notes of 2025" in text
    assert "Judicial proceedings" in text and "(164.512(e))" in text
    sheet = tmp_path / "accounting.csv"
    _ok(desk, "roi", "accounting", "123456", "--format", "csv", "-o", str(sheet), user="cleo")
    rows = list(csv.DictReader(io.StringIO(sheet.read_text())))
    assert [(r["accountable"], r["reference"]) for r in rows] == [("yes", ref)]

    # The disclosure is in the audit trail, which still verifies, with the accounting's reads.
    trail = json.loads(_ok(desk, "audit", "show", "--mrn", "123456", "--json"))
    actions = [e["action"] for e in trail]
    assert "roi_disclosure" in actions and "roi_accounting_viewed" in actions
    assert any(e["id"] == released["audit_entry"] for e in trail)
    _ok(desk, "audit", "verify")
    listed = json.loads(_ok(desk, "roi", "list", "--all", "--json", user="cleo"))
    assert [(r["reference"], r["status"]) for r in listed] == [(ref, "released")]
    figures = json.loads(_ok(desk, "roi", "figures", "--json", user="cleo"))
    assert (figures["received"], figures["released_on_time"]) == (1, 1)


def _own_request(desk: str) -> str:
    """John Smith's request for his whole record, logged and its checklist ticked."""
    ref = json.loads(
        _ok(
            desk, "roi", "request", "add", "123456", "--from", "patient",
            "--name", "John Smith", "--what", "My whole record", "--json",
            user="cleo",
        )
    )["reference"]  # fmt: skip
    _ok(desk, "roi", "check", ref, "identity=passport", "written_request", user="cleo")
    return str(ref)


def test_special_categories_and_denials_need_the_roi_officer(desk: str) -> None:
    ref = _own_request(desk)
    shown = json.loads(_ok(desk, "roi", "request", "show", ref, "--json", user="cleo"))
    assert shown["special_categories"] == ["psychotherapy_notes"]
    assert shown["held_back"] == ["psychotherapy_notes"]
    refused = run(desk, "roi", "approve", ref, "psychotherapy_notes", "--note", "ok", user="cleo")
    assert refused.returncode == 1 and "roi role" in refused.stderr
    _ok(desk, "roi", "approve", ref, "psychotherapy_notes", "--note", "Dr Lee agreed", user="rita")
    released = json.loads(_ok(desk, "roi", "release", ref, "--json", user="cleo"))
    assert released["held_back"] == [] and not released["accountable"]
    accounting = json.loads(_ok(desk, "roi", "accounting", "123456", "--json", user="cleo"))
    assert accounting["disclosures"] == []
    assert accounting["excluded"][0]["excluded_by"] == "164.528(a)(1)(ii): to the individual"


BAD_REQUESTS = [
    (("--from", "patient", "--received", "2025-01-01"), "is in the past"),
    (("--from", "subpoena"), "by when it must be answered"),
    (("--from", "neighbour"), "Unknown requester 'neighbour'"),
    (("--from", "patient", "--dates", "2025-01-01"), "is not a period"),
    (("--from", "patient", "--received", "05/01/2026"), "is not a valid date received"),
]


def test_bad_requests_are_named_and_nothing_logged(desk: str) -> None:
    for args, message in BAD_REQUESTS:
        done = run(desk, "roi", "request", "add", "123456", "--name", "X", "--what", "Y", *args)
        assert done.returncode == 1 and message in done.stderr, (args, done.stderr)
    _ok(desk, "patient", "add", "777777", "--name", "NOCHART, Nina", "--volumes", "0")
    done = run(desk, "roi", "request", "add", "777777", "--from", "patient", "--name", "N",
               "--what", "all")  # fmt: skip
    assert done.returncode == 1 and "has no chart in this file room" in done.stderr
    assert json.loads(_ok(desk, "roi", "list", "--all", "--json")) == []
    bad_ref = run(desk, "roi", "request", "show", "ROI-12x")
    assert bad_ref.returncode == 1 and "'ROI-12x' is not a release request number" in bad_ref.stderr


def test_a_partly_released_request_stays_on_the_queue_with_what_is_outstanding(desk: str) -> None:
    ref = _own_request(desk)
    said = _ok(desk, "roi", "release", ref, "--types", "MR", user="cleo")
    assert "partly released; outstanding: PSY" in said
    [row] = json.loads(_ok(desk, "roi", "list", "--json", user="cleo"))
    assert (row["reference"], row["status"], row["outstanding"]) == (
        ref,
        "partly_released",
        ["PSY"],
    )
    _ok(desk, "roi", "approve", ref, "psychotherapy_notes", "--note", "Dr Lee agreed", user="rita")
    rest = json.loads(_ok(desk, "roi", "release", ref, "--json", user="cleo"))
    assert rest["record_types"] == ["PSY"]
    assert json.loads(_ok(desk, "roi", "list", "--json", user="cleo")) == []


def test_an_agency_statement_suspends_the_accounting_of_its_disclosures(desk: str) -> None:
    ref = json.loads(
        _ok(
            desk, "roi", "request", "add", "123456", "--from", "health_oversight",
            "--name", "State OIG", "--what", "Billing records 2025", "--record-type", "MR",
            "--json", user="cleo",
        )
    )["reference"]  # fmt: skip
    _ok(desk, "roi", "check", ref, "identity", "agency_authority", user="cleo")
    _ok(desk, "roi", "check", ref, "--minimum-necessary", "billing pages only", user="cleo")
    _ok(desk, "roi", "release", ref, user="cleo")
    until = (date.today() + timedelta(days=90)).isoformat()
    args = ("roi", "suspend", "123456", "--agency", "State OIG", "--written", "--until", until)
    refused = run(desk, *args, user="cleo")
    assert refused.returncode == 1 and "roi role" in refused.stderr
    _ok(desk, *args, user="rita")
    accounting = json.loads(_ok(desk, "roi", "accounting", "123456", "--json", user="cleo"))
    assert accounting["disclosures"] == []
    [held] = accounting["suspended"]
    assert held["recipient"] == "State OIG"
    assert held["excluded_by"].startswith("164.528(a)(2): suspended at State OIG's written")
