"""Reading values out of parsed HL7 segments: components, names, locations and people."""

from __future__ import annotations

import warnings
from collections.abc import Collection, Sequence

from hl7.util import unescape

# HL7's explicit null ("delete this value") reads, for a schedule, the same as an empty value.
_HL7_NULL = '""'


class Segment:
    """One segment, its fields split only when read (a night's feed reads a dozen fields of
    each message: splitting everything first, as a general parser does, costs most of the time).

    ``fields[n]`` is field n as written; for MSH, as in the standard, MSH-1 is the field
    separator itself and MSH-2 the encoding characters.
    """

    __slots__ = ("esc", "fields", "separators")

    def __init__(self, line: str, separators: Sequence[str]) -> None:
        # separators: segment, field, repetition, component, subcomponent; then escape.
        self.separators = list(separators[:5])
        self.esc = separators[5]
        fields = line.split(separators[1])
        if fields[0] == "MSH":
            fields.insert(1, separators[1])
        self.fields = fields

    def __len__(self) -> int:
        return len(self.fields)


def parse_segments(text: str, wanted: Collection[str]) -> dict[str, list[Segment]]:
    """The ``wanted`` segments of one message (CR-separated, MSH first), by segment name."""
    header = text[:9]
    separator = header[3]
    encoding = text[4 : text.find(separator, 4)] if text.find(separator, 4) > 0 else text[4:]
    encoding += "^~\\&"[len(encoding) :]
    component, repetition, escape, subcomponent = encoding[0], encoding[1], encoding[2], encoding[3]
    separators = ("\r", separator, repetition, component, subcomponent, escape)
    found: dict[str, list[Segment]] = {}
    for line in text.split("\r"):
        name = line[:3]
        if name in wanted:
            found.setdefault(name, []).append(Segment(line, separators))
    return found


def _unescape(segment: Segment, text: str) -> str:
    """HL7 escapes (\\F\\, \\S\\, \\X0D\\...) decoded; a malformed escape leaves the raw text."""
    if segment.esc not in text:
        return text
    with warnings.catch_warnings():
        # python-hl7 reports bad escapes through the deprecated Logger.warn.
        warnings.simplefilter("ignore", DeprecationWarning)
        try:
            return str(unescape(segment, text))
        except (ValueError, IndexError):
            return text


def value(
    segment: Segment, field: int, component: int = 1, repetition: int = 1, subcomponent: int = 1
) -> str:
    """One value, stripped; absent parts and HL7 nulls read as empty."""
    fields = segment.fields
    if field >= len(fields) or field < 1:
        return ""
    separators = segment.separators
    node = fields[field]
    for separator, index in (
        (separators[2], repetition),
        (separators[3], component),
        (separators[4], subcomponent),
    ):
        if separator in node:
            parts = node.split(separator)
            node = parts[index - 1] if index <= len(parts) else ""
        elif index > 1:
            return ""
    text = node.strip()
    return "" if text == _HL7_NULL else _unescape(segment, text)


def repetitions(segment: Segment, field: int) -> int:
    """How many repetitions a field holds (0 when the field is absent)."""
    if field >= len(segment.fields):
        return 0
    return segment.fields[field].count(segment.separators[2]) + 1


def segment_id(segment: Segment) -> str:
    """The three-letter segment name."""
    return segment.fields[0].strip()


def first_value(segments: Sequence[Segment], field: int, component: int = 1) -> str:
    """The value from the first of ``segments`` that carries one (empty when none does)."""
    for segment in segments:
        text = value(segment, field, component)
        if text:
            return text
    return ""


def location(segment: Segment, field: int, with_room: bool = False) -> tuple[str, str]:
    """A PL value as (code, name).

    The code is the point of care (component 1; with ``with_room``, and the room, 2), else the
    room qualified by its facility (2 and 4: two theatres of one hospital stay two), else the
    facility, building or floor. The name is the description (9), else the point of care, room,
    facility, building and floor joined, so that room and facility are both kept.
    """
    parts = {n: value(segment, field, n) for n in (1, 2, 4, 7, 8, 9)}
    if parts[1]:
        code = "-".join(p for p in (parts[1], parts[2] if with_room else "") if p)
    elif parts[2]:
        code = "-".join(p for p in (parts[4], parts[2]) if p)
    else:
        code = next((parts[n] for n in (4, 7, 8, 9) if parts[n]), "")
    if parts[9]:
        return code, parts[9]
    named = [parts[n] for n in (2, 4, 7, 8) if parts[n] and parts[n] != code]
    return code, ", ".join(dict.fromkeys(named)) or code


def person_name(segment: Segment, field: int, repetition: int = 1) -> str:
    """An XCN person as 'Family, Given Middle', else the given name, else the identifier."""
    family = value(segment, field, 2, repetition)
    given = " ".join(
        part for part in (value(segment, field, n, repetition) for n in (3, 4)) if part
    )
    if family:
        return f"{family}, {given}" if given else family
    return given or value(segment, field, 1, repetition)


def coded_text(segment: Segment, field: int) -> str:
    """A CE/CWE value as its text (component 2), else its identifier."""
    return value(segment, field, 2) or value(segment, field, 1)
