"""Every feed setting the README's schedule section gives as an example is one the feeds accept,
and every setting is given an example: the documentation cannot drift from the code."""

from __future__ import annotations

import re
import shlex
from dataclasses import fields
from pathlib import Path

from recordsdesk.feeds.profile import FeedProfile

README = Path(__file__).resolve().parents[2] / "README.md"


def _section() -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index("#### Feed profiles")
    return text[start : text.index("`pull-list --json`", start)]


def _examples() -> list[tuple[str, str]]:
    """Each `name=value` in backticks, the value as a shell would hand it over."""
    found = []
    for code in re.findall(r"`([a-z_]+=[^`]+)`", _section()):
        name, _, value = code.partition("=")
        found.append((name, " ".join(shlex.split(value)) if value[:1] in "'\"" else value))
    return found


def test_every_example_setting_is_accepted() -> None:
    examples = _examples()
    assert len(examples) >= 20
    for name, value in examples:
        profile = FeedProfile().with_settings({name: value})
        assert profile.as_dict()[name] != FeedProfile().as_dict()[name], (name, value)


def test_every_setting_has_an_example() -> None:
    named = {name for name, _ in _examples()}
    assert {item.name for item in fields(FeedProfile)} <= named
