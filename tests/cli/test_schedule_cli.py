"""`schedule import` of many files and `schedule feed` through the real command."""

from __future__ import annotations

import json
from pathlib import Path

from tests.clirun import add_first_admin, run
from tests.feeds import vendor_shapes as shapes


def test_a_bad_file_is_named_and_the_others_are_imported(sqlite_url: str, tmp_path: Path) -> None:
    add_first_admin(sqlite_url)
    good = tmp_path / "a-good.hl7"
    good.write_bytes(shapes.ambulatory("5001", "123456", "209903030900"))
    empty = tmp_path / "b-empty.hl7"
    empty.write_bytes(b"")
    half = tmp_path / "c-half.hl7"
    half.write_bytes(shapes.ambulatory("5002", "423266", "209903031000")[:40])
    cancel = tmp_path / "d-cancel.hl7"
    cancel.write_bytes(
        shapes.ambulatory(
            "5001",
            "123456",
            "209903030900",
            trigger="S15",
            status="Cancelled",
            sent="20260301090000",
        )
    )
    done = run(sqlite_url, "schedule", "import", str(good), str(empty), str(half), str(cancel))
    assert done.returncode == 1  # something was refused
    assert "b-empty.hl7: not imported: b-empty.hl7 is empty." in done.stderr
    assert "d-cancel.hl7 (hl7): 1 messages; 0 new, 0 changed, 1 cancelled" in done.stdout
    assert "c-half.hl7 (hl7): 0 messages" in done.stdout
    assert "not imported: message 1, line 1" in done.stdout
    assert "3 of 4 files imported; 1 files and 1 messages refused." in done.stdout
    clean = run(sqlite_url, "schedule", "import", str(good))
    assert clean.returncode == 0, clean.stdout + clean.stderr


def test_feed_profiles_are_added_shown_and_used(sqlite_url: str, tmp_path: Path) -> None:
    add_first_admin(sqlite_url)
    added = run(sqlite_url, "schedule", "feed", "add", "dxcare", "mrn_types=PI", "encoding=latin-1")
    assert added.returncode == 0, added.stderr
    shown = run(sqlite_url, "schedule", "feed", "show", "dxcare", "--json")
    settings = json.loads(shown.stdout)["settings"]
    assert (settings["mrn_types"], settings["encoding"], settings["identity"]) == (
        "PI",
        "latin-1",
        "filler,placer",
    )
    bad = run(sqlite_url, "schedule", "feed", "set", "dxcare", "mrn_type=PI")
    assert bad.returncode != 0 and "Unknown feed setting 'mrn_type'" in bad.stderr
    feed = tmp_path / "fr.hl7"
    feed.write_bytes(shapes.dxcare("FR9", "423266", "209903031015"))
    refused = run(sqlite_url, "schedule", "import", str(feed))
    assert refused.returncode == 1 and "no MRN" in refused.stdout
    done = run(sqlite_url, "schedule", "import", "--feed", "dxcare", str(feed))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 new" in done.stdout
    assert "note: message 1, line 1: decoded as latin-1 (MSH-18 8859/1)" in done.stdout
