"""Lists printed with --print and no queue go to the site's list printer (the real CUPS queue)."""

from __future__ import annotations

from pathlib import Path

from tests.cli.conftest import Cli
from tests.printing.file_queue import FILE_QUEUE, file_queue
from tests.printing.pages import page_texts

FEED = (
    "appointment_id,mrn,family_name,given_name,dob,start,clinic,provider,status\n"
    "A1,123456,SMITH,John,1970-05-01,2026-03-03 09:00,CARD,Dr Who,Booked\n"
)


def _room(cli: Cli, tmp_path: Path) -> None:
    steps = [
        ("location", "add", "CARD", "--name", "Cardiology", "--kind", "clinic"),
        ("patient", "add", "123456", "--name", "SMITH, John", "--dob", "1970-05-01"),
    ]
    for argv in steps:
        done = cli("--user", "ada", *argv)
        assert done.code == 0, done.err
    feed = tmp_path / "schedule.csv"
    feed.write_text(FEED, encoding="utf-8")
    assert cli("--user", "ada", "schedule", "import", str(feed)).code == 0


def test_a_pull_list_printed_without_a_queue_goes_to_the_list_printer(
    signed_in_ada: Cli, tmp_path: Path, cups_queues: list[str]
) -> None:
    cli = signed_in_ada
    assert FILE_QUEUE in cups_queues
    _room(cli, tmp_path)
    # No queue named, no list printer, and this machine has no default queue: refused.
    unset = cli("--user", "ada", "pull-list", "--date", "2026-03-03", "--format", "pdf", "--print")
    assert unset.code != 0 and "name one after --print" in unset.err
    assert cli("--user", "ada", "setting", "set", "list_printer", FILE_QUEUE).code == 0
    with file_queue() as queue:
        done = cli(
            "--user", "ada", "pull-list", "--date", "2026-03-03", "--format", "pdf", "--print"
        )
        assert done.code == 0, done.err
        assert f"sent to {FILE_QUEUE} (job {FILE_QUEUE}-" in done.out
        job = done.out.split("(job ")[1].split(")")[0]
        text = " ".join(page_texts(queue.pdf(job)))
    assert "SMITH, John" in text and "Cardiology" in text


def test_what_is_not_a_list_does_not_go_to_the_list_printer(
    signed_in_ada: Cli, cups_queues: list[str]
) -> None:
    cli = signed_in_ada
    assert cli("--user", "ada", "setting", "set", "list_printer", FILE_QUEUE).code == 0
    sheet = cli("--user", "ada", "sheet", "commands", "--print")
    assert sheet.code != 0 and "name one after --print" in sheet.err
