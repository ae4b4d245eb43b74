"""MSH-18 and feed encodings as sites write them, and a message decoded as it declares."""

from __future__ import annotations

import pytest

from recordsdesk.domain.errors import InvalidInput
from recordsdesk.feeds import read_schedule
from recordsdesk.feeds.charsets import hl7_codec
from recordsdesk.feeds.profile import FeedProfile


@pytest.mark.parametrize(
    ("written", "codec"),
    [
        ("ASCII", "ascii"),
        ("8859/1", "latin-1"),
        ("8859/15", "iso8859-15"),
        ("ISO-8859-1", "latin-1"),
        ("ISO_IR 100", "latin-1"),
        ("UNICODE UTF-8", "utf-8"),
        ("unicode  utf-8", "utf-8"),
        ("UTF8", "utf-8"),
        ("ISO_IR 192", "utf-8"),
        ("CP1252", "cp1252"),
        ("8859-2", "iso8859-2"),
        ("UNICODE UTF-16", ""),
        ("EBCDIC-KLINGON", ""),
    ],
)
def test_msh18_names_and_aliases(written: str, codec: str) -> None:
    assert hl7_codec(written) == codec


def test_an_unknown_feed_encoding_is_refused_when_set() -> None:
    with pytest.raises(InvalidInput, match="Unknown text encoding 'klingon'"):
        FeedProfile(encoding="klingon")


MSH = "MSH|^~\\&|EU|KLINIK|RD|FR|20260301080000||SIU^S12|1|P|2.5|||||DEU|{charset}\r"
BODY = "SCH||A1|||||||||^^^209903030900\rPID|1||1234^^^K^MR||MÜLLER^Jürgen\rAIL|1||KARD\r"


def test_each_message_is_decoded_as_its_msh18_declares() -> None:
    latin = (MSH.format(charset="8859/1") + BODY).encode("latin-1")
    utf8 = (MSH.format(charset="UNICODE UTF-8") + BODY.replace("A1", "A2")).encode()
    parsed = read_schedule(latin + utf8, name="mixed.hl7")
    assert [e.family_name for e in parsed.events] == ["MÜLLER", "MÜLLER"]
    assert [str(n) for n in parsed.notices] == [
        "message 1, line 1: decoded as latin-1 (MSH-18 8859/1)"
    ]


def test_without_msh18_the_feed_fallback_is_used_and_else_the_byte_is_located() -> None:
    data = (MSH.format(charset="") + BODY).encode("latin-1")
    refused = read_schedule(data, name="x.hl7")
    assert refused.problems[0].reason.startswith(
        "byte 0xDC in segment 3 (PID), line 3, is not utf-8 text"
    )
    parsed = read_schedule(data, name="x.hl7", profile=FeedProfile(encoding="8859-1"))
    assert parsed.events[0].given_name == "Jürgen"
