"""Attacks on the end of the history chain, and a verification that lists every problem."""

from __future__ import annotations

import json
import os
import subprocess
import threading
from pathlib import Path

import pytest
from sqlalchemy import text

from recordsdesk.services.actors import Actor
from recordsdesk.services.desk import Services
from recordsdesk.storage.chain import PROBLEMS_SHOWN
from recordsdesk.storage.checkpoints import HEAD_SLOT, HeadFile
from tests.security.helpers import run
from tests.security.test_history_chain import _attack, _links, _url


@pytest.fixture
def room(file_room: Services, admin: Actor) -> Services:
    """The small file room with some circulation and some chart views."""
    for barcode in ("V0000001", "V0000002", "V0000003"):
        assert file_room.circulation.check_out(admin, "CARD", barcode).ok
    file_room.history.chart(admin, "123456")
    assert file_room.circulation.return_volume(admin, "V0000002").ok
    file_room.history.chart(admin, "423266")
    return file_room


def _tail_statements(links: list[tuple[int, str, int, int, str]]) -> list[str]:
    statements = [f"DELETE FROM history_chain WHERE seq >= {links[0][0]}"]
    for _, source, row_id, *_ in links:
        table = "movements" if source == "movement" else "audit_events"
        if table == "movements":
            statements.append(
                f"UPDATE volumes SET last_movement_id = NULL WHERE last_movement_id = {row_id}"
            )
        statements.append(f"DELETE FROM {table} WHERE id = {row_id}")
    return statements


def _newest_with_both_kinds(services: Services) -> list[tuple[int, str, int, int, str]]:
    links = _links(services)
    for size in range(2, len(links)):
        tail = links[-size:]
        if {source for _, source, *_ in tail} == {"movement", "audit"}:
            return tail
    raise AssertionError("no movement and audit entry at the end of the chain")


def test_the_newest_entries_deleted_with_sql_are_found_with_no_checkpoint(
    room: Services, admin: Actor
) -> None:
    assert room.circulation.check_out(admin, "CARD", "V0000002").ok
    # No verification ran and the throttled checkpoint log is gone: only the head file,
    # rewritten after every commit, anchors the end.
    room.db.chain.checkpoints().path.unlink(missing_ok=True)
    tail = _newest_with_both_kinds(room)
    first, last = tail[0][0], tail[-1][0]
    _attack(room, *_tail_statements(tail))
    report = room.audit.verify()
    assert not report.ok
    assert f"after entry {first - 1} are missing (entries {first}-{last})" in report.problem
    assert "head file" in report.problem and report.bad_entry == first


