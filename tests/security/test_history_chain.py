"""Attacks on the history chain by an insider who can write the database but has no site key."""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Connection, select, text

from recordsdesk.domain.errors import PermissionDenied, Unavailable
from recordsdesk.domain.history_mac import FIELDS, entry_mac
from recordsdesk.services.actors import Actor
from recordsdesk.services.desk import Services, build_services
from recordsdesk.storage.history_models import HistoryLink
from recordsdesk.storage.models import AuditEvent, Movement
from recordsdesk.storage.site_key import KEY_FILE_ENV, rotate_key_ring
from tests.conftest import FakeClock
from tests.security.helpers import run

ATTACKER_KEY = secrets.token_bytes(32)


@pytest.fixture
def room(file_room: Services, admin: Actor) -> Services:
    """The small file room with some circulation and some chart views."""
    for barcode in ("V0000001", "V0000002", "V0000003"):
        assert file_room.circulation.check_out(admin, "CARD", barcode).ok
    file_room.history.chart(admin, "123456")
    assert file_room.circulation.return_volume(admin, "V0000002").ok
    file_room.history.chart(admin, "423266")
    return file_room


def _links(services: Services) -> list[tuple[int, str, int, int, str]]:
    with services.db.engine.connect() as conn:
        rows = conn.execute(
            select(
                HistoryLink.seq,
                HistoryLink.source,
                HistoryLink.row_id,
                HistoryLink.key_id,
                HistoryLink.mac,
            ).order_by(HistoryLink.seq)
        ).all()
    return [tuple(row) for row in rows]  # type: ignore[misc]


def _without_triggers(conn: Connection) -> None:
    """What an insider does first: take the append-only triggers out of the way."""
    if conn.dialect.name == "sqlite":
        for name, sql in conn.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"
        ).all():
            conn.exec_driver_sql(f"DROP TRIGGER {name}")
            conn.info.setdefault("dropped", []).append(sql)
    else:
        conn.exec_driver_sql("SET LOCAL session_replication_role = replica")


def _triggers_back(conn: Connection) -> None:
    """... and puts them back, exactly as they were, to leave no trace."""
    for sql in conn.info.pop("dropped", []):
        conn.exec_driver_sql(sql)


def _content(conn: Connection, source: str, row_id: int) -> tuple[Any, ...]:
    """A row's sealed fields, read through the models' types as the application reads them."""
    table = (Movement if source == "movement" else AuditEvent).__table__
    columns = [table.c[name] for name in FIELDS[source]]
    return tuple(conn.execute(select(*columns).where(table.c.id == row_id)).one())


def _reseal(conn: Connection, start: int) -> None:
    """Recompute every MAC from entry ``start`` on, as an attacker must, with a key of their
    own (the site key is not in the database)."""
    links = conn.execute(
        select(HistoryLink.seq, HistoryLink.source, HistoryLink.row_id, HistoryLink.key_id)
        .where(HistoryLink.seq >= start)
        .order_by(HistoryLink.seq)
    ).all()
    previous = conn.execute(
        select(HistoryLink.mac).where(HistoryLink.seq == start - 1)
    ).scalar() or ("0" * 64)
    for seq, source, row_id, key_id in links:
        previous = entry_mac(
            ATTACKER_KEY, seq, key_id, previous, source, _content(conn, source, row_id)
        )
        conn.execute(
            text("UPDATE history_chain SET mac = :mac WHERE seq = :seq"),
            {"mac": previous, "seq": seq},
        )


def _attack(services: Services, *statements: str, reseal_from: int | None = None) -> None:
    with services.db.engine.begin() as conn:
        _without_triggers(conn)
        for statement in statements:
            conn.exec_driver_sql(statement)
        if reseal_from is not None:
            _reseal(conn, reseal_from)
        _triggers_back(conn)


def _url(services: Services) -> str:
    return services.db.engine.url.render_as_string(hide_password=False)


def test_an_untouched_chain_verifies_and_covers_movements_and_audit(room: Services) -> None:
    links = _links(room)
    assert {source for _, source, *_ in links} == {"movement", "audit"}
    assert [seq for seq, *_ in links] == list(range(1, len(links) + 1))
    report = room.audit.verify()
    assert report.ok, report.problem
    assert report.entries == len(links) and report.head == links[-1][4]


