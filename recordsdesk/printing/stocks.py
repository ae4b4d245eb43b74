"""Label stocks: Avery sheets, thermal rolls and Zebra ZPL, and where each label sits on them."""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import Enum

from reportlab.lib.pagesizes import LETTER
from reportlab.lib.units import inch, mm

from recordsdesk.domain.errors import InvalidInput

# Nothing is printed nearer a label's edge than this: die-cut sheets and rolls drift that much.
LABEL_MARGIN = 1.5 * mm


class StockKind(Enum):
    """How labels of a stock reach the printer."""

    SHEET = "sheet"  # a US Letter sheet of labels on a laser printer
    ROLL = "roll"  # a thermal roll: one PDF page per label
    ZPL = "zpl"  # a Zebra printer fed ZPL text


@dataclass(frozen=True)
class LabelCell:
    """Where one label lies on its page, in points from the page's bottom-left corner."""

    page: int
    position: int
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class Stock:
    """One label product: label size and, for sheets, the manufacturer's layout."""

    name: str
    description: str
    kind: StockKind
    label_width: float
    label_height: float
    columns: int = 1
    rows: int = 1
    left_margin: float = 0.0
    top_margin: float = 0.0
    horizontal_pitch: float = 0.0
    vertical_pitch: float = 0.0
    # The printer's usual resolution, where bars must land on whole dots: a laser's 300 (600 is
    # a multiple), a thermal printer's 203; a printer setting may say otherwise.
    dots_per_inch: int = 300
    # The die-cut corner's radius: text and colour blocks keep their margin from the curve too.
    corner_radius: float = 0.0

    @property
    def monochrome(self) -> bool:
        """Whether it prints in one colour, dot on or off (a direct-thermal roll)."""
        return self.kind is not StockKind.SHEET

    @property
    def page_size(self) -> tuple[float, float]:
        """The PDF page size: a Letter sheet, or the label itself on a roll."""
        if self.kind is StockKind.SHEET:
            return (float(LETTER[0]), float(LETTER[1]))
        return (self.label_width, self.label_height)

    @property
    def content_margin(self) -> float:
        """How far in from the label's edge printing starts: LABEL_MARGIN, and as far from a
        rounded die-cut corner's curve (a content corner at d from both edges lies
        r - (r - d)·√2 from the curve of radius r)."""
        radius = self.corner_radius
        if radius <= LABEL_MARGIN:
            return float(LABEL_MARGIN)
        return float(radius - (radius - LABEL_MARGIN) / math.sqrt(2))

    @property
    def labels_per_page(self) -> int:
        """How many labels one page (sheet) holds."""
        return self.columns * self.rows

    def cell(self, page: int, position: int) -> LabelCell:
        """The label at a 1-based position on a page, counted across then down (Avery's order)."""
        if not 1 <= position <= self.labels_per_page:
            raise InvalidInput(
                f"Position {position} is not on a {self.name} sheet: "
                f"it holds positions 1 to {self.labels_per_page}."
            )
        row, column = divmod(position - 1, self.columns)
        page_height = self.page_size[1]
        x = self.left_margin + column * self.horizontal_pitch
        y = page_height - self.top_margin - row * self.vertical_pitch - self.label_height
        return LabelCell(page, position, x, y, self.label_width, self.label_height)

    def place(self, count: int, start_at: int = 1) -> list[LabelCell]:
        """Cells for count labels, starting at a position on the first (half-used) sheet."""
        if not 1 <= start_at <= self.labels_per_page:
            if self.labels_per_page == 1:
                raise InvalidInput(
                    f"{self.description} prints one label per page; start position must be 1."
                )
            raise InvalidInput(
                f"Start position {start_at} is past the sheet: a {self.description} sheet "
                f"has positions 1 to {self.labels_per_page}."
            )
        cells = []
        for index in range(start_at - 1, start_at - 1 + count):
            page, slot = divmod(index, self.labels_per_page)
            cells.append(self.cell(page, slot + 1))
        return cells


