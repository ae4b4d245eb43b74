"""Reading values out of parsed HL7 segments: components, names, locations and people."""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any

from hl7.util import unescape

# HL7's explicit null ("delete this value") reads, for a schedule, the same as an empty value.
_HL7_NULL = '""'
Segment = Any  # hl7.Segment: python-hl7 ships no type hints


def _child(node: object, index: int) -> object:
    """The ``index``-th (1-based) part of a parsed node; a plain string is its own first part."""
    if isinstance(node, str):
        return node if index == 1 else ""
    if isinstance(node, list) and index <= len(node):
        return node[index - 1]
    return ""


def _leaf(node: object) -> str:
    """The first string under a node (a component given where a subcomponent was asked)."""
    while isinstance(node, list):
        if not node:
            return ""
        node = node[0]
    return node if isinstance(node, str) else ""


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
    if field >= len(segment):
        return ""
    node = _child(segment[field], repetition)
    node = _child(node, component)
    text = _leaf(_child(node, subcomponent)).strip()
    return "" if text == _HL7_NULL else _unescape(segment, text)


def repetitions(segment: Segment, field: int) -> int:
    """How many repetitions a field holds (0 when the field is absent)."""
    if field >= len(segment):
        return 0
    parts = segment[field]
    if parts and isinstance(parts[0], str):
        return 1
    return len(parts)


def segment_id(segment: Segment) -> str:
    """The three-letter segment name."""
    return _leaf(segment).strip()


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
