"""MRN check-digit schemes a site may require: Luhn, HL7 Mod 10 (M10) and HL7 Mod 11 (M11)."""

from __future__ import annotations

from enum import Enum


class CheckDigitScheme(Enum):
    """How the last digit of an MRN is checked, if at all."""

    NONE = "none"
    LUHN = "luhn"
    HL7_MOD10 = "mod10"
    HL7_MOD11 = "mod11"


def luhn_digit(payload: str) -> str:
    """The Luhn check digit for a string of digits (123456 -> 6)."""
    total = 0
    for position, char in enumerate(reversed(payload)):
        digit = int(char)
        if position % 2 == 0:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return str((10 - total % 10) % 10)


def hl7_mod10_digit(payload: str) -> str:
    """HL7 table 0061 M10: odd positions from the right, as a number, doubled; add the rest."""
    odd = payload[::-1][0::2][::-1]
    even = payload[::-1][1::2][::-1]
    digits = even + str(int(odd or "0") * 2)
    total = sum(int(char) for char in digits)
    return str((10 - total % 10) % 10)


def hl7_mod11_digit(payload: str) -> str | None:
    """HL7 table 0061 M11: weights 2..7 from the right; None when no digit fits (remainder 1)."""
    total = 0
    for position, char in enumerate(reversed(payload)):
        total += int(char) * (2 + position % 6)
    digit = (11 - total % 11) % 11
    return None if digit == 10 else str(digit)


def expected_digit(scheme: CheckDigitScheme, payload: str) -> str | None:
    """The check digit due after ``payload`` (None: the payload cannot carry one)."""
    if scheme is CheckDigitScheme.LUHN:
        return luhn_digit(payload)
    if scheme is CheckDigitScheme.HL7_MOD10:
        return hl7_mod10_digit(payload)
    if scheme is CheckDigitScheme.HL7_MOD11:
        return hl7_mod11_digit(payload)
    raise ValueError(f"no check digit for scheme {scheme}")


def is_valid(scheme: CheckDigitScheme, mrn: str) -> bool:
    """Whether a full MRN (payload then check digit) passes the scheme."""
    if scheme is CheckDigitScheme.NONE:
        return True
    if len(mrn) < 2 or not mrn.isdigit():
        return False
    return expected_digit(scheme, mrn[:-1]) == mrn[-1]
