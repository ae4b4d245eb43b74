"""The history chain's message is written faster but must stay byte for byte what it was."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta, timezone
from enum import IntEnum, StrEnum

from hypothesis import given
from hypothesis import strategies as st

from recordsdesk.domain.history_mac import (
    FORMAT,
    _plain,
    entry_mac,
    entry_macs,
    message,
)


def reference_message(
    seq: int, key_id: int, previous: str, source: str, values: Sequence[object]
) -> bytes:
    """The message as the chain's first version wrote it: json.dumps of the whole list."""
    body = [FORMAT, seq, key_id, previous, source, *(_plain(v) for v in values)]
    return json.dumps(body, ensure_ascii=True, separators=(",", ":")).encode("ascii")


class Kind(StrEnum):
    OUT = "out"


class Level(IntEnum):
    HIGH = 3


moments = st.datetimes(
    min_value=datetime(1900, 1, 1), max_value=datetime(2200, 1, 1)
) | st.datetimes(timezones=st.sampled_from([UTC, timezone(timedelta(hours=-5, minutes=-30))]))
values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False),
    st.text(),  # any text: quotes, backslashes, controls, beyond ASCII, lone surrogates
    moments,
    st.dates(),
    st.sampled_from([Kind.OUT, Level.HIGH]),
)


@given(
    st.integers(min_value=1, max_value=2**40),
    st.integers(min_value=1, max_value=99),
    st.text(alphabet="0123456789abcdef", min_size=64, max_size=64),
    st.sampled_from(["movement", "audit"]),
    st.lists(values, max_size=10),
)
def test_the_message_is_the_bytes_json_dumps_wrote(
    seq: int, key_id: int, previous: str, source: str, items: list[object]
) -> None:
    assert message(seq, key_id, previous, source, items) == reference_message(
        seq, key_id, previous, source, items
    )


@given(st.lists(st.tuples(st.sampled_from(["movement", "audit"]), st.lists(values, max_size=8))))
def test_macs_of_a_batch_are_each_entrys_own(entries: list[tuple[str, list[object]]]) -> None:
    key = b"k" * 32
    previous, expected = "0" * 64, []
    for seq, (source, items) in enumerate(entries, 8):
        previous = entry_mac(key, seq, 2, previous, source, items)
        expected.append(previous)
    assert list(entry_macs(key, 2, 7, "0" * 64, entries)) == expected


def test_a_batch_sharing_values_gets_the_macs_one_by_one_would() -> None:
    at = datetime(2026, 11, 30, 4, 0, tzinfo=UTC)
    shared = [at, "clerk", "DESK-1", "patients_listed"]
    entries = [("audit", (n, *shared, f"{n:06d}", "retention list", "ok")) for n in range(50)]
    # The same objects, then an equal time that is another object, then a movement.
    entries.append(("audit", (50, at + timedelta(0), "clerk", "DESK-1", "x", None, "", "ok")))
    entries.append(("movement", (9, 4, "out", None, 3, 1, "DESK-1", at, date(2026, 12, 1), "")))
    previous, expected = "f" * 64, []
    for seq, (source, items) in enumerate(entries, 101):
        previous = entry_mac(b"key", seq, 1, previous, source, items)
        expected.append(previous)
    assert list(entry_macs(b"key", 1, 100, "f" * 64, entries)) == expected
