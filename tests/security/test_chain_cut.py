"""A chain whose newest entries are deleted and then written over by the desks is still found.

The head file keeps only the two newest heads, so the attack here is the one that wins against
it alone: delete the end of the chain, let the desks write new entries into the same places
(their heads overwrite the head file), then verify. The desk itself must notice, on its next
append, that the chain no longer holds what it committed.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from recordsdesk.services.actors import Actor
from recordsdesk.services.desk import Services, build_services
from recordsdesk.storage.chain_watch import CUT
from tests.conftest import FakeClock
from tests.security.test_chain_end import _tail_statements, room  # noqa: F401  (a fixture)
from tests.security.test_history_chain import _attack, _links


def _cut_lines(services: Services) -> list[int]:
    return [c.seq for c in services.db.chain.checkpoints().read().checkpoints if c.kind == CUT]


def _only_the_newest_head_in_the_head_file(services: Services) -> None:
    """What the head file holds when the writer coalesced the last heads into the newest."""
    services.db.chain.settle_head()
    seq, _source, _row, _key, mac = _links(services)[-1]
    head_file = services.db.chain.head_file()
    head_file.path.unlink()
    head_file.write(seq, mac)


def _write_on(services: Services, admin: Actor) -> None:
    assert services.circulation.check_out(admin, "CARD", "V0000002").ok
    assert services.circulation.return_volume(admin, "V0000003").ok


def test_the_desk_that_committed_the_lost_entries_finds_the_cut(
    room: Services,  # noqa: F811
    admin: Actor,
    caplog: pytest.LogCaptureFixture,
) -> None:
    _only_the_newest_head_in_the_head_file(room)
    tail = _links(room)[-2:]
    lost_seq = tail[-1][0]
    _attack(room, *_tail_statements(tail))
    with caplog.at_level(logging.ERROR, logger="recordsdesk.storage.chain_watch"):
        _write_on(room, admin)
    room.db.chain.settle_head()
    # The new entries took the old places, and their heads took the head file's slots...
    assert len(_links(room)) > lost_seq
    assert max(h.seq for h in room.db.chain.head_file().read_all()) > lost_seq
    # ...but the head this desk committed was kept, in the append-only log, before writing on.
    assert _cut_lines(room) == [lost_seq]
    assert "no longer holds entry" in caplog.text and "SMITH" not in caplog.text
    report = room.audit.verify()
    assert not report.ok
    assert report.bad_entry == lost_seq
    assert "history was rewritten from this entry on" in report.problem
    assert "no longer held it" in report.problem


def test_a_new_process_finds_the_cut_from_the_head_files(
    room: Services,  # noqa: F811
    admin: Actor,
    db_url: str,
    clock: FakeClock,
) -> None:
    _only_the_newest_head_in_the_head_file(room)
    tail = _links(room)[-2:]
    _attack(room, *_tail_statements(tail))
    # The desk is restarted after the attack: it has no memory of its own, only the files.
    later = build_services(db_url, clock)
    try:
        actor = later.users.actor("ada", "TEST-DESK")
        _write_on(later, actor)
        later.db.chain.settle_head()
        assert _cut_lines(later) == [tail[-1][0]]
        report = later.audit.verify()
        assert not report.ok and report.bad_entry == tail[-1][0]
    finally:
        later.close()


def test_other_desks_writing_on_is_not_a_cut(
    room: Services,  # noqa: F811
    admin: Actor,
    db_url: str,
    clock: FakeClock,
) -> None:
    other = build_services(db_url, clock)
    try:
        actor = other.users.actor("ada", "OTHER-DESK")
        assert other.circulation.check_out(actor, "ORTH", "V0000002").ok
        assert other.circulation.return_volume(actor, "V0000002").ok
        other.db.chain.settle_head()
    finally:
        other.close()
    _write_on(room, admin)
    assert _cut_lines(room) == []
    assert room.audit.verify().ok


def test_a_restore_by_another_process_is_not_a_cut(
    sqlite_url: str, clock: FakeClock, tmp_path: Path
) -> None:
    desk, other = build_services(sqlite_url, clock), build_services(sqlite_url, clock)
    try:
        desk.users.add(None, "ada", "admin", "correct horse battery")
        ada = desk.users.actor("ada", "TEST-DESK")
        desk.locations.add(ada, "CARD", "Cardiology Clinic", "clinic", 24)
        desk.registry.register_patient(ada, "123456", "SMITH, John", None, volumes=2)
        backup = tmp_path / "before.sqlite3"
        desk.backup.backup(ada, backup)
        # This desk now knows a head the backup does not hold; another restores the backup.
        assert desk.circulation.check_out(ada, "CARD", "V0000001").ok
        other.backup.restore(other.users.actor("ada", "OTHER-DESK"), backup)
        assert desk.circulation.check_out(ada, "CARD", "V0000002").ok
        assert _cut_lines(desk) == []
        report = desk.audit.verify()
        assert report.ok, report.problem
    finally:
        other.close()
        desk.close()


def test_a_demo_built_again_where_one_was_starts_its_history_afresh(
    sqlite_url: str, clock: FakeClock
) -> None:
    from recordsdesk.services.demo import build_demo

    def demo(seed: int) -> list[int]:
        services = build_services(sqlite_url, clock)
        try:
            services.upgrade_schema()
            build_demo(services, 40, seed=seed, clock=clock)
            clerk = services.users.actor("clerk", "TEST-DESK")
            assert services.circulation.check_out(clerk, "CARD", "V0000001").ok
            services.db.chain.settle_head()
            assert services.audit.verify().ok
            return _cut_lines(services)
        finally:
            services.close()

    assert demo(seed=1) == []
    path = Path(sqlite_url.removeprefix("sqlite:///"))
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    assert demo(seed=2) == []  # the first demo's anchors do not call the second one cut


def test_anchors_are_never_forgotten_for_a_database_with_history(
    room: Services,  # noqa: F811
) -> None:
    room.db.chain.settle_head()
    anchors = sorted(room.db.chain.head_file().folder.glob("*"))
    with room.db.engine.connect() as conn:
        assert room.db.chain.forget_anchors(conn) is False
    assert sorted(room.db.chain.head_file().folder.glob("*")) == anchors
    assert room.db.chain.head_file().read_all()
