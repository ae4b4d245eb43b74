"""Retirement and destruction candidates in shelf-walk order, and the retention reports."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from datetime import UTC, date, datetime, time
from operator import attrgetter

from sqlalchemy import ColumnElement, exists, func, or_, select
from sqlalchemy.orm import Session

from recordsdesk.domain.circulation import MovementKind
from recordsdesk.domain.filing import ShelfPosition, shelf_position
from recordsdesk.domain.retention import Status, add_years
from recordsdesk.services.actors import Actor, Clock
from recordsdesk.services.retention.access import RetentionAccess, RetentionPermission
from recordsdesk.services.retention.bulk import collector_paused
from recordsdesk.services.retention.dto import (
    BoxAge,
    Candidate,
    CandidateList,
    RetentionReport,
    UnitCount,
    YearCount,
)
from recordsdesk.services.retention.judgement import (
    IN_A_BOX,
    Judge,
    Judged,
    _last,
    cutoff,
    read_facts,
    volume_query,
)
from recordsdesk.services.retention.thickness import measured
from recordsdesk.services.site_settings import SiteSettings, load_settings
from recordsdesk.storage.models import Location, Volume
from recordsdesk.storage.retention_models import (
    Box,
    BoxItem,
    DestructionBatch,
    DestructionItem,
)
from recordsdesk.storage.unit_of_work import Database


def _candidate(
    judged: Judged,
    settings: SiteSettings,
    record_type: str,
    box: str | None = None,
    thickness: dict[int, float] | None = None,
    position: ShelfPosition | None = None,
) -> Candidate:
    facts = judged.facts
    inches = (thickness or {}).get(facts.volume_id)
    if position is None:
        position = shelf_position(facts.mrn, settings.filing)
    assert judged.rule is not None
    return Candidate(
        volume_id=facts.volume_id,
        barcode=facts.barcode,
        mrn=facts.mrn,
        name=facts.name,
        volume=facts.label,
        record_type=record_type,
        shelf=position.display,
        section=position.section,
        unit=settings.shelving_units.unit_of(position.section),
        last_activity=judged.last_activity,
        retire_from=judged.retire_from,
        keep_until=judged.keep_until,
        rule=judged.rule.name,
        basis=judged.basis,
        box=box,
        shelf_key=facts.shelf_key,
        citation=judged.rule.citation,
        inches=settings.inches_per_volume if inches is None else inches,
        measured=inches is not None,
    )


def _retirement(
    session: Session, judge: Judge, settings: SiteSettings, before: date, unit: str | None
) -> list[Candidate]:
    """The volumes on their shelves whose rule lets them go off-site by ``judge.today``
    (any order); only ``unit``'s when it is given. ``before``: the earliest cutoff of any rule."""
    query = volume_query(
        # Nearly every volume is at home: a scan of the table beats the index.
        func.coalesce(Volume.location_id, 0) == 0,
        Volume.missing.is_(False),
        _last.kind != MovementKind.DESTROYED.value,
        _last.at < datetime.combine(before, time(), UTC),
        _not_boxed(session),
    )
    day = judge.today
    type_names = judge.book.type_names
    thickness = measured(session)
    filing = settings.filing
    unit_of = settings.shelving_units.unit_of
    found: list[Candidate] = []
    for facts in read_facts(session, query):
        if facts.ledger_activity is not None and facts.ledger_activity >= before:
            continue
        judged = judge.judge(facts)
        if judged.rule is None or judged.holds or judged.retire_from is None:
            continue
        if judged.retire_from > day:
            continue
        position = shelf_position(facts.mrn, filing)
        if unit is not None and unit_of(position.section) != unit:
            continue
        record_type = type_names.get(facts.record_type_id, "")
        found.append(_candidate(judged, settings, record_type, None, thickness, position))
    return found


