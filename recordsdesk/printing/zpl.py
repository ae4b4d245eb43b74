"""Chart labels as ZPL II for Zebra thermal printers: one ^XA…^XZ format per label.

Text in the printer's font 0 where it has the letters (Latin-1); any other text (Greek, Cyrillic,
Hebrew, Arabic, Devanagari, CJK, Vietnamese…) is drawn by RecordsDesk's own shaping and fonts
and sent as a ^GF graphic, so that every Zebra prints every name the same way without a font
download (a Unicode TrueType font is 15 MB or more, and printers without flash room refuse it).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from recordsdesk.domain.colours import colour_blocks
from recordsdesk.domain.errors import InvalidInput
from recordsdesk.printing.barcode_drawing import MIN_MODULE, QUIET_MODULES, bar_pattern
from recordsdesk.printing.documents import ChartLabel
from recordsdesk.printing.fonts import ELLIPSIS, SANS, SANS_BOLD, prepare_text
from recordsdesk.printing.names import Largest, fit_name
from recordsdesk.printing.raster import TextGraphic, text_graphics
from recordsdesk.printing.settings import PrintSettings, Symbology
from recordsdesk.printing.stocks import Stock, StockKind
from recordsdesk.printing.text import text_width

# Font 0 (with ^CI28) has Latin-1; it is narrower than the Noto face text is measured with, so
# measured text always fits.
_FONT0_LIMIT = 0xFF
# ^FH_ takes _XX hex escapes: these three would otherwise start a command or an escape.
_ESCAPED = {"^": "_5E", "~": "_7E", "_": "_5F"}
_MIN_TEXT_PT = 6.0
# Marks where a text graphic goes in a format until the job's graphics are rasterised (text
# never holds it: prepare_text drops control characters).
_GRAPHIC = "\x00"


def field_data(text: str) -> str:
    """Text as ^FH field data: format and control prefixes and the escape itself as hex."""
    return "".join(_ESCAPED.get(ch, ch) for ch in text)


def font0_prints(text: str) -> bool:
    """Whether the printer's font 0 (with ^CI28, UTF-8) has every letter of text."""
    return all(0x20 <= ord(ch) <= _FONT0_LIMIT for ch in text)


@dataclass
class _Field:
    x: int
    y: int
    body: str  # what follows ^FO
    before: str = ""  # what goes before ^FO (a barcode's ^BY)


