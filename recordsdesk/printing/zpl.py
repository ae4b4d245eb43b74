"""Chart labels as ZPL II for Zebra thermal printers: one ^XA…^XZ format per label."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from recordsdesk.domain.errors import InvalidInput
from recordsdesk.printing.barcode_drawing import MIN_MODULE, QUIET_MODULES, bar_pattern
from recordsdesk.printing.documents import ChartLabel
from recordsdesk.printing.fonts import prepare_text
from recordsdesk.printing.settings import PrintSettings, Symbology
from recordsdesk.printing.stocks import Stock, StockKind

# ZPL's built-in font 0 averages about this much of its height per character; we cut by it.
_CHAR_WIDTH = 0.6
# ^FD and ^FS start and end a field: data may not contain the format prefix or tilde.
_FORBIDDEN = str.maketrans({"^": " ", "~": " "})


@dataclass(frozen=True)
class ZplFont:
    """The printer font: '0' is built in; a Unicode TTF on the printer ('E:TT0003M_.TTF')
    is needed for Vietnamese and other letters outside font 0."""

    name: str = "0"

    def command(self, height: int) -> str:
        """The ^A command selecting this font at a height in dots."""
        if self.name == "0":
            return f"^A0N,{height},{height}"
        return f"^A@N,{height},{height},{self.name}"


def _field_text(text: str, height: int, room: int) -> str:
    """Text cut with '...' to what font 0 fits into room dots at height."""
    text = prepare_text(text).translate(_FORBIDDEN)
    fits = max(0, int(room / (height * _CHAR_WIDTH)))
    if len(text) <= fits:
        return text
    return text[: max(0, fits - 3)].rstrip() + "..."


def _first_fitting(texts: list[str], height: int, room: int) -> tuple[str, int]:
    """The first text that fits room at height, shrinking to 2/3 of it if need be."""
    for text in texts:
        for size in (height, height * 5 // 6, height * 2 // 3):
            if len(text) * size * _CHAR_WIDTH <= room:
                return text, size
    return texts[-1], height * 2 // 3


class _Format:
    """One label being written, with the printer offset applied to every field."""

    def __init__(self, stock: Stock, settings: PrintSettings, font: ZplFont) -> None:
        self.dpi = stock.dots_per_inch
        self.width = round(stock.label_width / 72 * self.dpi)
        self.height = round(stock.label_height / 72 * self.dpi)
        self.dx = round(settings.offset.x_mm / 25.4 * self.dpi)
        self.dy = round(settings.offset.y_mm / 25.4 * self.dpi)
        self.font = font
        self.lines = ["^XA", "^CI28", f"^PW{self.width}", f"^LL{self.height}", "^LH0,0"]

    def origin(self, x: int, y: int) -> str:
        return f"^FO{max(0, x + self.dx)},{max(0, y + self.dy)}"

    def text(
        self, x: int, y: int, height: int, room: int, text: str, reverse: bool = False
    ) -> None:
        data = _field_text(text, height, room)
        flag = "^FR" if reverse else ""
        self.lines.append(f"{self.origin(x, y)}{flag}{self.font.command(height)}^FD{data}^FS")

    def box(self, x: int, y: int, width: int, height: int, filled: bool) -> None:
        thickness = min(width, height) if filled else 2
        self.lines.append(f"{self.origin(x, y)}^GB{width},{height},{thickness},B^FS")

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
        self.lines.append(f"^BY{module},3,{height}{self.origin(left, y)}{code}^FD{value}^FS")

    def end(self) -> str:
        return "\n".join([*self.lines, "^PQ1", "^XZ"])


def chart_label_zpl(
    label: ChartLabel, stock: Stock, settings: PrintSettings, font: ZplFont = ZplFont()
) -> str:
    """One chart label as a ZPL format: text, digit blocks (the printer has one colour), barcode."""
    form = _Format(stock, settings, font)
    margin = round(1.5 / 25.4 * form.dpi)
    inner_w = form.width - 2 * margin
    inner_h = form.height - 2 * margin
    bar_h = min(form.dpi // 2, max(20, int(inner_h * 0.42)))
    text_h = inner_h - bar_h - margin
    line = text_h // 3
    # Digit blocks stand beside the name and MRN; the third line runs the full width.
    block = min(2 * line, int(inner_w * 0.11 / 0.8))
    block_w = int(block * 0.8)
    x = margin + inner_w
    for digit in reversed(label.colour_digits):
        x -= block_w
        form.box(x, margin, block_w, block, filled=False)
        size = int(block * 0.7)
        form.text(
            x + (block_w - int(size * 0.55)) // 2,
            margin + (block - size) // 2,
            size,
            block_w,
            digit,
        )
    if label.year is not None:
        band = int(block_w * 1.8)
        x -= band + margin // 2
        form.box(x, margin, band, block, filled=True)
        size = int(block * 0.4)
        form.text(
            x + 4, margin + (block - size) // 2, size, band - 8, str(label.year), reverse=True
        )
    room = x - margin - 6
    name, name_size = _first_fitting([prepare_text(label.name)], int(line * 0.85), room)
    form.text(margin, margin, name_size, room, name)
    mrn_size = int(line * 0.95)
    form.text(margin, margin + line, mrn_size, room, label.mrn_groups)
    # Volume and date of birth are never cut: the record type goes first, then the long forms.
    details = _first_fitting(
        [
            f"Vol {label.volume_number} of {label.volume_count}, DOB {label.dob:%d %b %Y}, "
            f"{label.record_type}",
            f"Vol {label.volume_number} of {label.volume_count}, DOB {label.dob:%d %b %Y}",
            f"Vol {label.volume_number}/{label.volume_count}, {label.dob:%d.%m.%Y}",
        ],
        int(line * 0.7),
        inner_w,
    )
    form.text(margin, margin + 2 * line + line // 8, details[1], inner_w, details[0])
    form.barcode(
        label.barcode, settings.symbology, margin, margin + text_h + margin, inner_w, bar_h
    )
    return form.end()


def chart_labels_zpl(
    labels: Sequence[ChartLabel],
    stock: Stock,
    settings: PrintSettings | None = None,
    font: ZplFont | None = None,
) -> str:
    """ZPL for a batch of chart labels on a Zebra printer's roll."""
    settings = settings or PrintSettings()
    if stock.kind is not StockKind.ZPL:
        raise InvalidInput(f"{stock.description} prints from a PDF, not ZPL.")
    if not labels:
        raise InvalidInput("There are no labels to print.")
    return (
        "\n".join(chart_label_zpl(label, stock, settings, font or ZplFont()) for label in labels)
        + "\n"
    )
