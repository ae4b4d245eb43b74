"""Release of information at scale: 50,000 requests and 200,000 disclosures.

    .venv/bin/python benchmarks/bench_release.py [--sqlite PATH] [--pg URL] [--rounds N]

Times what the ROI desk waits on: the queue page's query (every open request, due soonest
first, with its special categories and what is outstanding; the showing recorded in the audit
trail) and its turnaround figures, and one patient's accounting of disclosures (six years, the
excluded and the suspended kept apart) with its PDF.

The SQLite file is built once when PATH does not exist: the demo's file room (20,000 patients),
then 50,000 requests (2,000 of them open, 150 of those partly released) and 200,000
disclosures, each linked to its own audit entry written through the trail's bulk API. With
--pg the same is built into that database (made if missing).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Table, create_engine, func, insert, select, text
from sqlalchemy.engine import make_url

from recordsdesk.domain.release_of_information import Basis, RequesterKind, RequestStatus
from recordsdesk.services.demo import build_demo
from recordsdesk.services.desk import Services, build_services
from recordsdesk.services.release.desk import build_release_services
from recordsdesk.storage.models import AuditEvent, Chart, Patient, RecordType
from recordsdesk.storage.release_models import RoiDisclosure, RoiRequest
from recordsdesk.storage.site_key import KEY_FILE_ENV, create_key_ring

DEFAULT_SQLITE = Path("/var/tmp/rd-bench/i14-release-50k.sqlite3")
KEY_FILE = Path("/var/tmp/rd-bench/i14-site-key.json")
PATIENTS = 20_000
REQUESTS = 50_000
OPEN = 2_000
PARTLY = 150
DISCLOSURES = 200_000
CHUNK = 10_000
BUSY_PATIENT_DISCLOSURES = 60

KINDS = [
    (RequesterKind.PATIENT, Basis.PATIENT_ACCESS),
    (RequesterKind.PROVIDER, Basis.TREATMENT),
    (RequesterKind.INSURER, Basis.PAYMENT),
    (RequesterKind.ATTORNEY, Basis.AUTHORISATION),
    (RequesterKind.SUBPOENA, Basis.JUDICIAL),
    (RequesterKind.LAW_ENFORCEMENT, Basis.LAW_ENFORCEMENT),
    (RequesterKind.PUBLIC_HEALTH, Basis.PUBLIC_HEALTH),
    (RequesterKind.HEALTH_OVERSIGHT, Basis.HEALTH_OVERSIGHT),
]


def _request_row(
    rid: int, patient_id: int, received: date, status: str, kind: int
) -> dict[str, Any]:
    requester, basis = KINDS[kind]
    return {
        "id": rid,
        "patient_id": patient_id,
        "requester_kind": requester.value,
        "basis": basis.value,
        "requester_name": f"Requester {rid % 997}",
        "requester_address": "1 Main Street",
        "received_on": received,
        "due_on": received + timedelta(days=30),
        "extended_due_on": None,
        "extension_reason": "",
        "status": status,
        "what": "Discharge summary",
        "record_types": "MR",
        "date_from": None,
        "date_to": None,
        "volumes": "",
        "minimum_necessary": "",
        "page_count": 12,
        "fee_cents": 650,
        "denial_reason": "",
        "has_authorisation": False,
        "auth_description": "",
        "auth_discloser": "",
        "auth_recipient": "",
        "auth_purpose": "",
        "auth_expires_on": None,
        "auth_expiry_event": "",
        "auth_signed_by": "",
        "auth_signed_on": None,
        "auth_representative_authority": "",
        "auth_statements": False,
        "auth_covers": "",
        "created_by": 3,
        "created_at": datetime.combine(received, datetime.min.time(), tzinfo=UTC),
        "closed_at": None,
        "version": 1,
    }


def build(services: Services) -> None:
    """The demo's file room, then the requests and disclosures in bulk."""
    services.upgrade_schema()
    started = time.perf_counter()
    build_demo(services, PATIENTS, seed=14)
    print(f"demo file room: {time.perf_counter() - started:.0f} s")
    rng = random.Random(14)
    today = datetime.now(UTC).date()
    engine = services.db.engine
    with engine.begin() as conn:
        patients = list(
            conn.execute(
                select(Patient.id)
                .join(Chart, Chart.patient_id == Patient.id)
                .join(RecordType, RecordType.id == Chart.record_type_id)
                .where(RecordType.code == "MR")
                .order_by(Patient.id)
            ).scalars()
        )
        first_id = int(conn.execute(select(func.coalesce(func.max(RoiRequest.id), 0))).scalar())
    started = time.perf_counter()
    rows: list[dict[str, Any]] = []
    closed_ids: list[tuple[int, int, date]] = []
    busy = patients[0]
    for n in range(REQUESTS):
        rid = first_id + n + 1
        patient_id = busy if n < BUSY_PATIENT_DISCLOSURES // 4 else rng.choice(patients)
        if n >= REQUESTS - OPEN:
            received = today - timedelta(days=rng.randrange(0, 45))
            status = (
                RequestStatus.PARTLY_RELEASED
                if n >= REQUESTS - PARTLY
                else RequestStatus.IN_PROGRESS
            ).value
        else:
            received = today - timedelta(days=rng.randrange(45, 6 * 365))
            status = RequestStatus.RELEASED.value
            closed_ids.append((rid, patient_id, received))
        rows.append(_request_row(rid, patient_id, received, status, rng.randrange(len(KINDS))))
    with engine.begin() as conn:
        for at in range(0, len(rows), CHUNK):
            conn.execute(insert(cast(Table, RoiRequest.__table__)), rows[at : at + CHUNK])
    print(f"{REQUESTS:,} requests: {time.perf_counter() - started:.0f} s")
    # Four disclosures a closed request on average (parts, copies sent on), each with its entry.
    started = time.perf_counter()
    kinds = {
        r["id"]: KINDS.index((RequesterKind(r["requester_kind"]), Basis(r["basis"]))) for r in rows
    }
    partly_ids = [r["id"] for r in rows if r["status"] == RequestStatus.PARTLY_RELEASED.value]
    plan = [closed_ids[n % len(closed_ids)] for n in range(DISCLOSURES - len(partly_ids))]
    plan += [(rid, rows[rid - first_id - 1]["patient_id"], today) for rid in partly_ids]
    for at in range(0, len(plan), CHUNK):
        part = plan[at : at + CHUNK]
        with services.db.writing() as uow:
            session = uow.session
            before = int(session.scalar(select(func.coalesce(func.max(AuditEvent.id), 0))) or 0)
            services.trail.record_many(
                session,
                (
                    {"username": "clerk", "workstation": "BENCH", "action": "roi_disclosure",
                     "detail": f"ROI-{rid:06d}"}
                    for rid, _p, _d in part
                ),
            )  # fmt: skip
            ids = list(
                session.scalars(
                    select(AuditEvent.id).where(AuditEvent.id > before).order_by(AuditEvent.id)
                )
            )
            disclosures = []
            for (rid, patient_id, received), entry in zip(part, ids, strict=True):
                _kind, basis = KINDS[kinds[rid]]
                when = datetime.combine(
                    received + timedelta(days=rng.randrange(1, 30)),
                    datetime.min.time(),
                    tzinfo=UTC,
                )
                disclosures.append(
                    {
                        "request_id": rid,
                        "patient_id": patient_id,
                        "disclosed_at": min(when, datetime.now(UTC)),
                        "recipient": f"Requester {rid % 997}",
                        "recipient_address": "1 Main Street",
                        "what": "Discharge summary [MR]",
                        "purpose": basis.label,
                        "basis": basis.value,
                        "accountable": basis.accountable,
                        "held_back": "",
                        "pages": 12,
                        "fee_cents": 650,
                        "user_id": 3,
                        "workstation": "BENCH",
                        "audit_event_id": entry,
                        "released_types": "MR" if rid not in partly_ids else "RAD",
                    }
                )
            session.execute(insert(cast(Table, RoiDisclosure.__table__)), disclosures)
            uow.commit()
    print(
        f"{DISCLOSURES:,} disclosures with their audit entries: "
        f"{time.perf_counter() - started:.0f} s"
    )
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            for table in ("roi_requests", "roi_disclosures"):
                conn.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"(SELECT MAX(id) FROM {table}))"
                    )
                )
            conn.execute(text("ANALYZE"))


