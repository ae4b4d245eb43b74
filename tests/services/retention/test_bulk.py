"""The cycle collector waits while a long list is made, and runs again after, as it was."""

from __future__ import annotations

import gc

from recordsdesk.services.retention.bulk import collector_paused


def test_the_collector_waits_inside_and_runs_again_after_the_last_use() -> None:
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer list is still being made
    assert gc.isenabled()


def test_a_collector_turned_off_elsewhere_stays_off() -> None:
    gc.disable()
    try:
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
