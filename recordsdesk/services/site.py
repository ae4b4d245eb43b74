"""Changing the site's settings: checked as a whole, recorded in the audit trail."""

from __future__ import annotations

from sqlalchemy import select

from recordsdesk.services.actors import Actor, Permission, system_clock
from recordsdesk.services.audit import AuditAction, AuditTrail
from recordsdesk.services.site_settings import (
    SettingsCache,
    SiteSettings,
    load_settings,
    parse_settings,
)
from recordsdesk.storage.models import Setting
from recordsdesk.storage.unit_of_work import Database


class SiteService:
    """Reading and changing the site's settings."""

    def __init__(
        self, db: Database, cache: SettingsCache | None = None, trail: AuditTrail | None = None
    ) -> None:
        self._db = db
        self._cache = cache or SettingsCache()
        self._trail = trail or AuditTrail(system_clock)

    def settings(self) -> SiteSettings:
        """The settings now in force."""
        with self._db.reading() as uow:
            return load_settings(uow.session)

    def raw(self) -> dict[str, str]:
        """The stored settings as text, for display and export."""
        with self._db.reading() as uow:
            return dict(uow.session.execute(select(Setting.key, Setting.value)).all())

    def change(self, actor: Actor, key: str, value: str) -> SiteSettings:
        """Change one setting after checking the whole set still parses."""
        actor.require(Permission.MANAGE_SETTINGS)
        with self._db.writing() as uow:
            raw = dict(uow.session.execute(select(Setting.key, Setting.value)).all())
            raw[key] = value
            parsed = parse_settings(raw)
            uow.session.merge(Setting(key=key, value=value))
            self._trail.record_for(
                uow.session, actor, AuditAction.SETTING_CHANGED, detail=f"{key} = {value}"
            )
            uow.commit()
            self._cache.forget()
            return parsed
