"""Medical record numbers: the site's rules for reading, normalising and checking them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from recordsdesk.domain.checkdigit import CheckDigitScheme, is_valid
from recordsdesk.domain.errors import InvalidInput

_ALLOWED = re.compile(r"^[A-Z0-9][A-Z0-9\-]{0,29}$")


@dataclass(frozen=True)
class MrnRules:
    """A site's MRN settings: significant leading zeros and an optional check digit."""

    leading_zeros_significant: bool = False
    check_digit: CheckDigitScheme = CheckDigitScheme.NONE


def normalize_mrn(raw: str, rules: MrnRules = MrnRules()) -> str:
    """The MRN as the site stores it, or InvalidInput naming what is wrong with ``raw``."""
    text = raw.strip().upper()
    if not text:
        raise InvalidInput("The MRN is empty.")
    if not _ALLOWED.match(text):
        raise InvalidInput(
            f"'{raw.strip()}' is not a valid MRN: use letters, digits and dashes, at most 30."
        )
    if text.isdigit():
        if rules.check_digit is not CheckDigitScheme.NONE and not is_valid(rules.check_digit, text):
            raise InvalidInput(
                f"MRN {text} fails the site's {rules.check_digit.value} check digit: "
                "check it was typed correctly."
            )
        if not rules.leading_zeros_significant:
            text = text.lstrip("0") or "0"
    elif rules.check_digit is not CheckDigitScheme.NONE:
        raise InvalidInput(f"MRN {text} must be all digits to carry the site's check digit.")
    return text
