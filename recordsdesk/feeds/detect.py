"""Reading a schedule file: its format recognised by content, then parsed by the right reader."""

from __future__ import annotations

import os
import re
from pathlib import Path

from recordsdesk.domain.errors import InvalidInput, NotFound
from recordsdesk.domain.mrn import MrnRules
from recordsdesk.feeds.csv_schedule import (
    REQUIRED,
    CsvLayout,
    csv_header_matches,
    parse_csv_schedule,
)
from recordsdesk.feeds.events import FeedFormat, ParsedSchedule
from recordsdesk.feeds.framing import decode_feed, split_lines
from recordsdesk.feeds.hl7_siu import parse_hl7_schedule

# A header segment, its field separator, then one to five encoding characters (^~\\&).
_HL7_HEADER = re.compile(r"^(?:MSH|FHS|BHS)([^\w\s])[^\w\s]{1,5}(?:\1|$)")
_DEFAULT_LAYOUT = CsvLayout()
_SITE_DEFAULTS = MrnRules()


def detect_format(text: str, layout: CsvLayout = _DEFAULT_LAYOUT) -> FeedFormat | None:
    """HL7 when the first line is an MSH (or FHS/BHS) header with its delimiters; CSV when it is
    a header naming the layout's required columns; None when it is neither."""
    first = next((line.strip() for line in split_lines(text.lstrip("\ufeff")) if line.strip()), "")
    if _HL7_HEADER.match(first):
        return FeedFormat.HL7
    if csv_header_matches(first, layout):
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
    found = detect_format(text, layout)
    if found is FeedFormat.HL7:
        return parse_hl7_schedule(text, label, rules)
    if found is FeedFormat.CSV:
        return parse_csv_schedule(text, label, layout, rules)
    columns = ", ".join(layout.header_for(name) for name in REQUIRED)
    raise InvalidInput(
        f"{label} is neither an HL7 v2 schedule (its first line is not an MSH segment) "
        f"nor a CSV schedule (its first line is not a header with the columns {columns})."
    )
