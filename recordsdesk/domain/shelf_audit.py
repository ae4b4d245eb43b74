"""Shelf audit: which charts in a scanned run of shelf are out of filing order (misfiled)."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Misfile:
    """A chart out of order in the run: where it stood, and the charts it belongs between."""

    position: int
    after: int | None
    before: int | None


def misfiles(keys: Sequence[str]) -> list[Misfile]:
    """The charts to move so that the run stands in filing order, as few as possible.

    The charts that stay are the longest run already in order (a longest non-decreasing
    subsequence of the shelf keys); every other chart is misfiled, and is told the neighbours
    (positions in the run, among the charts that stay) it belongs between.
    """
    if not keys:
        return []
    tails: list[str] = []
    tail_at: list[int] = []
    previous: list[int | None] = [None] * len(keys)
    for index, key in enumerate(keys):
        # bisect_right: a chart may follow one with the same key (non-decreasing).
        slot = bisect_right(tails, key)
        if slot == len(tails):
            tails.append(key)
            tail_at.append(index)
        else:
            tails[slot] = key
            tail_at[slot] = index
        previous[index] = tail_at[slot - 1] if slot else None
    kept: list[int] = []
    at: int | None = tail_at[-1]
    while at is not None:
        kept.append(at)
        at = previous[at]
    kept.reverse()
    stays = set(kept)
    kept_keys = [keys[i] for i in kept]
    found: list[Misfile] = []
    for index, key in enumerate(keys):
        if index in stays:
            continue
        slot = bisect_left(kept_keys, key)
        found.append(
            Misfile(
                position=index,
                after=kept[slot - 1] if slot else None,
                before=kept[slot] if slot < len(kept) else None,
            )
        )
    return found
