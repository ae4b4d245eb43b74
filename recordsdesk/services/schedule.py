"""Importing the appointment schedule: appointments keyed as interface engines key them, the
newest message about each winning, and the chart requests derived from the result.

Each file is applied in one unit of work: a file killed halfway leaves nothing of it applied,
and importing it again applies it whole. Within a file each message is checked before anything
of it is written, so a bad message is refused alone and named.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, bindparam, insert, select, update
from sqlalchemy.exc import DataError, IntegrityError
from sqlalchemy.orm import Session

from recordsdesk.domain.barcodes import validate_location_code
from recordsdesk.domain.errors import Conflict, InvalidInput, NotFound
from recordsdesk.feeds import read_schedule
from recordsdesk.feeds.events import AppointmentEvent, FeedFormat, NoticeKind
from recordsdesk.feeds.profile import FeedProfile
from recordsdesk.services.actors import Actor, Clock, Permission
from recordsdesk.services.appointment_keys import KeyIndex, Resolution, external_id
from recordsdesk.services.appointment_requests import sync_requests
from recordsdesk.services.audit import AuditTrail
from recordsdesk.services.locations import DEFAULT_LOAN_HOURS, LocationKind
from recordsdesk.services.site_settings import SiteSettings, load_settings
from recordsdesk.storage.database_errors import translate_database_error
from recordsdesk.storage.limits import check_values
from recordsdesk.storage.models import Appointment, Location, Patient
from recordsdesk.storage.schedule_models import AppointmentKey, ScheduleFeed
from recordsdesk.storage.unit_of_work import Database


@dataclass(frozen=True)
class ImportProblem:
    """A message or line not imported: where, and why."""

    position: str
    reason: str


@dataclass(frozen=True)
class ImportNotice:
    """A decision the import took that an analyst auditing a go-live should see: where (the
    first place when the same one was taken ``count`` times), what, and its kind."""

    position: str
    reason: str
    kind: NoticeKind
    count: int = 1


@dataclass(frozen=True)
class ImportReport:
    """What one schedule file did."""

    source: str
    format: str
    events: int
    added: int
    changed: int
    cancelled: int
    unchanged: int
    requests: int
    booked_without_chart: tuple[str, ...]
    new_clinics: tuple[str, ...]
    problems: tuple[ImportProblem, ...] = field(default=())
    # Decisions the import took that an analyst auditing a go-live should see.
    notices: tuple[ImportNotice, ...] = field(default=())
    # Messages older (MSH-7) than one already applied to their appointment: not applied.
    superseded: int = 0
    # Cancels for appointments not yet booked: kept, and applied when the booking comes.
    kept_cancels: int = 0
    feed: str = ""
    withdrawn_requests: int = 0


@dataclass(frozen=True)
class FeedInfo:
    """A named feed profile as shown."""

    name: str
    settings: dict[str, Any]


_CODE_LENGTH = 16


def clinic_code(code: str, name: str) -> str:
    """A location code for a clinic the feed names: its own code where it fits, else made from it.

    A code longer than 16 characters, or written in another script, keeps a readable beginning
    and a short digest of the whole, so "Cardiology Clinic North" and "... South" stay two
    clinics and a Korean clinic name still names one.
    """
    for candidate in (code, name):
        written = candidate.strip().upper()
        text = re.sub(r"[^A-Z0-9\-]+", "-", written).strip("-")
        lossy = any(char.isalnum() and not char.isascii() for char in written)
        if not text and not lossy:
            continue
        if len(text) <= _CODE_LENGTH and not lossy:
            return validate_location_code(text)
        digest = hashlib.sha1(written.encode()).hexdigest()[:6].upper()
        prefix = (text[: _CODE_LENGTH - 7].rstrip("-") or "CL") if text else "CL"
        return validate_location_code(f"{prefix}-{digest}")
    raise InvalidInput("The appointment names no clinic.")


_WATCHED = ("mrn", "patient_id", "start", "location_id", "cancelled", "provider", "status")
_CHUNK = 500
_APPOINTMENTS = cast(Table, Appointment.__table__)
_LOCATIONS = cast(Table, Location.__table__)
_KEYS = cast(Table, AppointmentKey.__table__)


# What an import counts, per importer and summed over a file applied message by message.
COUNTS = ("added", "changed", "cancelled", "unchanged", "superseded", "kept_cancels")


class _Importer:
    """Applies the events of one file inside one unit of work.

    What the file refers to (keys, appointments, patients, clinics) is read up front in a few
    large queries; key states are written together at the end and the requests are brought into
    line once, after the whole file.
    """

    def __init__(
        self, session: Session, actor: Actor, now: datetime, feed: str, ordered: bool
    ) -> None:
        self.session = session
        # HL7 messages are events in time (a cancel is final unless a newer booking follows);
        # a CSV line states the appointment as it is now, so the last line read wins.
        self.ordered = ordered
        self.actor = actor
        self.now = now
        self.feed = feed
        self.places: dict[str, int] = {}
        self.appointments: dict[int, dict[str, Any]] = {}
        self.index = KeyIndex(session, self.appointments)
        self.patients: dict[str, int] = {}
        self.touched: set[int] = set()
        # New appointments, written together at the end: known until then by ids below zero.
        self.pending: dict[int, dict[str, Any]] = {}
        self.updates: dict[int, dict[str, Any]] = {}
        self.new_clinics: list[str] = []
        self.no_chart: list[str] = []
        self.notices: list[ImportNotice] = []
        self.counts = dict.fromkeys(COUNTS, 0)

    def prepare(self, events: Sequence[AppointmentEvent]) -> None:
        """Read in bulk what the events refer to."""
        ids = self.index.load(events)
        for chunk in _chunks(ids):
            for row in self.session.execute(
                select(
                    Appointment.id,
                    Appointment.external_id,
                    *(getattr(Appointment, key) for key in _WATCHED),
                ).where(Appointment.id.in_(chunk))
            ):
                self.appointments[row.id] = dict(row._mapping)
        mrns = sorted({e.mrn for e in events})
        for chunk in _chunks(mrns):
            for patient_id, mrn in self.session.execute(
                select(Patient.id, Patient.mrn).where(Patient.mrn.in_(chunk))
            ):
                self.patients[mrn] = patient_id
        for location_id, code in self.session.execute(select(Location.id, Location.code)):
            self.places[code] = location_id

    def place(self, event: AppointmentEvent) -> int:
        code = clinic_code(event.clinic_code, event.clinic_name)
        if code not in self.places:
            name = (event.clinic_name or event.clinic_code or code)[:128]
            check_values(_LOCATIONS, {"code": code, "name": name})
            self.places[code] = self.session.execute(
                insert(Location)
                .values(
                    code=code,
                    name=name,
                    kind=LocationKind.CLINIC.value,
                    loan_hours=DEFAULT_LOAN_HOURS[LocationKind.CLINIC],
                    active=True,
                    needs_review=True,
                )
                .returning(Location.id)
            ).scalar_one()
            self.new_clinics.append(code)
        return self.places[code]

    def _superseded(self, event: AppointmentEvent, state: dict[str, Any] | None) -> str:
        """Why an event is not applied because a newer message about it was, or ''."""
        if state is None:
            return ""
        newest = state["message_at"]
        if newest is not None and event.message_at is not None:
            if event.message_at < newest:
                return (
                    f"older ({event.message_at:%Y-%m-%d %H:%M:%S} UTC) than the message already "
                    f"applied to appointment {event.appointment_id} "
                    f"({newest:%Y-%m-%d %H:%M:%S} UTC): not applied"
                )
            return ""
        if (
            state.get("withdrawn")
            and not event.action.withdraws
            and event.key != (event.appointment_id)
        ):
            # An HL7 booking with no MSH-7 to order it never brings a cancelled one back.
            return (
                f"appointment {event.appointment_id} was cancelled and this booking has no "
                "message time (MSH-7) to show it is newer: not applied"
            )
        return ""

    def apply(self, event: AppointmentEvent) -> None:
        found = self.index.resolve(event)
        state = found.newest()
        why = self._superseded(event, state)
        # A booking older than a cancel already heard for it (and never booked): the booking
        # is written, cancelled, so that the file room sees the appointment and its cancel.
        cancelled = bool(
            why
            and state is not None
            and state.get("withdrawn")
            and state["appointment_id"] is None
            and not event.action.withdraws
        )
        if why and not cancelled:
            self.counts["superseded"] += 1
            self.notices.append(ImportNotice(event.position, why, NoticeKind.SUPERSEDED))
            return
        existing_id = found.appointment_id
        existing = self.appointments.get(existing_id) if existing_id else None
        if found.found_by and existing is not None:
            self._joined(event, found)
        if event.action.withdraws:
            if existing is None:
                # A cancel before its booking: kept, so that the booking comes cancelled.
                self.index.remember(event, found, None)
                self.counts["kept_cancels"] += 1
                self.notices.append(
                    ImportNotice(
                        event.position,
                        f"{event.action.value.replace('_', '-')} of appointment "
                        f"{event.appointment_id}, not booked yet: kept, and applied when the "
                        "booking comes",
                        NoticeKind.TOMBSTONE,
                    )
                )
                return
            self.index.remember(event, found, existing["id"])
            if existing["cancelled"]:
                self.counts["unchanged"] += 1
                return
            self._update(
                existing["id"],
                {"cancelled": True, "status": (event.status or event.action.value)[:32]},
            )
            existing["cancelled"] = True
            self.touched.add(existing["id"])
            self.counts["cancelled"] += 1
            return
        if event.start is None:
            raise InvalidInput("The appointment has no start time.")
        # A value the columns cannot hold (too long, a NUL) refuses this message alone.
        check_values(
            _APPOINTMENTS,
            {
                "external_id": external_id(event.key),
                "mrn": event.mrn,
                "family_name": event.family_name[:80],
                "given_name": event.given_name[:80],
                "provider": event.provider[:128],
                "status": event.status[:32],
                "source": event.position[:255],
            },
        )
        # Everything that can refuse the event is checked before anything is written.
        location_id = self.place(event)
        patient_id = self.patients.get(event.mrn)
        row: dict[str, Any] = {
            "mrn": event.mrn,
            "patient_id": patient_id,
            "family_name": event.family_name[:80],
            "given_name": event.given_name[:80],
            "dob": event.dob,
            "start": event.start,
            "day": event.start.date(),
            "location_id": location_id,
            "provider": event.provider[:128],
            "status": event.status[:32],
            "cancelled": cancelled,
            "source": event.position[:255],
        }
        if existing is None:
            own = external_id(event.key)
            appointment_id = -1 - len(self.pending)
            self.pending[appointment_id] = {"external_id": own, "updated_at": self.now, **row}
            self.appointments[appointment_id] = {"id": appointment_id, "external_id": own, **row}
            self.index.by_external[own] = appointment_id
            self.touched.add(appointment_id)
            if cancelled:
                # The cancel heard first still stands: it is newer than this booking.
                self.index.remember(event, found, appointment_id, heard=False)
                self.counts["cancelled"] += 1
                self.notices.append(
                    ImportNotice(
                        event.position,
                        f"appointment {event.appointment_id} booked after its cancel was heard: "
                        "kept cancelled",
                        NoticeKind.TOMBSTONE,
                    )
                )
                return
            self.index.remember(event, found, appointment_id)
            self.counts["added"] += 1
        else:
            self.index.remember(event, found, existing["id"])
            if all(existing[key] == row[key] for key in _WATCHED):
                self.counts["unchanged"] += 1
                return
            self._update(existing["id"], row)
            existing.update(row)
            self.touched.add(existing["id"])
            self.counts["changed"] += 1
        if patient_id is None:
            self.no_chart.append(event.mrn)

    def _joined(self, event: AppointmentEvent, found: Resolution) -> None:
        """Say that a message was matched to its appointment by another of its ids."""
        by = found.found_by.rpartition("|")[2].replace(":", " id ", 1)
        self.notices.append(
            ImportNotice(
                event.position,
                f"appointment {event.appointment_id} found by its {by}: the same appointment",
                NoticeKind.APPOINTMENT_ID,
            )
        )

    def _update(self, appointment_id: int, values: dict[str, Any]) -> None:
        """Change an appointment row: gathered, and written together before the requests."""
        if appointment_id in self.pending:
            self.pending[appointment_id].update(values, updated_at=self.now)
            return
        self.updates.setdefault(appointment_id, {}).update(values, updated_at=self.now)

    def _insert_new(self) -> None:
        """Insert the new appointments in a few statements and give everything their ids."""
        if not self.pending:
            return
        # One executemany, then the ids read back by the unique own ids: RETURNING in row order
        # would be one statement per row on SQLite.
        rows = list(self.pending.values())
        connection = self.session.connection()
        for start in range(0, len(rows), 5000):
            connection.execute(insert(_APPOINTMENTS), rows[start : start + 5000])
        temporary = {values["external_id"]: n for n, values in self.pending.items()}
        real: dict[int, int] = {}
        for chunk in _chunks(sorted(temporary)):
            for appointment_id, own in connection.execute(
                select(_APPOINTMENTS.c.id, _APPOINTMENTS.c.external_id).where(
                    _APPOINTMENTS.c.external_id.in_(chunk)
                )
            ):
                real[temporary[own]] = appointment_id
        self.touched = {real.get(n, n) for n in self.touched}
        self.index.renumber(real)
        self.pending.clear()

    def _write_updates(self) -> None:
        """The gathered changes, one executemany per set of changed columns."""
        groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
        for appointment_id, values in self.updates.items():
            names = tuple(sorted(values))
            row = {f"v_{name}": values[name] for name in names}
            groups.setdefault(names, []).append({"b_id": appointment_id, **row})
        table = _APPOINTMENTS
        for names, rows in groups.items():
            statement = (
                update(table)
                .where(table.c.id == bindparam("b_id"))
                .values({name: bindparam(f"v_{name}") for name in names})
            )
            for start in range(0, len(rows), 5000):
                self.session.connection().execute(statement, rows[start : start + 5000])
        self.updates.clear()

    def finish(self) -> tuple[int, int]:
        """Write the keys' states, then bring the requests of every appointment the file touched
        into line, once: a booking and its cancel in one file leave no live request."""
        self._insert_new()
        self._write_updates()
        cleared, changed, fresh = self.index.written(self.now, self.feed)
        if cleared:
            self.session.execute(update(AppointmentKey), cleared)
        if changed:
            self.session.execute(update(AppointmentKey), changed)
        for start in range(0, len(fresh), 5000):
            self.session.connection().execute(insert(_KEYS), fresh[start : start + 5000])
        done = sync_requests(self.session, self.touched, self.actor.user_id, self.now)
        return done.created, done.withdrawn


def _chunks(values: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]


def _keyed(event: AppointmentEvent, feed: str) -> AppointmentEvent:
    """A CSV event's key: its id, qualified by the feed's name when one is given."""
    if event.key:
        return event
    return replace(event, key=f"{feed}|{event.appointment_id}" if feed else event.appointment_id)


_DATABASE_REFUSALS = (IntegrityError, DataError, OverflowError)


class _OneByOne(Exception):
    """The database refused something in a file applied in one go: apply it again, each
    message in a savepoint of its own, to name the one refused and keep the others."""


@dataclass
class _Applied:
    """What applying a file's messages came to, summed over one importer or many."""

    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COUNTS, 0))
    no_chart: list[str] = field(default_factory=list)
    new_clinics: list[str] = field(default_factory=list)
    notices: list[ImportNotice] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)
    created: int = 0
    withdrawn: int = 0

    def take(self, importer: _Importer, created: int, withdrawn: int) -> None:
        for key, value in importer.counts.items():
            self.counts[key] += value
        self.no_chart += importer.no_chart
        self.new_clinics += importer.new_clinics
        self.notices += importer.notices
        self.created += created
        self.withdrawn += withdrawn


