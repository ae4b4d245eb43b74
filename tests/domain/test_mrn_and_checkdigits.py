"""MRN rules and check digits, with known vectors."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recordsdesk.domain.checkdigit import (
    CheckDigitScheme,
    hl7_mod10_digit,
    hl7_mod11_digit,
    is_valid,
    luhn_digit,
)
from recordsdesk.domain.errors import InvalidInput
from recordsdesk.domain.mrn import MrnRules, normalize_mrn

payloads = st.text(alphabet="0123456789", min_size=1, max_size=15)


def test_known_vectors() -> None:
    assert luhn_digit("123456") == "6"
    assert luhn_digit("7992739871") == "3"
    assert hl7_mod11_digit("1234567") == "4"
    assert hl7_mod10_digit("12345") == "5"


@given(payloads)
def test_hl7_mod10_agrees_with_luhn(payload: str) -> None:
    assert hl7_mod10_digit(payload) == luhn_digit(payload)


@given(payloads, st.sampled_from([CheckDigitScheme.LUHN, CheckDigitScheme.HL7_MOD10]))
def test_a_single_wrong_digit_is_caught(payload: str, scheme: CheckDigitScheme) -> None:
    mrn = payload + luhn_digit(payload)
    assert is_valid(scheme, mrn)
    wrong = str((int(mrn[-1]) + 1) % 10)
    assert not is_valid(scheme, mrn[:-1] + wrong)


@given(payloads)
def test_mod11_valid_or_uncheckable(payload: str) -> None:
    digit = hl7_mod11_digit(payload)
    if digit is None:
        assert not any(is_valid(CheckDigitScheme.HL7_MOD11, payload + d) for d in "0123456789")
    else:
        assert is_valid(CheckDigitScheme.HL7_MOD11, payload + digit)


def test_normalising() -> None:
    assert normalize_mrn(" 00432 ") == "432"
    assert normalize_mrn("00432", MrnRules(leading_zeros_significant=True)) == "00432"
    assert normalize_mrn("ab-12") == "AB-12"


@pytest.mark.parametrize("raw", ["", "  ", "12 34", "12/34", "É123", "x" * 31])
def test_malformed_mrns_are_refused(raw: str) -> None:
    with pytest.raises(InvalidInput):
        normalize_mrn(raw)


def test_check_digit_failure_is_a_clear_message() -> None:
    rules = MrnRules(check_digit=CheckDigitScheme.LUHN)
    assert normalize_mrn("1234566", rules) == "1234566"
    with pytest.raises(InvalidInput, match="1234567 fails the site's luhn check digit"):
        normalize_mrn("1234567", rules)
    with pytest.raises(InvalidInput, match="must be all digits"):
        normalize_mrn("AB12", rules)
