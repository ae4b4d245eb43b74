"""scripts/start-postgres.sh and stop-postgres.sh on a cluster of their own, not the shared one."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.pg


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def cluster() -> Iterator[dict[str, str]]:
    # Under /var/tmp with an open parent: the postgres user must reach it.
    folder = Path(tempfile.mkdtemp(prefix="rd-pg-script-", dir="/var/tmp"))
    folder.chmod(0o755)
    env = {
        **os.environ,
        "RECORDSDESK_PG_DIR": str(folder / "data"),
        "RECORDSDESK_PG_PORT": str(_free_port()),
    }
    yield env
    subprocess.run(["bash", str(REPO / "scripts" / "stop-postgres.sh")], env=env, check=False)
    shutil.rmtree(folder, ignore_errors=True)


def _script(name: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", str(REPO / "scripts" / name)],
        capture_output=True,
        text=True,
        env=env,
        cwd="/root" if os.geteuid() == 0 else None,  # a folder postgres cannot read
        timeout=120,
    )


def test_start_says_started_then_already_running_and_stop_stops_it(
    cluster: dict[str, str],
) -> None:
    port = cluster["RECORDSDESK_PG_PORT"]
    first = _script("start-postgres.sh", cluster)
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip() == f"postgresql+psycopg://app@127.0.0.1:{port}/recordsdesk_test"
    assert first.stderr.splitlines() == [
        f"start-postgres: started in {cluster['RECORDSDESK_PG_DIR']} on port {port} "
        "(stop: bash scripts/stop-postgres.sh)"
    ]
    second = _script("start-postgres.sh", cluster)
    assert second.stdout == first.stdout
    assert "already running" in second.stderr
    assert "Permission denied" not in first.stderr + second.stderr
    stopped = _script("stop-postgres.sh", cluster)
    assert stopped.stdout.startswith("stop-postgres: stopped the cluster")
    again = _script("stop-postgres.sh", cluster)
    assert again.stdout.startswith("stop-postgres: no cluster running")
