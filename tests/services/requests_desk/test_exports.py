"""The dashboard's PDF report and CSV files carry the figures worked out by hand."""

from __future__ import annotations

import io
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from recordsdesk.domain.dashboard import Period
from recordsdesk.domain.errors import InvalidInput, PermissionDenied
from recordsdesk.services.actors import Actor
from recordsdesk.services.desk import Services
from recordsdesk.services.requests_desk.desk import RequestsDesk
from recordsdesk.services.requests_desk.plots import dashboard_plots
from tests.services.requests_desk.test_figures import DAY, ledger  # noqa: F401 - the fixture


def test_csv_files_hold_the_numbers_behind_each_plot(
    ledger: Services,  # noqa: F811
    desk: RequestsDesk,
    supervisor: Actor,
    tmp_path: Path,
) -> None:
    board = desk.dashboard.figures(supervisor, Period.ending(DAY, 3))
    written = desk.exports.save_csv(supervisor, board, tmp_path)
    assert len(written) == len(dashboard_plots(board)) == 7
    by_key = {p.name.split("-")[1]: p.read_text(encoding="utf-8") for p in written}
    assert by_key["pull_retrieval"].splitlines() == [
        "day,before the appointment,pulled late,not pulled",
        "2026-02-28,0,0,0",
        "2026-03-01,1,1,0",
        "2026-03-02,0,0,1",
    ]
    assert by_key["misfiles"].splitlines()[2] == "2026-03-01,33.33"
    assert "2026-03-01,,,40,56" in by_key["request_response"]
    assert by_key["out_by_location"].splitlines()[1:] == ["W4,2,0", "CARD,1,0", "ORTH,1,0"]
    assert all(oct(p.stat().st_mode)[-3:] == "600" for p in written)
    with pytest.raises(InvalidInput):
        desk.exports.save_csv(supervisor, board, tmp_path / "nowhere")


def test_pdf_report_draws_every_plot(
    ledger: Services,  # noqa: F811
    desk: RequestsDesk,
    supervisor: Actor,
    clerk: Actor,
) -> None:
    board = desk.dashboard.figures(supervisor, Period.ending(DAY, 3))
    document = desk.exports.report(supervisor, board)
    assert document.kind == "pdf" and document.mrns == ()
    pdf = pdfium.PdfDocument(io.BytesIO(document.data))
    text = " ".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    for title in (
        "Charts out by location",
        "Overdue aging by borrower",
        "Missing charts",
        "Pull-list retrieval",
        "Request response times",
        "Clerk activity by hour",
        "Misfile rate from shelf audits",
    ):
        assert title in text
    assert "charts out now" in text and "33.33" in text  # the misfile tile: 1 of 3 scanned
    with pytest.raises(PermissionDenied):
        desk.exports.report(clerk, board)
