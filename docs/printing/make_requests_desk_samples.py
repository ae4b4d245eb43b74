"""Render sample pages of the requests desk's documents from the demo: overdue notices, the
dashboard report, request slips.

Run: .venv/bin/python docs/printing/make_requests_desk_samples.py
"""

from __future__ import annotations

import sys
import tempfile
from datetime import date
from pathlib import Path

import pypdfium2 as pdfium

from recordsdesk.domain.dashboard import Period
from recordsdesk.services.demo import ensure_demo
from recordsdesk.services.desk import build_services
from recordsdesk.services.requests_desk.desk import build_requests_desk

OUT = Path(__file__).resolve().parent


def save_pages(pdf: bytes, name: str, pages: int) -> None:
    document = pdfium.PdfDocument(pdf)
    for number in range(min(pages, len(document))):
        image = document[number].render(scale=100 / 72).to_pil()
        suffix = f"-page-{number + 1}" if pages > 1 else ""
        path = OUT / f"{name}{suffix}.png"
        image.save(path)
        print(path.relative_to(OUT.parent.parent))


def main() -> int:
    folder = Path(tempfile.mkdtemp(prefix="recordsdesk-samples-"))
    url = f"sqlite:///{folder / 'demo.sqlite3'}"
    ensure_demo(url, patients=2000, seed=1)
    services = build_services(url)
    desk = build_requests_desk(services)
    supervisor = services.users.actor("supervisor", "SAMPLES")
    save_pages(desk.overdue.notice_document(supervisor).data, "overdue-notice", 1)
    board = desk.dashboard.figures(supervisor, Period.ending(date.today(), 90))
    save_pages(desk.exports.report(supervisor, board).data, "dashboard-report", 2)
    waiting = [r.id for r in desk.queue.pending(supervisor)][:2]
    save_pages(desk.queue.slips(supervisor, waiting).data, "request-slips", 1)
    services.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
