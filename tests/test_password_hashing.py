"""The product hashes passwords with argon2id at RFC 9106's low-memory cost; only tests lower it.

The suite runs with cheap parameters (tests/conftest.py, tests/subprocess_site/): these tests
check that the product itself, started as a user would start it, still uses the real ones.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from argon2 import extract_parameters, profiles
from sqlalchemy import create_engine, text

from recordsdesk.services import users
from tests.clirun import FIRST_ADMIN_PASSWORD, TEST_SITE
from tests.subprocess_site.sitecustomize import TEST_PASSWORD_HASHING

COMMAND = (sys.executable, "-m", "recordsdesk")


def _add_admin(url: str, env: dict[str, str]) -> str:
    added = subprocess.run(
        [*COMMAND, "user", "add", "ada", "--role", "admin", "--password-stdin"],
        input=FIRST_ADMIN_PASSWORD + "\n",
        capture_output=True,
        text=True,
        env={**env, "RECORDSDESK_DB": url},
        timeout=300,
    )
    assert added.returncode == 0, added.stderr
    engine = create_engine(url)
    with engine.connect() as conn:
        stored = conn.execute(text("SELECT password_hash FROM users")).scalar_one()
    engine.dispose()
    return str(stored)


def test_the_command_as_installed_hashes_at_the_products_cost(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["XDG_STATE_HOME"] = str(tmp_path / "state")
    stored = _add_admin(f"sqlite:///{tmp_path / 'product.sqlite3'}", env)
    assert extract_parameters(stored) == profiles.RFC_9106_LOW_MEMORY
    assert stored.startswith("$argon2id$v=19$m=65536,t=3,p=4$")


def test_the_tests_subprocesses_hash_cheaply_with_argon2id(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(TEST_SITE), "XDG_STATE_HOME": str(tmp_path / "s")}
    stored = _add_admin(f"sqlite:///{tmp_path / 'tests.sqlite3'}", env)
    assert extract_parameters(stored) == TEST_PASSWORD_HASHING
    assert stored.startswith("$argon2id$")


def test_in_this_process_the_setting_is_the_tests_and_the_module_default_is_the_products() -> None:
    assert users.PASSWORD_HASHING == TEST_PASSWORD_HASHING
    source = Path(users.__file__).read_text(encoding="utf-8")
    assert "PASSWORD_HASHING: Parameters = profiles.RFC_9106_LOW_MEMORY\n" in source
