"""Retention rules with the worked cases: adults, minors, the deceased, permanent, holds."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recordsdesk.domain.errors import InvalidInput
from recordsdesk.domain.retention import (
    EXAMPLE_RULES,
    HoldScope,
    RecordFacts,
    RetentionRule,
    Status,
    add_years,
    box_barcode,
    parse_box_barcode,
    retention_of,
    retire_from,
    shelf_inches,
    status_on,
)

TEN_YEARS = RetentionRule("Adults 10 years", years_after_activity=10)
MINORS = RetentionRule(
    "Majority 18 plus 7, or 10 after last activity",
    years_after_activity=10,
    majority_age=18,
    years_after_majority=7,
)


def test_an_adult_last_seen_2015_03_01_under_10_years_is_eligible_from_2025_03_01() -> None:
    facts = RecordFacts(last_activity=date(2015, 3, 1), dob=date(1960, 1, 1))
    assert retention_of(TEN_YEARS, facts).keep_until == date(2025, 3, 1)
    assert status_on(TEN_YEARS, facts, date(2025, 2, 28), held=False) is Status.KEPT
    assert status_on(TEN_YEARS, facts, date(2025, 3, 1), held=False) is Status.ELIGIBLE


def test_a_child_born_2010_seen_2016_is_kept_until_2035_06_01() -> None:
    facts = RecordFacts(last_activity=date(2016, 1, 1), dob=date(2010, 6, 1))
    retention = retention_of(MINORS, facts)
    assert retention.keep_until == date(2035, 6, 1)
    assert "minor" in retention.basis
    assert status_on(MINORS, facts, date(2035, 5, 31), held=False) is Status.KEPT
    assert status_on(MINORS, facts, date(2035, 6, 1), held=False) is Status.ELIGIBLE


def test_the_later_of_the_two_periods_wins_for_a_minor_seen_late() -> None:
    # Seen at 17: 18 + 7 = age 25 (2035), but 10 years after 2027 is 2037.
    facts = RecordFacts(last_activity=date(2027, 7, 1), dob=date(2010, 6, 1))
    assert retention_of(MINORS, facts).keep_until == date(2037, 7, 1)


def test_an_adult_at_the_last_visit_takes_the_adult_period() -> None:
    facts = RecordFacts(last_activity=date(2029, 1, 1), dob=date(2010, 6, 1))
    assert retention_of(MINORS, facts).keep_until == date(2039, 1, 1)


def test_a_hold_wins_over_both_rules() -> None:
    adult = RecordFacts(last_activity=date(2015, 3, 1))
    child = RecordFacts(last_activity=date(2016, 1, 1), dob=date(2010, 6, 1))
    assert status_on(TEN_YEARS, adult, date(2040, 1, 1), held=True) is Status.HELD
    assert status_on(MINORS, child, date(2040, 1, 1), held=True) is Status.HELD


def test_the_deceased_and_permanent_records() -> None:
    rule = RetentionRule("r", years_after_activity=10, years_after_death=3)
    facts = RecordFacts(last_activity=date(2020, 1, 1), died_on=date(2021, 5, 4))
    assert retention_of(rule, facts).keep_until == date(2024, 5, 4)
    forever = RetentionRule("Permanent", permanent=True)
    assert retention_of(forever, facts).keep_until is None
    assert status_on(forever, facts, date(2999, 1, 1), held=False) is Status.PERMANENT


def test_retirement_off_site_follows_its_own_period() -> None:
    rule = RetentionRule("r", years_after_activity=10, retire_after_years=3)
    assert retire_from(rule, RecordFacts(date(2020, 2, 29))) == date(2023, 2, 28)
    assert retire_from(TEN_YEARS, RecordFacts(date(2020, 1, 1))) is None


@pytest.mark.parametrize(
    ("rule", "words"),
    [
        (RetentionRule(" "), "needs a name"),
        (RetentionRule("r"), "years after last activity"),
        (RetentionRule("r", years_after_activity=-1), "0 to 150"),
        (RetentionRule("r", years_after_activity=5, majority_age=18), "both"),
    ],
)
def test_a_bad_rule_is_refused_with_the_reason(rule: RetentionRule, words: str) -> None:
    with pytest.raises(InvalidInput, match=words):
        rule.check()


def test_shipped_examples_are_named_as_examples_and_cite_no_law() -> None:
    assert EXAMPLE_RULES
    for rule in EXAMPLE_RULES:
        assert rule.check().is_example
        assert "not legal advice" in rule.citation
    assert not TEN_YEARS.is_example


def test_holds_cover_by_patient_type_and_date_range() -> None:
    first, last = date(2012, 1, 1), date(2016, 1, 1)
    assert HoldScope(patient_id=7).covers(7, "MR", first, last)
    assert not HoldScope(patient_id=7).covers(8, "MR", first, last)
    assert HoldScope(record_type="RAD").covers(1, "RAD", first, last)
    assert not HoldScope(record_type="RAD").covers(1, "MR", first, last)
    assert HoldScope(starts_on=date(2015, 1, 1), ends_on=date(2015, 12, 31)).covers(
        1, "MR", first, last
    )
    assert not HoldScope(starts_on=date(2017, 1, 1)).covers(1, "MR", first, last)
    assert not HoldScope(ends_on=date(2011, 1, 1)).covers(1, "MR", first, last)
    with pytest.raises(InvalidInput, match="must name"):
        HoldScope().check()
    with pytest.raises(InvalidInput, match="after it ends"):
        HoldScope(starts_on=date(2020, 1, 2), ends_on=date(2020, 1, 1)).check()


def test_box_barcodes_and_shelf_inches() -> None:
    assert box_barcode(123) == "B000123"
    assert parse_box_barcode(" b000123 ") == 123
    assert parse_box_barcode("V0000123") is None
    assert shelf_inches(3) == 4.5


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)), st.integers(0, 100))
def test_add_years_lands_in_the_right_year_and_never_early(day: date, years: int) -> None:
    later = add_years(day, years)
    assert later.year == day.year + years
    assert (later.month, later.day) <= (day.month, day.day)


@given(
    st.dates(min_value=date(1950, 1, 1), max_value=date(2050, 1, 1)),
    st.dates(min_value=date(1950, 1, 1), max_value=date(2050, 1, 1)),
)
def test_a_minor_is_never_kept_less_than_an_adult(last: date, dob: date) -> None:
    facts = RecordFacts(last_activity=last, dob=dob)
    adult = retention_of(TEN_YEARS, facts).keep_until
    minor = retention_of(MINORS, facts).keep_until
    assert adult is not None and minor is not None and minor >= adult
