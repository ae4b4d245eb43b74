"""Colour-coded filing: each digit 0-9 has a colour; a site may choose its own palette, and how
one-colour printers draw the blocks."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from recordsdesk.domain.errors import InvalidInput


@dataclass(frozen=True)
class NamedPalette:
    """A digit palette a site can choose by name, with where its colours come from."""

    name: str
    description: str
    colours: tuple[str, ...]  # #RRGGBB for the digits 0 to 9
    source: str


# The default: the ten-hue order most numeric filing label sets follow (warm to cool, then
# brown, pink, teal, grey), in colours chosen so that neighbouring digits differ in lightness
# as well as hue. RecordsDesk's own choice: it claims to match no vendor's stock.
STANDARD = NamedPalette(
    "standard",
    "RecordsDesk standard: red, orange, yellow, green, blue, purple, brown, pink, teal, grey",
    (
        "#E0262B",  # 0 red
        "#F7941D",  # 1 orange
        "#FFDD00",  # 2 yellow
        "#8DC63F",  # 3 light green
        "#0072BC",  # 4 dark blue
        "#8B5CA8",  # 5 purple
        "#A0522D",  # 6 brown
        "#F49AC1",  # 7 pink
        "#00A99D",  # 8 teal
        "#7F7F7F",  # 9 grey
    ),
    "RecordsDesk's own default (no vendor's).",
)

# For sites whose labels go to colour-blind staff or a grey-scale laser: ten steps of grey
# alternating dark and light, so that a misfile still breaks the pattern; the digit is printed
# in every block anyway.
GREYS = NamedPalette(
    "greys",
    "Ten greys, dark and light in turn (for grey-scale printers)",
    (
        "#1A1A1A",
        "#E6E6E6",
        "#404040",
        "#CCCCCC",
        "#595959",
        "#B3B3B3",
        "#262626",
        "#D9D9D9",
        "#4D4D4D",
        "#F2F2F2",
    ),
    "RecordsDesk's own.",
)

# The one published sequence of a colour for each digit 0-9 that could be cited: the colour
# code of IEC 60062 ("Marking codes for resistors and capacitors"), which many technicians and
# engineers know by heart. The hues are the standard's names; the shades are RecordsDesk's.
IEC_60062 = NamedPalette(
    "iec-60062",
    "IEC 60062 colour code: black, brown, red, orange, yellow, green, blue, violet, grey, white",
    (
        "#000000",  # 0 black
        "#8B4513",  # 1 brown
        "#E0262B",  # 2 red
        "#F7941D",  # 3 orange
        "#FFDD00",  # 4 yellow
        "#2E9A3E",  # 5 green
        "#0072BC",  # 6 blue
        "#8B5CA8",  # 7 violet
        "#9E9E9E",  # 8 grey
        "#FFFFFF",  # 9 white (the block keeps its outline)
    ),
    "IEC 60062, Marking codes for resistors and capacitors: its colour code for the digits "
    "0 to 9 (hue names from the standard, shades RecordsDesk's).",
)

# Strong hues, dark enough for white digits, for printers that wash colours out.
BOLD = NamedPalette(
    "bold",
    "Bold: strong colours for pale printers",
    (
        "#C62828",
        "#EF6C00",
        "#F9A825",
        "#2E7D32",
        "#1565C0",
        "#6A1B9A",
        "#4E342E",
        "#AD1457",
        "#00838F",
        "#424242",
    ),
    "RecordsDesk's own: the standard order in darker shades.",
)

# Okabe and Ito's eight colours, chosen to stay apart for the common kinds of colour-vision
# deficiency, with a grey and a wine for the ninth and tenth digit.
COLOUR_BLIND = NamedPalette(
    "colour-blind",
    "Colour-blind friendly (Okabe-Ito)",
    (
        "#000000",
        "#E69F00",
        "#56B4E9",
        "#009E73",
        "#F0E442",
        "#0072B2",
        "#D55E00",
        "#CC79A7",
        "#999999",
        "#882255",
    ),
    "Okabe M. and Ito K., Color Universal Design (CUD): how to make figures and presentations "
    "that are friendly to colorblind people (2002, revised 2008): its eight colours for 0 to 7; "
    "grey and wine for 8 and 9 are RecordsDesk's.",
)

# Every palette a site can choose by name: one list, for the settings, the command line and
# the first-run wizard alike.
PALETTES: dict[str, NamedPalette] = {
    palette.name: palette for palette in (STANDARD, GREYS, IEC_60062, BOLD, COLOUR_BLIND)
}
# Names a palette was known by before: still understood.
PALETTE_ALIASES = {"classic": STANDARD.name}

# The colour-coded filing label systems (Smead, Esselte/Pendaflex, TAB, Jeter, Kardex, Ames,
# Colwell) do not publish their digit-to-colour sequences in any source RecordsDesk could cite,
# so none is shipped as a preset under a vendor's name: a site matching its stock enters the
# ten colours of its own label chart (the `palette` setting takes ten #RRGGBB colours).
VENDOR_PRESETS_NOTE = (
    "No colour-coded filing label vendor publishes its digit colours in a citable source; "
    "to match your labels, enter their ten colours (digits 0 to 9) as #RRGGBB."
)
DEFAULT_PALETTE_NAME = STANDARD.name
DEFAULT_PALETTE: tuple[str, ...] = STANDARD.colours


@dataclass(frozen=True)
class ColourBlock:
    """One block on a label: the digit and its fill, with a text colour that reads on it."""

    digit: str
    fill: str
    ink: str


def _luminance(hex_rgb: str) -> float:
    r, g, b = (int(hex_rgb[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def named_palette(name: str) -> NamedPalette | None:
    """The palette called ``name`` (any case, old names too), or None."""
    key = name.strip().lower()
    return PALETTES.get(PALETTE_ALIASES.get(key, key))


def name_of_palette(colours: tuple[str, ...]) -> str | None:
    """The name of the palette ``colours`` are, if they are one."""
    upper = tuple(c.upper() for c in colours)
    for palette in PALETTES.values():
        if tuple(c.upper() for c in palette.colours) == upper:
            return palette.name
    return None


def parse_palette(text: str) -> tuple[str, ...]:
    """A palette by name (``PALETTES``) or as ten comma-separated #RRGGBB
    colours, or InvalidInput naming the choices."""
    named = named_palette(text)
    if named is not None:
        return named.colours
    colours = tuple(part.strip().upper() for part in text.split(","))
    if len(colours) != 10 or not all(
        len(c) == 7 and c[0] == "#" and all(ch in "0123456789ABCDEF" for ch in c[1:])
        for c in colours
    ):
        names = ", ".join(PALETTES)
        raise InvalidInput(
            f"A palette is one of {names}, or ten colours written #RRGGBB, separated by commas."
        )
    return colours


def colour_blocks(digits: str, palette: tuple[str, ...] = DEFAULT_PALETTE) -> list[ColourBlock]:
    """The colour blocks for a run of digits (the primary pair, optionally one more)."""
    blocks = []
    for digit in digits:
        fill = palette[int(digit)]
        ink = "#000000" if _luminance(fill) > 0.5 else "#FFFFFF"
        blocks.append(ColourBlock(digit, fill, ink))
    return blocks


class ThermalBlocks(Enum):
    """How a one-colour printer (a thermal roll, a Zebra) draws the digit blocks: pure black
    and white, which survive 1-bit printing, with white between neighbouring blocks so that
    two black ones never merge."""

    # Even digits white on black, odd digits black on white in a heavy frame: a misfiled
    # chart still breaks the pattern on the shelf.
    ALTERNATE = "alternate"
    # Every digit white on black, as bold as a block can be.
    SOLID = "solid"
    # Every digit black on white in a heavy frame, for printers that smear large black areas.
    OUTLINED = "outlined"

    def dark(self, digit: str) -> bool:
        """Whether digit's block is black (its digit white)."""
        if self is ThermalBlocks.ALTERNATE:
            return int(digit) % 2 == 0
        return self is ThermalBlocks.SOLID

    @classmethod
    def from_setting(cls, text: str) -> ThermalBlocks:
        """The style named by the thermal_blocks setting, or InvalidInput naming the choices."""
        wanted = text.strip().lower()
        for member in cls:
            if member.value == wanted:
                return member
        choices = ", ".join(member.value for member in cls)
        raise InvalidInput(f"Unknown thermal block style '{text}'. Choose one of: {choices}.")


THERMAL_BLOCK_TITLES = {
    ThermalBlocks.ALTERNATE: "Alternate: even digits white on black, odd black on white",
    ThermalBlocks.SOLID: "Solid: every digit white on black",
    ThermalBlocks.OUTLINED: "Outlined: every digit black on white in a frame",
}
