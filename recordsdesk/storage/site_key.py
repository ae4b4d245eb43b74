"""The site key file: the secret the history chain is keyed with, kept outside the database."""

from __future__ import annotations

import base64
import contextlib
import json
import os
import re
import secrets
import stat
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

from recordsdesk.domain.errors import InvalidInput, Unavailable

KEY_FILE_ENV = "RECORDSDESK_SITE_KEY_FILE"
FILE_NAME = "site-key.json"
FORMAT = "recordsdesk-site-key-1"
_SITE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ._-]{0,79}$")


@dataclass(frozen=True)
class SiteKeyRing:
    """A site's name and its keys by id; ``current`` signs new entries, older ones verify."""

    site: str
    current: int
    keys: dict[int, bytes]
    path: Path
    checkpoints: Path | None = field(default=None)

    @property
    def key(self) -> bytes:
        """The key new entries are signed with."""
        return self.keys[self.current]

    def fingerprint(self, key_id: int | None = None) -> str:
        """A short public name for a key (never the key itself)."""
        import hashlib

        key = self.keys[self.current if key_id is None else key_id]
        return hashlib.sha256(b"fingerprint:" + key).hexdigest()[:16]


def candidate_paths() -> list[Path]:
    """Where a workstation looks for the key file, first match wins."""
    named = os.environ.get(KEY_FILE_ENV)
    if named:
        return [Path(named).expanduser()]
    return [
        Path(platformdirs.site_config_dir("RecordsDesk", appauthor=False)) / FILE_NAME,
        Path(platformdirs.user_config_dir("RecordsDesk", appauthor=False)) / FILE_NAME,
    ]


def find_key_file() -> Path | None:
    """The key file this workstation uses, or None when none is installed."""
    for path in candidate_paths():
        if path.is_file():
            return path
    return None


def default_new_path() -> Path:
    """Where ``site-key create`` writes when told nothing: the named file, else the user's."""
    named = os.environ.get(KEY_FILE_ENV)
    if named:
        return Path(named).expanduser()
    return Path(platformdirs.user_config_dir("RecordsDesk", appauthor=False)) / FILE_NAME


def load_key_ring(path: Path | None = None) -> SiteKeyRing:
    """Read the key file; Unavailable with the reason when it is missing or unsafe."""
    path = path or find_key_file()
    if path is None:
        places = " or ".join(str(p) for p in candidate_paths())
        raise Unavailable(
            f"This workstation has no site key ({places}): an administrator installs the "
            "site's key file, see 'The site key' in the README."
        )
    try:
        mode = path.stat().st_mode
        if os.name == "posix" and mode & stat.S_IROTH:
            raise Unavailable(
                f"The site key file {path} is readable by every user: "
                f"make it private (chmod 600 or 640) first."
            )
        data = json.loads(path.read_text(encoding="utf-8"))
        keys = {int(k): base64.b64decode(v, validate=True) for k, v in data["keys"].items()}
        current = int(data["current"])
        site = str(data["site"])
        checkpoints = data.get("checkpoints")
    except Unavailable:
        raise
    except OSError as exc:
        raise Unavailable(f"The site key file {path} cannot be read ({exc.strerror}).") from None
    except (ValueError, KeyError, TypeError):
        raise Unavailable(f"{path} is not a RecordsDesk site key file.") from None
    if (
        data.get("format") != FORMAT
        or current not in keys
        or any(len(k) < 32 for k in keys.values())
    ):
        raise Unavailable(f"{path} is not a RecordsDesk site key file.")
    return SiteKeyRing(site, current, keys, path, Path(checkpoints) if checkpoints else None)


def _write(path: Path, ring: dict[str, object], *, new: bool) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(ring, indent=2) + "\n"
    partial = path.with_name(f".{path.name}.partial-{os.getpid()}")
    fd = os.open(partial, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        if new:
            try:
                os.link(partial, path)
            except FileExistsError:
                raise InvalidInput(f"{path} exists already: a site has one key file.") from None
        else:
            os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def create_key_ring(path: Path, site: str, checkpoints: Path | None = None) -> SiteKeyRing:
    """A new key file for ``site`` with one fresh 256-bit key, readable by its owner only."""
    if not _SITE_NAME.match(site):
        raise InvalidInput(
            f"'{site}' cannot name a site: use up to 80 letters, digits, spaces, '.', '_', '-'."
        )
    ring: dict[str, object] = {
        "format": FORMAT,
        "site": site,
        "current": 1,
        "keys": {"1": base64.b64encode(secrets.token_bytes(32)).decode("ascii")},
    }
    if checkpoints is not None:
        ring["checkpoints"] = str(checkpoints)
    _write(path, ring, new=True)
    return load_key_ring(path)


def rotate_key_ring(path: Path) -> SiteKeyRing:
    """Add a new current key; the old ones stay to verify the entries they signed."""
    old = load_key_ring(path)
    new_id = max(old.keys) + 1
    keys = {str(k): base64.b64encode(v).decode("ascii") for k, v in old.keys.items()}
    keys[str(new_id)] = base64.b64encode(secrets.token_bytes(32)).decode("ascii")
    ring: dict[str, object] = {
        "format": FORMAT,
        "site": old.site,
        "current": new_id,
        "keys": keys,
    }
    if old.checkpoints is not None:
        ring["checkpoints"] = str(old.checkpoints)
    before = path.stat()
    _write(path, ring, new=False)
    # The desks' group keeps reading it, as the administrator had installed it.
    os.chmod(path, stat.S_IMODE(before.st_mode))
    if hasattr(os, "chown"):
        with contextlib.suppress(PermissionError):
            os.chown(path, -1, before.st_gid)
    return load_key_ring(path)
