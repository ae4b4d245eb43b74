"""Printer back ends: the CUPS queues on this machine, and sending a document to one with lp."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from dataclasses import dataclass

from recordsdesk.domain.errors import InvalidInput, Unavailable

_QUEUE_NAME = re.compile(r"^[^\s/#]{1,127}$")
_JOB_ID = re.compile(r"request id is (\S+)")
_TIMEOUT = 30.0


@dataclass(frozen=True)
class PrintQueue:
    """A CUPS print queue and whether it takes jobs now."""

    name: str
    accepting: bool


def _environment(server: str | None) -> dict[str, str]:
    env = dict(os.environ)
    env["LC_ALL"] = "C"  # the messages below are matched in English
    if server:
        env["CUPS_SERVER"] = server
    return env


def _run(command: list[str], server: str | None, data: bytes | None = None) -> tuple[int, str]:
    """Run a CUPS command; its exit code and its output, stdout and stderr together."""
    if shutil.which(command[0]) is None:
        raise Unavailable(
            f"Printing needs CUPS, and its '{command[0]}' command is not installed here "
            "(Debian package cups-client)."
        )
    try:
        done = subprocess.run(
            command,
            input=data,
            capture_output=True,
            env=_environment(server),
            timeout=_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise Unavailable("The print service did not answer in time. Try again.") from None
    output = (done.stdout + done.stderr).decode("utf-8", "replace")
    return done.returncode, output


def _scheduler_down(output: str) -> bool:
    lowered = output.lower()
    return "scheduler is not running" in lowered or "unable to connect" in lowered


_SCHEDULER_DOWN = "The print service (CUPS) is not running on this computer. Ask IT to start it."


def list_queues(server: str | None = None) -> tuple[PrintQueue, ...]:
    """The CUPS queues this machine can print to, in the order lpstat lists them."""
    code, output = _run(["lpstat", "-a"], server)
    if _scheduler_down(output):
        raise Unavailable(_SCHEDULER_DOWN)
    queues = []
    for line in output.splitlines():
        match = re.match(r"^(\S+) (not )?accepting requests", line)
        if match:
            queues.append(PrintQueue(match.group(1), accepting=match.group(2) is None))
    if code != 0 and not queues and "no destinations" not in output.lower():
        raise Unavailable(f"Could not list the printers: {output.strip()}")
    return tuple(queues)


def default_queue(server: str | None = None) -> str | None:
    """The system's default queue, if one is set."""
    _, output = _run(["lpstat", "-d"], server)
    if _scheduler_down(output):
        raise Unavailable(_SCHEDULER_DOWN)
    match = re.search(r"system default destination: (\S+)", output)
    return match.group(1) if match else None


def send_to_printer(
    data: bytes,
    queue: str,
    *,
    title: str = "RecordsDesk",
    copies: int = 1,
    raw: bool = False,
    server: str | None = None,
) -> str:
    """Send a PDF (or, with raw, ZPL for a Zebra) to a CUPS queue; returns the job id."""
    if not _QUEUE_NAME.match(queue):
        raise InvalidInput(f"'{queue}' is not a printer queue name.")
    if not 1 <= copies <= 99:
        raise InvalidInput(f"Copies must be between 1 and 99, not {copies}.")
    if not data:
        raise InvalidInput("There is nothing to print.")
    command = ["lp", "-d", queue, "-t", title, "-n", str(copies)]
    if raw:
        command += ["-o", "raw"]
    code, output = _run(command, server, data)
    match = _JOB_ID.search(output)
    if code == 0 and match:
        return match.group(1)
    if _scheduler_down(output):
        raise Unavailable(_SCHEDULER_DOWN)
    if "does not exist" in output or "not found" in output.lower():
        # lp says this too when it cannot reach the scheduler; list_queues tells the two apart.
        known = ", ".join(q.name for q in list_queues(server)) or "none"
        raise InvalidInput(f"There is no printer named '{queue}'. Printers here: {known}.")
    if "not accepting" in output:
        raise Unavailable(f"The printer '{queue}' is not taking jobs right now.")
    raise Unavailable(f"Printing to '{queue}' failed: {output.strip()}")


def wait_for_job(job_id: str, timeout: float = _TIMEOUT, server: str | None = None) -> None:
    """Wait until CUPS has finished a job (it left the queue), or Unavailable after timeout."""
    queue = job_id.rsplit("-", 1)[0]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        _, output = _run(["lpstat", "-o", queue], server)
        if _scheduler_down(output):
            raise Unavailable(_SCHEDULER_DOWN)
        if not any(line.split()[:1] == [job_id] for line in output.splitlines()):
            return
        time.sleep(0.1)
    raise Unavailable(f"Print job {job_id} has not finished after {timeout:g} seconds.")