def test_an_edited_movement_is_found_even_with_every_mac_recomputed(room: Services) -> None:
    seq, _, movement_id, *_ = next(link for link in _links(room) if link[1] == "movement")
    _attack(
        room, f"UPDATE movements SET user_id = 1, workstation = 'HR-PC' WHERE id = {movement_id}"
    )
    report = room.audit.verify()
    assert not report.ok and report.bad_entry == seq
    assert f"movement #{movement_id}" in report.problem and "changed" in report.problem
    _attack(room, reseal_from=seq)
    again = room.audit.verify()
    assert not again.ok and again.bad_entry == seq


def test_a_forged_audit_entry_is_found_wherever_it_is_put(room: Services) -> None:
    links = _links(room)
    at = "2026-03-02 08:31:00" if room.db.engine.dialect.name == "sqlite" else "2026-03-02 08:31Z"
    forged = (
        "INSERT INTO audit_events (id, at, username, workstation, action, mrn, detail, outcome) "
        f"VALUES (9999, '{at}', 'admin', 'HR-PC', 'chart_viewed', '123456', '', 'ok')"
    )
    # At the end, with a link whose MAC the attacker computed.
    _attack(
        room,
        forged,
        f"INSERT INTO history_chain (seq, source, row_id, key_id, mac) "
        f"VALUES ({len(links) + 1}, 'audit', 9999, 1, '{'0' * 64}')",
        reseal_from=len(links) + 1,
    )
    report = room.audit.verify()
    assert not report.ok and report.bad_entry == len(links) + 1
    assert report.first_bad is not None and report.first_bad.workstation == "HR-PC"


def test_a_row_added_with_no_link_is_found(room: Services) -> None:
    _attack(
        room,
        "INSERT INTO movements (id, volume_id, kind, from_location_id, to_location_id, user_id,"
        " workstation, at, due_at, note) VALUES (9999, 1, 'returned', NULL, NULL, 1, 'X',"
        " '2026-03-02 09:00:00', NULL, '')",
    )
    report = room.audit.verify()
    assert not report.ok and "movement #9999 is in no chain entry" in report.problem


def test_reordered_entries_are_found(room: Services) -> None:
    links = _links(room)
    first, second = [link for link in links if link[1] == "movement"][:2]
    _attack(
        room,
        f"UPDATE history_chain SET row_id = -1 WHERE seq = {first[0]}",
        f"UPDATE history_chain SET row_id = {first[2]} WHERE seq = {second[0]}",
        f"UPDATE history_chain SET row_id = {second[2]} WHERE seq = {first[0]}",
        reseal_from=first[0],
    )
    report = room.audit.verify()
    assert not report.ok and report.bad_entry == first[0]


