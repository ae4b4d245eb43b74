"""Administering the history chain's trust: the site key file and the database roles."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from recordsdesk.storage import roles
from recordsdesk.storage.site_key import (
    SiteKeyRing,
    create_key_ring,
    default_new_path,
    find_key_file,
    load_key_ring,
    rotate_key_ring,
)
from recordsdesk.storage.unit_of_work import translated_errors

if TYPE_CHECKING:
    from recordsdesk.services.desk import Services


def create_site_key(site: str, path: Path | None, checkpoints: Path | None) -> SiteKeyRing:
    """A new key file for ``site`` (refused where one exists)."""
    return create_key_ring(path or default_new_path(), site, checkpoints)


def rotate_site_key(path: Path | None) -> SiteKeyRing:
    """A new current key in the key file this workstation uses (or ``path``)."""
    found = path or find_key_file()
    return rotate_key_ring(found) if found else load_key_ring()


def show_site_key() -> SiteKeyRing:
    """The key file this workstation uses."""
    return load_key_ring()


def create_roles(services: Services, owner: str, desk: str) -> list[str]:
    """Create the owner and desk roles on the services' PostgreSQL database."""
    with translated_errors(), services.db.engine.begin() as conn:
        return roles.create_roles(conn, owner, desk)
