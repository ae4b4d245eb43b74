"""What an unexpected error leaves behind: a private crash log, free of patient data."""

from __future__ import annotations

from recordsdesk.storage.crash_log import crash_folder, write_crash_log

__all__ = ["crash_folder", "password_in_url_warning", "write_crash_log"]


def password_in_url_warning(url: str | None) -> str | None:
    """A warning when a database URL carries a password (any user of the machine sees it)."""
    if url and "://" in url and "@" in url.split("://", 1)[1].split("/", 1)[0]:
        credentials = url.split("://", 1)[1].split("@", 1)[0]
        if ":" in credentials:
            return (
                "warning: a password in --db is visible to every user of this machine (ps): "
                "use ~/.pgpass, a service file or PGPASSWORD instead."
            )
    return None
