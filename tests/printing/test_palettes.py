"""Named palettes: each says where its colours come from, and a label prints in the one chosen."""

from __future__ import annotations

import re

import pytest

from recordsdesk.domain.colours import (
    DEFAULT_PALETTE_NAME,
    IEC_60062,
    PALETTES,
    VENDOR_PRESETS_NOTE,
    parse_palette,
)
from recordsdesk.domain.errors import InvalidInput
from recordsdesk.printing.labels import chart_labels_pdf
from recordsdesk.printing.settings import PrintSettings
from recordsdesk.printing.stocks import stock_by_name
from tests.printing.conftest import sample_labels
from tests.printing.pages import render


@pytest.mark.parametrize("name", sorted(PALETTES))
def test_every_named_palette_has_ten_colours_and_a_source(name: str) -> None:
    palette = PALETTES[name]
    assert parse_palette(name.upper()) == palette.colours
    assert len(set(palette.colours)) == 10
    assert palette.source.strip() and palette.description.strip()


def test_the_default_is_named_and_no_vendor_name_is_claimed() -> None:
    assert DEFAULT_PALETTE_NAME == "standard"
    assert "no vendor" in PALETTES["standard"].source
    vendors = re.compile(r"\b(smead|pendaflex|esselte|jeter|kardex|ames|tab|colwell)\b", re.I)
    assert not any(vendors.search(p.source + p.description) for p in PALETTES.values())
    assert "#RRGGBB" in VENDOR_PRESETS_NOTE


def test_the_iec_60062_sequence_is_the_standard_one() -> None:
    names = IEC_60062.description.split(": ")[1].split(", ")
    assert names == [
        "black",
        "brown",
        "red",
        "orange",
        "yellow",
        "green",
        "blue",
        "violet",
        "grey",
        "white",
    ]
    with pytest.raises(InvalidInput, match="iec-60062"):
        parse_palette("resistor")


def test_a_label_prints_its_blocks_in_the_chosen_palette() -> None:
    label = sample_labels(1)[0]  # digits "00": two black blocks under IEC 60062
    stock = stock_by_name("avery-5163")
    plain = render(chart_labels_pdf([label], stock), 0, 100)
    iec = render(chart_labels_pdf([label], stock, PrintSettings(palette=IEC_60062.colours)), 0, 100)
    assert sum(iec.histogram()[:40]) > sum(plain.histogram()[:40]) + 200


def test_one_list_of_palettes_for_settings_command_line_and_wizard() -> None:
    from recordsdesk.services.setup.palettes import PALETTE_PRESETS, palette_preset, preset_of

    assert set(PALETTE_PRESETS) == set(PALETTES)
    for name, palette in PALETTES.items():
        assert palette_preset(name) == parse_palette(name) == palette.colours
        assert preset_of(palette.colours) == name
    assert palette_preset("classic") == parse_palette("Classic") == PALETTES["standard"].colours
    with pytest.raises(InvalidInput, match="colour-blind"):
        palette_preset("smead")
