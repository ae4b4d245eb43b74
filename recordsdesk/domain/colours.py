"""Colour-coded filing: each digit 0-9 has a colour; a site may choose its own palette."""

from __future__ import annotations

from dataclasses import dataclass

from recordsdesk.domain.errors import InvalidInput

# A widely used ten-colour filing palette (hex RGB), with the text colour that reads on each.
DEFAULT_PALETTE: tuple[str, ...] = (
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
)


@dataclass(frozen=True)
class ColourBlock:
    """One block on a label: the digit and its fill, with a text colour that reads on it."""

    digit: str
    fill: str
    ink: str


def _luminance(hex_rgb: str) -> float:
    r, g, b = (int(hex_rgb[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def parse_palette(text: str) -> tuple[str, ...]:
    """A palette from ten comma-separated #RRGGBB colours, or InvalidInput."""
    colours = tuple(part.strip().upper() for part in text.split(","))
    if len(colours) != 10 or not all(
        len(c) == 7 and c[0] == "#" and all(ch in "0123456789ABCDEF" for ch in c[1:])
        for c in colours
    ):
        raise InvalidInput("A palette is ten colours written #RRGGBB, separated by commas.")
    return colours


def colour_blocks(digits: str, palette: tuple[str, ...] = DEFAULT_PALETTE) -> list[ColourBlock]:
    """The colour blocks for a run of digits (the primary pair, optionally one more)."""
    blocks = []
    for digit in digits:
        fill = palette[int(digit)]
        ink = "#000000" if _luminance(fill) > 0.5 else "#FFFFFF"
        blocks.append(ColourBlock(digit, fill, ink))
    return blocks
