"""The password policy: zxcvbn's estimate with the user's and the site's words as context."""

from __future__ import annotations

import pytest

from recordsdesk.domain.errors import InvalidInput
from recordsdesk.domain.passwords import check_password


@pytest.mark.parametrize(
    "password", ["Password12", "Welcome2024", "Hospital2024", "Summer2025!", "Cardiology2025"]
)
def test_guessable_passwords_are_refused(password: str) -> None:
    with pytest.raises(InvalidInput, match="guessed too soon"):
        check_password(password, "cleo")


def test_the_site_s_name_is_context() -> None:
    check_password("Wellington2024!", "cleo")  # a word, a year: strong enough elsewhere
    with pytest.raises(InvalidInput, match="guessed too soon"):
        check_password("Wellington2024!", "cleo", ["Wellington Clinic"])


def test_the_user_s_full_name_is_context() -> None:
    check_password("Bartholomew1990!", "bj")
    with pytest.raises(InvalidInput, match="guessed too soon"):
        check_password("Bartholomew1990!", "bj", ["Bartholomew Jones"])


def test_a_few_unrelated_words_pass() -> None:
    check_password("tide pool seventeen", "cleo", ["Main file room"])