def _not_boxed(session: Session) -> ColumnElement[bool]:
    """Not packed in a box. SQLite reads the few open box items once for the whole scan
    instead of probing them for each volume; PostgreSQL plans the same as an anti-join."""
    if session.get_bind().dialect.name == "sqlite":
        return Volume.id.not_in(select(BoxItem.volume_id).where(BoxItem.removed_at.is_(None)))
    return ~IN_A_BOX


def walk_ordered(
    found: list[Candidate], settings: SiteSettings
) -> tuple[tuple[Candidate, ...], tuple[UnitCount, ...], float]:
    """Candidates in walk order, with each unit's count and shelf, and the shelf in all.

    The same order as sorting by ``walk_key``: sorted by shelf key (a chart's volumes share
    it: then by volume), then taken unit by unit in walking order.
    """
    walk = settings.shelving_units.walk
    ranks = {name: rank for rank, name in enumerate(walk)}
    by_rank: defaultdict[int, list[Candidate]] = defaultdict(list)
    shelf: defaultdict[str, float] = defaultdict(float)
    for item in sorted(found, key=attrgetter("shelf_key", "volume_id")):
        by_rank[ranks.get(item.unit, len(walk))].append(item)
        shelf[item.unit] += item.inches
    items = tuple(item for rank in sorted(by_rank) for item in by_rank[rank])
    counts = Counter(item.unit for item in items)
    walked = sorted(counts, key=settings.shelving_units.rank)
    units = tuple(UnitCount(name, counts[name], round(shelf[name], 1)) for name in walked)
    # Each unit's shelf added up in walk order, then the units in walk order: the same sums.
    return items, units, round(sum(shelf[name] for name in walked), 1)


def walk_key(settings: SiteSettings) -> Callable[[Candidate], tuple[int, str, int]]:
    """The sort key of the clerk's walk: shelving unit in walking order, then shelf (then
    volume: a chart's volumes share a shelf key)."""
    walk = settings.shelving_units.walk
    ranks = {unit: rank for rank, unit in enumerate(walk)}

    def key(item: Candidate) -> tuple[int, str, int]:
        return (ranks.get(item.unit, len(walk)), item.shelf_key, item.volume_id)

    return key


def in_open_batch() -> object:
    """Volumes already proposed in a batch not yet carried out."""
    return exists().where(
        DestructionItem.volume_id == Volume.id,
        DestructionItem.destroyed_at.is_(None),
        DestructionItem.batch_id == DestructionBatch.id,
        DestructionBatch.status != "completed",
    )


def destruction_candidates(session: Session, judge: Judge) -> list[Candidate]:
    """Volumes eligible for destruction today: on the shelf or in a box, not held, not proposed."""
    settings = load_settings(session)
    before = cutoff(judge.today, judge.book.shortest_retention)
    if before is None:
        return []
    offsite = select(Location.id).where(Location.kind == "offsite")
    query = volume_query(
        _last.kind != MovementKind.DESTROYED.value,
        Volume.missing.is_(False),
        or_(Volume.location_id.is_(None), Volume.location_id.in_(offsite)),
        ~in_open_batch(),  # type: ignore[operator]
    ).order_by(Volume.shelf_key)
    boxes = dict(
        session.execute(
            select(BoxItem.volume_id, Box.barcode)
            .join(Box, Box.id == BoxItem.box_id)
            .where(BoxItem.removed_at.is_(None))
        ).all()
    )
    found: list[Candidate] = []
    type_names = judge.book.type_names
    thickness = measured(session)
    for facts in read_facts(session, query):
        if facts.ledger_activity is not None and facts.ledger_activity >= before:
            continue
        judged = judge.judge(facts)
        if judged.status is Status.ELIGIBLE:
            record_type = type_names.get(facts.record_type_id, "")
            box = boxes.get(facts.volume_id)
            found.append(_candidate(judged, settings, record_type, box, thickness))
    return sorted(found, key=walk_key(settings))


