"""A release's cover letter to the recipient, and the disclosure log sheet kept in the ROI file."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from reportlab.pdfgen.canvas import Canvas

from recordsdesk.printing.fonts import SANS, SANS_BOLD, register_fonts
from recordsdesk.printing.page_furniture import (
    PAGE_HEIGHT,
    PAGE_MARGIN,
    PAGE_WIDTH,
    PageHeader,
    draw_header,
)
from recordsdesk.printing.pdf_canvas import finish, open_canvas
from recordsdesk.printing.text import draw_text, wrap_text

_WIDTH = PAGE_WIDTH - 2 * PAGE_MARGIN
# 42 CFR 2.32: the notice that must go with substance-use disorder records disclosed.
PART_2_NOTICE = (
    "This record which has been disclosed to you is protected by federal confidentiality rules "
    "(42 CFR part 2). These rules prohibit you from using or disclosing this record, or "
    "testimony that describes the information contained in this record, in any civil, "
    "criminal, administrative, or legislative proceedings by any Federal, State, or local "
    "authority, against the patient, unless authorized by the consent of the patient, except "
    "as provided at 42 CFR 2.12(c)(5) or as authorized by a court in accordance with 42 CFR "
    "2.64 or 2.65. In addition, the Federal rules prohibit you from making any other use or "
    "disclosure of this record unless at least one of the following applies: further use or "
    "disclosure is expressly permitted by the written consent of the individual whose "
    "information is being disclosed in this record or as otherwise permitted by 42 CFR part 2."
)


@dataclass(frozen=True)
class CoverLetter:
    """What a cover letter says: to whom, about whom, what is enclosed, and at what fee."""

    file_room: str
    reference: str
    letter_date: date
    recipient: str
    recipient_address: str
    patient: str
    mrn: str
    dob: str
    received_on: date
    what: str
    purpose: str
    pages: int | None
    fee: str
    held_back: tuple[str, ...]
    part_2_notice: bool
    clerk: str


@dataclass(frozen=True)
class LogSheet:
    """A disclosure as the ROI file keeps it: its facts, its checklist, its authorisation."""

    file_room: str
    reference: str
    facts: tuple[tuple[str, str], ...]
    checklist: tuple[tuple[str, bool, str], ...]
    authorisation: tuple[tuple[str, str], ...]
    printed: str


class _Writer:
    """Text flowing down a page, wrapped to the width, onto new pages as needed."""

    def __init__(self, canvas: Canvas, header: PageHeader, top: float) -> None:
        self.canvas = canvas
        self.header = header
        self.y = top

    def room(self, height: float) -> None:
        if self.y - height < PAGE_MARGIN + 20:
            self.canvas.showPage()
            self.y = draw_header(self.canvas, self.header)

    def paragraph(self, text: str, size: float = 10, bold: bool = False, gap: float = 6) -> None:
        font = SANS_BOLD if bold else SANS
        for line in wrap_text(text, font, size, _WIDTH) or [""]:
            self.room(size + 3)
            draw_text(self.canvas, PAGE_MARGIN, self.y - size, line, font, size)
            self.y -= size + 3
        self.y -= gap

    def lines(self, texts: Sequence[str], size: float = 10) -> None:
        for text in texts:
            self.paragraph(text, size, gap=0)
        self.y -= 6

    def field(self, caption: str, value: str, caption_width: float = 140) -> None:
        """A caption on the left, its value wrapped beside it."""
        wrapped = wrap_text(value, SANS, 9.5, _WIDTH - caption_width) or [""]
        self.room(12.5 * len(wrapped))
        draw_text(self.canvas, PAGE_MARGIN, self.y - 9.5, caption, SANS_BOLD, 9.5)
        for line in wrapped:
            draw_text(self.canvas, PAGE_MARGIN + caption_width, self.y - 9.5, line, SANS, 9.5)
            self.y -= 12.5
        self.y -= 2


def _tick(canvas: Canvas, x: float, y: float) -> None:
    """A tick in the 9 pt box whose bottom-left corner is (x, y), drawn as strokes: no shipped
    face has a check-mark glyph."""
    canvas.setLineWidth(1.4)
    path = canvas.beginPath()
    path.moveTo(x + 1.8, y + 4.6)
    path.lineTo(x + 3.8, y + 2.2)
    path.lineTo(x + 7.6, y + 7.4)
    canvas.drawPath(path, stroke=1, fill=0)
    canvas.setLineWidth(0.8)


def cover_letter_pdf(letter: CoverLetter) -> bytes:
    """The letter that goes with the copies."""
    register_fonts()
    canvas, buffer = open_canvas(f"Release {letter.reference}", (PAGE_WIDTH, PAGE_HEIGHT))
    header = PageHeader(
        f"{letter.file_room}: Release of information",
        "Health information management",
        f"{letter.reference} · {letter.letter_date:%d %B %Y}",
    )
    writer = _Writer(canvas, header, draw_header(canvas, header) - 10)
    writer.lines([letter.recipient, *letter.recipient_address.splitlines()], 11)
    writer.y -= 10
    patient = f"{letter.patient}, MRN {letter.mrn}" + (f", born {letter.dob}" if letter.dob else "")
    writer.paragraph(f"Re: {patient}", 11, bold=True)
    writer.paragraph(
        f"Your request received {letter.received_on:%d %B %Y}, our reference {letter.reference}.",
        11,
    )
    writer.paragraph(
        f"Enclosed are copies of the following from the patient's record: {letter.what}.", 11
    )
    writer.paragraph(f"Purpose of the disclosure: {letter.purpose}.", 11)
    if letter.pages is not None:
        writer.paragraph(f"Pages enclosed: {letter.pages}. Fee: {letter.fee}.", 11)
    if letter.held_back:
        writer.paragraph(
            "Not enclosed, because the law requires a separate consent or approval for them: "
            + "; ".join(letter.held_back)
            + ".",
            11,
        )
    writer.paragraph(
        "This information is confidential. It is released to you for the purpose stated above "
        "only; please do not disclose it further except as the law allows.",
        11,
    )
    if letter.part_2_notice:
        writer.paragraph("Notice of federal confidentiality (42 CFR 2.32)", 10, bold=True, gap=2)
        writer.paragraph(PART_2_NOTICE, 9)
    writer.y -= 24
    writer.lines([f"Released by {letter.clerk}", "Release of information desk"], 11)
    canvas.showPage()
    return finish(canvas, buffer)


def log_sheet_pdf(sheet: LogSheet) -> bytes:
    """The disclosure log sheet: kept in the ROI file as the paper record of one release."""
    register_fonts()
    canvas, buffer = open_canvas(f"Disclosure log {sheet.reference}", (PAGE_WIDTH, PAGE_HEIGHT))
    header = PageHeader(
        f"Disclosure log sheet {sheet.reference}", sheet.file_room, f"Printed {sheet.printed}"
    )
    writer = _Writer(canvas, header, draw_header(canvas, header) - 6)
    for caption, value in sheet.facts:
        writer.field(caption, value)
    writer.y -= 8
    writer.paragraph("Checklist", 12, bold=True, gap=2)
    for label, done, note in sheet.checklist:
        wrapped = wrap_text(label + (f": {note}" if note else ""), SANS, 9.5, _WIDTH - 16) or [""]
        writer.room(12.5 * len(wrapped) + 2)
        canvas.setLineWidth(0.8)
        canvas.rect(PAGE_MARGIN, writer.y - 10, 9, 9, stroke=1, fill=0)
        if done:
            _tick(canvas, PAGE_MARGIN, writer.y - 10)
        for line in wrapped:
            draw_text(canvas, PAGE_MARGIN + 16, writer.y - 9, line, SANS, 9.5)
            writer.y -= 12.5
        writer.y -= 2
    if sheet.authorisation:
        writer.y -= 8
        writer.paragraph("Authorisation (45 CFR 164.508(c))", 12, bold=True, gap=2)
        for caption, value in sheet.authorisation:
            writer.field(caption, value)
    writer.y -= 18
    writer.room(30)
    canvas.line(PAGE_MARGIN, writer.y - 14, PAGE_MARGIN + 220, writer.y - 14)
    draw_text(canvas, PAGE_MARGIN, writer.y - 26, "Checked by (signature)", SANS, 9.5)
    canvas.showPage()
    return finish(canvas, buffer)
