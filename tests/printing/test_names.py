"""The name rule: family name and first given name always kept, the same rule on every stock,
and a larger stock never shortens a name that a smaller one prints whole."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recordsdesk.printing.labels import layout_chart_label
from recordsdesk.printing.names import PatientName, shorten_name
from recordsdesk.printing.settings import PrintSettings
from recordsdesk.printing.stocks import all_stocks, stock_by_name
from recordsdesk.printing.zpl import chart_labels_zpl
from tests.printing.conftest import sample_labels

LONG = "WOLFESCHLEGELSTEINHAUSENBERGERDORFF, Hubert Blaine"


def _fits(limit: int):  # type: ignore[no-untyped-def]
    return lambda text: len(text) <= limit


def test_the_rule_shortens_as_a_person_would() -> None:
    name = "MONTENEGRO-VILLALOBOS, María José Guadalupe"
    assert shorten_name(name, _fits(100)).lines == (name,)
    assert shorten_name(name, _fits(40)).lines == ("MONTENEGRO-VILLALOBOS, María J. G.",)
    cut = shorten_name(name, _fits(25)).lines[0]
    assert cut.endswith(", María J. G.") and "…" in cut
    two = shorten_name(name, _fits(10), lambda a, b: len(a) <= 22 and len(b) <= 22)
    assert two.lines == ("MONTENEGRO-VILLALOBOS,", "María José Guadalupe")
    assert not two.shortened


def test_initials_of_hyphenated_given_names() -> None:
    parsed = PatientName.parse("DUPONT, Marie Jean-Luc")
    assert parsed.with_initials() == ("Marie", "J.-L.")


@pytest.mark.parametrize("stock", all_stocks(), ids=lambda stock: stock.name)
def test_the_first_given_name_survives_on_every_stock(stock) -> None:  # type: ignore[no-untyped-def]
    label = replace(sample_labels(1)[0], name=LONG)
    if stock.name.startswith("zpl"):
        assert "Hubert" in chart_labels_zpl([label], stock)
        return
    layout = layout_chart_label(label, stock.place(1)[0], PrintSettings(), stock)
    printed = " ".join(run.fitted.text for run in layout.runs)
    assert "Hubert" in printed and "WOLF" in printed


PAIRS = [
    ("avery-5160", "avery-5163"),
    ("thermal-2.25x1.25", "thermal-4x2"),
    ("avery-5167", "avery-5160"),
]
NAMES = st.builds(
    lambda family, given: f"{family}, {given}",
    st.text(alphabet=st.sampled_from(list("ABCDEFGHIJKLMNOPQRSTUVWXYZ-")), min_size=1, max_size=45),
    st.text(alphabet=st.sampled_from(list("abcdefghijklmn ")), min_size=1, max_size=40),
)


@settings(max_examples=40, deadline=None)
@given(name=NAMES, pair=st.sampled_from(PAIRS))
def test_a_larger_stock_never_shortens_what_a_smaller_one_prints_whole(
    name: str, pair: tuple[str, str]
) -> None:
    smaller, larger = (stock_by_name(stock) for stock in pair)
    label = replace(sample_labels(1)[0], name=name, year=None)
    small = layout_chart_label(label, smaller.place(1)[0], PrintSettings(), smaller)
    large = layout_chart_label(label, larger.place(1)[0], PrintSettings(), larger)
    assert large.name_shortened <= small.name_shortened


def test_the_first_given_name_becomes_an_initial_before_it_is_lost() -> None:
    fitted = shorten_name("ΠΑΠΑΔΟΠΟΎΛΟΥ, Γιώργος", _fits(12))
    assert fitted.lines == ("ΠΑΠΑΔ…, Γ.",) or fitted.lines[0].endswith(", Γ.")
