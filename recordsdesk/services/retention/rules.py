"""Retention rules an administrator edits, records centres' lead times, dates of death."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from recordsdesk.domain.errors import InvalidInput, NotFound
from recordsdesk.domain.retention import EXAMPLE_RULES, RetentionRule
from recordsdesk.services.actors import Actor, Clock
from recordsdesk.services.audit import AuditTrail
from recordsdesk.services.identity.reads import record_reads
from recordsdesk.services.locations import find_location
from recordsdesk.services.registry import find_patient
from recordsdesk.services.retention.access import RetentionAccess, RetentionPermission
from recordsdesk.services.retention.dto import DeathInfo, RuleInfo
from recordsdesk.services.retention.judgement import rule_of
from recordsdesk.services.site_settings import load_settings
from recordsdesk.storage.models import RecordType, User
from recordsdesk.storage.retention_models import PatientDeath, RecordsCentre, RetentionRuleRow
from recordsdesk.storage.unit_of_work import Database

DEFAULT_LEAD_DAYS = 2


def find_record_type(session: Session, code: str) -> RecordType:
    """The record type with ``code``, or NotFound listing the codes."""
    found = session.scalar(select(RecordType).where(RecordType.code == code.strip().upper()))
    if found is None:
        codes = ", ".join(session.scalars(select(RecordType.code).order_by(RecordType.code)))
        raise NotFound(f"No record type '{code.strip().upper()}': the types are {codes}.")
    return found


def _info(row: RetentionRuleRow, types: dict[int, str]) -> RuleInfo:
    rule = rule_of(row)
    return RuleInfo(
        id=row.id,
        record_type=types.get(row.record_type_id) if row.record_type_id else None,
        name=row.name,
        years_after_activity=row.years_after_activity,
        majority_age=row.majority_age,
        years_after_majority=row.years_after_majority,
        years_after_death=row.years_after_death,
        permanent=row.permanent,
        retire_after_years=row.retire_after_years,
        citation=row.citation,
        is_example=rule.is_example,
        description=rule.describe(),
    )


class RuleService:
    """The site's retention schedule as data, with a citation for every rule."""

    def __init__(
        self, db: Database, clock: Clock, trail: AuditTrail, access: RetentionAccess
    ) -> None:
        self._db = db
        self._clock = clock
        self._trail = trail
        self._access = access

    def listing(self, actor: Actor) -> list[RuleInfo]:
        """Every rule: the default (no record type) first, then by record type."""
        self._access.require(actor, RetentionPermission.VIEW)
        with self._db.reading() as uow:
            types = dict(uow.session.execute(select(RecordType.id, RecordType.code)).all())
            rows = uow.session.scalars(select(RetentionRuleRow)).all()
            infos = [_info(row, types) for row in rows]
        return sorted(infos, key=lambda r: (r.record_type is not None, r.record_type or ""))

    def examples(self) -> tuple[RetentionRule, ...]:
        """The shipped example schedules (named as examples, not legal advice)."""
        return EXAMPLE_RULES

    def set_rule(self, actor: Actor, record_type: str | None, rule: RetentionRule) -> RuleInfo:
        """Make ``rule`` the rule of ``record_type`` (None: of every type without its own)."""
        self._access.require(actor, RetentionPermission.RULES)
        with self._access.refusals(actor, "set a retention rule"):
            rule = replace(rule, name=rule.name.strip(), citation=rule.citation.strip()).check()
            if not rule.citation:
                raise InvalidInput(
                    f"Retention rule '{rule.name}' needs a citation: the law or policy it follows."
                )
            with self._db.writing() as uow:
                session = uow.session
                type_id = find_record_type(session, record_type).id if record_type else None
                row = session.scalar(
                    select(RetentionRuleRow).where(
                        RetentionRuleRow.record_type_id.is_(None)
                        if type_id is None
                        else RetentionRuleRow.record_type_id == type_id
                    )
                )
                if row is None:
                    row = RetentionRuleRow(record_type_id=type_id)
                    session.add(row)
                row.name = rule.name
                row.years_after_activity = rule.years_after_activity
                row.majority_age = rule.majority_age
                row.years_after_majority = rule.years_after_majority
                row.years_after_death = rule.years_after_death
                row.permanent = rule.permanent
                row.retire_after_years = rule.retire_after_years
                row.citation = rule.citation
                row.updated_at = self._clock()
                row.updated_by = actor.user_id
                session.flush()
                types = dict(session.execute(select(RecordType.id, RecordType.code)).all())
                info = _info(row, types)
                self._trail.record_for(
                    session,
                    actor,
                    "retention_rule_set",
                    detail=f"{record_type or 'every type'}: {rule.name} ({rule.describe()}); "
                    f"citation: {rule.citation}",
                )
                uow.commit()
        return info

    def remove_rule(self, actor: Actor, record_type: str | None) -> None:
        """Remove the rule of ``record_type``; its volumes then follow the default, if any."""
        self._access.require(actor, RetentionPermission.RULES)
        with self._access.refusals(actor, "remove a retention rule"), self._db.writing() as uow:
            session = uow.session
            type_id = find_record_type(session, record_type).id if record_type else None
            row = session.scalar(
                select(RetentionRuleRow).where(
                    RetentionRuleRow.record_type_id.is_(None)
                    if type_id is None
                    else RetentionRuleRow.record_type_id == type_id
                )
            )
            if row is None:
                raise NotFound(f"No retention rule for {record_type or 'every type'}.")
            session.delete(row)
            self._trail.record_for(
                session, actor, "retention_rule_removed", detail=f"{record_type or 'every type'}"
            )
            uow.commit()

    def set_lead_time(self, actor: Actor, location_code: str, days: int) -> None:
        """Make an off-site location a records centre, with its lead time in days."""
        self._access.require(actor, RetentionPermission.RULES)
        with self._access.refusals(actor, "set a records centre"), self._db.writing() as uow:
            if not 0 <= days <= 60:
                raise InvalidInput(f"A lead time of {days} days is out of range (0 to 60).")
            session = uow.session
            location = find_location(session, location_code)
            if location.kind != "offsite":
                raise InvalidInput(
                    f"{location.code} ({location.name}) is a {location.kind}: a records centre "
                    "is an off-site location."
                )
            centre = session.get(RecordsCentre, location.id)
            if centre is None:
                session.add(RecordsCentre(location_id=location.id, lead_days=days))
            else:
                centre.lead_days = days
            self._trail.record_for(
                session,
                actor,
                "records_centre_set",
                detail=f"{location.code}: {days} days to get a box back",
            )
            uow.commit()

    def record_death(self, actor: Actor, mrn: str, died_on: date) -> None:
        """Record a patient's date of death, for rules that count from it."""
        self._access.require(actor, RetentionPermission.DEATHS)
        with self._access.refusals(actor, "record a death", mrn), self._db.writing() as uow:
            session = uow.session
            if died_on > self._clock().date():
                raise InvalidInput(f"A date of death ({died_on}) cannot be in the future.")
            patient = find_patient(session, load_settings(session), mrn)
            if patient.dob is not None and died_on < patient.dob:
                raise InvalidInput(
                    f"A date of death ({died_on}) cannot be before the date of birth."
                )
            row = session.get(PatientDeath, patient.id)
            action, detail = "death_recorded", f"died {died_on}"
            if row is None:
                session.add(
                    PatientDeath(
                        patient_id=patient.id,
                        died_on=died_on,
                        recorded_by=actor.user_id,
                        recorded_at=self._clock(),
                    )
                )
            else:
                action, detail = "death_corrected", f"died {died_on} (was {row.died_on})"
                row.died_on, row.recorded_by, row.recorded_at = (
                    died_on,
                    actor.user_id,
                    self._clock(),
                )
            self._trail.record_for(session, actor, action, mrn=patient.mrn, detail=detail)
            uow.commit()

    def death_of(self, actor: Actor, mrn: str) -> DeathInfo:
        """A patient's name and recorded date of death (None: none recorded); the read is
        recorded for the patient."""
        self._access.require(actor, RetentionPermission.VIEW)
        with self._db.reading() as uow:
            session = uow.session
            patient = find_patient(session, load_settings(session), mrn)
            row = session.get(PatientDeath, patient.id)
            who = (
                session.scalar(select(User.username).where(User.id == row.recorded_by))
                if row is not None
                else None
            )
            info = DeathInfo(
                mrn=patient.mrn,
                name=f"{patient.family_name.upper()}, {patient.given_name}",
                dob=patient.dob,
                died_on=row.died_on if row is not None else None,
                recorded_by=who,
                recorded_at=row.recorded_at if row is not None else None,
            )
        record_reads(self._db, self._trail, actor, [info.mrn], "date of death")
        return info

    def remove_death(self, actor: Actor, mrn: str, reason: str) -> None:
        """Take back a date of death recorded in error; the reason is kept in the audit trail."""
        self._access.require(actor, RetentionPermission.DEATHS)
        with self._access.refusals(actor, "remove a date of death", mrn), self._db.writing() as uow:
            why = " ".join(reason.split())
            if not why:
                raise InvalidInput("Say why the date of death is taken back.")
            session = uow.session
            patient = find_patient(session, load_settings(session), mrn)
            row = session.get(PatientDeath, patient.id)
            if row is None:
                raise NotFound(f"No date of death is recorded for MRN {patient.mrn}.")
            was = row.died_on
            session.delete(row)
            self._trail.record_for(
                session,
                actor,
                "death_removed",
                mrn=patient.mrn,
                detail=f"was {was}: {why}"[:255],
            )
            uow.commit()


def lead_days(session: Session, location_id: int | None) -> int | None:
    """The days a records centre needs to send a box back (None: in the file room)."""
    if location_id is None:
        return None
    centre = session.get(RecordsCentre, location_id)
    return DEFAULT_LEAD_DAYS if centre is None else centre.lead_days
