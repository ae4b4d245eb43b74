"""JSON answers: each dataclass's fields read once per class, and the same JSON as ever."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, date, datetime
from enum import Enum, StrEnum
from typing import Any

from recordsdesk.cli.output import _plain
from recordsdesk.services.retention.dto import Candidate, CandidateList, UnitCount


def reference_plain(value: Any) -> Any:
    """The conversion as first written: fields looked up for every object."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: reference_plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {str(k): reference_plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [reference_plain(v) for v in value]
    return value


class Colour(StrEnum):
    RED = "red"


class Size(Enum):
    BIG = 3


@dataclasses.dataclass(frozen=True)
class Inner:
    at: datetime
    colour: Colour
    sizes: list[Size]
    extra: dict[int, Any] = dataclasses.field(default_factory=dict)


def test_the_json_of_nested_dataclasses_enums_and_dates_is_unchanged() -> None:
    day = date(2026, 11, 30)
    candidate = Candidate(
        1,
        "V1",
        "42",
        "BROWN, Ann",
        "Vol 1 of 1",
        "Medical",
        "42-00-00",
        "42",
        "Unit 9",
        day,
        day,
        None,
        "Rule",
        "basis",
        None,
        "k",
        "c",
        1.5,
        False,
    )
    value = {
        "list": CandidateList(day, (candidate, candidate), (UnitCount("Unit 9", 2, 3.0),), 3.0),
        "inner": [Inner(datetime(2026, 1, 2, 3, 4, tzinfo=UTC), Colour.RED, [Size.BIG], {7: day})],
        "plain": (1, 2.5, True, None, "x", Inner),
    }
    plain = _plain(value)
    assert plain == reference_plain(value)
    assert plain["list"]["items"][0]["last_activity"] == "2026-11-30"
    assert plain["plain"][-1] is Inner  # a class is not one of its objects
    del value["plain"]
    assert json.dumps(_plain(value), indent=2) == json.dumps(reference_plain(value), indent=2)
