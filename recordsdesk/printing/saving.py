"""Saving a document to a file atomically: the file is whole, or it is not there at all."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from recordsdesk.domain.errors import Conflict, InvalidInput, Unavailable

_SQLITE_HEADER = b"SQLite format 3\x00"
# Files SQLite keeps beside a database: replacing one corrupts or rolls back the database.
_SIDE_FILES = ("-wal", "-shm", "-journal")


def _is_sqlite(path: Path) -> bool:
    try:
        with path.open("rb") as stream:
            return stream.read(len(_SQLITE_HEADER)) == _SQLITE_HEADER
    except OSError:
        return False


def refuse_unsafe_target(target: Path, force: bool = False) -> None:
    """Refuse a file that must not be replaced by a document: any SQLite database (the live
    one too), the files beside one, and an existing file unless ``force``."""
    real = target.resolve()
    for suffix in _SIDE_FILES:
        if real.name.endswith(suffix):
            database = real.with_name(real.name[: -len(suffix)])
            if _is_sqlite(database) or real.exists():
                raise InvalidInput(
                    f"Cannot save to {target}: it belongs to the database {database.name}."
                )
    if _is_sqlite(real):
        raise InvalidInput(f"Cannot save to {target}: it is a database.")
    if real.exists() and not force:
        raise Conflict(f"Cannot save to {target}: it exists already (--force replaces it).")


def save_document(path: str | os.PathLike[str], data: bytes, *, force: bool = False) -> Path:
    """Write data to path via a temporary file in the same folder and an atomic rename.

    The file is readable by its owner only (mkstemp's mode): it holds patient data. A
    database, the files beside one, and (unless ``force``) any existing file are refused.
    """
    target = Path(path)
    folder = target.parent
    if not folder.is_dir():
        raise InvalidInput(f"Cannot save to {target}: the folder {folder} does not exist.")
    if target.is_dir():
        raise InvalidInput(f"Cannot save to {target}: it is a folder.")
    refuse_unsafe_target(target, force)
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".part")
    except OSError as error:
        raise Unavailable(f"Cannot save to {target}: {error.strerror}.") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException as error:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        if isinstance(error, OSError):
            raise Unavailable(f"Cannot save to {target}: {error.strerror}.") from None
        raise
    return target
