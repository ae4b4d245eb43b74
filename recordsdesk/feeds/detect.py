"""Reading a schedule file: its format recognised by content, then parsed by the right reader."""

from __future__ import annotations

import os
from pathlib import Path

from recordsdesk.domain.errors import InvalidInput, NotFound
from recordsdesk.domain.mrn import MrnRules
from recordsdesk.feeds.csv_schedule import DELIMITERS, CsvLayout, parse_csv_schedule
from recordsdesk.feeds.events import FeedFormat, ParsedSchedule
from recordsdesk.feeds.framing import decode_feed, split_lines
from recordsdesk.feeds.hl7_siu import parse_hl7_schedule

_HL7_HEADERS = ("MSH", "FHS", "BHS")
_DEFAULT_LAYOUT = CsvLayout()
_SITE_DEFAULTS = MrnRules()


def detect_format(text: str) -> FeedFormat | None:
    """HL7 when the first line is an MSH (or FHS/BHS) header, CSV when it is a delimited header."""
    first = next((line.strip() for line in split_lines(text.lstrip("\ufeff")) if line.strip()), "")
    if first[:3] in _HL7_HEADERS and len(first) > 3 and not first[3].isalnum():
        return FeedFormat.HL7
    printable = all(char.isprintable() or char == "\t" for char in first)
    if printable and any(delimiter in first for delimiter in DELIMITERS):
        return FeedFormat.CSV
    return None


def read_schedule(
    source: os.PathLike[str] | bytes,
    *,
    name: str | None = None,
    rules: MrnRules = _SITE_DEFAULTS,
    layout: CsvLayout = _DEFAULT_LAYOUT,
    encoding: str = "utf-8",
) -> ParsedSchedule:
    """Parse a schedule file (a path, or its bytes named ``name``) into events and problems.

    Raises InvalidInput (or NotFound for a missing path) naming the file when the file as a whole
    cannot be read: not text in ``encoding``, neither HL7 nor CSV, a CSV header lacking a required
    column. Anything wrong inside one message or line is a FeedProblem in the result instead.
    """
    if isinstance(source, bytes):
        data, label = source, name or "the schedule"
    else:
        path = Path(source)
        label = name or path.name
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise NotFound(f"Schedule file {path} does not exist.") from None
        except OSError as error:
            raise InvalidInput(f"Schedule file {path} cannot be read ({error.strerror}).") from None
    text = decode_feed(data, label, encoding)
    if not text.strip():
        raise InvalidInput(f"{label} is empty.")
    found = detect_format(text)
    if found is FeedFormat.HL7:
        return parse_hl7_schedule(text, label, rules)
    if found is FeedFormat.CSV:
        return parse_csv_schedule(text, label, layout, rules)
    raise InvalidInput(
        f"{label} is neither an HL7 v2 schedule (its first line is not an MSH segment) "
        "nor a CSV schedule (its first line is not a delimited header)."
    )