def test_the_newest_entries_deleted_with_the_sqlite3_shell_are_found(
    room: Services, admin: Actor, tmp_path: Path
) -> None:
    url = _url(room)
    if room.db.engine.dialect.name != "sqlite":
        # The same attack through psql's equal, the server's own SQL, as the owner.
        tail = _newest_with_both_kinds(room)
        _attack(room, *_tail_statements(tail))
    else:
        assert room.circulation.return_volume(admin, "V0000001").ok
        room.db.dispose()
        tail = _newest_with_both_kinds(room)
        room.db.release_connections()
        database = room.db.engine.url.database
        assert database is not None
        triggers = subprocess.run(
            ["sqlite3", database, "SELECT sql || ';' FROM sqlite_master WHERE type='trigger'"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        names = subprocess.run(
            ["sqlite3", database, "SELECT name FROM sqlite_master WHERE type='trigger'"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        script = "".join(f"DROP TRIGGER {name};\n" for name in names)
        script += "".join(s + ";\n" for s in _tail_statements(tail)) + triggers
        shell = subprocess.run(
            ["sqlite3", database], input=script, capture_output=True, text=True, check=False
        )
        assert shell.returncode == 0, shell.stderr
    first, last = tail[0][0], tail[-1][0]
    done = run(url, "audit", "verify")
    assert done.returncode == 1
    assert f"(entries {first}-{last})" in done.stderr and "missing" in done.stderr
    assert "History NOT in order: 1 problem found" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_deletion_and_new_entries_in_its_place_are_found(room: Services, admin: Actor) -> None:
    tail = _links(room)[-2:]
    _attack(room, *_tail_statements(tail))
    # The desk writes on: the chain reaches the same length again, under new MACs.
    assert room.circulation.check_out(admin, "CARD", "V0000002").ok
    assert room.circulation.return_volume(admin, "V0000003").ok
    assert len(_links(room)) >= tail[-1][0]
    report = room.audit.verify()
    assert not report.ok and "history was rewritten from this entry on" in report.problem
    # The first entry when its head is still in the head file; else the newest, which the
    # desk kept when it found it lost (the head file's writer may have coalesced the two).
    assert report.bad_entry in (tail[0][0], tail[-1][0])


def test_a_forged_or_torn_head_slot_is_ignored_not_believed(room: Services) -> None:
    room.db.chain.settle_head()
    head_file = room.db.chain.head_file()
    data = bytearray(head_file.path.read_bytes())
    assert len(data) == 2 * HEAD_SLOT
    record = json.loads(data[:HEAD_SLOT].decode().strip())
    record["seq"] += 40  # would claim entries that were never written
    forged = json.dumps(record).encode().ljust(HEAD_SLOT - 1) + b"\n"
    head_file.path.write_bytes(forged + data[HEAD_SLOT : HEAD_SLOT + 100])
    assert room.audit.verify().ok


def test_verify_lists_every_problem_with_where(room: Services) -> None:
    links = _links(room)
    edited = [link for link in links if link[1] == "movement"][:3]
    statements = [
        f"UPDATE movements SET note = 'x{i}' WHERE id = {m[2]}" for i, m in enumerate(edited)
    ]
    _attack(room, *statements)
    report = room.audit.verify()
    assert not report.ok and report.problem_count == 3
    assert [p.seq for p in report.problems] == [m[0] for m in edited]
    for problem, movement in zip(report.problems, edited, strict=True):
        assert f"Entry {movement[0]} (movement #{movement[2]}) was changed" in problem.text
    done = run(_url(room), "audit", "verify", "--json")
    answer = json.loads(done.stdout)
    assert done.returncode == 1 and answer["problem_count"] == 3
    assert [p["entry"] for p in answer["problems"]] == [m[0] for m in edited]
    assert "History NOT in order: 3 problems found" in done.stderr


def test_verify_lists_the_first_hundred_and_counts_the_rest(room: Services) -> None:
    extra = PROBLEMS_SHOWN + 20
    with room.db.engine.begin() as conn:
        for _ in range(extra):
            conn.execute(
                text(
                    "INSERT INTO audit_events (at, username, workstation, action, mrn, detail,"
                    " outcome) VALUES (CURRENT_TIMESTAMP, 'admin', 'HR-PC', 'chart_viewed',"
                    " NULL, '', 'ok')"
                )
            )
    report = room.audit.verify()
    assert report.problem_count == extra and len(report.problems) == PROBLEMS_SHOWN
    assert all("is in no chain entry" in p.text for p in report.problems)
    done = run(_url(room), "audit", "verify")
    assert done.returncode == 1
    assert f"{extra} problems found (the first {PROBLEMS_SHOWN} listed)" in done.stderr
    assert done.stderr.count("is in no chain entry") == PROBLEMS_SHOWN


def test_a_link_planted_as_the_head_file_or_the_log_is_not_written_through(
    room: Services, admin: Actor, tmp_path: Path
) -> None:
    victim = tmp_path / "victim.bin"
    victim.write_bytes(b"precious" * 200)
    room.db.chain.settle_head()
    head_file = room.db.chain.head_file()
    log_path = room.db.chain.checkpoints().path
    for planted in (head_file.path, log_path):
        planted.unlink(missing_ok=True)
    head_file.path.symlink_to(victim)
    os.link(victim, log_path)  # a second name for the victim: a hard link
    room.db.chain._interval = 0  # a checkpoint is due at every commit
    assert room.circulation.check_out(admin, "CARD", "V0000002").ok
    room.db.chain.close()
    assert victim.read_bytes() == b"precious" * 200
    assert head_file.path.is_symlink()


def test_an_older_copy_of_the_database_file_put_back_is_found(
    room: Services, admin: Actor, tmp_path: Path
) -> None:
    if room.db.engine.dialect.name != "sqlite":
        # On the server the same roll-back is a dump restored over the live database.
        tail = _links(room)[-3:]
        _attack(room, *_tail_statements(tail))
        assert not room.audit.verify().ok
        return
    database = Path(str(room.db.engine.url.database))
    room.db.dispose()
    older = tmp_path / "older.sqlite3"
    older.write_bytes(database.read_bytes())
    assert room.circulation.check_out(admin, "CARD", "V0000002").ok
    assert room.circulation.return_volume(admin, "V0000001").ok
    length = len(_links(room))
    room.db.dispose()
    database.write_bytes(older.read_bytes())  # the insider's roll-back, behind every desk
    report = room.audit.verify()
    assert not report.ok and "missing" in report.problem
    assert f"entries {len(_links(room)) + 1}-{length}" in report.problem


def test_a_scan_does_not_wait_for_the_head_file(
    room: Services, admin: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    room.db.chain.settle_head()
    release = threading.Event()
    written: list[int] = []
    real = HeadFile.write

    def slow_share(self: HeadFile, seq: int, mac: str) -> None:
        release.wait()  # a share on another server that has not answered yet
        real(self, seq, mac)
        written.append(seq)

    monkeypatch.setattr(HeadFile, "write", slow_share)
    try:
        assert room.circulation.check_out(admin, "CARD", "V0000002").ok  # answered meanwhile
        assert room.circulation.return_volume(admin, "V0000002").ok
        assert written == []
    finally:
        release.set()
    room.db.chain.settle_head()
    newest = _links(room)[-1][0]
    assert written[-1] == newest  # the heads offered meanwhile were folded into the newest
    assert max(h.seq for h in room.db.chain.head_file().read_all()) == newest
