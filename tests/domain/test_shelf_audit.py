"""Shelf audit: the fewest charts that must move to put a run of shelf in order."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from recordsdesk.domain.shelf_audit import Misfile, misfiles


def test_an_ordered_run_has_no_misfiles() -> None:
    assert misfiles(["a", "b", "b", "c"]) == []
    assert misfiles([]) == []


def test_one_chart_in_the_wrong_place_is_named_with_its_neighbours() -> None:
    # "e" stands between "b" and "c": it belongs after "d" (position 3), at the end.
    assert misfiles(["a", "b", "e", "c", "d"]) == [Misfile(position=2, after=4, before=None)]
    assert misfiles(["c", "a", "b"]) == [Misfile(position=0, after=2, before=None)]
    assert misfiles(["b", "c", "a"]) == [Misfile(position=2, after=None, before=0)]


@given(st.lists(st.text(alphabet="0123456789", min_size=1, max_size=3), max_size=40))
def test_what_stays_is_in_order_and_nothing_more_could_stay(keys: list[str]) -> None:
    moved = {m.position for m in misfiles(keys)}
    stays = [k for i, k in enumerate(keys) if i not in moved]
    assert stays == sorted(stays)
    # No longer ordered run exists: the longest non-decreasing subsequence, by brute force DP.
    best = [1] * len(keys)
    for i in range(len(keys)):
        for j in range(i):
            if keys[j] <= keys[i]:
                best[i] = max(best[i], best[j] + 1)
    assert len(stays) == (max(best) if keys else 0)
    for misfile in misfiles(keys):
        key = keys[misfile.position]
        if misfile.after is not None:
            assert keys[misfile.after] <= key
        if misfile.before is not None:
            assert key <= keys[misfile.before]
