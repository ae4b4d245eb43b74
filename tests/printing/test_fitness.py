"""Stock fitness: a stock whose bars or text fall under the scanning guidance is named, with why."""

from __future__ import annotations

import pytest

from recordsdesk.printing.fitness import fitness_warning, stock_fitness
from recordsdesk.printing.stocks import Stock, StockKind, all_stocks, stock_by_name


def test_the_return_address_stock_is_named_for_its_short_bars() -> None:
    reasons = stock_fitness(stock_by_name("avery-5167"))
    assert any("mm tall" in reason for reason in reasons)
    warning = fitness_warning(stock_by_name("avery-5167"))
    assert warning.startswith("Avery 5167") and "6 mm" in warning


@pytest.mark.parametrize(
    "name", ["avery-5160", "avery-5163", "avery-5066", "thermal-2.25x1.25", "thermal-4x2", "zpl"]
)
def test_the_usual_stocks_are_fit(name: str) -> None:
    assert stock_fitness(stock_by_name(name)) == ()


def test_a_tiny_stock_is_named_for_its_text_and_bars() -> None:
    tiny = Stock("tiny", "a tiny roll", StockKind.ROLL, 1.2 * 72, 0.35 * 72, dots_per_inch=203)
    reasons = " ".join(stock_fitness(tiny))
    assert "mm tall" in reasons
    assert "0.25 mm" in reasons or "does not fit" in reasons or "pt" in reasons


def test_every_stock_is_judged() -> None:
    for stock in all_stocks():
        assert isinstance(stock_fitness(stock), tuple)
