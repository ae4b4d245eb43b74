"""What the security proofs share: the command as a subprocess, and a consistent-ledger check."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

from sqlalchemy import select

from recordsdesk.services.desk import Services
from recordsdesk.storage.models import Movement, Volume


def command_env(url: str, user: str | None = "ada") -> dict[str, str]:
    """The environment of a `recordsdesk` subprocess on ``url`` acting as ``user``."""
    env = {**os.environ, "RECORDSDESK_DB": url, "PYTHONUTF8": "1"}
    env.pop("RECORDSDESK_USER", None)
    if user:
        env["RECORDSDESK_USER"] = user
    return env


def run(
    url: str, *args: str, stdin: str | None = None, user: str | None = "ada"
) -> subprocess.CompletedProcess[str]:
    """Run one `recordsdesk` command to its end."""
    return subprocess.run(
        [sys.executable, "-m", "recordsdesk", *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=command_env(url, user),
        timeout=300,
    )


def start(url: str, *args: str, user: str = "ada", **popen: Any) -> subprocess.Popen[str]:
    """Start a `recordsdesk` command with pipes on stdin and stdout, one line at a time."""
    return subprocess.Popen(
        [sys.executable, "-m", "recordsdesk", *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        bufsize=1,
        env=command_env(url, user),
        **popen,
    )


def assert_ledger_consistent(services: Services) -> None:
    """Every volume stands where its last movement put it."""
    with services.db.reading() as uow:
        session = uow.session
        for volume in session.scalars(select(Volume)):
            last = session.scalar(
                select(Movement)
                .where(Movement.volume_id == volume.id)
                .order_by(Movement.id.desc())
                .limit(1)
            )
            assert last is not None, volume.barcode
            assert volume.last_movement_id == last.id, volume.barcode
            assert volume.location_id == last.to_location_id, volume.barcode
