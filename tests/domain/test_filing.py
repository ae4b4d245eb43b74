"""Filing schemes: the worked examples, and properties that hold for every MRN."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recordsdesk.domain.errors import InvalidInput
from recordsdesk.domain.filing import (
    NON_NUMERIC_SECTION,
    FilingRules,
    FilingScheme,
    filing_order,
    shelf_position,
)

numeric_mrns = st.text(alphabet="0123456789", min_size=1, max_size=12)
any_mrns = st.one_of(numeric_mrns, st.from_regex(r"[A-Z][A-Z0-9]{1,8}", fullmatch=True))
schemes = st.sampled_from(list(FilingScheme))


def test_terminal_digit_worked_example() -> None:
    assert filing_order(["132466", "423266", "522466", "423213"]) == [
        "423213",
        "132466",
        "522466",
        "423266",
    ]


def test_terminal_digit_positions_and_groups() -> None:
    position = shelf_position("123456")
    assert (position.section, position.display, position.groups) == ("56", "56-34-12", "12-34-56")


def test_short_mrn_is_zero_padded_to_the_site_width() -> None:
    assert shelf_position("42").groups == "00-00-42"
    assert shelf_position("42").section == "42"
    assert shelf_position("42", FilingRules(width=8)).groups == "00-00-00-42"


def test_long_mrns_order_their_leading_digits_as_a_number() -> None:
    # Same primary 56 and secondary 34: tertiary 9 < 12 < 100 as numbers, not as text.
    assert filing_order(["10003456", "123456", "93456"]) == ["93456", "123456", "10003456"]


def test_middle_digit_files_by_the_middle_pair() -> None:
    rules = FilingRules(FilingScheme.MIDDLE)
    assert shelf_position("010849", rules).section == "08"
    assert filing_order(["010849", "990701", "000850"], rules) == ["990701", "000850", "010849"]


def test_straight_numeric_is_plain_number_order() -> None:
    rules = FilingRules(FilingScheme.STRAIGHT)
    assert filing_order(["1000", "99", "100"], rules) == ["99", "100", "1000"]


def test_non_numeric_mrns_file_apart_after_the_rest() -> None:
    order = filing_order(["AB123", "999999", "000001"])
    assert order[-1] == "AB123"
    assert shelf_position("AB123").section == NON_NUMERIC_SECTION
    assert not shelf_position("AB123").numeric


def test_leading_zeros_distinguish_patients_when_significant() -> None:
    assert shelf_position("00432").key != shelf_position("432").key


@pytest.mark.parametrize("width", [3, 5, 22])
def test_bad_widths_are_refused(width: int) -> None:
    with pytest.raises(InvalidInput, match=str(width)):
        FilingRules(width=width)


def test_unknown_scheme_names_the_choices() -> None:
    with pytest.raises(InvalidInput, match="terminal, middle, straight"):
        FilingScheme.parse("alphabetic")


@given(st.lists(any_mrns, min_size=2, max_size=30), schemes)
def test_filing_order_is_a_total_order(mrns: list[str], scheme: FilingScheme) -> None:
    rules = FilingRules(scheme)
    keys = [shelf_position(m, rules).key for m in mrns]
    # Distinct MRNs never share a key; sorting is independent of the input order.
    assert len(set(keys)) == len(set(mrns))
    assert filing_order(mrns, rules) == filing_order(
        list(reversed(filing_order(mrns, rules))), rules
    )


@given(numeric_mrns, numeric_mrns)
def test_terminal_key_orders_by_primary_then_secondary_then_rest(a: str, b: str) -> None:
    pa, pb = shelf_position(a), shelf_position(b)
    da, db = a.zfill(6), b.zfill(6)
    tuple_a = (int(da[-2:]), int(da[-4:-2]), int(da[:-4] or "0"))
    tuple_b = (int(db[-2:]), int(db[-4:-2]), int(db[:-4] or "0"))
    if tuple_a < tuple_b:
        assert pa.key < pb.key
    elif tuple_a > tuple_b:
        assert pa.key > pb.key


@given(numeric_mrns)
def test_groups_round_trip_to_the_padded_mrn(mrn: str) -> None:
    assert shelf_position(mrn).groups.replace("-", "") == mrn.zfill(6)
