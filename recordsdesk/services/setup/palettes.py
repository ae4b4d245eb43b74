"""Named colour palettes a new file room can start from (each digit is printed in its block)."""

from __future__ import annotations

from recordsdesk.domain.colours import DEFAULT_PALETTE
from recordsdesk.domain.errors import InvalidInput

PALETTE_PRESETS: dict[str, tuple[str, ...]] = {
    "classic": DEFAULT_PALETTE,
    # Strong hues, dark enough for white digits, for printers that wash colours out.
    "bold": (
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
    # Okabe-Ito's eight hues with grey and wine, told apart by most colour-blind clerks.
    "colour-blind": (
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
}

PRESET_TITLES = {
    "classic": "Classic filing colours (default)",
    "bold": "Bold: strong colours for pale printers",
    "colour-blind": "Colour-blind friendly (Okabe-Ito)",
}


def palette_preset(name: str) -> tuple[str, ...]:
    """The ten colours of preset ``name``, or InvalidInput naming the presets there are."""
    try:
        return PALETTE_PRESETS[name]
    except KeyError:
        known = ", ".join(PALETTE_PRESETS)
        raise InvalidInput(f"No palette preset '{name}': choose {known}.") from None


def preset_of(palette: tuple[str, ...]) -> str | None:
    """The preset name of ``palette``, if it is one."""
    upper = tuple(c.upper() for c in palette)
    for name, colours in PALETTE_PRESETS.items():
        if tuple(c.upper() for c in colours) == upper:
            return name
    return None
