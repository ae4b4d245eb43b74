"""Every kind of database refusal met while importing or changing data: one line that names the
record and why, never SQL or patient data, and the rest of the input goes on where it is safe."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, event, insert, text
from sqlalchemy.exc import DBAPIError

from recordsdesk.domain.errors import Conflict, InvalidInput, RecordsDeskError, Unavailable
from recordsdesk.services import schedule as schedule_module
from recordsdesk.services.actors import Actor
from recordsdesk.services.desk import Services
from recordsdesk.storage.models import Appointment

FEED_HEADER = "appointment_id,mrn,family_name,given_name,dob,start,clinic,provider,status\n"
FEED = (
    FEED_HEADER
    + "A1,123456,SMITH,John,1970-05-01,2026-03-03 09:00,CARD,Dr Who,Booked\n"
    + "A2,423266,JONES,Mary,1980-01-02,2026-03-03 10:00,CARD,Dr Who,Booked\n"
    + "A3,000042,BROWN,Ann,1990-03-04,2026-03-03 11:00,ORTH,Dr No,Booked\n"
)
# What must never reach a clerk's screen or the night's log.
LEAKS = ("INSERT", "SELECT", "UPDATE", "SMITH", "JONES", "123456", "423266", "1980", "psycopg")


def _clean(message: str) -> None:
    assert "\n" not in message
    for leak in LEAKS:
        assert leak not in message, message


def _imported(services: Services) -> set[str]:
    with services.db.reading() as uow:
        return set(uow.session.execute(text("SELECT external_id FROM appointments")).scalars())


@pytest.fixture
def feed(tmp_path: Path) -> Path:
    path = tmp_path / "tomorrow.csv"
    path.write_text(FEED)
    return path


@pytest.fixture
def after_prepare(monkeypatch: pytest.MonkeyPatch) -> Callable[[Callable[[Any], None]], None]:
    """Run ``change`` on the importer right after it has read what the file refers to: what
    another desk (or a merge of patients) does between that read and the writes."""

    def install(change: Callable[[Any], None]) -> None:
        original = schedule_module._Importer.prepare

        def prepare(self: Any, events: Any) -> None:
            original(self, events)
            self.prepared = list(events)
            change(self)

        monkeypatch.setattr(schedule_module._Importer, "prepare", prepare)

    return install


def test_a_duplicate_names_the_message_and_the_others_import(
    file_room: Services, admin: Actor, feed: Path, after_prepare: Any
) -> None:
    def taken(importer: Any) -> None:
        # Appointment A2 arrives by another way between the read and the write of its message
        # (read again message by message, the import would adopt a row that is already there).
        if "A2" not in {e.appointment_id for e in importer.prepared}:
            return
        importer.session.execute(
            insert(Appointment).values(
                external_id="A2",
                mrn="423266",
                location_id=importer.places["CARD"],
                family_name="JONES",
                given_name="Mary",
                start=importer.now,
                day=importer.now.date(),
                cancelled=False,
                status="Booked",
                provider="",
                source="other desk",
                updated_at=importer.now,
            )
        )

    after_prepare(taken)
    report = file_room.schedule.import_file(admin, feed)
    assert [p.position for p in report.problems] == ["line 3"]
    reason = report.problems[0].reason
    assert reason == (
        "The appointment was not saved: another appointment already has this appointment number."
    )
    _clean(reason)
    # The row planted in the import's own transaction goes with the refused message's savepoint.
    assert report.added == 2 and _imported(file_room) == {"A1", "A3"}
    assert file_room.audit.verify().ok


def test_a_missing_record_names_the_message_and_the_others_import(
    file_room: Services, admin: Actor, feed: Path, after_prepare: Any
) -> None:
    # The patient of 423266 was merged away meanwhile: the id read no longer exists.
    after_prepare(lambda importer: importer.patients.__setitem__("423266", 987654))
    report = file_room.schedule.import_file(admin, feed)
    assert [p.position for p in report.problems] == ["line 3"]
    reason = report.problems[0].reason
    assert "not saved" in reason and "does not exist" in reason
    _clean(reason)
    assert _imported(file_room) == {"A1", "A3"}
    assert report.requests == 2  # A1's and A3's charts; none for the refused message


def test_a_value_out_of_range_names_the_message_and_the_others_import(
    file_room: Services, admin: Actor, feed: Path, after_prepare: Any
) -> None:
    after_prepare(lambda importer: importer.patients.__setitem__("423266", 2**64 + 1))
    report = file_room.schedule.import_file(admin, feed)
    assert [p.position for p in report.problems] == ["line 3"]
    reason = report.problems[0].reason
    assert "not saved" in reason and "out of range" in reason
    _clean(reason)
    assert _imported(file_room) == {"A1", "A3"}


def test_a_number_out_of_range_is_refused_alike_on_both(file_room: Services, admin: Actor) -> None:
    with pytest.raises(InvalidInput, match="out of range") as caught:
        file_room.locations.add(admin, "FAR", "Far Away Clinic", "clinic", 10**12)
    _clean(str(caught.value))
    # Written past the checks, the database's own refusal reads the same way.
    big = 10**12 if file_room.db.engine.dialect.name == "postgresql" else 2**70
    refused = r"The location was not saved: .*out of range"
    with pytest.raises(InvalidInput, match=refused), file_room.db.writing() as uow:
        uow.session.execute(
            text(
                "INSERT INTO locations (code, name, kind, loan_hours, active, needs_review)"
                " VALUES ('FAR', 'SMITH', 'clinic', :big, true, false)"
            ),
            {"big": big},
        )
        uow.commit()


@pytest.fixture
def impatient(file_room: Services) -> Iterator[Services]:
    """The room's connections give up on a lock at once, as a desk whose timeout ran out."""
    engine = file_room.db.engine
    engine.dispose()

    def short(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        if engine.dialect.name == "sqlite":
            cursor.execute("PRAGMA busy_timeout=1")
        else:
            cursor.execute("SET lock_timeout = '1ms'")
        cursor.close()
        if engine.dialect.name == "postgresql":
            dbapi_connection.commit()

    event.listen(engine, "connect", short)
    yield file_room
    event.remove(engine, "connect", short)
    engine.dispose()


def test_a_lock_timeout_names_the_file_and_the_next_import_goes_on(
    impatient: Services, admin: Actor, feed: Path
) -> None:
    url = impatient.db.engine.url
    other = create_engine(url)
    try:
        with other.connect() as blocker:
            if url.get_backend_name() == "sqlite":
                blocker.exec_driver_sql("BEGIN IMMEDIATE")
            else:
                blocker.exec_driver_sql("SELECT id FROM patients WHERE mrn = '123456' FOR UPDATE")
            with pytest.raises(Conflict) as caught:
                impatient.schedule.import_file(admin, feed)
            blocker.rollback()
    finally:
        other.dispose()
    message = str(caught.value)
    assert "another desk is busy" in message and "nothing of it was kept" in message
    _clean(message)
    assert _imported(impatient) == set()
    # Once the other desk is done, the same file imports whole.
    assert impatient.schedule.import_file(admin, feed).added == 3


def test_a_lost_connection_names_the_file_and_the_next_import_goes_on(
    file_room: Services, admin: Actor, feed: Path, after_prepare: Any, tmp_path: Path
) -> None:
    cut = {"done": False}

    def cut_the_link(importer: Any) -> None:
        if cut["done"]:
            return
        cut["done"] = True
        connection = importer.session.connection()
        if connection.dialect.name == "sqlite":
            connection.connection.driver_connection.close()
            return
        pid = connection.exec_driver_sql("SELECT pg_backend_pid()").scalar()
        killer = create_engine(connection.engine.url)
        with killer.begin() as kill:
            kill.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        killer.dispose()

    after_prepare(cut_the_link)
    with pytest.raises(Unavailable) as caught:
        file_room.schedule.import_file(admin, feed)
    message = str(caught.value)
    assert "link to the database was lost" in message and "nothing of this was kept" in message
    _clean(message)
    second = tmp_path / "later.csv"
    second.write_text(FEED_HEADER + "B1,000042,BROWN,Ann,,2026-03-03 13:00,ORTH,Dr No,Booked\n")
    assert file_room.schedule.import_file(admin, second).added == 1
    assert file_room.schedule.import_file(admin, feed).added == 3
    assert _imported(file_room) == {"A1", "A2", "A3", "B1"}


@pytest.mark.parametrize(
    ("statement", "kind", "words"),
    [
        (
            "INSERT INTO locations (code, name, kind, loan_hours, active, needs_review)"
            " VALUES ('CARD', 'SMITH', 'clinic', 1, true, false)",
            Conflict,
            "The location was not saved: another location already has this code.",
        ),
        (
            "INSERT INTO charts (patient_id, record_type_id, created_at)"
            " VALUES (987654, 1, CURRENT_TIMESTAMP)",
            Conflict,
            # PostgreSQL names the reference that failed; SQLite only the ones there are.
            "The chart was not saved: the {patient} it refers to does not exist (any more).",
        ),
        (
            "INSERT INTO locations (code, name, kind, loan_hours, active, needs_review)"
            " VALUES ('NEW', NULL, 'clinic', 1, true, false)",
            InvalidInput,
            "The location was not saved: the name is missing.",
        ),
    ],
)
def test_a_change_refused_names_the_record_and_why(
    file_room: Services, statement: str, kind: type[RecordsDeskError], words: str
) -> None:
    with pytest.raises(kind) as caught, file_room.db.writing() as uow:
        uow.session.execute(text(statement))
    sqlite = file_room.db.engine.dialect.name == "sqlite"
    patient = "patient or record type" if sqlite else "patient"
    assert str(caught.value) == words.format(patient=patient)
    assert isinstance(caught.value.__cause__, DBAPIError)
    _clean(str(caught.value))


def test_a_scan_held_up_by_a_lock_is_named_and_the_next_scan_goes_on(
    impatient: Services, admin: Actor
) -> None:
    url = impatient.db.engine.url
    other = create_engine(url)
    try:
        with other.connect() as blocker:
            if url.get_backend_name() == "sqlite":
                blocker.exec_driver_sql("BEGIN IMMEDIATE")
            else:
                blocker.exec_driver_sql(
                    "SELECT id FROM volumes WHERE barcode = 'V0000001' FOR UPDATE"
                )
            held = impatient.circulation.check_out(admin, "CARD", "V0000001")
            blocker.rollback()
    finally:
        other.dispose()
    assert not held.ok and held.scan == "V0000001"
    assert "another desk is busy" in held.message
    _clean(held.message)
    assert impatient.circulation.check_out(admin, "CARD", "V0000001").ok
    assert impatient.audit.verify().ok


def test_a_table_this_version_needs_and_does_not_find_says_what_to_do(
    file_room: Services,
) -> None:
    with pytest.raises(Unavailable) as caught, file_room.db.reading() as uow:
        uow.session.execute(text("SELECT family_name FROM patients_renamed WHERE mrn = '123456'"))
    assert "recordsdesk db upgrade" in str(caught.value)
    _clean(str(caught.value))
