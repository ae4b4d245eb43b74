"""Shared fixtures: real databases (a fresh SQLite file, and PostgreSQL when set), a clock."""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

# Qt must find no screen before anything imports it.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from hypothesis import HealthCheck, settings
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from recordsdesk.services import users as users_module
from recordsdesk.services.actors import Actor
from recordsdesk.services.desk import Services, build_services
from recordsdesk.storage import schema
from recordsdesk.storage.checkpoints import FOLDER_ENV
from recordsdesk.storage.engine import build_engine
from recordsdesk.storage.site_key import KEY_FILE_ENV, create_key_ring
from tests.subprocess_site.sitecustomize import TEST_PASSWORD_HASHING

REPO = Path(__file__).resolve().parent.parent
PG_URL = os.environ.get("RECORDSDESK_TEST_PG_URL")
# Without a server the PostgreSQL variants are reported as skipped, never dropped silently.
BACKENDS = [
    "sqlite",
    pytest.param(
        "postgresql",
        marks=[
            pytest.mark.pg,
            pytest.mark.skipif(
                not PG_URL, reason="no PostgreSQL server: set RECORDSDESK_TEST_PG_URL"
            ),
        ],
    ),
]
_counter = itertools.count()

# Hypothesis times each example by the wall clock (a 200 ms deadline, a "too slow" health
# check): on a machine busy with other work, or with every core running a test worker, a
# property that holds failed on the clock. The properties and their example counts stay.
settings.register_profile(
    "recordsdesk", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("recordsdesk")


class FakeClock:
    """A clock the tests move by hand."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test that uses the CUPS queues is marked `cups`, so `-m "not cups"` leaves it out.

    The installer's tests go last: scripts/test.sh builds the bundle while the others run.
    Run on several workers (pytest-xdist, ``--dist loadgroup`` as scripts/test.sh runs it), the
    tests that share one thing outside the run are kept on one worker, one after another: the
    CUPS file queue writes every job to the same file, which the printing tests read back; the
    installer's tests share one build and install one package on this machine.
    """
    for item in items:
        if "cups_queues" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.cups)
            item.add_marker(pytest.mark.xdist_group("cups"))
        if item.get_closest_marker("bundle") is not None:
            item.add_marker(pytest.mark.xdist_group("bundle"))
    items.sort(key=lambda item: item.get_closest_marker("bundle") is not None)


@pytest.fixture(scope="session", autouse=True)
def cheap_password_hashing() -> Iterator[None]:
    """The test setting for argon2: cheap parameters instead of the product's 64 MiB x 3 passes.

    Every test adds users and signs in; at the product's cost (about a second of a busy core
    each) hashing was most of the suite's time. The hashes are still argon2id, made and checked
    by the same code; tests/clirun.py gives its subprocesses the same setting, and
    tests/test_password_hashing.py checks the product's own parameters, unchanged.
    """
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(users_module, "PASSWORD_HASHING", TEST_PASSWORD_HASHING)
        yield


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 3, 2, 8, 30, tzinfo=UTC))


@pytest.fixture(scope="session", autouse=True)
def site_key(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """This test run's site key file and checkpoint folder, for every service and subprocess."""
    folder = tmp_path_factory.mktemp("site")
    key_file = create_key_ring(folder / "site-key.json", "Test Site")
    saved = {name: os.environ.get(name) for name in (KEY_FILE_ENV, FOLDER_ENV)}
    os.environ[KEY_FILE_ENV] = str(key_file.path)
    os.environ[FOLDER_ENV] = str(folder / "checkpoints")
    yield key_file.path
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    engine = build_engine(f"sqlite:///{path}")
    schema.upgrade(engine)
    engine.dispose()
    return path


def _pg_admin_url() -> str:
    assert PG_URL is not None
    return make_url(PG_URL).set(database="postgres").render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def pg_template() -> Iterator[str]:
    admin = create_engine(_pg_admin_url(), isolation_level="AUTOCOMMIT")
    name = f"rd_template_{os.getpid()}"
    with admin.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        conn.execute(text(f"CREATE DATABASE {name}"))
    url = make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    engine = build_engine(url)
    schema.upgrade(engine)
    engine.dispose()
    yield name
    with admin.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    admin.dispose()


def fresh_database(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """A new, migrated database of ``backend``; dropped afterwards."""
    if backend == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        target = tmp_path / f"records-{next(_counter)}.sqlite3"
        shutil.copyfile(template, target)
        yield f"sqlite:///{target}"
        return
    template_name: str = request.getfixturevalue("pg_template")
    name = f"rd_test_{os.getpid()}_{next(_counter)}"
    admin = create_engine(_pg_admin_url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name} TEMPLATE {template_name}"))
    try:
        yield make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def db_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    yield from fresh_database(backend, tmp_path, request)


@pytest.fixture
def sqlite_url(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    yield from fresh_database("sqlite", tmp_path, request)


@pytest.fixture
def services(db_url: str, clock: FakeClock) -> Iterator[Services]:
    built = build_services(db_url, clock)
    yield built
    built.close()


@pytest.fixture
def admin(services: Services) -> Actor:
    services.users.add(None, "ada", "admin", "correct horse battery")
    return services.users.actor("ada", "TEST-DESK")


@pytest.fixture
def clerk(services: Services, admin: Actor) -> Actor:
    services.users.add(admin, "cleo", "clerk", "clerk password")
    return services.users.actor("cleo", "TEST-DESK")


@pytest.fixture
def file_room(services: Services, admin: Actor) -> Services:
    """A small file room: two clinics, a ward, a person, and three patients."""
    services.locations.add(admin, "CARD", "Cardiology Clinic", "clinic", 24)
    services.locations.add(admin, "ORTH", "Orthopaedics Clinic", "clinic", 48)
    services.locations.add(admin, "W4", "Ward 4", "ward")
    services.locations.add(admin, "JDOE", "Dr Jane Doe", "person")
    services.registry.register_patient(admin, "123456", "SMITH, John", None, volumes=1)
    services.registry.register_patient(admin, "423266", "JONES, Mary", None, volumes=3)
    services.registry.register_patient(admin, "000042", "ØSTERGÅRD, Łukasz", None, volumes=1)
    return services


@pytest.fixture(scope="session")
def cups_queues() -> list[str]:
    """Start CUPS and the test queues with scripts/start-cups.sh; fail loudly if it cannot."""
    script = REPO / "scripts" / "start-cups.sh"
    done = subprocess.run(["bash", str(script)], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        pytest.fail(
            "CUPS could not be started for the printing tests (run scripts/setup.sh --tests "
            f"as root first):\n{done.stdout}\n{done.stderr}"
        )
    return done.stdout.split()