class CandidateService:
    """What may go off-site or be destroyed, and the retention reports."""

    def __init__(self, db: Database, clock: Clock, access: RetentionAccess) -> None:
        self._db = db
        self._clock = clock
        self._access = access

    def today(self) -> date:
        return self._clock().date()

    def units(self, actor: Actor) -> tuple[str, ...]:
        """The site's shelving units in walking order, to list one unit's candidates."""
        self._access.require(actor, RetentionPermission.VIEW)
        with self._db.reading() as uow:
            return tuple(load_settings(uow.session).shelving_units.walk)

    def retirement(
        self,
        actor: Actor,
        as_of: date | None = None,
        unit: str | None = None,
    ) -> CandidateList:
        """Volumes on their shelves inactive past their rule's retirement period, in walk order.

        Held volumes are left out; so are volumes in a box, checked out or missing. The shelf
        each frees is its measured thickness, else the site's inches per volume.
        """
        self._access.require(actor, RetentionPermission.VIEW)
        day = as_of or self.today()
        with collector_paused():
            with self._db.reading() as uow:
                session = uow.session
                settings = load_settings(session)
                judge = Judge.load(session, day)
                before = cutoff(day, judge.book.shortest_retirement)
                found: list[Candidate] = []
                if before is not None:
                    found = _retirement(session, judge, settings, before, unit)
            items, units, inches = walk_ordered(found, settings)
            where = f", unit {unit}" if unit else ""
            self._access.shown(actor, (i.mrn for i in items), f"retirement candidates{where}")
        return CandidateList(day, items, units, inches)

    def destruction(self, actor: Actor, as_of: date | None = None) -> list[Candidate]:
        """Volumes eligible for destruction, not held, not checked out, not already proposed."""
        self._access.require(actor, RetentionPermission.VIEW)
        with collector_paused():
            with self._db.reading() as uow:
                judge = Judge.load(uow.session, as_of or self.today())
                found = destruction_candidates(uow.session, judge)
            self._access.shown(actor, (c.mrn for c in found), "destruction candidates")
        return found

    def report(
        self,
        actor: Actor,
        as_of: date | None = None,
    ) -> RetentionReport:
        """Volumes and shelf by the year their retention ends, the next 12 months, boxes by age."""
        self._access.require(actor, RetentionPermission.VIEW)
        day = as_of or self.today()
        horizon = add_years(day, 1)
        years: Counter[int | None] = Counter()
        shelf: defaultdict[int | None, float] = defaultdict(float)
        soon = held = 0
        soon_inches = 0.0
        with collector_paused(), self._db.reading() as uow:
            session = uow.session
            per_volume = load_settings(session).inches_per_volume
            thickness = measured(session)
            judge = Judge.load(session, day)
            query = volume_query(_last.kind != MovementKind.DESTROYED.value)
            for facts in read_facts(session, query.execution_options(yield_per=5000)):
                judged = judge.judge(facts)
                if judged.holds:
                    held += 1
                until = judged.keep_until
                inches = thickness.get(facts.volume_id, per_volume)
                years[until.year if until else None] += 1
                shelf[until.year if until else None] += inches
                if until is not None and day < until <= horizon and not judged.holds:
                    soon += 1
                    soon_inches += inches
            ages: dict[int, list[int]] = {}
            rows = session.execute(
                select(Box.id, Box.moved_at, func.count(BoxItem.id))
                .outerjoin(BoxItem, (BoxItem.box_id == Box.id) & BoxItem.removed_at.is_(None))
                .where(Box.status == "off_site")
                .group_by(Box.id, Box.moved_at)
            ).all()
            for _box, moved, count in rows:
                age = max(0, (day - moved.date()).days // 365) if moved else 0
                ages.setdefault(age, []).append(int(count))
        ordered = sorted(years, key=lambda y: (y is None, y or 0))
        return RetentionReport(
            as_of=day,
            by_year=tuple(YearCount(y, years[y], round(shelf[y], 1)) for y in ordered),
            next_12_months=soon,
            next_12_months_inches=round(soon_inches, 1),
            held=held,
            boxes_by_age=tuple(
                BoxAge(age, len(counts), sum(counts)) for age, counts in sorted(ages.items())
            ),
        )
