"""The demo's last year: appointments pulled on time or late, desk requests answered fast or
slowly, charts flagged missing and found, shelf audits with a few misfiles."""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

from recordsdesk.domain.circulation import MovementKind
from recordsdesk.services.requests import Priority, RequestStatus

YEAR = timedelta(days=365)
# A busy file room pulls about this many charts a working day; small demos pull fewer.
MOST_VISITS_A_DAY = 1500
# (share of appointment charts) pulled before the appointment, then late; the rest not pulled.
ON_TIME, LATE = 0.86, 0.95
STAT_SHARE = 0.2


def poisson(rng: random.Random, mean: float) -> int:
    """A Poisson-distributed count (Knuth's method; the means here are small)."""
    limit, k, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        k += 1
        product *= rng.random()
    return k


class DemoYear:
    """Writes one volume's last year into the demo's row lists, keeping its timeline in order."""

    def __init__(
        self,
        rng: random.Random,
        now: datetime,
        clinics: Sequence[dict[str, Any]],
        borrowers: Sequence[dict[str, Any]],
        clerks: Sequence[int],
        supervisor: int,
        volumes_expected: int,
    ) -> None:
        self._rng = rng
        self._now = now
        self._local_now = now.astimezone()
        self._clinics = clinics
        self._borrowers = borrowers
        self._clerks = list(clerks)
        self._weights = [0.4, 0.25, 0.2, 0.15][: len(clerks)]
        self._supervisor = supervisor
        self._per_volume = min(2.0, MOST_VISITS_A_DAY * 250 / max(1, volumes_expected))
        self.appointments: list[dict[str, Any]] = []
        self.requests: list[dict[str, Any]] = []
        self._next_request = 0
        self._next_appointment = 0

    def _clerk(self) -> int:
        return self._rng.choices(self._clerks, self._weights)[0]

    def _working_day(self) -> date:
        while True:
            day = (self._local_now - timedelta(days=self._rng.randrange(1, 365))).date()
            if day.weekday() < 5:
                return day

    def _move(
        self,
        moves: list[dict[str, Any]],
        movement_id: int,
        volume: dict[str, Any],
        kind: MovementKind,
        at: datetime,
        to: dict[str, Any] | None,
        source: int | None,
        user: int,
        note: str = "",
    ) -> int:
        movement_id += 1
        due = at + timedelta(hours=to["loan_hours"]) if to and to["loan_hours"] else None
        moves.append(
            {
                "id": movement_id,
                "volume_id": volume["id"],
                "kind": kind.value,
                "from_location_id": source,
                "to_location_id": to["id"] if to else None,
                "user_id": user,
                "workstation": "DEMO",
                "at": at,
                "due_at": due,
                "note": note,
            }
        )
        volume["last_movement_id"] = movement_id
        return movement_id

    def _request(self, **values: Any) -> dict[str, Any]:
        self._next_request += 1
        row = {"id": self._next_request, "note": "", "appointment_id": None, **values}
        self.requests.append(row)
        return row

    def volume_year(
        self,
        moves: list[dict[str, Any]],
        movement_id: int,
        volume: dict[str, Any],
        patient: dict[str, Any],
        after: datetime,
    ) -> tuple[int, datetime]:
        """The volume's visits of the last year, then perhaps a missing spell; the last
        movement id used and the time the volume is free again."""
        rng = self._rng
        cursor = max(after, self._now - YEAR)
        starts = []
        for _ in range(poisson(rng, self._per_volume)):
            day = self._working_day()
            minutes = rng.randrange(0, 510, 5)
            starts.append(
                datetime.combine(day, time(8, 0)).astimezone() + timedelta(minutes=minutes)
            )
        for start in sorted(starts):
            if start - timedelta(hours=12) <= cursor or start > self._now - timedelta(hours=30):
                continue
            if rng.random() < 0.85:
                movement_id, cursor = self._appointment(moves, movement_id, volume, patient, start)
            else:
                movement_id, cursor = self._desk_request(moves, movement_id, volume, patient, start)
        return self._missing_spell(moves, movement_id, volume, cursor)

    def _appointment(
        self,
        moves: list[dict[str, Any]],
        movement_id: int,
        volume: dict[str, Any],
        patient: dict[str, Any],
        start: datetime,
    ) -> tuple[int, datetime]:
        rng = self._rng
        clinic = rng.choice(self._clinics)
        self._next_appointment += 1
        imported = datetime.combine(start.date() - timedelta(days=1), time(22, 30)).astimezone()
        self.appointments.append(
            {
                "id": self._next_appointment,
                "external_id": f"DEMO-{self._next_appointment}",
                "mrn": patient["mrn"],
                "patient_id": patient["id"],
                "family_name": patient["family_name"],
                "given_name": patient["given_name"],
                "dob": patient["dob"],
                "start": start.replace(tzinfo=None),
                "day": start.date(),
                "location_id": clinic["id"],
                "provider": "",
                "status": "Booked",
                "cancelled": False,
                "source": "demo",
                "updated_at": imported,
            }
        )
        request = self._request(
            patient_id=patient["id"],
            volume_id=volume["id"],
            location_id=clinic["id"],
            appointment_id=self._next_appointment,
            needed_by=start,
            priority=Priority.ROUTINE.value,
            requested_by=self._clerks[0],
            created_at=imported,
        )
        roll = rng.random()
        if roll >= LATE:
            request.update(
                status=RequestStatus.NOT_FILLABLE.value,
                closed_at=start - timedelta(minutes=30),
                movement_id=None,
                note="cannot fill by clerk: not on the shelf at pull time",
            )
            return movement_id, start
        if roll < ON_TIME:
            pulled = start - timedelta(minutes=rng.randrange(15, 150))
        else:
            pulled = start + timedelta(minutes=rng.randrange(5, 150))
        movement_id = self._move(
            moves,
            movement_id,
            volume,
            MovementKind.CHECKED_OUT,
            pulled,
            clinic,
            None,
            self._clerk(),
        )
        request.update(status=RequestStatus.FILLED.value, closed_at=pulled, movement_id=movement_id)
        return self._back_home(moves, movement_id, volume, clinic, pulled)

    def _desk_request(
        self,
        moves: list[dict[str, Any]],
        movement_id: int,
        volume: dict[str, Any],
        patient: dict[str, Any],
        made: datetime,
    ) -> tuple[int, datetime]:
        rng = self._rng
        place = rng.choice(self._borrowers)
        stat = rng.random() < STAT_SHARE
        if stat:
            minutes = rng.lognormvariate(math.log(8), 0.6)
        elif rng.random() < 0.06:
            minutes = rng.uniform(180, 480)  # the slow ones: asked at a busy hour, or by fax
        else:
            minutes = rng.lognormvariate(math.log(40), 0.8)
        sent = made + timedelta(minutes=max(1.0, minutes))
        request = self._request(
            patient_id=patient["id"],
            volume_id=volume["id"],
            location_id=place["id"],
            needed_by=made + timedelta(minutes=30 if stat else rng.randrange(60, 240)),
            priority=(Priority.STAT if stat else Priority.ROUTINE).value,
            requested_by=self._clerk(),
            created_at=made,
        )
        movement_id = self._move(
            moves, movement_id, volume, MovementKind.CHECKED_OUT, sent, place, None, self._clerk()
        )
        request.update(status=RequestStatus.FILLED.value, closed_at=sent, movement_id=movement_id)
        return self._back_home(moves, movement_id, volume, place, sent)

    def _back_home(
        self,
        moves: list[dict[str, Any]],
        movement_id: int,
        volume: dict[str, Any],
        place: dict[str, Any],
        sent: datetime,
    ) -> tuple[int, datetime]:
        rng = self._rng
        hours = rng.choice((4, 6, 8, 24, 24, 30, 48, 72, 100, 200))
        back = self._open_hours(sent + timedelta(hours=hours, minutes=rng.randrange(0, 120)))
        if back >= self._now - timedelta(hours=2):
            back = self._now - timedelta(hours=2, minutes=rng.randrange(0, 60))
        movement_id = self._move(
            moves,
            movement_id,
            volume,
            MovementKind.RETURNED,
            back,
            None,
            place["id"],
            self._clerk(),
        )
        refiled = self._open_hours(back + timedelta(hours=rng.randrange(1, 18)))
        if refiled < self._now:
            movement_id = self._move(
                moves, movement_id, volume, MovementKind.REFILED, refiled, None, None, self._clerk()
            )
        return movement_id, refiled

    def _open_hours(self, moment: datetime) -> datetime:
        """The moment, or the file room's next opening (07:00–19:00) when it falls outside."""
        local = moment.astimezone()
        if 7 <= local.hour < 19:
            return moment
        day = local.date() + timedelta(days=1 if local.hour >= 19 else 0)
        opening = datetime.combine(day, time(7, 0)).astimezone()
        return opening + timedelta(minutes=self._rng.randrange(0, 300))

    def _missing_spell(
        self,
        moves: list[dict[str, Any]],
        movement_id: int,
        volume: dict[str, Any],
        cursor: datetime,
    ) -> tuple[int, datetime]:
        """A few charts are not on the shelf when wanted: flagged, and most found later."""
        rng = self._rng
        if rng.random() >= 0.008:
            return movement_id, cursor
        flagged = max(cursor, self._now - YEAR) + timedelta(days=rng.uniform(1, 120))
        if flagged >= self._now - timedelta(days=1):
            return movement_id, cursor
        movement_id = self._move(
            moves,
            movement_id,
            volume,
            MovementKind.FLAGGED_MISSING,
            flagged,
            None,
            None,
            self._supervisor,
            "not on the shelf when pulled; clinic and cart searched",
        )
        found = flagged + timedelta(days=rng.uniform(2, 90))
        if rng.random() < 0.6 and found < self._now:
            movement_id = self._move(
                moves,
                movement_id,
                volume,
                MovementKind.FOUND,
                found,
                None,
                None,
                self._clerk(),
                "found on scan",
            )
            return movement_id, found
        volume["missing"] = True
        return movement_id, self._now

    def shelf_audits(self, user_ids: Sequence[int]) -> list[dict[str, Any]]:
        """A shelf run or two audited most working days, with an occasional misfile."""
        rng = self._rng
        runs: list[dict[str, Any]] = []
        for back in range(1, 365):
            day = (self._local_now - timedelta(days=back)).date()
            if day.weekday() >= 5:
                continue
            for _ in range(rng.choice((0, 1, 1, 2))):
                scanned = rng.randrange(60, 260)
                misfiled = sum(rng.random() < 0.007 for _ in range(scanned))
                at = datetime.combine(day, time(14, 0)).astimezone() + timedelta(
                    minutes=rng.randrange(0, 150)
                )
                runs.append(
                    {
                        "at": at,
                        "user_id": rng.choice(user_ids),
                        "scanned": scanned,
                        "misfiled": misfiled,
                    }
                )
        return runs

    def waiting_now(
        self,
        volumes: Sequence[dict[str, Any]],
        patient_of_chart: dict[int, int],
        stat_place: dict[str, Any],
    ) -> None:
        """A few requests waiting at the desk right now, two of them STAT."""
        rng = self._rng
        home = [v for v in volumes if v["location_id"] is None and not v.get("missing")]
        for n, volume in enumerate(rng.sample(home, min(7, len(home)))):
            stat = n < 2
            made = self._now - timedelta(minutes=rng.randrange(2, 50))
            place = stat_place if stat else rng.choice(self._borrowers)
            self._request(
                patient_id=patient_of_chart[volume["chart_id"]],
                volume_id=volume["id"],
                location_id=place["id"],
                needed_by=made + timedelta(minutes=30 if stat else rng.randrange(60, 300)),
                priority=(Priority.STAT if stat else Priority.ROUTINE).value,
                requested_by=self._clerk(),
                created_at=made,
                status=RequestStatus.PENDING.value,
                closed_at=None,
                movement_id=None,
                note="bay 4, Dr Osei" if stat and n == 0 else "",
            )
