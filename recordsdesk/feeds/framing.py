"""Turning a feed's bytes into text, and HL7 text into messages with their line numbers."""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from dataclasses import dataclass

from recordsdesk.domain.errors import InvalidInput

# MLLP wraps each message in 0x0B ... 0x1C 0x0D; files saved from an interface engine keep them.
_MLLP_START = "\x0b"
_MLLP_END = "\x1c"
_ENVELOPE = ("FHS", "FTS", "BHS", "BTS")


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
        line = data.count(b"\n", 0, error.start) + 1
        raise InvalidInput(
            f"{source} is not {encoding} text (byte 0x{data[error.start]:02X} on line {line}): "
            "check the file, or set the feed's text encoding."
        ) from None


def split_lines(text: str) -> list[str]:
    """Lines whatever the line ends (CR, LF, CRLF), with MLLP framing bytes removed."""
    cleaned = text.replace(_MLLP_START, "").replace(_MLLP_END, "")
    return cleaned.replace("\r\n", "\n").replace("\r", "\n").split("\n")


@dataclass(frozen=True)
class FramedMessage:
    """One HL7 message cut from a file: its number, the line its MSH is on, CR-joined text."""

    number: int
    line: int
    text: str

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
    """The messages of an HL7 file in order; batch and file envelopes (FHS, BHS...) are dropped."""
    number = 0
    start = 0
    segments: list[str] = []
    stray: list[int] = []
    for index, raw in enumerate(split_lines(text), start=1):
        line = raw.strip()
        if not line or line[:3] in _ENVELOPE:
            continue
        if line.startswith("MSH"):
            if segments:
                yield FramedMessage(number, start, "\r".join(segments))
            if stray:
                yield StrayLines(stray[0], stray[-1])
                stray = []
            number += 1
            start = index
            segments = [line]
        elif segments:
            segments.append(line)
        else:
            stray.append(index)
    if stray:
        yield StrayLines(stray[0], stray[-1])
    if segments:
        yield FramedMessage(number, start, "\r".join(segments))
