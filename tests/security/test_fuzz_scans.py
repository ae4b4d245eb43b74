"""Fuzzed scans, through the circulation service and the command line, change nothing."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from recordsdesk.services.actors import Actor
from recordsdesk.services.desk import Services
from recordsdesk.storage.models import AuditEvent, Movement, Volume
from tests.security.helpers import run

FUZZ = settings(
    deadline=None,
    max_examples=60,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
PREFIXES = ["", "V", "R", "L-", "P-", "C-", "M-", " ", "\t", "]C0", "*"]
# Text that looks like a code: a known prefix, then digits, letters or anything at all.
looks_like_a_code = st.builds(
    lambda prefix, body, tail: prefix + body + tail,
    st.sampled_from(PREFIXES),
    st.one_of(st.from_regex(r"[0-9]{1,12}", fullmatch=True), st.text(max_size=12)),
    st.sampled_from(["", " ", "\r", "\x00", "-", "!", "é"]),
)
scans = st.one_of(
    st.text(max_size=40),
    looks_like_a_code,
    st.binary(max_size=30).map(lambda b: b.decode("latin-1")),
)
# The command line reads a scan a line: no line breaks inside one.
line_scans = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\n\r"),
    max_size=30,
)


def _state(services: Services) -> tuple[object, ...]:
    with services.db.reading() as uow:
        session = uow.session
        volumes = session.execute(
            select(Volume.barcode, Volume.location_id, Volume.version).order_by(Volume.id)
        ).all()
        return (
            tuple(volumes),
            session.scalar(select(func.count(Movement.id))),
            session.scalar(select(func.count(AuditEvent.id))),
        )


def _known(services: Services) -> set[str]:
    with services.db.reading() as uow:
        return set(uow.session.scalars(select(Volume.barcode)))


def test_fuzzed_scans_through_the_service(file_room: Services, clerk: Actor) -> None:
    known = _known(file_room)
    circulation = file_room.circulation

    @FUZZ
    @given(raw=scans)
    def scan(raw: str) -> None:
        before = _state(file_room)
        results = [
            circulation.check_out(clerk, "CARD", raw),
            circulation.transfer(clerk, "ORTH", raw),
            circulation.return_volume(clerk, raw),
        ]
        for result in results:
            assert isinstance(result.message, str) and result.message
            if result.movement_id is not None:  # only a real chart may ever move
                assert result.ok and result.barcode in known
        if all(r.movement_id is None for r in results):
            assert _state(file_room) == before, raw

    scan()


def test_fuzzed_scans_of_garbage_change_nothing(file_room: Services, clerk: Actor) -> None:
    before = _state(file_room)
    circulation = file_room.circulation

    @FUZZ
    @given(raw=scans.filter(lambda s: not any(ch.isdigit() for ch in s)))
    def scan(raw: str) -> None:
        for result in (
            circulation.check_out(clerk, "CARD", raw),
            circulation.return_volume(clerk, raw),
        ):
            assert not result.ok and result.movement_id is None, result
            assert result.outcome in {"invalid", "unknown_code", "wrong_kind", "refused"}
        assert _state(file_room) == before

    scan()


def test_fuzzed_scan_lines_through_the_command_line(file_room: Services, db_url: str) -> None:
    before = _state(file_room)

    @settings(FUZZ, max_examples=6)
    @given(lines=st.lists(line_scans.filter(lambda s: not any(c.isdigit() for c in s)), max_size=6))
    def desk(lines: list[str]) -> None:
        feed = "".join(line + "\n" for line in lines)
        expected = [line for line in lines if line.strip()]
        for command in (("checkout", "--to", "CARD"), ("return",)):
            done = run(db_url, *command, "--json", stdin=feed)
            assert "Traceback" not in done.stderr and "unexpected" not in done.stderr, done.stderr
            # Split on newlines only: a scan may hold U+0085 or U+2028, which JSON keeps raw.
            answers = [json.loads(line) for line in done.stdout.split("\n") if line]
            assert len(answers) == len(expected), (lines, done.stdout)
            assert not any(a["ok"] for a in answers)
            assert done.returncode == (1 if expected else 0), done.stderr
        assert _state(file_room) == before

    desk()
