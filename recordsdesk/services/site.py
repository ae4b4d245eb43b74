"""Changing the site's settings: checked as a whole, recorded in the audit trail."""

from __future__ import annotations

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from recordsdesk.domain.filing import shelf_position
from recordsdesk.services.actors import Actor, Permission, system_clock
from recordsdesk.services.audit import AuditAction, AuditTrail
from recordsdesk.services.site_settings import (
    SettingsCache,
    SiteSettings,
    load_settings,
    parse_settings,
)
from recordsdesk.storage.models import Chart, Patient, Setting, Volume
from recordsdesk.storage.unit_of_work import Database


def refile_shelf_keys(session: Session, settings: SiteSettings) -> int:
    """Write every volume's shelf key anew under a changed filing scheme or MRN width."""
    rows = session.execute(
        select(Chart.id, Patient.mrn).join(Patient, Patient.id == Chart.patient_id)
    ).all()
    changes = [
        {"chart": chart_id, "key": shelf_position(mrn, settings.filing).key}
        for chart_id, mrn in rows
    ]
    statement = (
        update(Volume)
        .where(Volume.chart_id == bindparam("chart"))
        .values(shelf_key=bindparam("key"))
        .execution_options(synchronize_session=False)
    )
    connection = session.connection()
    for start in range(0, len(changes), 10_000):
        connection.execute(statement, changes[start : start + 10_000])
    return len(changes)


class SiteService:
    """Reading and changing the site's settings."""

    def __init__(
        self, db: Database, cache: SettingsCache | None = None, trail: AuditTrail | None = None
    ) -> None:
        self._db = db
        self._cache = cache or SettingsCache()
        self._trail = trail or AuditTrail(system_clock)

    def settings(self, actor: Actor) -> SiteSettings:
        """The settings now in force, for a signed-in user (any role may read them: the desk,
        the labels and the lookup follow them)."""
        actor.require(Permission.VIEW_CHARTS)
        with self._db.reading() as uow:
            return load_settings(uow.session)

    def stored(self, actor: Actor) -> dict[str, str]:
        """The stored settings as text, for display and export (any signed-in role)."""
        actor.require(Permission.VIEW_CHARTS)
        with self._db.reading() as uow:
            return dict(uow.session.execute(select(Setting.key, Setting.value)).all())

    def change(self, actor: Actor, key: str, value: str) -> SiteSettings:
        """Change one setting after checking the whole set still parses."""
        actor.require(Permission.MANAGE_SETTINGS)
        with self._db.writing() as uow:
            stored = dict(uow.session.execute(select(Setting.key, Setting.value)).all())
            before = parse_settings(stored)
            parsed = parse_settings(stored | {key: value})
            uow.session.merge(Setting(key=key, value=value))
            if parsed.filing != before.filing:
                refile_shelf_keys(uow.session, parsed)
            self._trail.record_for(
                uow.session, actor, AuditAction.SETTING_CHANGED, detail=f"{key} = {value}"
            )
            uow.commit()
            self._cache.forget()
            return parsed
