"""Which appointment a schedule message is about, and the newest message heard of it.

An appointment has its own id (``appointments.external_id``, its preferred id's key: the filler
id's, by default) and one *home* key row (``appointment_keys``, pointing at it: its newest
message time and whether that withdrew it). Made from a message carrying both SCH ids, its home
is the other id's key (the placer id's), so that a later message naming it by either id finds
it. One first heard of by its placer id alone moves its home to the filler id's key when a
message names both, binding it to that id: another case sharing the placer id (a perioperative
scheduler's) stays another appointment. A key row pointing nowhere is a tombstone (a cancel
heard before its booking) or a placer id *shared* by appointments of different filler ids or
patients, which a message naming only that placer id cannot tell apart. A case booked by that
placer id alone is found again by a message naming it with a filler id, for its patient."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from recordsdesk.domain.errors import InvalidInput
from recordsdesk.feeds.events import AppointmentEvent
from recordsdesk.storage.models import Appointment
from recordsdesk.storage.schedule_models import AppointmentKey

SHARED = "shared"
_CHUNK = 500
_KEY_COLUMNS = (
    AppointmentKey.id,
    AppointmentKey.key,
    AppointmentKey.appointment_id,
    AppointmentKey.message_at,
    AppointmentKey.withdrawn,
    AppointmentKey.action,
    AppointmentKey.offset_minutes,
)


def external_id(key: str) -> str:
    """The appointments row's unique id for a key (a long key is shortened with its digest)."""
    if len(key) <= 80:
        return key
    return f"{key[:63]}#{hashlib.sha1(key.encode()).hexdigest()[:16]}"


def _slot(identity: str) -> str:
    """The sender and kind of id a key names ('SCHED^HOSP|filler'); '' for a CSV key."""
    head, _, tail = identity.rpartition("|")
    kind, colon, _ = tail.partition(":")
    return f"{head}|{kind}" if colon and kind in ("filler", "placer") else ""


def _chunks(values: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]


@dataclass
class Resolution:
    """What a message is about: the appointment (None: not booked yet), the key states that
    speak of it, how it was found when not by its own key, and its other ids naming another
    appointment."""

    appointment_id: int | None
    states: list[dict[str, Any]]
    found_by: str = ""
    elsewhere: list[str] = field(default_factory=list)

    def newest(self) -> dict[str, Any] | None:
        """The newest message heard of the appointment: its time, and whether it withdrew."""
        if not self.states:
            return None
        timed = [s for s in self.states if s["message_at"] is not None]
        if timed:
            last = max(timed, key=lambda s: s["message_at"])
            withdrawn = bool(last.get("withdrawn"))
            at: datetime | None = last["message_at"]
        else:
            withdrawn, at = any(s.get("withdrawn") for s in self.states), None
        return {"message_at": at, "withdrawn": withdrawn, "appointment_id": self.appointment_id}