class ScheduleService:
    """Reading schedule files into appointments and requests; the named feed profiles."""

    def __init__(self, db: Database, clock: Clock, trail: AuditTrail | None = None) -> None:
        self._db = db
        self._clock = clock
        self._trail = trail or AuditTrail(clock)

    def _profile(self, session: Session, settings: SiteSettings, feed: str | None) -> FeedProfile:
        """The named feed's settings, else the standard reading with the site's CSV layout."""
        if feed:
            stored = session.scalar(select(ScheduleFeed.settings).where(ScheduleFeed.name == feed))
            if stored is None:
                raise NotFound(f"No schedule feed named '{feed}' (see schedule feed list).")
            return FeedProfile.from_json(stored)
        layout = settings.csv_layout
        return FeedProfile(
            csv_columns=dict(layout.columns),
            csv_date_order=layout.date_order,
            csv_delimiter=layout.delimiter or "",
        )

    def import_file(
        self,
        actor: Actor,
        source: os.PathLike[str] | bytes,
        name: str | None = None,
        feed: str | None = None,
        progress: Callable[[int, int], None] | None = None,
    ) -> ImportReport:
        """Import one HL7 SIU or CSV file: the good messages all land, each bad one is named.

        The file is applied in one unit of work: stopped halfway (killed, the power cut), none
        of it is applied. ``progress(applied, total)`` is called every 1,000 messages.
        """
        actor.require(Permission.IMPORT_SCHEDULE)
        with self._db.reading() as uow:
            settings = load_settings(uow.session)
            profile = self._profile(uow.session, settings, feed)
        parsed = read_schedule(source, name=name, rules=settings.mrn, profile=profile)
        problems = [ImportProblem(p.position, p.reason) for p in parsed.problems]
        events = [_keyed(event, feed or "") for event in parsed.events]
        ordered = parsed.format is FeedFormat.HL7
        try:
            applied = self._apply(actor, events, feed or "", ordered, progress, one_by_one=False)
        except _OneByOne:
            applied = self._apply(actor, events, feed or "", ordered, progress, one_by_one=True)
        problems += applied.problems
        problems.sort(key=lambda p: _position_key(p.position))
        notices = [ImportNotice(n.position, n.reason, n.kind, n.count) for n in parsed.notices]
        notices += applied.notices
        notices.sort(key=lambda p: _position_key(p.position))
        counts = applied.counts
        return ImportReport(
            source=parsed.source,
            format=parsed.format.value,
            events=len(parsed.events),
            added=counts["added"],
            changed=counts["changed"],
            cancelled=counts["cancelled"],
            unchanged=counts["unchanged"],
            requests=applied.created,
            booked_without_chart=tuple(dict.fromkeys(applied.no_chart)),
            new_clinics=tuple(applied.new_clinics),
            problems=tuple(problems),
            notices=tuple(notices),
            superseded=counts["superseded"],
            kept_cancels=counts["kept_cancels"],
            feed=feed or "",
            withdrawn_requests=applied.withdrawn,
        )

    def _apply(
        self,
        actor: Actor,
        events: Sequence[AppointmentEvent],
        feed: str,
        ordered: bool,
        progress: Callable[[int, int], None] | None,
        one_by_one: bool,
    ) -> _Applied:
        """Apply ``events`` in one unit of work.

        In one go, the fast way; should the database refuse anything (a duplicate, a missing
        record, a value out of range), the unit of work is rolled back and ``_OneByOne`` raised.
        One by one, each message is applied in a savepoint of its own, read afresh from what the
        messages before it left: a message the database refuses is undone alone and named.
        """
        applied = _Applied()
        with self._db.writing() as uow:
            session = uow.session
            if not one_by_one:
                importer = _Importer(session, actor, self._clock(), feed, ordered)
                try:
                    importer.prepare(events)
                    for number, event in enumerate(events, start=1):
                        try:
                            importer.apply(event)
                        except InvalidInput as exc:
                            applied.problems.append(ImportProblem(event.position, exc.message))
                        if progress is not None and number % 1000 == 0:
                            progress(number, len(events))
                    created, withdrawn = importer.finish()
                except _DATABASE_REFUSALS as exc:
                    raise _OneByOne from exc
                applied.take(importer, created, withdrawn)
            else:
                for number, event in enumerate(events, start=1):
                    importer = _Importer(session, actor, self._clock(), feed, ordered)
                    try:
                        with session.begin_nested():
                            importer.prepare([event])
                            importer.apply(event)
                            created, withdrawn = importer.finish()
                    except InvalidInput as exc:
                        applied.problems.append(ImportProblem(event.position, exc.message))
                    except _DATABASE_REFUSALS as exc:
                        translated = translate_database_error(exc)
                        if translated is None:
                            raise
                        applied.problems.append(ImportProblem(event.position, translated.message))
                    else:
                        applied.take(importer, created, withdrawn)
                    if progress is not None and number % 1000 == 0:
                        progress(number, len(events))
            uow.commit()
        return applied

    # -- named feed profiles

    def feeds(self, actor: Actor) -> list[FeedInfo]:
        """Every named feed with its settings."""
        actor.require(Permission.IMPORT_SCHEDULE)
        with self._db.reading() as uow:
            rows = uow.session.execute(
                select(ScheduleFeed.name, ScheduleFeed.settings).order_by(ScheduleFeed.name)
            ).all()
        return [FeedInfo(n, FeedProfile.from_json(s).as_dict()) for n, s in rows]

    def feed(self, actor: Actor, name: str) -> FeedInfo:
        """One named feed with all its settings (defaults included)."""
        found = [info for info in self.feeds(actor) if info.name == name]
        if not found:
            raise NotFound(f"No schedule feed named '{name}'.")
        return found[0]

    def add_feed(self, actor: Actor, name: str, changes: Mapping[str, str]) -> FeedInfo:
        """A new named feed: the standard reading with ``changes``."""
        actor.require(Permission.MANAGE_SETTINGS)
        if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,39}", name):
            raise InvalidInput(
                f"'{name}' is not a feed name: 1 to 40 letters, digits, dots, dashes or _."
            )
        profile = FeedProfile().with_settings(changes)
        with self._db.writing() as uow:
            session = uow.session
            if session.scalar(select(ScheduleFeed.id).where(ScheduleFeed.name == name)):
                raise Conflict(f"A schedule feed named '{name}' exists already.")
            session.add(
                ScheduleFeed(name=name, settings=profile.to_json(), updated_at=self._clock())
            )
            self._audit(session, actor, "schedule feed add", name, profile)
            uow.commit()
        return FeedInfo(name, profile.as_dict())

    def set_feed(self, actor: Actor, name: str, changes: Mapping[str, str]) -> FeedInfo:
        """Change some settings of a named feed."""
        actor.require(Permission.MANAGE_SETTINGS)
        with self._db.writing() as uow:
            session = uow.session
            row = session.scalar(select(ScheduleFeed).where(ScheduleFeed.name == name))
            if row is None:
                raise NotFound(f"No schedule feed named '{name}'.")
            profile = FeedProfile.from_json(row.settings).with_settings(changes)
            row.settings = profile.to_json()
            row.updated_at = self._clock()
            self._audit(session, actor, "schedule feed set", name, profile)
            uow.commit()
        return FeedInfo(name, profile.as_dict())

    def _audit(
        self, session: Session, actor: Actor, action: str, name: str, profile: FeedProfile
    ) -> None:
        self._trail.record(
            session,
            username=actor.username,
            workstation=actor.workstation,
            action=action,
            detail=f"{name}: {json.dumps(profile.as_dict(), ensure_ascii=False)}",
        )


def _position_key(position: str) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", position)) or (0,)
