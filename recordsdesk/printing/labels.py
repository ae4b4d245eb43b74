"""Chart labels: name, MRN in filing groups, DOB, volume, colour blocks, barcode, on any stock."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from recordsdesk.domain.colours import colour_blocks
from recordsdesk.domain.errors import InvalidInput
from recordsdesk.printing.barcode_drawing import DrawnBarcode, draw_barcode
from recordsdesk.printing.documents import ChartLabel
from recordsdesk.printing.fonts import SANS, SANS_BOLD
from recordsdesk.printing.names import fit_name
from recordsdesk.printing.pdf_canvas import colour, finish, open_canvas
from recordsdesk.printing.settings import PrintSettings
from recordsdesk.printing.stocks import LABEL_MARGIN, LabelCell, Stock, StockKind
from recordsdesk.printing.text import FittedText, draw_text, fit_text, text_width
from recordsdesk.printing.zpl import chart_labels_zpl

# Text smaller than this is not read reliably at arm's length (and is named as a stock's fault).
MIN_FONT = 6.0
_GAP = 0.8 * mm
_SCANNABLE_BARS = 6 * mm
# A long name first shrinks to this share of its line's size; past it, two lines or shortening.
_NAME_COMFORT = 0.7


@dataclass(frozen=True)
class TextRun:
    """A piece of text placed on a label."""

    fitted: FittedText
    font: str
    x: float
    baseline: float
    room: float  # the width it was fitted into
    essential: bool = False  # MRN, volume, date of birth: never to be cut short

    @property
    def width(self) -> float:
        """Its drawn width in points."""
        return text_width(self.fitted.text, self.font, self.fitted.size)


@dataclass(frozen=True)
class ColourBox:
    """A filled block with centred text: a colour-coded digit or the year band."""

    x: float
    y: float
    width: float
    height: float
    fill: str
    ink: str
    text: FittedText
    outline: float = 0.4  # line width of the black outline


@dataclass(frozen=True)
class ChartLabelLayout:
    """Where everything on one chart label goes, before it is drawn."""

    cell: LabelCell
    runs: tuple[TextRun, ...]
    boxes: tuple[ColourBox, ...]
    barcode_box: tuple[float, float, float, float]
    name_shortened: bool = False


def volume_text(label: ChartLabel) -> str:
    """ "Vol 2 of 3", as clerks say it."""
    return f"Vol {label.volume_number} of {label.volume_count}"


# On a one-colour printer: white between neighbouring blocks, so two black ones stay two.
_MONO_SPACING = 0.6 * mm


def _digit_colours(
    digit: str, fill: str, ink: str, monochrome: bool, settings: PrintSettings
) -> tuple[str, str, float]:
    """Fill, ink and outline of a digit's block. On a one-colour printer, black with a white
    digit or white with a black digit in a heavy frame, as the site's thermal block style
    says: both survive thresholding."""
    if not monochrome:
        return fill, ink, 0.4
    if settings.thermal_blocks.dark(digit):
        return "#000000", "#FFFFFF", 0.0
    return "#FFFFFF", "#000000", 1.2


def _boxes(
    label: ChartLabel,
    settings: PrintSettings,
    right: float,
    top: float,
    height: float,
    block_width: float,
    full_year: bool,
    monochrome: bool,
) -> list[ColourBox]:
    """The colour blocks (and year band) laid right to left from right, tops at top."""
    boxes: list[ColourBox] = []
    x = right
    for block in reversed(colour_blocks(label.colour_digits, settings.palette)):
        x -= block_width
        fill, ink, outline = _digit_colours(
            block.digit, block.fill, block.ink, monochrome, settings
        )
        spacing = _MONO_SPACING if monochrome else 0.0
        # The same size in every block, inside the heavy frame a white block has.
        room = (block_width - spacing) * 0.8 - (2.4 if monochrome else 0.0)
        digit = fit_text(block.digit, SANS_BOLD, room, height * 0.7, MIN_FONT)
        boxes.append(
            ColourBox(
                x + spacing / 2,
                top - height,
                block_width - spacing,
                height,
                fill,
                ink,
                digit,
                outline,
            )
        )
    if label.year is not None:
        # Year bands show the year's last two digits where the label is small.
        year_text = str(label.year) if full_year else f"’{label.year % 100:02d}"
        band_width = block_width * (1.8 if full_year else 1.4)
        x -= band_width + _GAP / 2
        year = fit_text(year_text, SANS_BOLD, band_width * 0.85, height * 0.45, MIN_FONT)
        boxes.append(ColourBox(x, top - height, band_width, height, "#000000", "#FFFFFF", year))
    boxes.reverse()
    return boxes


def _line_size(line_height: float, max_size: float) -> float:
    return min(max_size, max(MIN_FONT, line_height * 0.78))


def _baseline(line_bottom: float, line_height: float, size: float) -> float:
    """Baseline so that descenders and stacked accents both stay inside the line."""
    return line_bottom + (line_height - size) / 2 + size * 0.24


def _run(
    texts: Sequence[str],
    font: str,
    x: float,
    room: float,
    line_bottom: float,
    line_height: float,
    max_size: float,
    essential: bool = False,
) -> TextRun:
    """The first of texts that fits room whole (shrunk if need be), else the last one cut short."""
    size = _line_size(line_height, max_size)
    for text in texts:
        fitted = fit_text(text, font, room, size, MIN_FONT)
        if not fitted.shortened:
            break
    return TextRun(
        fitted, font, x, _baseline(line_bottom, line_height, fitted.size), room, essential
    )


def _name_runs(
    name: str, x: float, room: float, line_bottom: float, line_height: float, max_size: float
) -> tuple[list[TextRun], bool]:
    """The name in its line (or two lines where they are tall enough), by the shortening rule."""
    size = _line_size(line_height, max_size)
    half = line_height / 2
    half_size = min(max_size, half * 0.78)

    def largest(text: str, ceiling: float) -> float:
        natural = text_width(text, SANS_BOLD, 1.0)
        fitting = min(ceiling, room / natural) if natural else ceiling
        return int(fitting * 4 + 1e-6) / 4  # quarter points

    two_lines = half_size if half_size >= MIN_FONT else None
    fitted = fit_name(name, largest, size, two_lines, MIN_FONT, _NAME_COMFORT)
    if len(fitted.lines) == 1:
        bottoms = [(line_bottom, line_height)]
    else:
        bottoms = [(line_bottom + half, half), (line_bottom, half)]
    runs = [
        TextRun(
            FittedText(text, fitted.size, False),
            SANS_BOLD,
            x,
            _baseline(bottom, height, fitted.size),
            room,
        )
        for text, (bottom, height) in zip(fitted.lines, bottoms, strict=True)
    ]
    return runs, fitted.shortened


def layout_chart_label(
    label: ChartLabel, cell: LabelCell, settings: PrintSettings, stock: Stock | None = None
) -> ChartLabelLayout:
    """Lay out one label inside its cell, shrinking and shortening text so nothing overflows.

    The name may be shortened (by the rule in printing.names); the MRN, volume and date of
    birth never are. Where they do not fit, the volume moves down a line, and then the year
    band gives up its room.
    """
    if label.volume_number < 1 or label.volume_count < label.volume_number:
        raise InvalidInput(
            f"Volume {label.volume_number} of {label.volume_count} is not a volume number."
        )
    if not label.colour_digits.isdigit():
        raise InvalidInput(f"Colour digits must be digits, not '{label.colour_digits}'.")
    layout = _attempt(label, cell, settings, stock, volume_apart=False)
    for show_year in (True, False):
        if _complete(layout):
            return layout
        shown = label if show_year else replace(label, year=None)
        layout = _attempt(shown, cell, settings, stock, volume_apart=True)
    return layout


def _complete(layout: ChartLabelLayout) -> bool:
    return not any(run.essential and run.fitted.shortened for run in layout.runs)


def _attempt(
    label: ChartLabel,
    cell: LabelCell,
    settings: PrintSettings,
    stock: Stock | None,
    volume_apart: bool,
) -> ChartLabelLayout:
    margin = stock.content_margin if stock is not None else LABEL_MARGIN
    monochrome = stock is not None and stock.monochrome
    left = cell.x + margin
    bottom = cell.y + margin
    width = cell.width - 2 * margin
    height = cell.height - 2 * margin
    top = bottom + height

    bar_height = min(0.5 * 72, max(10.0, height * 0.42))
    if bar_height < _SCANNABLE_BARS and height * 0.46 >= _SCANNABLE_BARS:
        # File-folder strips: a little more of the label for bars a hand scanner reads well.
        bar_height = _SCANNABLE_BARS
    text_height = height - bar_height - _GAP
    # Labels too short for three lines of text (5167, file-folder strips) get two.
    three_lines = text_height >= 24
    # On three-line labels the blocks stand beside the name and MRN, so the line under them
    # (date of birth and record type) has the label's whole width.
    block_height = min(text_height * (0.72 if three_lines else 1.0), width * 0.22)
    block_width = min(block_height * (0.8 if three_lines else 0.65), width * 0.11)
    boxes = _boxes(
        label, settings, left + width, top, block_height, block_width, three_lines, monochrome
    )
    text_room = boxes[0].x - _GAP - left if boxes else width
    dob = f"{label.dob:%d %b %Y}"
    long_volume = volume_text(label)
    short_volume = f"Vol {label.volume_number}/{label.volume_count}"

    runs: list[TextRun] = []
    if three_lines:
        heights = (text_height * 0.34, text_height * 0.38, text_height * 0.28)
        lines_bottom = [top - heights[0], top - heights[0] - heights[1], bottom + bar_height + _GAP]
        name_runs, shortened = _name_runs(
            label.name, left, text_room, lines_bottom[0], heights[0], 18
        )
        runs.extend(name_runs)
        # The MRN leaves room for the volume beside it, unless the volume went down a line.
        reserve = 0.0 if volume_apart else text_width(short_volume, SANS_BOLD, 8) + 2 * _GAP
        mrn = _run(
            [label.mrn_groups],
            SANS_BOLD,
            left,
            text_room - reserve,
            lines_bottom[1],
            heights[1],
            24,
            essential=True,
        )
        runs.append(mrn)
        if volume_apart:
            details = [
                f"{long_volume} · DOB {dob} · {label.record_type}",
                f"{long_volume} · DOB {dob}",
                f"{short_volume} · DOB {dob}",
                f"{short_volume} · {dob}",
            ]
        else:
            volume_x = left + mrn.width + 2 * _GAP
            volume = _run(
                [long_volume, short_volume],
                SANS_BOLD,
                volume_x,
                left + text_room - volume_x,
                lines_bottom[1],
                heights[1] * 0.8,
                14,
                essential=True,
            )
            runs.append(volume)
            # The record type goes first when room runs out, never the date of birth.
            details = [f"DOB {dob} · {label.record_type}", f"DOB {dob}", dob]
        # The third line runs under the colour blocks where they end above it.
        detail_room = width if boxes and boxes[0].y >= lines_bottom[2] + heights[2] else text_room
        runs.append(
            _run(details, SANS, left, detail_room, lines_bottom[2], heights[2], 12, essential=True)
        )
    else:
        # Two lines: name and date of birth, then MRN and volume. The name is what gives way.
        line = text_height / 2
        dob_texts = [dob, f"{label.dob:%d.%m.%Y}"]
        dob_probe = _run(dob_texts, SANS, left, text_room * 0.45, top - line, line, 10)
        dob_x = left + text_room - dob_probe.width
        name_room = dob_x - _GAP - left
        name_runs, shortened = _name_runs(label.name, left, name_room, top - line, line, 14)
        runs.extend(name_runs)
        runs.append(
            _run(dob_texts, SANS, dob_x, dob_probe.room, top - line, line, 10, essential=True)
        )
        reserve = text_width(short_volume, SANS, MIN_FONT) + _GAP
        mrn = _run(
            [label.mrn_groups],
            SANS_BOLD,
            left,
            text_room - reserve,
            top - 2 * line,
            line,
            14,
            essential=True,
        )
        rest_x = left + mrn.width + _GAP
        rest = [f"{short_volume} · {label.record_type}", short_volume]
        runs.append(mrn)
        runs.append(
            _run(
                rest,
                SANS,
                rest_x,
                left + text_room - rest_x,
                top - 2 * line,
                line * 0.85,
                10,
                essential=True,
            )
        )
    return ChartLabelLayout(
        cell, tuple(runs), tuple(boxes), (left, bottom, width, bar_height), shortened
    )


def draw_colour_box(canvas: Canvas, box: ColourBox) -> None:
    """A filled block, outlined so that pale colours show, with its text centred."""
    canvas.setFillColor(colour(box.fill))
    canvas.rect(box.x, box.y, box.width, box.height, stroke=0, fill=1)
    if box.outline:
        # The outline lies inside the block, so a thick one never grows past the margin.
        inset = box.outline / 2
        canvas.setStrokeColorRGB(0, 0, 0)
        canvas.setLineWidth(box.outline)
        canvas.rect(
            box.x + inset,
            box.y + inset,
            box.width - box.outline,
            box.height - box.outline,
            stroke=1,
        )
    canvas.setFillColor(colour(box.ink))
    baseline = box.y + box.height / 2 - box.text.size * 0.36
    draw_text(
        canvas, box.x + box.width / 2, baseline, box.text.text, SANS_BOLD, box.text.size, "centre"
    )


def draw_chart_label(
    canvas: Canvas,
    label: ChartLabel,
    layout: ChartLabelLayout,
    settings: PrintSettings,
    dots_per_inch: int = 0,
) -> DrawnBarcode:
    """Draw a laid-out label; returns where its barcode landed."""
    for box in layout.boxes:
        draw_colour_box(canvas, box)
    canvas.setFillColorRGB(0, 0, 0)
    for run in layout.runs:
        if run.fitted.text:
            draw_text(canvas, run.x, run.baseline, run.fitted.text, run.font, run.fitted.size)
    return draw_barcode(
        canvas, label.barcode, layout.barcode_box, settings.symbology, dots_per_inch=dots_per_inch
    )


def snapped_offset(settings: PrintSettings, dots_per_inch: int) -> tuple[float, float]:
    """The printer offset in points, rounded to whole dots so that bars stay on the dot grid."""
    dot = 72.0 / dots_per_inch
    return (
        round(settings.offset.dx / dot) * dot,
        round(settings.offset.dy / dot) * dot,
    )


def chart_labels_pdf(
    labels: Sequence[ChartLabel],
    stock: Stock,
    settings: PrintSettings | None = None,
    start_at: int = 1,
) -> bytes:
    """A PDF of chart labels on a sheet or roll stock, the first at start_at (a half-used sheet)."""
    settings = settings or PrintSettings()
    if stock.kind is StockKind.ZPL:
        raise InvalidInput(f"{stock.description} takes ZPL, not a PDF: use chart_labels_zpl.")
    if not labels:
        raise InvalidInput("There are no labels to print.")
    cells = stock.place(len(labels), start_at)
    # Lay everything out first so that a label that cannot be printed stops the whole job.
    layouts = [
        layout_chart_label(label, cell, settings, stock)
        for label, cell in zip(labels, cells, strict=True)
    ]
    canvas, buffer = open_canvas("Chart labels", stock.page_size)
    dpi = settings.dpi_for(stock.dots_per_inch)
    dx, dy = snapped_offset(settings, dpi)
    page = cells[0].page
    canvas.saveState()
    canvas.translate(dx, dy)
    for label, layout in zip(labels, layouts, strict=True):
        if layout.cell.page != page:
            canvas.restoreState()
            canvas.showPage()
            canvas.saveState()
            canvas.translate(dx, dy)
            page = layout.cell.page
        draw_chart_label(canvas, label, layout, settings, dpi)
    canvas.restoreState()
    canvas.showPage()
    return finish(canvas, buffer)


def render_chart_labels(
    labels: Sequence[ChartLabel],
    stock: Stock,
    settings: PrintSettings | None = None,
    start_at: int = 1,
) -> bytes:
    """The labels as the stock wants them: PDF bytes, or ZPL text (UTF-8) for a Zebra stock."""
    if stock.kind is StockKind.ZPL:
        if start_at != 1:
            raise InvalidInput("A Zebra roll has no half-used sheet: start position must be 1.")
        return chart_labels_zpl(labels, stock, settings).encode("utf-8")
    return chart_labels_pdf(labels, stock, settings, start_at)
