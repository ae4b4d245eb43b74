"""Saving a document to a file atomically: the file is whole, or it is not there at all."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from recordsdesk.domain.errors import InvalidInput, Unavailable


def save_document(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write data to path via a temporary file in the same folder and an atomic rename.

    The file is readable by its owner only (mkstemp's mode): it holds patient data.
    """
    target = Path(path)
    folder = target.parent
    if not folder.is_dir():
        raise InvalidInput(f"Cannot save to {target}: the folder {folder} does not exist.")
    if target.is_dir():
        raise InvalidInput(f"Cannot save to {target}: it is a folder.")
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