def test_an_entry_deleted_in_the_middle_is_found(room: Services) -> None:
    links = _links(room)
    middle = links[len(links) // 2]
    table = "movements" if middle[1] == "movement" else "audit_events"
    _attack(
        room,
        f"DELETE FROM history_chain WHERE seq = {middle[0]}",
        f"DELETE FROM {table} WHERE id = {middle[2]}",
    )
    report = room.audit.verify()
    assert not report.ok and f"Entry {middle[0]} of the history chain is missing" in report.problem
    # Renumbered and resealed to close the gap: the attacker's MACs do not verify.
    renumber = [
        f"UPDATE history_chain SET seq = {seq - 1} WHERE seq = {seq}"
        for seq, *_ in links
        if seq > middle[0]
    ]
    _attack(room, *renumber, reseal_from=middle[0])
    again = room.audit.verify()
    assert not again.ok and again.bad_entry == middle[0]


def test_entries_deleted_at_the_end_are_found_against_the_checkpoint(room: Services) -> None:
    assert room.audit.verify().ok  # writes a checkpoint of the head, outside the database
    links = _links(room)
    tail = links[-3:]
    statements = [f"DELETE FROM history_chain WHERE seq >= {tail[0][0]}"]
    for _, source, row_id, *_ in tail:
        table = "movements" if source == "movement" else "audit_events"
        statements.append(f"DELETE FROM {table} WHERE id = {row_id}")
    _attack(room, *statements)
    report = room.audit.verify()
    assert not report.ok
    assert f"3 entries after entry {tail[0][0] - 1} are missing" in report.problem


def test_deleting_all_history_is_found(room: Services) -> None:
    assert room.audit.verify().ok
    _attack(
        room,
        "DELETE FROM history_chain",
        "DELETE FROM history_site",
        "UPDATE volumes SET last_movement_id = NULL",
        "DELETE FROM movements",
        "DELETE FROM audit_events",
    )
    report = room.audit.verify()
    assert not report.ok and "are missing" in report.problem and report.entries == 0
    done = run(_url(room), "audit", "verify")
    assert done.returncode == 1 and "are missing" in done.stderr
    assert "Traceback" not in done.stderr


def test_the_database_refuses_update_and_delete_of_history(room: Services) -> None:
    for statement in (
        "UPDATE movements SET user_id = 1",
        "DELETE FROM movements",
        "UPDATE audit_events SET detail = ''",
        "DELETE FROM audit_events",
        "UPDATE history_chain SET mac = ''",
        "DELETE FROM history_chain",
        "DELETE FROM history_site",
    ):
        with pytest.raises(PermissionDenied, match="append-only"), room.db.writing() as uow:
            uow.session.execute(text(statement))
    assert room.audit.verify().ok


def test_dropped_triggers_are_reported(room: Services) -> None:
    with room.db.engine.begin() as conn:
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("DROP TRIGGER movements_no_update")
        else:
            conn.exec_driver_sql("ALTER TABLE movements DISABLE TRIGGER movements_append_only")
    report = room.audit.verify()
    assert not report.ok and "no longer refuses changes to history" in report.problem
    assert "movements_" in report.problem


def test_a_forged_checkpoint_is_reported(room: Services) -> None:
    assert room.audit.verify().ok
    store = room.db.chain.checkpoints()
    line = json.loads(store.path.read_text().splitlines()[-1])
    line.update(seq=line["seq"] + 50, sig="0" * 64)
    with store.path.open("a") as stream:
        stream.write(json.dumps(line) + "\n")
    report = room.audit.verify()
    assert not report.ok and "is not signed by this site's key" in report.problem


def test_a_head_rewritten_after_its_checkpoint_is_found(room: Services) -> None:
    assert room.audit.verify().ok
    last = _links(room)[-1]
    table = "movements" if last[1] == "movement" else "audit_events"
    column = "note" if table == "movements" else "detail"
    _attack(room, f"UPDATE {table} SET {column} = 'x' WHERE id = {last[2]}", reseal_from=last[0])
    report = room.audit.verify()
    assert not report.ok and report.bad_entry == last[0]


def test_a_rotated_key_keeps_old_entries_verifiable(
    room: Services, admin: Actor, tmp_path: Path, clock: FakeClock, site_key: Path
) -> None:
    copy = tmp_path / "site-key.json"
    copy.write_bytes(site_key.read_bytes())
    os.chmod(copy, 0o600)
    rotated = rotate_key_ring(copy)
    assert rotated.current == 2 and set(rotated.keys) == {1, 2}
    saved = os.environ[KEY_FILE_ENV]
    os.environ[KEY_FILE_ENV] = str(copy)
    try:
        later = build_services(_url(room), clock)
        try:
            assert later.circulation.return_volume(admin, "V0000001").ok
            report = later.audit.verify()
            assert report.ok, report.problem
        finally:
            later.close()
    finally:
        os.environ[KEY_FILE_ENV] = saved
    assert _links(room)[-1][3] == 2
    # Without the new key, this workstation cannot vouch for what the new key signed.
    stale = room.audit.verify()
    assert not stale.ok and "signed with key 2" in stale.problem


def test_without_a_site_key_history_is_not_written(
    room: Services, admin: Actor, tmp_path: Path, clock: FakeClock
) -> None:
    saved = os.environ[KEY_FILE_ENV]
    os.environ[KEY_FILE_ENV] = str(tmp_path / "absent.json")
    try:
        keyless = build_services(_url(room), clock)
        try:
            before = len(_links(room))
            with pytest.raises(Unavailable, match="no site key"):
                keyless.circulation.check_out(admin, "ORTH", "V0000004")
            assert len(_links(room)) == before
        finally:
            keyless.close()
    finally:
        os.environ[KEY_FILE_ENV] = saved
    assert room.audit.verify().ok


@pytest.fixture
def other_key(tmp_path: Path) -> Iterator[Path]:
    from recordsdesk.storage.site_key import create_key_ring

    ring = create_key_ring(tmp_path / "other.json", "Test Site")
    yield ring.path


def test_another_key_with_the_same_site_name_cannot_verify(
    room: Services, clock: FakeClock, other_key: Path
) -> None:
    saved = os.environ[KEY_FILE_ENV]
    os.environ[KEY_FILE_ENV] = str(other_key)
    try:
        stranger = build_services(_url(room), clock)
        try:
            report = stranger.audit.verify()
            assert not report.ok and report.bad_entry == 1
        finally:
            stranger.close()
    finally:
        os.environ[KEY_FILE_ENV] = saved


def test_verify_on_the_command_line_anchors_and_names_the_entry(room: Services) -> None:
    done = run(_url(room), "audit", "verify")
    assert done.returncode == 0, done.stderr
    assert "History in order" in done.stdout
    seq, _, movement_id, *_ = next(link for link in _links(room) if link[1] == "movement")
    _attack(room, f"UPDATE movements SET note = 'x' WHERE id = {movement_id}")
    broken = run(_url(room), "audit", "verify", "--json")
    assert broken.returncode == 1
    answer = json.loads(broken.stdout)
    assert answer["ok"] is False and answer["bad_entry"] == seq
    assert f"movement #{movement_id}" in broken.stderr


def test_a_key_file_of_another_site_refuses_to_write(
    room: Services, admin: Actor, tmp_path: Path, clock: FakeClock
) -> None:
    from recordsdesk.storage.site_key import create_key_ring

    elsewhere = create_key_ring(tmp_path / "elsewhere.json", "Elsewhere")
    saved = os.environ[KEY_FILE_ENV]
    os.environ[KEY_FILE_ENV] = str(elsewhere.path)
    try:
        stranger = build_services(_url(room), clock)
        try:
            before = len(_links(room))
            with pytest.raises(Unavailable, match="belongs to site 'Test Site'"):
                stranger.circulation.check_out(admin, "ORTH", "V0000004")
            assert len(_links(room)) == before
        finally:
            stranger.close()
    finally:
        os.environ[KEY_FILE_ENV] = saved


def test_upgrading_seals_the_history_already_written(room: Services) -> None:
    from recordsdesk.storage import schema

    with room.db.engine.connect() as conn:
        movements = conn.exec_driver_sql("SELECT count(*) FROM movements").scalar()
        entries = conn.exec_driver_sql("SELECT count(*) FROM audit_events").scalar()
    schema.downgrade(room.db.engine, "0003")
    with room.db.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM movements").scalar() == movements
    schema.upgrade(room.db.engine)
    links = _links(room)
    assert len(links) == movements + entries
    # The history of before the chain is sealed oldest first; it verifies and is anchored.
    room.db.chain.anchor((len(links), links[-1][4]), "restore")
    report = room.audit.verify()
    assert report.ok, report.problem


def test_record_many_seals_each_entry_in_one_statement(room: Services, admin: Actor) -> None:
    before = len(_links(room))
    with room.db.writing() as uow:
        written = room.trail.record_many(
            uow.session,
            [
                {"username": "ada", "workstation": "PRINT", "action": "printed", "mrn": m}
                for m in ("123456", "423266", "000042")
            ],
        )
        uow.commit()
    links = _links(room)
    assert written == 3 and len(links) == before + 3
    assert [source for _, source, *_ in links[-3:]] == ["audit"] * 3
    assert room.audit.verify().ok


def test_a_long_list_between_single_entries_keeps_its_order_and_its_seals(
    room: Services, admin: Actor
) -> None:
    mrns = [f"{n:06d}" for n in range(500, 0, -1)]  # ids must follow the list, not the MRNs
    with room.db.writing() as uow:
        first = room.trail.record(uow.session, username="ada", workstation="W", action="a")
        written = room.trail.record_many(
            uow.session,
            ({"username": "ada", "workstation": "W", "action": "listed", "mrn": m} for m in mrns),
        )
        last = room.trail.record(uow.session, username="ada", workstation="W", action="z")
        uow.commit()
    with room.db.engine.connect() as conn:
        stored = conn.execute(
            select(AuditEvent.id, AuditEvent.action, AuditEvent.mrn)
            .where(AuditEvent.id >= first)
            .order_by(AuditEvent.id)
        ).all()
    assert written == 500 and [s.mrn for s in stored[1:-1]] == mrns
    assert [s.id for s in stored] == list(range(first, last + 1))
    assert (stored[0].action, stored[-1].action) == ("a", "z")
    sealed = [(source, row_id) for _, source, row_id, *_ in _links(room)[-502:]]
    assert sealed == [("audit", s.id) for s in stored]
    assert room.audit.verify().ok


def test_a_lone_new_sqlite_file_gets_a_key_of_its_own(
    tmp_path: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    key_file = tmp_path / "config" / "site-key.json"
    monkeypatch.setenv(KEY_FILE_ENV, str(key_file))
    lone = build_services(f"sqlite:///{tmp_path / 'desk.sqlite3'}", clock)
    try:
        lone.upgrade_schema()
        lone.users.add(None, "ada", "admin", "correct horse battery")
        assert key_file.is_file() and (key_file.stat().st_mode & 0o077) == 0
        assert lone.audit.verify().ok
    finally:
        lone.close()