class KeyIndex:
    """The key rows and appointment ids a file's messages name, read up front, kept in step."""

    def __init__(self, session: Session, appointments: dict[int, dict[str, Any]]) -> None:
        self.session = session
        # The importer's appointments (id -> watched columns, mrn and external_id).
        self.appointments = appointments
        self.keys: dict[str, dict[str, Any]] = {}
        self.homes: dict[int, dict[str, Any]] = {}
        self.by_external: dict[str, int] = {}

    def _keep(self, row: Any) -> None:
        state = {**row._mapping, "dirty": False, "was": row.appointment_id}
        self.keys[state["key"]] = state
        if state["appointment_id"] is not None:
            self.homes[state["appointment_id"]] = state

    def load(self, events: Sequence[AppointmentEvent]) -> list[int]:
        """Read the keys the events name and the appointments they lead to; their ids."""
        wanted = sorted({key for e in events for key in (e.key, *e.aliases)})
        for chunk in _chunks(wanted):
            for row in self.session.execute(
                select(*_KEY_COLUMNS).where(AppointmentKey.key.in_(chunk))
            ):
                self._keep(row)
        # Appointments imported before keys existed are adopted by their old id.
        unknown = sorted({e.appointment_id for e in events if e.key not in self.keys})
        adopted: dict[str, int] = {}
        keyed = select(AppointmentKey.appointment_id).where(
            AppointmentKey.appointment_id.is_not(None)
        )
        for chunk in _chunks(unknown):
            for appointment_id, old in self.session.execute(
                select(Appointment.id, Appointment.external_id).where(
                    Appointment.external_id.in_(chunk), Appointment.id.not_in(keyed)
                )
            ):
                adopted[old] = appointment_id
        for event in events:
            if event.key not in self.keys and event.appointment_id in adopted:
                state = self.new_state(event.key)
                state["appointment_id"] = adopted.pop(event.appointment_id)
                state["dirty"] = True
                self.homes[state["appointment_id"]] = state
        externals = sorted({external_id(key) for key in wanted})
        for chunk in _chunks(externals):
            for appointment_id, own in self.session.execute(
                select(Appointment.id, Appointment.external_id).where(
                    Appointment.external_id.in_(chunk)
                )
            ):
                self.by_external[own] = appointment_id
        homeless = sorted(set(self.by_external.values()) - set(self.homes))
        for chunk in _chunks(homeless):
            for row in self.session.execute(
                select(*_KEY_COLUMNS).where(AppointmentKey.appointment_id.in_(chunk))
            ):
                self._keep(row)
        return sorted(set(self.homes) | set(self.by_external.values()))

    def new_state(self, key: str) -> dict[str, Any]:
        """A key row to be written."""
        state: dict[str, Any] = {
            "id": None,
            "key": key,
            "appointment_id": None,
            "message_at": None,
            "withdrawn": False,
            "action": "",
            "dirty": True,
            "was": None,
        }
        self.keys[key] = state
        return state

    def _bound_elsewhere(self, appointment_id: int, event: AppointmentEvent) -> bool:
        """Whether the appointment is known by another id of the same kind as the event's own
        (another case's filler id), or is another patient's."""
        appointment = self.appointments[appointment_id]
        if appointment["mrn"] != event.mrn:
            return True
        slot, mine = _slot(event.key), external_id(event.key)
        home = self.homes.get(appointment_id)
        known = [appointment["external_id"]] + ([external_id(home["key"])] if home else [])
        return any(slot and _slot(other) == slot and other != mine for other in known)

    def resolve(self, event: AppointmentEvent) -> Resolution:
        """The appointment ``event`` is about, by its own key, else by its other ids."""
        own = self.keys.get(event.key)
        if own is not None and own["action"] == SHARED:
            ident = event.key.rpartition("|")[2].replace(":", " id ", 1)
            raise InvalidInput(
                f"the {ident} names several appointments (each with its own filler id) and this "
                "message gives no other id to tell which: not applied"
            )
        states = [own] if own is not None else []
        found = own["appointment_id"] if own is not None else None
        found_by = ""
        if found is None:
            found = self.by_external.get(external_id(event.key))
        elsewhere: list[str] = []
        for alias in event.aliases:
            state = self.keys.get(alias)
            if state is not None and state["action"] == SHARED:
                # A shared id may still be the own id of a case booked by it alone: this
                # message, naming it with another id, binds that case if it is this patient's.
                candidate = self.by_external.get(external_id(alias))
                if (
                    found is None
                    and candidate is not None
                    and candidate not in self.homes
                    and not self._bound_elsewhere(candidate, event)
                ):
                    found, found_by = candidate, alias
                    states.append(state)  # where the case's newest message is kept
                continue
            candidate = state["appointment_id"] if state is not None else None
            if candidate is None:
                candidate = self.by_external.get(external_id(alias))
            if candidate is None:
                if state is not None:
                    states.append(state)  # a cancel heard by this id before the booking
                continue
            if candidate != found and (
                found is not None or self._bound_elsewhere(candidate, event)
            ):
                elsewhere.append(alias)
                continue
            if found is None:
                found, found_by = candidate, alias
            if state is not None:
                states.append(state)
        if found is not None:
            home = self.homes.get(found)
            if home is not None and all(home is not s for s in states):
                states.append(home)
        return Resolution(found, states, found_by, elsewhere)

    def _free(self, key: str, resolution: Resolution) -> bool:
        """Whether a new appointment's other id's key can be its home: no appointment is known
        by it and it is not shared."""
        if key in resolution.elsewhere or external_id(key) in self.by_external:
            return False
        state = self.keys.get(key)
        return state is None or (state["appointment_id"] is None and state["action"] != SHARED)

    def remember(
        self,
        event: AppointmentEvent,
        resolution: Resolution,
        appointment_id: int | None,
        heard: bool = True,
    ) -> None:
        """The newest message heard of the appointment, in every key state that speaks of it
        (``heard`` False: a booking older than its cancel, only given its home); the
        appointment's home moved to the event's own key when that binds it to its id."""
        states = list(resolution.states)
        if not heard:
            assert appointment_id is not None
            self._home(event, resolution, appointment_id, states)
            return
        if appointment_id is None:
            # A cancel before its booking: kept by each of its ids, so the booking finds it.
            for key in (event.key, *event.aliases):
                if key not in self.keys:
                    states.append(self.new_state(key))
        else:
            self._home(event, resolution, appointment_id, states)
        for state in states:
            if event.message_at is not None and (
                state["message_at"] is None or event.message_at > state["message_at"]
            ):
                state["message_at"] = event.message_at
            if state["action"] == SHARED:
                continue
            state["withdrawn"] = event.action.withdraws
            state["action"] = event.action.value
            if event.start is not None:
                state["offset_minutes"] = (
                    None
                    if event.start_offset is None
                    else int(event.start_offset.total_seconds() // 60)
                )
            state["dirty"] = True
        for alias in resolution.elsewhere:
            self._share(alias)

    def _share(self, key: str) -> None:
        """``key`` names several appointments: a message naming it alone is refused. The
        appointment whose home it was is given a home of its own (its own id's key)."""
        shared = self.keys.get(key) or self.new_state(key)
        owner = shared["appointment_id"]
        if owner is not None:
            own = self.appointments[owner]["external_id"]
            if own == external_id(key):
                # Booked by this id alone and never bound to another: it has no other key.
                # It is found again only by a message naming this id with another of its own
                # (``resolve``); the shared row keeps its newest message meanwhile.
                self.homes.pop(owner, None)
                shared.update(appointment_id=None, action=SHARED, dirty=True)
                return
            home = self.keys.get(own) or self._read(own) or self.new_state(own)
            if home["appointment_id"] is not None:
                return  # its own key leads elsewhere: leave it be (never two homes)
            for name in ("message_at", "withdrawn", "action", "offset_minutes"):
                home[name] = shared.get(name)
            home.update(appointment_id=owner, dirty=True)
            self.homes[owner] = home
        shared.update(appointment_id=None, action=SHARED, withdrawn=False, dirty=True)

    def _read(self, key: str) -> dict[str, Any] | None:
        """A key row not read up front (the own id of an appointment found by another)."""
        row = self.session.execute(select(*_KEY_COLUMNS).where(AppointmentKey.key == key)).first()
        if row is None:
            return None
        self._keep(row)
        return self.keys[key]

    def _home(
        self,
        event: AppointmentEvent,
        resolution: Resolution,
        appointment_id: int,
        states: list[Any],
    ) -> None:
        """Give the appointment its home: a new one, its other id's key where free (its own
        id is its own key's), so that either id finds it; one first known by its placer id
        alone, the key of the filler id that now names it, binding it to that id."""
        home = self.homes.get(appointment_id)
        own = self.keys.get(event.key)
        if home is None:
            for key in event.aliases:
                if self._free(key, resolution):
                    target = self.keys.get(key) or self.new_state(key)
                    break
            else:
                target = own or self.new_state(event.key)
            if all(target is not s for s in states):
                states.append(target)
            target.update(appointment_id=appointment_id, dirty=True)
            self.homes[appointment_id] = target
            return
        if not event.aliases:
            return
        appointment = self.appointments[appointment_id]
        if home is own and appointment["external_id"] == external_id(event.key):
            # Known by its own key twice over (booked by that id alone, or before either id
            # found it): its home moves to the other id's key, so that this finds it too.
            for key in event.aliases:
                if self._free(key, resolution):
                    target = self.keys.get(key) or self.new_state(key)
                    if all(target is not s for s in states):
                        states.append(target)
                    home.update(appointment_id=None, dirty=True)
                    target.update(appointment_id=appointment_id, dirty=True)
                    self.homes[appointment_id] = target
                    return
            return
        if home is own or appointment["external_id"] == external_id(event.key):
            return  # already found by this key through its own id
        if own is None:
            own = self.new_state(event.key)
            states.append(own)
        if own["appointment_id"] is not None:
            return
        home["appointment_id"] = None
        home["dirty"] = True
        own["appointment_id"] = appointment_id
        own["dirty"] = True
        self.homes[appointment_id] = own

    def renumber(self, real: dict[int, int]) -> None:
        """New appointments' ids once written, in place of the ids they had until then."""
        for state in self.keys.values():
            state["appointment_id"] = real.get(state["appointment_id"], state["appointment_id"])
        self.homes = {real.get(n, n): state for n, state in self.homes.items()}
        self.by_external = {own: real.get(n, n) for own, n in self.by_external.items()}
        for old, new in real.items():
            appointment = self.appointments.pop(old, None)
            if appointment is not None:
                self.appointments[new] = {**appointment, "id": new}

    def written(self, now: datetime, feed: str) -> tuple[list[Any], list[Any], list[Any]]:
        """The key rows to write: (rows losing their appointment, rows changed, new rows),
        written in that order so that no appointment has two homes at any moment."""
        cleared: list[dict[str, Any]] = []
        changed: list[dict[str, Any]] = []
        fresh: list[dict[str, Any]] = []
        for state in self.keys.values():
            if not state.get("dirty"):
                continue
            values = {
                "appointment_id": state["appointment_id"],
                "message_at": state["message_at"],
                "withdrawn": bool(state.get("withdrawn")),
                "action": state.get("action", ""),
                "offset_minutes": state.get("offset_minutes"),
                "updated_at": now,
            }
            if state["id"] is None:
                fresh.append({"key": state["key"], "feed": feed, **values})
            else:
                changed.append({"id": state["id"], **values})
                if state["was"] is not None and state["was"] != state["appointment_id"]:
                    cleared.append({"id": state["id"], "appointment_id": None})
        return cleared, changed, fresh
