"""The README's cron lines, run as cron would (/bin/sh, no session) with a service token."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

from recordsdesk.printing.printers import wait_for_job
from recordsdesk.services.desk import build_services
from recordsdesk.storage.checkpoints import FOLDER_ENV
from recordsdesk.storage.site_key import KEY_FILE_ENV
from tests.clirun import add_first_admin, run
from tests.conftest import REPO


def cron_commands() -> list[str]:
    """The commands of the README's crontab, as cron hands them to /bin/sh."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```cron\n(.*?)```", readme, re.S)
    assert block is not None, "the README has no cron block"
    commands = []
    for line in block.group(1).splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            command = line.split(None, 5)[5]
            commands.append(command.replace("\\%", "%"))  # crontab's escape of %
    return commands


def siu_for(day: date) -> str:
    """One SIU S12 booking of patient 123456 at CARD at 09:30 on ``day``."""
    return (
        "\r".join(
            [
                "MSH|^~\\&|SCHED|HOSP|RD|FILEROOM|20250301120000||SIU^S12|M1|P|2.5",
                "SCH|A100" + "|" * 24 + "Booked",
                f"TQ1|||||||{day:%Y%m%d}093000",
                "PID|1||123456^^^HOSP^MR||SMITH^JOHN||19700501",
                "PV1|1|O",
                "RGS|1",
                "AIL|1||CARD^Room 4^^Main Hospital",
            ]
        )
        + "\r"
    )


def test_the_night_jobs_run_with_a_service_token(
    db_url: str, tmp_path: Path, cups_queues: list[str]
) -> None:
    add_first_admin(db_url)
    assert (
        run(
            db_url, "location", "add", "CARD", "--name", "Cardiology", "--kind", "clinic"
        ).returncode
        == 0
    )
    assert run(db_url, "patient", "add", "123456", "--name", "SMITH, John").returncode == 0
    added = run(db_url, "user", "add", "night", "--role", "clerk", "--service")
    assert added.returncode == 0, added.stderr
    token = tmp_path / "night.token"
    token.write_text(added.stdout.splitlines()[-1] + "\n")
    os.chmod(token, 0o600)
    feeds = tmp_path / "feeds" / "incoming"
    feeds.mkdir(parents=True)
    (feeds / "siu-tomorrow.hl7").write_text(siu_for(date.today() + timedelta(days=1)))
    logs = tmp_path / "log"
    logs.mkdir()
    # Cron's environment has none of ours but the machine's site key (and its checkpoints),
    # which stand here for the system-wide files an installed workstation reads.
    machine = (KEY_FILE_ENV, FOLDER_ENV)
    env = {k: v for k, v in os.environ.items() if not k.startswith("RECORDSDESK_") or k in machine}
    env["XDG_STATE_HOME"] = str(tmp_path / "no-session-here")  # cron has no session
    # The package puts `recordsdesk` on the PATH: here, this Python's package under that name.
    on_path = tmp_path / "bin"
    on_path.mkdir()
    (on_path / "recordsdesk").write_text(
        f'#!/bin/sh\nexec "{sys.executable}" -m recordsdesk "$@"\n'
    )
    os.chmod(on_path / "recordsdesk", 0o755)
    env["PATH"] = f"{on_path}{os.pathsep}{env.get('PATH', os.defpath)}"
    for command in cron_commands():
        for placeholder, value in (
            ("postgresql://recordsdesk@dbhost/records", db_url),
            ("/etc/recordsdesk/night.token", str(token)),
            ("/srv/feeds/incoming", str(feeds)),
            ("/var/log/recordsdesk", str(logs)),
            ("FILEROOM", "RECORDSDESK_TEST"),
        ):
            command = command.replace(placeholder, value)
        assert "dbhost" not in command and "/etc/recordsdesk" not in command, command
        done = subprocess.run(["/bin/sh", "-c", command], env=env, timeout=300, check=False)
        assert done.returncode == 0, (command, [p.read_text() for p in logs.iterdir()])
    imported = (logs / "import.log").read_text()
    assert "1 new" in imported and "1 chart requests" in imported
    printed = (logs / "pull.log").read_text()
    assert "sent to RECORDSDESK_TEST (job " in printed
    wait_for_job(printed.split("(job ")[1].split(")")[0])
    # Everything the night did is recorded as the service account's.
    services = build_services(db_url)
    try:
        ada = services.users.actor("ada", "T")
        night = [e for e in services.audit.show(ada) if e.username == "night"]
    finally:
        services.close()
    assert {"printed"} <= {e.action for e in night}
    assert all(e.workstation.startswith("unregistered:") for e in night)
    # The same token may not do more than the night's jobs.
    env["RECORDSDESK_TOKEN_FILE"] = str(token)
    env["RECORDSDESK_DB"] = db_url
    refused = subprocess.run(
        [sys.executable, "-m", "recordsdesk", "chart", "show", "123456", "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert refused.returncode == 2 and refused.stdout == ""
    assert json.dumps("123456") not in refused.stderr
