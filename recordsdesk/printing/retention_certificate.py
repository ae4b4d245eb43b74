"""The certificate of destruction: what was destroyed, when, how, by whom, under which rule."""

from __future__ import annotations

from reportlab.lib.units import inch
from reportlab.pdfgen.canvas import Canvas

from recordsdesk.printing.fonts import SANS, SANS_BOLD
from recordsdesk.printing.page_furniture import PAGE_HEIGHT, PAGE_MARGIN, PAGE_WIDTH, PageHeader
from recordsdesk.printing.pdf_canvas import finish, open_canvas
from recordsdesk.printing.retention_documents import Certificate
from recordsdesk.printing.retention_tables import Column, draw_table
from recordsdesk.printing.text import draw_text, fit_text, wrap_text

_COLUMNS = (
    Column("MRN", 0.9),
    Column("Patient", 1.9),
    Column("Volume", 0.9),
    Column("Type", 1.3),
    Column("Barcode", 1.0),
    Column("Box", 0.9),
    Column("Rule", 1.6),
    Column("Kept until", 1.0),
    Column("Destroyed", 2.0),
)
_INTRO = 2.5 * inch


def _when(moment: object) -> str:
    return f"{moment:%Y-%m-%d %H:%M}" if moment else ""


def certificate_pdf(certificate: Certificate) -> bytes:
    """The certificate of one batch: statement, people and dates, then each volume destroyed."""
    title = f"Certificate of destruction · batch {certificate.batch}"
    canvas, buffer = open_canvas(title, (PAGE_WIDTH, PAGE_HEIGHT))
    header = PageHeader(
        title,
        certificate.file_room,
        f"{len(certificate.lines)} volumes destroyed",
    )
    width = PAGE_WIDTH - 2 * PAGE_MARGIN
    citations = sorted({f"{line.rule}: {line.citation}" for line in certificate.lines})

    def intro(page: Canvas, y: float) -> float:
        statement = (
            f"The {len(certificate.lines)} chart volumes listed below were destroyed by "
            f"{certificate.method}, in the normal course of business, under the retention rules "
            "named against each, with no legal hold in force over any of them."
        )
        for text in wrap_text(statement, SANS, 9.5, width):
            draw_text(page, PAGE_MARGIN, y - 10, text, SANS, 9.5)
            y -= 12
        y -= 6
        facts = (
            ("Method", certificate.method),
            ("Proposed", f"{certificate.proposed_by}, {_when(certificate.proposed_at)} UTC"),
            ("Approved", f"{certificate.approved_by}, {_when(certificate.approved_at)} UTC"),
            ("Completed", f"{_when(certificate.completed_at) or 'in progress'}"),
            *(
                ("Present" if n == 0 else "", person)
                for n, person in enumerate(certificate.present or ("not recorded",))
            ),
        )
        for caption, value in facts:
            draw_text(page, PAGE_MARGIN, y - 10, caption.upper(), SANS, 8)
            fitted = fit_text(value, SANS_BOLD, width - 75, 10, 7)
            draw_text(page, PAGE_MARGIN + 75, y - 10, fitted.text, SANS_BOLD, fitted.size)
            y -= 14
        shown = [line for citation in citations for line in wrap_text(citation, SANS, 7.5, width)]
        for text in shown[:5]:
            draw_text(page, PAGE_MARGIN, y - 10, text, SANS, 7.5)
            y -= 10
        if len(shown) > 5:
            more = "… further rules as named in the table below."
            draw_text(page, PAGE_MARGIN, y - 10, more, SANS, 7.5)
            y -= 10
        return y - 4

    def outro(page: Canvas, y: float) -> float:
        y -= 30
        for caption in ("Destroyed by", "Witnessed by"):
            page.setLineWidth(0.6)
            page.line(PAGE_MARGIN, y, PAGE_MARGIN + 3.2 * inch, y)
            page.line(PAGE_MARGIN + 3.6 * inch, y, PAGE_MARGIN + width, y)
            draw_text(page, PAGE_MARGIN, y - 10, f"{caption}: name and signature", SANS, 8)
            draw_text(page, PAGE_MARGIN + 3.6 * inch, y - 10, "Date", SANS, 8)
            y -= 45
        return y

    rows = [
        (
            line.mrn,
            line.name,
            line.volume,
            line.record_type,
            line.barcode,
            line.box,
            line.rule,
            f"{line.keep_until}",
            f"{_when(line.destroyed_at)} {line.destroyed_by}",
        )
        for line in certificate.lines
    ]
    draw_table(
        canvas,
        header,
        _COLUMNS,
        rows,
        intro,
        _INTRO + 14 * max(1, len(certificate.present)),
        outro,
        footer_note=f"Printed {certificate.printed_at:%Y-%m-%d %H:%M} UTC · RecordsDesk",
    )
    return finish(canvas, buffer)
