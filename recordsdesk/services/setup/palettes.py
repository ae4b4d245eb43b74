"""The named colour palettes a new file room can start from: the one list in
``domain/colours.py`` (each digit is printed in its block), offered by name."""

from __future__ import annotations

from recordsdesk.domain.colours import PALETTES, name_of_palette, named_palette
from recordsdesk.domain.errors import InvalidInput

PALETTE_PRESETS: dict[str, tuple[str, ...]] = {
    name: palette.colours for name, palette in PALETTES.items()
}
PRESET_TITLES = {name: palette.description for name, palette in PALETTES.items()}
PRESET_SOURCES = {name: palette.source for name, palette in PALETTES.items()}


def palette_preset(name: str) -> tuple[str, ...]:
    """The ten colours of preset ``name``, or InvalidInput naming the presets there are."""
    palette = named_palette(name)
    if palette is None:
        known = ", ".join(PALETTE_PRESETS)
        raise InvalidInput(f"No palette preset '{name}': choose {known}.")
    return palette.colours


def preset_of(palette: tuple[str, ...]) -> str | None:
    """The preset name of ``palette``, if it is one."""
    return name_of_palette(palette)