def _avery(
    number: str,
    description: str,
    size: tuple[float, float],
    grid: tuple[int, int],
    margins: tuple[float, float],
    pitch: tuple[float, float],
    corner: float,
) -> Stock:
    """A US Letter Avery sheet from the published template figures, given in inches."""
    return Stock(
        name=f"avery-{number}",
        description=f"Avery {number} {description}",
        kind=StockKind.SHEET,
        label_width=size[0] * inch,
        label_height=size[1] * inch,
        columns=grid[0],
        rows=grid[1],
        left_margin=margins[0] * inch,
        top_margin=margins[1] * inch,
        horizontal_pitch=pitch[0] * inch,
        vertical_pitch=pitch[1] * inch,
        corner_radius=corner * inch,
    )


def _roll(name: str, description: str, kind: StockKind, width: float, height: float) -> Stock:
    return Stock(
        name=name,
        description=description,
        kind=kind,
        label_width=width * inch,
        label_height=height * inch,
        dots_per_inch=203,
        corner_radius=0.125 * inch,
    )


# Where the die-cut corner radii come from. Avery's own template pages could not be consulted
# for them, so they are the radii of the Avery US-Letter templates in gLabels, the
# label-printing program's template database (glabels-qt, templates/avery-us-templates.xml,
# the `round` of each Label-rectangle): 5160 1/16″, 5163 1/8″, 5167 1/16″, 5366 1/16″ (5066
# is listed there as the same product as 5366). Thermal rolls: no vendor's figure was found;
# 1/8″, the common die for these sizes, is assumed (the larger radius keeps more clearance).
CORNER_RADIUS_SOURCE = "gLabels avery-us-templates.xml (round=...) for the Avery sheets"

_STOCKS: tuple[Stock, ...] = (
    # Avery's templates: size (w, h), columns x rows, (left, top) margins, (across, down) pitch,
    # and the die cut's corner radius (inches; CORNER_RADIUS_SOURCE).
    _avery(
        "5160",
        "address labels 2⅝″ × 1″",
        (2.625, 1.0),
        (3, 10),
        (0.1875, 0.5),
        (2.75, 1.0),
        0.0625,
    ),
    _avery(
        "5163", "shipping labels 4″ × 2″", (4.0, 2.0), (2, 5), (0.15625, 0.5), (4.1875, 2.0), 0.125
    ),
    _avery(
        "5167",
        "return address labels 1¾″ × ½″",
        (1.75, 0.5),
        (4, 20),
        (0.3, 0.5),
        (2.05, 0.5),
        0.0625,
    ),
    _avery(
        "5066",
        "file folder labels 3-7/16″ × ⅔″",
        (3.4375, 2 / 3),
        (2, 15),
        (0.53125, 0.5),
        (4.0, 2 / 3),
        0.0625,
    ),
    _avery(
        "5366",
        "file folder labels 3-7/16″ × ⅔″",
        (3.4375, 2 / 3),
        (2, 15),
        (0.53125, 0.5),
        (4.0, 2 / 3),
        0.0625,
    ),
    _roll("thermal-2.25x1.25", "thermal roll 2.25″ × 1.25″", StockKind.ROLL, 2.25, 1.25),
    _roll("thermal-4x2", "thermal roll 4″ × 2″", StockKind.ROLL, 4.0, 2.0),
    _roll("zpl", "Zebra ZPL 2.25″ × 1.25″ at 203 dpi", StockKind.ZPL, 2.25, 1.25),
    _roll("zpl-4x2", "Zebra ZPL 4″ × 2″ at 203 dpi", StockKind.ZPL, 4.0, 2.0),
)


def all_stocks() -> tuple[Stock, ...]:
    """Every stock RecordsDesk can print on, in the order a settings screen lists them."""
    return _STOCKS


def stock_by_name(name: str) -> Stock:
    """The stock with this name ('avery-5160', '5160', 'Avery 5160', 'zpl'), or InvalidInput."""
    wanted = name.strip().lower().replace(" ", "-").replace("_", "-")
    for stock in _STOCKS:
        if wanted in (stock.name, stock.name.removeprefix("avery-")):
            return stock
    choices = ", ".join(stock.name for stock in _STOCKS)
    raise InvalidInput(f"Unknown label stock '{name}'. Choose one of: {choices}.")
