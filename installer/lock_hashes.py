"""Write installer/requirements.lock with a sha256 for every file pip may install from it.

    python installer/lock_hashes.py WHEEL_FOLDER [WHEEL_FOLDER ...]

The pins (name==version, with an optional "; marker") are read from the lock file itself; each
gets the hashes of its wheels found in the folders (Linux and Windows wheels, downloaded with
`pip download --no-deps -r installer/requirements.lock` with and without
`--only-binary=:all: --platform win_amd64 --python-version 3.11`). A pin without any wheel in
the folders stops the script: pip's --require-hashes would refuse it anyway.
"""

from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path

LOCK = Path(__file__).resolve().parent / "requirements.lock"
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==([^\s;\\]+)\s*(;[^\\]*)?")


def canonical(name: str) -> str:
    """A project name as wheel file names spell it (PEP 427: runs of -_. become _)."""
    return re.sub(r"[-_.]+", "_", name).lower()


def read_pins(text: str) -> tuple[list[str], list[tuple[str, str, str]]]:
    """The comment lines at the top, and each pin's (name, version, marker)."""
    header: list[str] = []
    pins: list[tuple[str, str, str]] = []
    for line in text.splitlines():
        if line.startswith("#") and not pins:
            header.append(line)
            continue
        match = PIN.match(line.strip())
        if match:
            marker = (match.group(3) or "").lstrip(";").strip()
            pins.append((match.group(1), match.group(2), marker))
    return header, pins


def main(folders: list[str]) -> int:
    wheels = [path for folder in folders for path in Path(folder).glob("*.whl")]
    header, pins = read_pins(LOCK.read_text(encoding="utf-8"))
    lines = list(header)
    for name, version, marker in sorted(pins, key=lambda pin: pin[0].lower()):
        prefix = f"{canonical(name)}-{version}-"
        files = sorted({w.name: w for w in wheels if w.name.lower().startswith(prefix)}.values())
        if not files:
            print(f"lock_hashes: no wheel of {name} {version} in {folders}", file=sys.stderr)
            return 1
        digests = sorted({hashlib.sha256(w.read_bytes()).hexdigest() for w in files})
        pin = f"{name}=={version}" + (f" ; {marker}" if marker else "")
        lines.append(pin + " \\")
        lines += [
            f"    --hash=sha256:{d}" + (" \\" if i < len(digests) - 1 else "")
            for i, d in enumerate(digests)
        ]
    LOCK.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
