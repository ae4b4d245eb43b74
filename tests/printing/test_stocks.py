"""Label stocks: the manufacturers' geometry, lookups by name, start positions."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recordsdesk.domain.errors import InvalidInput
from recordsdesk.printing.stocks import StockKind, all_stocks, stock_by_name

# Avery's published template figures, in inches: label (w, h), columns x rows, left and top
# page margins, horizontal and vertical pitch.
AVERY = {
    "avery-5160": ((2.625, 1.0), (3, 10), (0.1875, 0.5), (2.75, 1.0)),
    "avery-5163": ((4.0, 2.0), (2, 5), (0.15625, 0.5), (4.1875, 2.0)),
    "avery-5167": ((1.75, 0.5), (4, 20), (0.3, 0.5), (2.05, 0.5)),
    "avery-5066": ((3.4375, 0.6667), (2, 15), (0.53125, 0.5), (4.0, 0.6667)),
    "avery-5366": ((3.4375, 0.6667), (2, 15), (0.53125, 0.5), (4.0, 0.6667)),
}
HALF_MM = 0.5 / 25.4 * 72


@pytest.mark.parametrize("name", sorted(AVERY))
def test_sheet_geometry_matches_avery(name: str) -> None:
    (width, height), (columns, rows), (left, top), (across, down) = AVERY[name]
    stock = stock_by_name(name)
    assert stock.kind is StockKind.SHEET
    assert stock.page_size == (612.0, 792.0)
    assert (stock.columns, stock.rows) == (columns, rows)
    for position in range(1, columns * rows + 1):
        row, column = divmod(position - 1, columns)
        cell = stock.cell(0, position)
        expected_x = (left + column * across) * 72
        expected_top = (top + row * down) * 72
        assert cell.x == pytest.approx(expected_x, abs=HALF_MM)
        assert 792 - (cell.y + cell.height) == pytest.approx(expected_top, abs=HALF_MM)
        assert cell.width == pytest.approx(width * 72, abs=HALF_MM)
        assert cell.height == pytest.approx(height * 72, abs=HALF_MM)
    # The last label ends inside the sheet, the same distance from the edges as the first.
    last = stock.cell(0, columns * rows)
    assert 612 - (last.x + last.width) == pytest.approx(left * 72, abs=HALF_MM)
    assert last.y == pytest.approx(top * 72, abs=HALF_MM)


def test_rolls_are_one_label_per_page() -> None:
    small = stock_by_name("thermal-2.25x1.25")
    large = stock_by_name("thermal-4x2")
    assert small.page_size == pytest.approx((162.0, 90.0))
    assert large.page_size == pytest.approx((288.0, 144.0))
    assert small.labels_per_page == large.labels_per_page == 1
    assert [cell.page for cell in small.place(3)] == [0, 1, 2]


@pytest.mark.parametrize("spelling", ["avery-5160", "5160", "Avery 5160", " AVERY_5160 "])
def test_stock_lookup_accepts_usual_spellings(spelling: str) -> None:
    assert stock_by_name(spelling).name == "avery-5160"


def test_unknown_stock_names_the_choices() -> None:
    with pytest.raises(InvalidInput) as caught:
        stock_by_name("avery-9999")
    message = str(caught.value)
    assert "avery-9999" in message
    for stock in all_stocks():
        assert stock.name in message


def test_start_position_past_the_sheet_is_refused() -> None:
    stock = stock_by_name("5160")
    with pytest.raises(InvalidInput, match="31 is past the sheet"):
        stock.place(1, start_at=31)
    with pytest.raises(InvalidInput):
        stock.place(1, start_at=0)
    with pytest.raises(InvalidInput, match="one label per page"):
        stock_by_name("thermal-4x2").place(1, start_at=2)


@given(
    stock=st.sampled_from([s for s in all_stocks() if s.kind is StockKind.SHEET]),
    count=st.integers(1, 200),
    data=st.data(),
)
def test_placement_fills_sheets_in_order_from_the_start(stock, count, data) -> None:  # type: ignore[no-untyped-def]
    start = data.draw(st.integers(1, stock.labels_per_page))
    cells = stock.place(count, start)
    assert len(cells) == count
    assert (cells[0].page, cells[0].position) == (0, start)
    slots = [cell.page * stock.labels_per_page + cell.position for cell in cells]
    assert slots == list(range(start, start + count))
