"""Framing recovered where the boundary is unambiguous, and said; lines right for CR files."""

from __future__ import annotations

import pytest

from recordsdesk.domain.errors import InvalidInput
from recordsdesk.feeds import read_schedule
from recordsdesk.feeds.framing import decode_feed, line_of

MSH = "MSH|^~\\&|OPERA|GENHOSP|RD|FILEROOM|20260301120000||SIU^{t}|{n}|P|2.4"


def _message(trigger: str, number: int, sch: str) -> str:
    return "\r".join(
        [
            MSH.format(t=trigger, n=number),
            f"SCH|{sch}|F{sch}|||||||||^^^20260310090000|||||||||||||Booked",
            f"PID|1||{100000 + number}^^^GENHOSP^MR||DOE^JANE",
            "AIL|1||CARD^^^GENHOSP",
        ]
    )


def test_two_messages_joined_without_a_cr_are_both_read_and_the_join_is_said() -> None:
    text = _message("S12", 1, "P1") + _message("S12", 2, "P2") + "\r"
    parsed = read_schedule(text.encode(), name="joined.hl7")
    assert [e.mrn for e in parsed.events] == ["100001", "100002"]
    assert parsed.problems == ()
    assert [n.position for n in parsed.notices] == ["message 2, line 4"]
    assert "no CR between" in parsed.notices[0].reason


def test_mllp_frames_with_no_cr_after_the_end_byte_lose_no_message() -> None:
    frames = "".join(f"\x0b{_message('S12', n, f'P{n}')}\x1c" for n in (1, 2, 3))
    parsed = read_schedule(frames.encode(), name="mllp.hl7")
    assert [e.mrn for e in parsed.events] == ["100001", "100002", "100003"]
    # The same recovery on several messages is said once, with the first place and how many.
    assert [(n.position, n.reason) for n in parsed.notices] == [
        ("message 2, line 4 and 1 more", "framing recovered: an MLLP end byte with no CR after it")
    ]


def test_an_msh_inside_a_field_with_other_delimiters_is_not_a_boundary() -> None:
    text = _message("S12", 1, "P1").replace("DOE^JANE", "DOE^MSH#JANE") + "\r"
    parsed = read_schedule(text.encode(), name="one.hl7")
    assert len(parsed.events) == 1 and parsed.notices == ()


@pytest.mark.parametrize(
    ("data", "line"),
    [(b"a\rb\rc\xff", 3), (b"a\r\nb\r\nc\xff", 3), (b"a\nb\n\nc\xff", 4)],
)
def test_the_line_of_a_bad_byte_counts_cr_lf_and_crlf_line_ends(data: bytes, line: int) -> None:
    assert line_of(data, data.index(b"\xff")) == line
    with pytest.raises(InvalidInput, match=f"line {line}"):
        decode_feed(data, "f.hl7")