class _Format:
    """One label being written; the printer offset is applied to every field alike."""

    def __init__(self, stock: Stock, settings: PrintSettings) -> None:
        self.dpi = settings.dpi_for(stock.dots_per_inch)
        self.width = round(stock.label_width / 72 * self.dpi)
        self.height = round(stock.label_height / 72 * self.dpi)
        self.dx = round(settings.offset.x_mm / 25.4 * self.dpi)
        self.dy = round(settings.offset.y_mm / 25.4 * self.dpi)
        self.fields: list[_Field] = []
        self.graphics: list[TextGraphic] = []

    def points(self, dots: float) -> float:
        return dots * 72 / self.dpi

    def dots(self, points: float) -> int:
        return round(points / 72 * self.dpi)

    def text(
        self, x: int, y: int, height: int, text: str, bold: bool = True, reverse: bool = False
    ) -> None:
        text = prepare_text(text)
        flag = "^FR" if reverse else ""
        if font0_prints(text.replace(ELLIPSIS, "...")):
            text = text.replace(ELLIPSIS, "...")
            width = height if bold else height * 4 // 5
            self.fields.append(
                _Field(x, y, f"{flag}^A0N,{height},{width}^FH_^FD{field_data(text)}^FS")
            )
            return
        # Rasterised with the rest of the job's graphics; the marker is replaced then.
        graphic = TextGraphic(text, SANS_BOLD if bold else SANS, self.points(height))
        self.graphics.append(graphic)
        self.fields.append(_Field(x, y, f"{flag}{_GRAPHIC}{len(self.graphics) - 1}{_GRAPHIC}^FS"))

    def box(self, x: int, y: int, width: int, height: int, thickness: int) -> None:
        self.fields.append(_Field(x, y, f"^GB{width},{height},{thickness},B^FS"))

    def barcode(
        self, value: str, symbology: Symbology, x: int, y: int, room: int, height: int
    ) -> None:
        modules = len(bar_pattern(value, symbology)) + 2 * QUIET_MODULES
        module = min(4, room // modules)
        if module / self.dpi * 72 < MIN_MODULE - 1e-9:
            raise InvalidInput(
                f"The barcode {value} does not fit on this label at a readable size; "
                "choose the larger label or Code 128."
            )
        left = x + (room - modules * module) // 2 + QUIET_MODULES * module
        if symbology is Symbology.CODE128:
            code = f"^BCN,{height},N,N,N,A"
        else:
            check = "Y" if symbology is Symbology.CODE39_CHECKED else "N"
            code = f"^B3N,{check},{height},N,N"
        self.fields.append(_Field(left, y, f"{code}^FD{value}^FS", f"^BY{module},3,{height}"))

    def end(self) -> str:
        # One shift for every field: the offset, held back only as far as keeps all on the label.
        dx = max(self.dx, -min(f.x for f in self.fields))
        dy = max(self.dy, -min(f.y for f in self.fields))
        lines = ["^XA", "^CI28", f"^PW{self.width}", f"^LL{self.height}", "^LH0,0"]
        for item in self.fields:
            lines.append(f"{item.before}^FO{item.x + dx},{item.y + dy}{item.body}")
        return "\n".join([*lines, "^PQ1", "^XZ"])


def _largest(form: _Format, room: int) -> Largest:
    def largest(text: str, ceiling: float) -> float:
        natural = text_width(text, SANS_BOLD, 1.0)
        return min(ceiling, form.points(room) / natural) if natural else ceiling

    return largest


def chart_label_zpl(label: ChartLabel, stock: Stock, settings: PrintSettings) -> str:
    """One chart label as a ZPL format (see _label_format)."""
    return _with_graphics(
        [_label_format(label, stock, settings)], settings.dpi_for(stock.dots_per_inch)
    )


def _with_graphics(forms: list[_Format], dpi: int) -> str:
    """The formats' text, each graphic marker replaced by its rasterised ^GF command."""
    drawn = text_graphics([g for form in forms for g in form.graphics], dpi)
    texts = []
    for form in forms:
        pieces = form.end().split(_GRAPHIC)
        for index in range(1, len(pieces), 2):
            pieces[index] = drawn[form.graphics[int(pieces[index])]]
        texts.append("".join(pieces))
    return "\n".join(texts)


def _label_format(label: ChartLabel, stock: Stock, settings: PrintSettings) -> _Format:
    """One chart label as a ZPL format: the same content and name rule as the PDF labels,
    digit blocks black and white (the printer has one colour), barcode on whole dots."""
    form = _Format(stock, settings)
    margin = form.dots(stock.content_margin)
    inner_w = form.width - 2 * margin
    inner_h = form.height - 2 * margin
    bar_h = min(form.dpi // 2, max(20, int(inner_h * 0.42)))
    gap = form.dots(0.8 * 72 / 25.4)
    text_h = inner_h - bar_h - gap
    line = text_h // 3
    block = min(2 * line, int(inner_w * 0.22))
    block_w = min(int(block * 0.8), int(inner_w * 0.11))
    x = margin + inner_w
    spacing = max(2, form.dots(0.6 * 72 / 25.4))
    for item in reversed(colour_blocks(label.colour_digits, settings.palette)):
        x -= block_w
        size = int(block * 0.7)
        dark = settings.thermal_blocks.dark(item.digit)
        # White between neighbouring blocks, so two black ones never merge.
        inner = block_w - spacing
        form.box(x + spacing // 2, margin, inner, block, inner if dark else max(2, form.dots(1.2)))
        form.text(
            x + (block_w - int(size * 0.55)) // 2,
            margin + (block - size) // 2,
            size,
            item.digit,
            reverse=dark,
        )
    if label.year is not None:
        band = int(block_w * 1.8)
        x -= band + gap // 2
        form.box(x, margin, band, block, band)
        size = int(block * 0.4)
        form.text(x + 4, margin + (block - size) // 2, size, str(label.year), reverse=True)
    room = x - margin - gap
    name_h = int(line * 0.95)
    largest = _largest(form, room)
    floor = _MIN_TEXT_PT
    half = form.points(name_h / 2)
    fitted = fit_name(
        label.name,
        largest,
        form.points(name_h),
        half if half >= floor else None,
        floor,
    )
    size = form.dots(fitted.size)
    if len(fitted.lines) == 1:
        form.text(margin, margin + (line - size) // 2, size, fitted.lines[0])
    else:
        form.text(margin, margin, size, fitted.lines[0])
        form.text(margin, margin + line // 2, size, fitted.lines[1])
    mrn_size = int(line * 0.95)
    form.text(margin, margin + line, mrn_size, label.mrn_groups)
    mrn_end = margin + form.dots(text_width(label.mrn_groups, SANS_BOLD, form.points(mrn_size)))
    volume = f"Vol {label.volume_number} of {label.volume_count}"
    volume_size = int(line * 0.6)
    if (
        mrn_end + gap + form.dots(text_width(volume, SANS_BOLD, form.points(volume_size)))
        <= x - gap
    ):
        form.text(mrn_end + gap, margin + line + (mrn_size - volume_size), volume_size, volume)
        details = [
            f"DOB {label.dob:%d %b %Y} · {label.record_type}",
            f"{label.dob:%d.%m.%Y} · {label.record_type}",
        ]
    else:
        details = [
            f"{volume} · DOB {label.dob:%d %b %Y} · {label.record_type}",
            f"Vol {label.volume_number}/{label.volume_count} · {label.dob:%d.%m.%Y} · "
            f"{label.record_type}",
        ]
    detail_h = int(line * 0.7)
    # The record type is always printed: the detail line shrinks rather than drop it.
    chosen, detail_size = details[-1], max(form.dots(floor), detail_h * 2 // 3)
    for text in details:
        fitting = form.dots(min(form.points(detail_h), largest_in(text, form.points(inner_w))))
        if fitting >= form.dots(floor):
            chosen, detail_size = text, fitting
            break
    form.text(margin, margin + 2 * line + line // 8, detail_size, chosen, bold=False)
    form.barcode(label.barcode, settings.symbology, margin, margin + text_h + gap, inner_w, bar_h)
    return form


def largest_in(text: str, room: float) -> float:
    """The largest size (points) at which text in the regular style fits room points."""
    natural = text_width(text, SANS, 1.0)
    return room / natural if natural else room


def chart_labels_zpl(
    labels: Sequence[ChartLabel],
    stock: Stock,
    settings: PrintSettings | None = None,
) -> str:
    """ZPL for a batch of chart labels on a Zebra printer's roll."""
    settings = settings or PrintSettings()
    if stock.kind is not StockKind.ZPL:
        raise InvalidInput(f"{stock.description} prints from a PDF, not ZPL.")
    if not labels:
        raise InvalidInput("There are no labels to print.")
    forms = [_label_format(label, stock, settings) for label in labels]
    return _with_graphics(forms, settings.dpi_for(stock.dots_per_inch)) + "\n"
