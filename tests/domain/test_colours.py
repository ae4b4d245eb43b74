"""Colour palettes: chosen by name or written out, every digit with a readable ink."""

from __future__ import annotations

import pytest

from recordsdesk.domain.colours import (
    DEFAULT_PALETTE,
    DEFAULT_PALETTE_NAME,
    PALETTES,
    colour_blocks,
    parse_palette,
)
from recordsdesk.domain.errors import InvalidInput


def test_the_default_palette_is_named() -> None:
    assert PALETTES[DEFAULT_PALETTE_NAME].colours == DEFAULT_PALETTE
    assert parse_palette(" Standard ") == DEFAULT_PALETTE


@pytest.mark.parametrize("name", list(PALETTES))
def test_every_named_palette_has_ten_distinct_colours_and_a_source(name: str) -> None:
    palette = PALETTES[name]
    assert len(set(palette.colours)) == 10 and palette.source and palette.description
    assert parse_palette(",".join(palette.colours)) == palette.colours


def test_greys_alternate_dark_and_light_inks() -> None:
    inks = [block.ink for block in colour_blocks("0123456789", PALETTES["greys"].colours)]
    assert inks == ["#FFFFFF", "#000000"] * 5


def test_an_unknown_palette_names_the_choices() -> None:
    with pytest.raises(InvalidInput, match="standard, greys"):
        parse_palette("rainbow")
