"""The site's release-of-information settings: copy fees, the ROI desk, special record types."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from recordsdesk.domain.errors import InvalidInput
from recordsdesk.domain.release_of_information import POLICY_DAYS, FeeSchedule, SpecialCategory
from recordsdesk.services.actors import Actor, Permission
from recordsdesk.services.audit import AuditAction, AuditTrail
from recordsdesk.services.registry import find_record_type
from recordsdesk.storage.models import RecordType
from recordsdesk.storage.release_models import RoiRecordTypeCategory, RoiSetting
from recordsdesk.storage.unit_of_work import Database

# Kept in roi_settings: the site settings table takes only the site settings' keys.
FEE_KEYS = ("roi_fee_per_page_cents", "roi_fee_base_cents", "roi_access_fee_cap_cents")
DESK_KEY = "roi_desk_location"
POLICY_KEY = "roi_policy_days"
DEFAULT_DESK = "ROI"


@dataclass(frozen=True)
class SpecialRecordType:
    """A record type and the special category its charts belong to (None: an ordinary one)."""

    code: str
    name: str
    category: SpecialCategory | None


def _get(session: Session, key: str) -> str | None:
    found = session.get(RoiSetting, key)
    return None if found is None else found.value


def _put(session: Session, key: str, value: str) -> None:
    found = session.get(RoiSetting, key)
    if found is None:
        session.add(RoiSetting(key=key, value=value))
    else:
        found.value = value


def load_fee_schedule(session: Session) -> FeeSchedule:
    """The site's fee schedule, the defaults where it has not set one."""
    default = FeeSchedule()
    values = [_get(session, key) for key in FEE_KEYS]
    per_page = int(values[0]) if values[0] is not None else default.per_page_cents
    base = int(values[1]) if values[1] is not None else default.base_cents
    cap: int | None = default.access_cap_cents
    if values[2] is not None:
        cap = None if values[2] == "" else int(values[2])
    return FeeSchedule(per_page, base, cap)


def load_policy_days(session: Session) -> int:
    """Days a third party's request is due after receipt, by the site's policy."""
    stored = _get(session, POLICY_KEY)
    return POLICY_DAYS if stored is None else int(stored)


def desk_location(session: Session) -> str:
    """The location code chart volumes are requested to for a release."""
    return _get(session, DESK_KEY) or DEFAULT_DESK


@dataclass(frozen=True)
class ReleaseSettings:
    """Every release-of-information setting, as the settings tab shows them."""

    fees: FeeSchedule
    policy_days: int
    desk_location: str
    record_types: tuple[SpecialRecordType, ...]


class ReleaseSiteService:
    """Reading and changing the release-of-information settings (changing: administrators)."""

    def __init__(self, db: Database, trail: AuditTrail) -> None:
        self._db = db
        self._trail = trail

    def fee_schedule(self) -> FeeSchedule:
        with self._db.reading() as uow:
            return load_fee_schedule(uow.session)

    def set_fee_schedule(self, actor: Actor, schedule: FeeSchedule) -> None:
        """Store the fees; the patient-access cap None means the page fee alone applies."""
        actor.require(Permission.MANAGE_SETTINGS)
        with self._db.writing() as uow:
            cap = "" if schedule.access_cap_cents is None else str(schedule.access_cap_cents)
            for key, value in zip(
                FEE_KEYS, (str(schedule.per_page_cents), str(schedule.base_cents), cap), strict=True
            ):
                _put(uow.session, key, value)
            self._trail.record_for(
                uow.session, actor, AuditAction.SETTING_CHANGED, detail=f"ROI fees: {schedule}"
            )
            uow.commit()

    def settings(self, actor: Actor) -> ReleaseSettings:
        """The fees, the policy days, the ROI desk and the record types' categories: for those
        who prepare releases or keep the site's settings."""
        if not actor.may(Permission.MANAGE_SETTINGS):
            actor.require(Permission.PREPARE_RELEASES)
        with self._db.reading() as uow:
            session = uow.session
            return ReleaseSettings(
                load_fee_schedule(session),
                load_policy_days(session),
                desk_location(session),
                tuple(_record_types(session)),
            )

    def policy_days(self) -> int:
        with self._db.reading() as uow:
            return load_policy_days(uow.session)

    def set_policy_days(self, actor: Actor, days: int) -> None:
        """How many days after receipt a third party's request is due (a patient's own is 30
        by law, a subpoena's or order's the date it sets)."""
        actor.require(Permission.MANAGE_SETTINGS)
        if not 1 <= days <= 365:
            raise InvalidInput(f"{days} days is out of range: give 1 to 365.")
        with self._db.writing() as uow:
            _put(uow.session, POLICY_KEY, str(days))
            self._trail.record_for(
                uow.session, actor, AuditAction.SETTING_CHANGED, detail=f"{POLICY_KEY}={days}"
            )
            uow.commit()

    def set_desk_location(self, actor: Actor, code: str) -> None:
        actor.require(Permission.MANAGE_SETTINGS)
        if not code.strip():
            raise InvalidInput("Give the location code of the ROI desk.")
        with self._db.writing() as uow:
            _put(uow.session, DESK_KEY, code.strip().upper())
            self._trail.record_for(
                uow.session, actor, AuditAction.SETTING_CHANGED, detail=f"{DESK_KEY}={code}"
            )
            uow.commit()

    def set_category(
        self, actor: Actor, code: str, category: SpecialCategory | None, name: str | None = None
    ) -> SpecialRecordType:
        """Flag a record type as a special category (None: clear it). With ``name``, a record
        type not yet known is added (e.g. PSY, "Psychotherapy notes")."""
        actor.require(Permission.MANAGE_SETTINGS)
        with self._db.writing() as uow:
            session = uow.session
            wanted = code.strip().upper()
            known = session.scalar(select(RecordType).where(RecordType.code == wanted))
            if known is None and name:
                if not wanted.isalnum() or len(wanted) > 16:
                    raise InvalidInput(f"'{code}' is not a record type code: letters and digits.")
                known = RecordType(code=wanted, name=name.strip()[:64], pull_all_volumes=False)
                session.add(known)
                session.flush()
            record_type = known or find_record_type(session, wanted)
            flag = session.get(RoiRecordTypeCategory, record_type.id)
            if category is None and flag is not None:
                session.delete(flag)
            elif category is not None and flag is None:
                session.add(
                    RoiRecordTypeCategory(record_type_id=record_type.id, category=category.value)
                )
            elif category is not None and flag is not None:
                flag.category = category.value
            self._trail.record_for(
                session,
                actor,
                AuditAction.SETTING_CHANGED,
                detail=f"record type {record_type.code}: special category "
                f"{category.value if category else 'none'}",
            )
            info = SpecialRecordType(record_type.code, record_type.name, category)
            uow.commit()
            return info

    def record_types(self) -> list[SpecialRecordType]:
        """Every record type and its special category, if any."""
        with self._db.reading() as uow:
            return _record_types(uow.session)


def _record_types(session: Session) -> list[SpecialRecordType]:
    rows = session.execute(
        select(RecordType, RoiRecordTypeCategory.category)
        .outerjoin(RoiRecordTypeCategory, RoiRecordTypeCategory.record_type_id == RecordType.id)
        .order_by(RecordType.code)
    ).all()
    return [SpecialRecordType(t.code, t.name, SpecialCategory(c) if c else None) for t, c in rows]
