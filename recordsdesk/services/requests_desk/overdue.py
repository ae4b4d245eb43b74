"""Overdue charts by borrower: aging buckets, and the notices sent to each borrower."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import case, func, select

from recordsdesk.domain.dashboard import BUCKETS, AgingBucket, bucket_edges, days_overdue
from recordsdesk.domain.errors import NotFound
from recordsdesk.printing.overdue_notice import NoticeChart, OverdueNotice, overdue_notices_pdf
from recordsdesk.services.actors import Actor, Clock, Permission
from recordsdesk.services.documents import Document
from recordsdesk.services.site_settings import load_settings
from recordsdesk.storage.models import Chart, Location, Patient, Volume
from recordsdesk.storage.unit_of_work import Database


@dataclass(frozen=True)
class BorrowerAging:
    """One borrower's charts out: how many, and how many overdue in each aging bucket."""

    code: str
    name: str
    kind: str
    out: int
    overdue: tuple[int, ...]  # one count per BUCKETS entry, in order

    @property
    def overdue_total(self) -> int:
        return sum(self.overdue)

    def count(self, bucket: AgingBucket) -> int:
        return self.overdue[BUCKETS.index(bucket)]


def bucket_column(now: datetime) -> Any:
    """A SQL expression numbering a volume's bucket: 0 not overdue (or never due), then 1–4."""
    whens: list[tuple[Any, int]] = [(Volume.due_at.is_(None), 0), (Volume.due_at >= now, 0)]
    for number, (_, edge) in enumerate(bucket_edges(now), start=1):
        whens.append((Volume.due_at >= edge, number))
    return case(*whens, else_=len(BUCKETS))


def out_and_aging(session: Any, now: datetime) -> tuple[BorrowerAging, ...]:
    """Charts out and overdue by borrower: one group-by over the volumes' (location, due)
    index, so its cost follows the charts out now, not the length of the history."""
    bucket = bucket_column(now)
    rows = session.execute(
        select(Volume.location_id, bucket, func.count())
        .where(Volume.location_id.is_not(None))
        .group_by(Volume.location_id, bucket)
    ).all()
    places = {
        p.id: p
        for p in session.scalars(
            select(Location).where(Location.id.in_({r[0] for r in rows}))
        ).all()
    }
    counts: dict[int, list[int]] = {}
    for location_id, number, n in rows:
        counts.setdefault(location_id, [0] * (len(BUCKETS) + 1))[int(number)] += int(n)
    found = [
        BorrowerAging(places[lid].code, places[lid].name, places[lid].kind, sum(c), tuple(c[1:]))
        for lid, c in counts.items()
    ]
    found.sort(key=lambda b: (-b.overdue_total, -b.out, b.code))
    return tuple(found)


class OverdueService:
    """Overdue aging and notices: for supervisors."""

    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    def aging(self, actor: Actor) -> tuple[BorrowerAging, ...]:
        """Every borrower holding charts, most overdue first."""
        actor.require(Permission.REPORTS)
        with self._db.reading() as uow:
            return out_and_aging(uow.session, self._clock())

    def notices(self, actor: Actor, codes: Sequence[str] = ()) -> tuple[OverdueNotice, ...]:
        """One notice per borrower with overdue charts (of ``codes`` if given), oldest first."""
        actor.require(Permission.REPORTS)
        now = self._clock()
        wanted = [c.strip().upper() for c in codes if c.strip()]
        with self._db.reading() as uow:
            if wanted:
                known = set(
                    uow.session.scalars(select(Location.code).where(Location.code.in_(wanted)))
                )
                unknown = [c for c in wanted if c not in known]
                if unknown:
                    raise NotFound(f"No location with the code {', '.join(unknown)}.")
            query = (
                select(Location, Volume, Patient)
                .join(Volume, Volume.location_id == Location.id)
                .join(Chart, Chart.id == Volume.chart_id)
                .join(Patient, Patient.id == Chart.patient_id)
                .where(Volume.due_at < now)
                .order_by(Location.code, Volume.due_at, Volume.barcode)
            )
            if wanted:
                query = query.where(Location.code.in_(wanted))
            grouped: dict[str, tuple[str, list[NoticeChart]]] = {}
            for place, volume, patient in uow.session.execute(query).all():
                assert volume.due_at is not None and volume.out_since is not None
                grouped.setdefault(place.code, (place.name, []))[1].append(
                    NoticeChart(
                        barcode=volume.barcode,
                        mrn=patient.mrn,
                        name=f"{patient.family_name.upper()}, {patient.given_name}",
                        volume=volume.number,
                        out_since=volume.out_since.astimezone(),
                        due=volume.due_at.astimezone(),
                        days_overdue=days_overdue(volume.due_at, now),
                    )
                )
            room = load_settings(uow.session).file_room
        return tuple(
            OverdueNotice(
                borrower_code=code,
                borrower_name=name,
                file_room=room,
                written_at=now.astimezone(),
                charts=tuple(charts),
            )
            for code, (name, charts) in grouped.items()
        )

    def notice_document(self, actor: Actor, codes: Sequence[str] = ()) -> Document:
        """The notices as one PDF, a page or more per borrower; DocumentService prints or saves
        it and records it, once for each patient it names."""
        notices = self.notices(actor, codes)
        if not notices:
            raise NotFound("No borrower has an overdue chart: there is no notice to print.")
        mrns = tuple(dict.fromkeys(c.mrn for n in notices for c in n.charts))
        return Document(overdue_notices_pdf(notices), "pdf", "Overdue notices", mrns)
