"""Reading a schedule file: its format recognised by content, then parsed by the right reader."""

from __future__ import annotations

import codecs
import os
import re
from dataclasses import replace
from pathlib import Path

from recordsdesk.domain.errors import InvalidInput, NotFound
from recordsdesk.domain.mrn import MrnRules
from recordsdesk.feeds.csv_schedule import (
    REQUIRED,
    CsvLayout,
    csv_header_matches,
    parse_csv_schedule,
)
from recordsdesk.feeds.events import FeedFormat, FeedNotice, NoticeKind, ParsedSchedule
from recordsdesk.feeds.framing import decode_feed, split_lines
from recordsdesk.feeds.hl7_siu import parse_hl7_schedule
from recordsdesk.feeds.profile import FeedProfile

# A header segment, its field separator, then one to five encoding characters (^~\\&).
_HL7_HEADER = re.compile(r"^(?:MSH|FHS|BHS)([^\w\s])[^\w\s]{1,5}(?:\1|$)")
_DEFAULT_LAYOUT = CsvLayout()
_STANDARD = FeedProfile()
_SITE_DEFAULTS = MrnRules()


# A byte that was not UTF-8, kept as a surrogate escape when the file was read.
_ESCAPED = re.compile("[\udc80-\udcff]")


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
    layout: CsvLayout | None = None,
    encoding: str = "",
    profile: FeedProfile | None = None,
) -> ParsedSchedule:
    """Parse a schedule file (a path, or its bytes named ``name``) into events and problems.

    Raises InvalidInput (or NotFound for a missing path) naming the file when the file as a whole
    cannot be read: empty, neither HL7 nor CSV, a CSV header lacking a required column, a CSV
    export not text in any encoding tried. Anything wrong inside one message or line is a
    FeedProblem in the result instead: an HL7 message is decoded alone, as its MSH-18 says.
    """
    profile = profile or _STANDARD
    if encoding:
        profile = replace(profile, encoding=encoding)
    layout = layout or profile.csv_layout()
    if isinstance(source, bytes):
        data, label = source, name or "the schedule"
    else:
        path = Path(source)
        label = name or path.name
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise NotFound(f"Schedule file {path} does not exist.") from None
        except IsADirectoryError:
            raise InvalidInput(f"Schedule file {path} cannot be read (it is a folder).") from None
        except OSError as error:
            raise InvalidInput(f"Schedule file {path} cannot be read ({error.strerror}).") from None
    if not data.strip():
        raise InvalidInput(f"{label} is empty.")
    wide = _utf16(data)
    if wide:
        text, raw = decode_feed(data, label, wide), wide
    else:
        # Bytes that are not UTF-8 are kept as escapes: an HL7 message is decoded as it declares.
        text, raw = data.removeprefix(codecs.BOM_UTF8).decode("utf-8", "surrogateescape"), "utf-8"
    if not text.strip():
        raise InvalidInput(f"{label} is empty.")
    found = detect_format(text, layout)
    if found is FeedFormat.HL7:
        return _summarised(parse_hl7_schedule(text, label, rules, profile, raw))
    if found is FeedFormat.CSV:
        text, how = _csv_text(data, text, label, profile.encoding, wide)
        parsed = parse_csv_schedule(text, label, layout, rules)
        if how:
            notice = FeedNotice("file", how, NoticeKind.ENCODING)
            parsed = replace(parsed, notices=(notice, *parsed.notices))
        return parsed
    columns = ", ".join(layout.header_for(name) for name in REQUIRED)
    raise InvalidInput(
        f"{label} is neither an HL7 v2 schedule (its first line is not an MSH segment) "
        f"nor a CSV schedule (its first line is not a header with the columns {columns})."
    )


def _utf16(data: bytes) -> str:
    """'utf-16' for an export with a UTF-16 byte-order mark (Excel's "Unicode text"), or one
    whose every other byte is NUL; '' otherwise."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    head = data[:400]
    odd, even = head[1::2].count(0), head[0::2].count(0)
    if len(head) >= 4 and odd > len(head) // 4 and even <= odd // 8:
        return "utf-16-le"
    if len(head) >= 4 and even > len(head) // 4 and odd <= even // 8:
        return "utf-16-be"
    return ""


def _csv_text(data: bytes, text: str, label: str, fallback: str, wide: str) -> tuple[str, str]:
    """A CSV export's text: UTF-16 and UTF-8 as they are; else the feed's fallback encoding;
    else the encoding charset-normalizer finds (Excel's cp1252...), said in the report."""
    if wide:
        return text, f"read as {wide} (byte-order mark or NUL bytes: a UTF-16 export)"
    if _ESCAPED.search(text) is None:
        return text, ""
    if fallback:
        return decode_feed(data, label, fallback), f"read as {fallback} (the feed's encoding)"
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding in ("utf_8", "ascii"):
        decode_feed(data, label, "utf-8")  # raises, naming the byte and its line
    assert best is not None
    return str(best), (
        f"not UTF-8: read as {best.encoding} (detected by charset-normalizer); "
        "set the feed's encoding to be sure"
    )


def _summarised(parsed: ParsedSchedule) -> ParsedSchedule:
    """The same notice on many messages (every message decoded as 8859/1...) said once, with
    the first place and how many."""
    by_reason: dict[tuple[str, NoticeKind], list[str]] = {}
    for notice in parsed.notices:
        by_reason.setdefault((notice.reason, notice.kind), []).append(notice.position)
    notices = tuple(
        FeedNotice(
            places[0] if len(places) == 1 else f"{places[0]} and {len(places) - 1} more",
            reason,
            kind,
            len(places),
        )
        for (reason, kind), places in by_reason.items()
    )
    return replace(parsed, notices=notices)
