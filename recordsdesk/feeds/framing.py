"""Turning a feed's bytes into text, and HL7 text into messages with their line numbers."""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise

from recordsdesk.domain.errors import InvalidInput

# MLLP wraps each message in 0x0B ... 0x1C 0x0D; files saved from an interface engine keep them.
_MLLP_START = "\x0b"
_MLLP_END = "\x1c"
_ENVELOPE = ("FHS", "FTS", "BHS", "BTS")
# A message header: MSH, its field separator, one to five encoding characters, the separator.
_HEADER = re.compile(r"^MSH([^\w\s])[^\w\s]{1,5}\1")


def line_of(data: bytes, offset: int) -> int:
    """The line a byte offset is on, whatever the line ends (CR, LF or CRLF each end one)."""
    before = data[:offset]
    pairs = before.count(b"\r\n")
    return before.count(b"\r") + before.count(b"\n") - pairs + 1


def decode_feed(data: bytes, source: str, encoding: str = "utf-8") -> str:
    """The feed as text; a UTF-8 byte-order mark is dropped, undecodable bytes are refused."""
    try:
        codec = codecs.lookup(encoding).name
    except LookupError:
        raise InvalidInput(f"Unknown text encoding '{encoding}' for {source}.") from None
    if codec == "utf-8":
        codec = "utf-8-sig"
    try:
        return data.decode(codec)
    except UnicodeDecodeError as error:
        line = line_of(data, error.start)
        raise InvalidInput(
            f"{source} is not {encoding} text (byte 0x{data[error.start]:02X} on line {line}): "
            "check the file, or set the feed's fallback encoding (schedule feed set NAME "
            "encoding=...)."
        ) from None


def split_lines(text: str) -> list[str]:
    """Lines whatever the line ends (CR, LF, CRLF), with MLLP framing bytes removed.

    An MLLP end byte with no CR after it is left in its line: frame_messages cuts there.
    """
    cleaned = text.replace(_MLLP_START, "")
    cleaned = cleaned.replace(_MLLP_END + "\r", "\r").replace(_MLLP_END + "\n", "\n")
    return cleaned.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _header_pattern(line: str) -> re.Pattern[str] | None:
    """The exact header this file's messages start with (MSH, its separator and encoding
    characters, a separator), to find a message joined to the one before without a CR."""
    match = _HEADER.match(line)
    return re.compile(re.escape(match.group(0))) if match else None


@dataclass(frozen=True)
class FramedMessage:
    """One HL7 message cut from a file: its number, the line its MSH is on, CR-joined text."""

    number: int
    line: int
    text: str
    recovered: str = ""

    @property
    def position(self) -> str:
        """Where the message is, as a clerk would look for it in the file."""
        return f"message {self.number}, line {self.line}"


@dataclass(frozen=True)
class StrayLines:
    """Lines that belong to no message (before the first MSH): reported, not imported."""

    first_line: int
    last_line: int

    @property
    def position(self) -> str:
        """The line or range of lines."""
        if self.first_line == self.last_line:
            return f"line {self.first_line}"
        return f"lines {self.first_line}-{self.last_line}"


def frame_messages(text: str) -> Iterator[FramedMessage | StrayLines]:
    """The messages of an HL7 file in order; batch and file envelopes (FHS, BHS...) are dropped.

    Framing is recovered where the boundary is unambiguous, and said in ``recovered``: a message
    whose MSH header (with the file's own delimiters) follows the last segment of the one before
    on the same line, with no CR between; an MLLP end byte with no CR after it.
    """
    number = 0
    start = 0
    segments: list[str] = []
    stray: list[int] = []
    recovered = ""
    header: re.Pattern[str] | None = None
    for index, raw in enumerate(split_lines(text), start=1):
        line = raw.strip()
        if not line or line[:3] in _ENVELOPE:
            continue
        if header is None and line.startswith("MSH"):
            header = _header_pattern(line)
        pieces = [(line, "")]
        if header is not None and (_MLLP_END in line or header.search(line, 1)):
            pieces = _cut(line, header)
        for piece, how in pieces:
            if piece[:3] in _ENVELOPE:
                continue
            if piece.startswith("MSH"):
                if segments:
                    yield FramedMessage(number, start, "\r".join(segments), recovered)
                if stray:
                    yield StrayLines(stray[0], stray[-1])
                    stray = []
                number += 1
                start = index
                segments = [piece]
                recovered = how
            elif segments:
                segments.append(piece)
            else:
                stray.append(index)
    if stray:
        yield StrayLines(stray[0], stray[-1])
    if segments:
        yield FramedMessage(number, start, "\r".join(segments), recovered)


def _cut(line: str, header: re.Pattern[str]) -> list[tuple[str, str]]:
    """A line holding more than one segment, cut at each MLLP end byte and at each message
    header after its start; each piece with how its boundary was found ('' for the first)."""
    pieces: list[tuple[str, str]] = []
    for number, framed in enumerate(line.split(_MLLP_END)):
        how = "framing recovered: an MLLP end byte with no CR after it" if number else ""
        cuts = [m.start() for m in header.finditer(framed) if m.start() > 0]
        bounds = [0, *cuts, len(framed)]
        for index, (begin, end) in enumerate(pairwise(bounds)):
            text = framed[begin:end].strip()
            if index:
                how = (
                    "framing recovered: this message's MSH followed the last segment of the "
                    "one before on the same line, with no CR between"
                )
            if text:
                pieces.append((text, how))
    return pieces
