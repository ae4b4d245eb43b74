"""Shelf audit: scan a run of shelf in order; misfiles, and charts the ledger puts elsewhere."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select

from recordsdesk.domain.barcodes import ScanKind, parse_scan
from recordsdesk.domain.errors import InvalidInput
from recordsdesk.domain.filing import shelf_position
from recordsdesk.domain.shelf_audit import misfiles
from recordsdesk.services.actors import Actor, Clock, Permission, system_clock
from recordsdesk.services.circulation import CirculationService
from recordsdesk.services.registry import display_name
from recordsdesk.services.site_settings import load_settings
from recordsdesk.storage.dashboard_models import record_shelf_audit_run
from recordsdesk.storage.models import Chart, Location, Patient, Volume
from recordsdesk.storage.unit_of_work import Database


@dataclass(frozen=True)
class ShelfFinding:
    """One chart of the run: what it is and what is wrong with it, if anything."""

    position: int
    scan: str
    finding: str  # in_place, misfiled, recorded_out, missing, unknown
    message: str
    barcode: str | None = None
    mrn: str | None = None
    name: str | None = None
    shelf: str | None = None


@dataclass(frozen=True)
class ShelfAudit:
    """The whole run: every chart in scan order, and how many need attention."""

    findings: tuple[ShelfFinding, ...]
    misfiled: int
    recorded_elsewhere: int
    unknown: int
    brought_home: int


@dataclass(frozen=True)
class _Seen:
    """What the ledger says of a scanned chart."""

    shelf_key: str
    missing: bool
    place: str | None
    mrn: str
    name: str
    shelf: str


class ShelfAuditService:
    """Checking a run of shelf against filing order and the ledger."""

    def __init__(
        self, db: Database, circulation: CirculationService, clock: Clock = system_clock
    ) -> None:
        self._db = db
        self._circulation = circulation
        self._clock = clock

    def audit(self, actor: Actor, scans: Sequence[str], bring_home: bool = False) -> ShelfAudit:
        """Audit the charts scanned along a shelf, left to right; with ``bring_home``, charts
        the ledger puts elsewhere (or flagged missing) are returned home, as found: that
        overrides the ledger, so it needs a supervisor (Permission.OVERRIDE)."""
        actor.require(Permission.OVERRIDE if bring_home else Permission.CIRCULATE)
        if not scans:
            raise InvalidInput("Scan the charts along the shelf, in the order they stand.")
        with self._db.reading() as uow:
            settings = load_settings(uow.session)
            wanted = []
            for raw in scans:
                try:
                    scan = parse_scan(raw, settings.scanner)
                    wanted.append(scan.value if scan.kind is ScanKind.VOLUME else None)
                except InvalidInput:
                    wanted.append(None)
            rows = {
                v.barcode: _Seen(
                    v.shelf_key,
                    v.missing,
                    loc.name if loc is not None else None,
                    p.mrn,
                    display_name(p),
                    shelf_position(p.mrn, settings.filing).display,
                )
                for v, p, loc in uow.session.execute(
                    select(Volume, Patient, Location)
                    .join(Chart, Chart.id == Volume.chart_id)
                    .join(Patient, Patient.id == Chart.patient_id)
                    .outerjoin(Location, Location.id == Volume.location_id)
                    .where(Volume.barcode.in_([w for w in wanted if w]))
                )
            }
            known = [i for i, w in enumerate(wanted) if w in rows]
            keys = [rows[wanted[i]].shelf_key for i in known]  # type: ignore[index]
        wrong = {known[m.position]: m for m in misfiles(keys)}
        findings: list[ShelfFinding] = []
        counts = {"misfiled": 0, "elsewhere": 0, "unknown": 0, "home": 0}
        for position, (raw, barcode) in enumerate(zip(scans, wanted, strict=True)):
            if barcode is None or barcode not in rows:
                counts["unknown"] += 1
                findings.append(
                    ShelfFinding(
                        position, raw.strip(), "unknown", f"'{raw.strip()}' is not a chart on file."
                    )
                )
                continue
            seen = rows[barcode]
            base = {"barcode": barcode, "mrn": seen.mrn, "name": seen.name, "shelf": seen.shelf}
            if position in wrong:
                counts["misfiled"] += 1
                misfile = wrong[position]
                after = wanted[known[misfile.after]] if misfile.after is not None else None
                before = wanted[known[misfile.before]] if misfile.before is not None else None
                between = (
                    f"after {after}"
                    if before is None
                    else f"before {before}"
                    if after is None
                    else f"between {after} and {before}"
                )
                findings.append(
                    ShelfFinding(
                        position,
                        raw.strip(),
                        "misfiled",
                        f"{barcode} ({seen.shelf}) is misfiled: it goes {between}.",
                        **base,
                    )
                )
            elif seen.place is not None or seen.missing:
                counts["elsewhere"] += 1
                kind = "missing" if seen.missing else "recorded_out"
                said = "is flagged missing" if seen.missing else f"is recorded at {seen.place}"
                message = f"{barcode} {said}, but it is on the shelf."
                if bring_home:
                    answer = self._circulation.return_volume(actor, barcode)
                    if answer.ok:
                        counts["home"] += 1
                        message += " Brought home."
                    else:
                        message += f" Not brought home: {answer.message}"
                findings.append(ShelfFinding(position, raw.strip(), kind, message, **base))
            else:
                findings.append(
                    ShelfFinding(
                        position, raw.strip(), "in_place", f"{barcode} is in place.", **base
                    )
                )
        if known:  # the dashboard's misfile rate counts every run
            with self._db.writing() as uow:
                record_shelf_audit_run(
                    uow.session.connection(), self._clock(), actor.user_id, len(known), len(wrong)
                )
                uow.commit()
        return ShelfAudit(
            tuple(findings),
            counts["misfiled"],
            counts["elsewhere"],
            counts["unknown"],
            counts["home"],
        )
