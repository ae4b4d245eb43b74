"""The barcode grammar: every kind told apart, round trips, scanner framing, garbled input."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recordsdesk.domain.barcodes import (
    Command,
    ScanKind,
    ScannerConfig,
    command_barcode,
    location_barcode,
    parse_scan,
    person_barcode,
    request_barcode,
    volume_barcode,
)
from recordsdesk.domain.errors import InvalidInput

codes = st.from_regex(r"[A-Z0-9][A-Z0-9\-]{0,15}", fullmatch=True)


@given(st.integers(min_value=1, max_value=10**9))
def test_volume_and_request_round_trip(number: int) -> None:
    volume = parse_scan(volume_barcode(number))
    assert (volume.kind, volume.value) == (ScanKind.VOLUME, volume_barcode(number))
    request = parse_scan(request_barcode(number))
    assert request.kind is ScanKind.REQUEST


@given(codes)
def test_location_and_person_round_trip(code: str) -> None:
    assert parse_scan(location_barcode(code)).value == code
    assert parse_scan(location_barcode(code)).kind is ScanKind.LOCATION
    assert parse_scan(person_barcode(code)).kind is ScanKind.PERSON


@pytest.mark.parametrize("command", list(Command))
def test_commands_round_trip(command: Command) -> None:
    scan = parse_scan(command_barcode(command))
    assert (scan.kind, scan.value) == (ScanKind.COMMAND, command.value)


def test_plain_mrns_and_forced_mrns() -> None:
    assert parse_scan("123456").kind is ScanKind.MRN
    assert parse_scan("m-V0000001").value == "V0000001"


def test_scanner_prefix_and_suffix_are_stripped() -> None:
    config = ScannerConfig(prefix="]C0", suffix="#")
    assert parse_scan("]C0V0000042#", config).value == "V0000042"
    assert parse_scan(" v0000042 \r\n").value == "V0000042"


@pytest.mark.parametrize(
    ("raw", "needle"),
    [
        ("", "Empty"),
        ("   ", "Empty"),
        ("V00\x0012", "Garbled"),
        ("é@!", "Unreadable"),
        ("C-DANCE", "Unknown command"),
    ],
)
def test_garbled_scans_name_the_problem(raw: str, needle: str) -> None:
    with pytest.raises(InvalidInput, match=needle):
        parse_scan(raw)


@given(st.text(max_size=40))
def test_any_text_parses_or_is_refused_cleanly(raw: str) -> None:
    try:
        scan = parse_scan(raw)
    except InvalidInput as exc:
        assert exc.message
    else:
        assert scan.value
