"""A real CUPS scheduler receives the jobs: the file queue keeps the PDF, cups-pdf rewrites it."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from recordsdesk.domain.errors import InvalidInput, Unavailable
from recordsdesk.printing.labels import chart_labels_pdf
from recordsdesk.printing.printers import list_queues, send_to_printer, wait_for_job
from recordsdesk.printing.stocks import stock_by_name
from tests.printing.conftest import sample_labels
from tests.printing.file_queue import FILE_QUEUE, file_queue
from tests.printing.pages import decode_all, page_count, page_texts, render

pytestmark = pytest.mark.cups

PDF_QUEUE = "RECORDSDESK_PDF"
CUPS_PDF_OUT = Path("/root/PDF")


def _labels_pdf(count: int) -> bytes:
    return chart_labels_pdf(sample_labels(count), stock_by_name("5160"))


def test_the_test_queues_are_listed(cups_queues: list[str]) -> None:
    assert cups_queues == [FILE_QUEUE, PDF_QUEUE]
    names = {queue.name: queue.accepting for queue in list_queues()}
    assert names[FILE_QUEUE] is True
    assert names[PDF_QUEUE] is True


def test_file_queue_receives_the_labels_as_sent(cups_queues: list[str]) -> None:
    pdf = _labels_pdf(7)
    with file_queue() as queue:
        job = send_to_printer(pdf, FILE_QUEUE, title="Chart labels")
        assert job.startswith(f"{FILE_QUEUE}-")
        received = queue.pdf(job)
    assert page_count(received) == 1
    assert sorted(decode_all(render(received, 0, 300))) == [f"V{n:07d}" for n in range(1, 8)]
    assert "Nguyễn Thị Ánh" in page_texts(received)[0]


def test_cups_pdf_queue_prints_a_readable_pdf(cups_queues: list[str]) -> None:
    pdf = _labels_pdf(3)
    job = send_to_printer(pdf, PDF_QUEUE, title="Chart labels")
    wait_for_job(job)
    number = job.rsplit("-", 1)[1]
    deadline = time.monotonic() + 20
    found: list[Path] = []
    while time.monotonic() < deadline and not found:
        found = sorted(CUPS_PDF_OUT.glob(f"*job_{number}.pdf"))
        time.sleep(0.1)
    assert found, f"cups-pdf wrote no file for job {job} in {CUPS_PDF_OUT}"
    received = found[0].read_bytes()
    assert sorted(decode_all(render(received, 0, 300))) == ["V0000001", "V0000002", "V0000003"]


def test_unknown_queue_names_the_printers_there_are(cups_queues: list[str]) -> None:
    with pytest.raises(InvalidInput) as caught:
        send_to_printer(_labels_pdf(1), "NO_SUCH_PRINTER")
    assert "NO_SUCH_PRINTER" in str(caught.value)
    assert FILE_QUEUE in str(caught.value)
    with pytest.raises(InvalidInput):
        send_to_printer(_labels_pdf(1), "bad name/with slash")


def test_no_scheduler_is_reported_as_unavailable(cups_queues: list[str]) -> None:
    nowhere = "/nonexistent/cups.sock"
    with pytest.raises(Unavailable, match="not running"):
        send_to_printer(_labels_pdf(1), FILE_QUEUE, server=nowhere)
    with pytest.raises(Unavailable, match="not running"):
        list_queues(server=nowhere)
