"""A realistic synthetic file room for demonstrations and benchmarks: bulk-built, reproducible."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, cast

from sqlalchemy import Connection, Table, insert, select, text

from recordsdesk.domain.barcodes import volume_barcode
from recordsdesk.domain.circulation import MovementKind
from recordsdesk.domain.errors import Conflict, InvalidInput
from recordsdesk.domain.filing import shelf_position
from recordsdesk.services import users
from recordsdesk.services.actors import Clock, system_clock
from recordsdesk.services.demo_history import YEAR, DemoYear
from recordsdesk.services.desk import Services, build_services
from recordsdesk.services.release.demo import build_release_demo
from recordsdesk.services.site_settings import read_settings
from recordsdesk.storage.dashboard_models import ShelfAuditRun, rebuild_tallies
from recordsdesk.storage.models import (
    Appointment,
    Base,
    Chart,
    ChartRequest,
    Location,
    Movement,
    Patient,
    RecordType,
    User,
    Volume,
)

DEMO_PASSWORDS = {"admin": "admin-demo", "supervisor": "supervisor-demo", "clerk": "clerk-demo"}
# More clerks on the rota: they scan at the desk in the demo's history but have no password.
ROTA = ("maria", "tomas", "aisha")
BATCH = 20_000

FAMILY = [
    "SMITH",
    "JOHNSON",
    "WILLIAMS",
    "BROWN",
    "JONES",
    "GARCIA",
    "MILLER",
    "DAVIS",
    "RODRIGUEZ",
    "MARTINEZ",
    "HERNANDEZ",
    "LOPEZ",
    "GONZALEZ",
    "WILSON",
    "ANDERSON",
    "THOMAS",
    "TAYLOR",
    "MOORE",
    "JACKSON",
    "MARTIN",
    "LEE",
    "PEREZ",
    "THOMPSON",
    "WHITE",
    "HARRIS",
    "SANCHEZ",
    "CLARK",
    "RAMIREZ",
    "LEWIS",
    "ROBINSON",
    "WALKER",
    "YOUNG",
    "ALLEN",
    "KING",
    "WRIGHT",
    "SCOTT",
    "TORRES",
    "NGUYEN",
    "HILL",
    "FLORES",
    "GREEN",
    "ADAMS",
    "NELSON",
    "BAKER",
    "HALL",
    "RIVERA",
    "CAMPBELL",
    "MITCHELL",
    "CARTER",
    "ROBERTS",
    "O'BRIEN",
    "MÜLLER",
    "ØSTERGÅRD",
    "KOWALCZYK",
    "NGUYỄN",
    "ŁUKASIEWICZ",
    "DUBOIS",
    "FERREIRA",
    "ANDERSSON",
    "PATEL",
    "KHAN",
]
GIVEN = [
    "James",
    "Mary",
    "Robert",
    "Patricia",
    "John",
    "Jennifer",
    "Michael",
    "Linda",
    "David",
    "Elizabeth",
    "William",
    "Barbara",
    "Richard",
    "Susan",
    "Joseph",
    "Jessica",
    "Thomas",
    "Sarah",
    "Charles",
    "Karen",
    "Daniel",
    "Lisa",
    "Matthew",
    "Nancy",
    "Anthony",
    "Betty",
    "Mark",
    "Sandra",
    "Paul",
    "Ashley",
    "Steven",
    "Emily",
    "Andrew",
    "Kimberly",
    "Joshua",
    "Donna",
    "Kenneth",
    "Michelle",
    "Zoë",
    "Łukasz",
    "Søren",
    "José",
    "Thị",
    "Anh",
    "Renée",
    "Björn",
    "Chloé",
    "Dmitri",
    "Aoife",
]
CLINICS = [
    ("CARD", "Cardiology Clinic"),
    ("ORTH", "Orthopaedics Clinic"),
    ("DERM", "Dermatology Clinic"),
    ("ONC", "Oncology Clinic"),
    ("PAED", "Paediatrics Clinic"),
    ("ENT", "Ear, Nose and Throat Clinic"),
    ("NEUR", "Neurology Clinic"),
    ("OBGY", "Obstetrics and Gynaecology"),
    ("RENL", "Renal Clinic"),
    ("DIAB", "Diabetes Centre"),
    ("OPHT", "Eye Clinic"),
    ("GP1", "General Practice Suite 1"),
]
WARDS = [(f"W{n}", f"Ward {n}") for n in range(1, 7)]
DEPARTMENTS = [
    ("RADI", "Radiology"),
    ("CODE", "Clinical Coding"),
    ("LEGL", "Legal Office"),
    ("AUDT", "Clinical Audit"),
    ("ED", "Emergency Department"),
]
PEOPLE = [
    ("JDOE", "Dr Jane Doe"),
    ("AKHAN", "Dr Amir Khan"),
    ("MLEE", "Nurse Min Lee"),
    ("PWRIGHT", "Dr Paul Wright"),
]
OTHER = [
    ("OFFS", "Iron Mountain off-site store", "offsite", None),
    ("FR2", "Satellite file room", "file_room", None),
]


@dataclass(frozen=True)
class DemoSummary:
    """What the demo built."""

    patients: int
    volumes: int
    movements: int
    out: int
    overdue: int


Progress = Callable[[str, int, int], None]


def _quiet(_stage: str, _done: int, _total: int) -> None:
    return None


def _insert(conn: Connection, model: type[Base], rows: list[dict[str, Any]]) -> None:
    if rows:
        conn.execute(insert(cast(Table, model.__table__)), rows)


def build_demo(
    services: Services,
    patients: int,
    seed: int = 1,
    clock: Clock = system_clock,
    progress: Progress = _quiet,
) -> DemoSummary:
    """Fill an empty, migrated database with a file room of ``patients`` patients."""
    if not 1 <= patients <= 5_000_000:
        raise InvalidInput(f"{patients} patients is out of range (1 to 5,000,000).")
    if services.users.count():
        raise Conflict("The database has users already: the demo fills only an empty one.")
    rng = random.Random(seed)
    now = clock()
    hasher = users.password_hasher()
    engine = services.db.engine
    with engine.connect() as conn:
        # A demo built again where one was: its history starts here, not where the old one's
        # anchors say (they would call the new chain cut).
        services.db.chain.forget_anchors(conn)
    with engine.begin() as conn:
        settings = read_settings(conn)
        _insert(
            conn,
            User,
            [
                {
                    "id": i + 1,
                    "username": name,
                    "full_name": f"Demo {name}",
                    "role": name,
                    "password_hash": hasher.hash(password),
                    "active": True,
                    "created_at": now,
                }
                for i, (name, password) in enumerate(DEMO_PASSWORDS.items())
            ]
            + [
                {
                    "id": len(DEMO_PASSWORDS) + i + 1,
                    "username": name,
                    "full_name": f"Demo {name}",
                    "role": "clerk",
                    "password_hash": None,
                    "active": True,
                    "created_at": now,
                }
                for i, name in enumerate(ROTA)
            ],
        )
        places: list[dict[str, Any]] = []
        for code, name in CLINICS:
            places.append({"code": code, "name": name, "kind": "clinic", "loan_hours": 24})
        for code, name in WARDS:
            places.append({"code": code, "name": name, "kind": "ward", "loan_hours": 72})
        for code, name in DEPARTMENTS:
            places.append({"code": code, "name": name, "kind": "department", "loan_hours": 48})
        for code, name in PEOPLE:
            places.append({"code": code, "name": name, "kind": "person", "loan_hours": 24})
        for code, name, kind, hours in OTHER:
            places.append({"code": code, "name": name, "kind": kind, "loan_hours": hours})
        for i, place in enumerate(places):
            place.update(id=i + 1, active=True, needs_review=False)
        _insert(conn, Location, places)
        types = dict(conn.execute(select(RecordType.code, RecordType.id)).all())
    borrowers = [p for p in places if p["loan_hours"]]
    clinics = [p for p in places if p["kind"] == "clinic"]
    clerk_ids = [3] + [len(DEMO_PASSWORDS) + i + 1 for i in range(len(ROTA))]
    year = DemoYear(rng, now, clinics, borrowers, clerk_ids, 2, int(patients * 1.25))
    emergency = next(p for p in places if p["code"] == "ED")
    mrns = rng.sample(range(1000, max(1_000_000, patients * 2)), patients)
    counts = {"volumes": 0, "movements": 0, "out": 0, "overdue": 0}
    patient_id = chart_id = volume_id = movement_id = 0
    start_day = now - timedelta(days=3 * 365)
    for first in range(0, patients, BATCH):
        batch = mrns[first : first + BATCH]
        pats: list[dict[str, Any]] = []
        charts: list[dict[str, Any]] = []
        vols: list[dict[str, Any]] = []
        moves: list[dict[str, Any]] = []
        for mrn_number in batch:
            patient_id += 1
            mrn = str(mrn_number)
            family, given = rng.choice(FAMILY), rng.choice(GIVEN)
            created = start_day + timedelta(minutes=rng.randrange(0, 3 * 365 * 24 * 60))
            pats.append(
                {
                    "id": patient_id,
                    "mrn": mrn,
                    "family_name": family.capitalize(),
                    "given_name": given,
                    "dob": date(1930, 1, 1) + timedelta(days=rng.randrange(0, 33_000)),
                    "name_key": f"{family.upper()}, {given.upper()}",
                    "created_at": created,
                }
            )
            key = shelf_position(mrn, settings.filing).key
            chart_types = ["MR"] + (["RAD"] if rng.random() < 0.08 else [])
            for type_code in chart_types:
                chart_id += 1
                charts.append(
                    {
                        "id": chart_id,
                        "patient_id": patient_id,
                        "record_type_id": types[type_code],
                        "created_at": created,
                    }
                )
                roll = rng.random()
                n_volumes = 3 if roll < 0.04 else 2 if roll < 0.18 else 1
                for number in range(1, n_volumes + 1):
                    volume_id += 1
                    movement_id += 1
                    moves.append(
                        {
                            "id": movement_id,
                            "volume_id": volume_id,
                            "kind": MovementKind.CREATED.value,
                            "from_location_id": None,
                            "to_location_id": None,
                            "user_id": 3,
                            "workstation": "DEMO",
                            "at": created,
                            "due_at": None,
                            "note": "",
                        }
                    )
                    vol: dict[str, Any] = {
                        "id": volume_id,
                        "chart_id": chart_id,
                        "number": number,
                        "barcode": volume_barcode(volume_id),
                        "shelf_key": key,
                        "location_id": None,
                        "out_since": None,
                        "due_at": None,
                        "missing": False,
                        "version": 1,
                        "last_movement_id": movement_id,
                    }
                    moment = created
                    for _ in range(rng.choice((0, 0, 0, 1, 1, 2, 4))):
                        moment += timedelta(days=rng.randrange(5, 200))
                        if moment > now - YEAR:
                            break
                        place = rng.choice(borrowers)
                        out_id, back_id = movement_id + 1, movement_id + 2
                        movement_id += 2
                        moves.append(
                            {
                                "id": out_id,
                                "volume_id": volume_id,
                                "kind": MovementKind.CHECKED_OUT.value,
                                "from_location_id": None,
                                "to_location_id": place["id"],
                                "user_id": 3,
                                "workstation": "DEMO",
                                "at": moment,
                                "due_at": moment + timedelta(hours=place["loan_hours"]),
                                "note": "",
                            }
                        )
                        moment += timedelta(hours=rng.randrange(2, 60))
                        moves.append(
                            {
                                "id": back_id,
                                "volume_id": volume_id,
                                "kind": MovementKind.RETURNED.value,
                                "from_location_id": place["id"],
                                "to_location_id": None,
                                "user_id": 3,
                                "workstation": "DEMO",
                                "at": moment,
                                "due_at": None,
                                "note": "",
                            }
                        )
                        vol["last_movement_id"] = back_id
                        # Most returned charts are back in their slots by the next day; the
                        # lately returned rest wait on the refiling cart.
                        if moment < now - timedelta(days=1) or rng.random() < 0.5:
                            movement_id += 1
                            moves.append(
                                {
                                    "id": movement_id,
                                    "volume_id": volume_id,
                                    "kind": MovementKind.REFILED.value,
                                    "from_location_id": None,
                                    "to_location_id": None,
                                    "user_id": 3,
                                    "workstation": "DEMO",
                                    "at": moment + timedelta(hours=2),
                                    "due_at": None,
                                    "note": "",
                                }
                            )
                            vol["last_movement_id"] = movement_id
                    movement_id, free = year.volume_year(
                        moves, movement_id, vol, pats[-1], max(moment, created)
                    )
                    if vol["missing"]:
                        pass  # flagged missing in the last year and not found since
                    elif (
                        rng.random() < 0.015
                        and (since := _out_since(rng, now, place := rng.choice(borrowers))) > free
                    ):
                        due = since + timedelta(hours=place["loan_hours"])
                        movement_id += 1
                        moves.append(
                            {
                                "id": movement_id,
                                "volume_id": volume_id,
                                "kind": MovementKind.CHECKED_OUT.value,
                                "from_location_id": None,
                                "to_location_id": place["id"],
                                "user_id": 3,
                                "workstation": "DEMO",
                                "at": since,
                                "due_at": due,
                                "note": "",
                            }
                        )
                        vol.update(
                            location_id=place["id"],
                            out_since=since,
                            due_at=due,
                            last_movement_id=movement_id,
                        )
                        counts["out"] += 1
                        counts["overdue"] += due < now
                    elif (
                        rng.random() < 0.005
                        and (back := now - timedelta(minutes=rng.randrange(10, 600)))
                        - timedelta(hours=48)
                        > free
                    ):
                        # Came back today and waits on the refiling cart.
                        place = rng.choice(borrowers)
                        sent = back - timedelta(hours=rng.randrange(4, 48))
                        for event, source, target, at in (
                            (MovementKind.CHECKED_OUT, None, place["id"], sent),
                            (MovementKind.RETURNED, place["id"], None, back),
                        ):
                            movement_id += 1
                            moves.append(
                                {
                                    "id": movement_id,
                                    "volume_id": volume_id,
                                    "kind": event.value,
                                    "from_location_id": source,
                                    "to_location_id": target,
                                    "user_id": 3,
                                    "workstation": "DEMO",
                                    "at": at,
                                    "due_at": None,
                                    "note": "",
                                }
                            )
                        vol["last_movement_id"] = movement_id
                    vols.append(vol)
        with engine.begin() as conn:
            _insert(conn, Patient, pats)
            _insert(conn, Chart, charts)
            _insert(conn, Volume, vols)
            _insert(conn, Movement, moves)
            # Written in bulk, sealed in bulk: the demo's history verifies like any other.
            head = services.db.chain.append_rows(conn, "movement", moves)
            if first + BATCH >= patients:
                year.waiting_now(vols, {c["id"]: c["patient_id"] for c in charts}, emergency)
            _insert(conn, Appointment, year.appointments)
            _insert(conn, ChartRequest, year.requests)
        services.db.chain.committed(head)
        year.appointments.clear()
        year.requests.clear()
        counts["volumes"] += len(vols)
        counts["movements"] += len(moves)
        progress("patients", min(first + BATCH, patients), patients)
    with engine.begin() as conn:
        _insert(conn, ShelfAuditRun, year.shelf_audits(clerk_ids))
        # The bulk load bypassed the ledger: count its movements into the hourly tallies.
        rebuild_tallies(conn)
    _resync_sequences(services)
    # The ROI desk's requests, worked through its services (a few dozen, whatever the size).
    build_release_demo(services, rng, clock, min(60, max(12, patients // 30)))
    return DemoSummary(
        patients, counts["volumes"], counts["movements"], counts["out"], counts["overdue"]
    )


def _out_since(rng: random.Random, now: datetime, place: dict[str, Any]) -> datetime:
    """When a chart out now left: most within their loan period, some long overdue."""
    hours = place["loan_hours"]
    if rng.random() < 0.7:
        return now - timedelta(hours=rng.uniform(0.5, hours * 0.95))
    return now - timedelta(hours=hours + rng.uniform(1, 24 * 45))


def _resync_sequences(services: Services) -> None:
    """PostgreSQL: move each id sequence past the ids the demo wrote itself."""
    engine = services.db.engine
    if engine.dialect.name != "postgresql":
        return
    with engine.begin() as conn:
        for table in (
            "users",
            "locations",
            "patients",
            "charts",
            "volumes",
            "movements",
            "appointments",
            "requests",
            "shelf_audit_runs",
        ):
            conn.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
                )
            )


def ensure_demo(url: str, patients: int = 2000, seed: int = 1) -> bool:
    """Create and fill the demo database at ``url`` unless it has users already; True if built."""
    services = build_services(url)
    try:
        services.upgrade_schema()
        if services.users.count():
            return False
        build_demo(services, patients, seed)
        return True
    finally:
        services.close()