CPU: list[float] = []  # the CPU milliseconds of the last _time, run by run


def _time(rounds: int, work: Callable[[], object]) -> tuple[float, float, object]:
    """Median and worst milliseconds over ``rounds`` runs (after one warm-up), the last result;
    each run's CPU time (this process's, the database server's not counted) is left in CPU."""
    result = work()
    spent = []
    CPU.clear()
    for _ in range(rounds):
        started, cpu = time.perf_counter(), time.process_time()
        result = work()
        spent.append((time.perf_counter() - started) * 1000)
        CPU.append((time.process_time() - cpu) * 1000)
    return statistics.median(spent), max(spent), result


def _load() -> str:
    return " ".join(f"{n:.2f}" for n in os.getloadavg())


def _cpu() -> str:
    return f", CPU median {statistics.median(CPU):.0f} ms"


def measure(services: Services, name: str, rounds: int) -> None:
    roi = build_release_services(services)
    clerk = services.users.actor("clerk", "BENCH")
    with services.db.reading() as uow:
        session = uow.session
        counts = (
            session.scalar(select(func.count(RoiRequest.id))),
            session.scalar(select(func.count(RoiDisclosure.id))),
        )
        busiest_id, many = session.execute(
            select(RoiDisclosure.patient_id, func.count())
            .group_by(RoiDisclosure.patient_id)
            .order_by(func.count().desc())
            .limit(1)
        ).one()
        mrn = session.scalar(select(Patient.mrn).where(Patient.id == busiest_id))
    print(f"\n{name}: {counts[0]:,} requests, {counts[1]:,} disclosures")
    print(f"  load average {_load()}")
    median, worst, rows = _time(rounds, lambda: roi.requests.queue(clerk))
    assert isinstance(rows, list)
    print(
        f"  queue page (open requests, {len(rows):,} rows): "
        f"median {median:.0f} ms, worst {worst:.0f} ms{_cpu()}"
    )
    median, worst, _ = _time(rounds, lambda: roi.disclosures.figures(clerk))
    print(f"  turnaround figures, whole history: median {median:.0f} ms, worst {worst:.0f} ms")
    year_ago = datetime.now(UTC).date() - timedelta(days=365)
    median, worst, _ = _time(rounds, lambda: roi.disclosures.figures(clerk, year_ago))
    print(f"  turnaround figures, last 12 months: median {median:.0f} ms, worst {worst:.0f} ms")
    median, worst, found = _time(rounds, lambda: roi.disclosures.accounting(clerk, str(mrn)))
    shown = len(found.accountable) + len(found.excluded)  # type: ignore[attr-defined]
    print(
        f"  accounting for MRN {mrn} ({many} disclosures, {shown} in six years): "
        f"median {median:.1f} ms, worst {worst:.1f} ms"
    )
    median, worst, _ = _time(
        rounds,
        lambda: roi.documents.accounting_pdf(clerk, roi.disclosures.accounting(clerk, str(mrn))),
    )
    print(f"  accounting with its PDF: median {median:.0f} ms, worst {worst:.0f} ms")
    print(f"  load average {_load()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sqlite", type=Path, default=DEFAULT_SQLITE)
    parser.add_argument("--pg", help="a PostgreSQL URL (its database is made if missing)")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    if not KEY_FILE.exists():
        create_key_ring(KEY_FILE, "Bench Site")
    os.environ[KEY_FILE_ENV] = str(KEY_FILE)
    targets = [("SQLite", f"sqlite:///{args.sqlite}", not args.sqlite.exists())]
    if args.pg:
        url = make_url(args.pg)
        admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            exists = conn.execute(
                text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": url.database}
            ).first()
            if not exists:
                conn.execute(text(f'CREATE DATABASE "{url.database}"'))
        admin.dispose()
        targets.append(("PostgreSQL", args.pg, not exists))
    for name, url_text, fresh in targets:
        services = build_services(url_text)
        try:
            if fresh:
                print(f"building {name} …")
                build(services)
            measure(services, name, args.rounds)
        finally:
            services.close()


if __name__ == "__main__":
    main()
