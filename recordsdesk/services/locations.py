"""Locations and borrowers: clinics, wards, departments, people, file rooms, off-site stores."""

from __future__ import annotations

import builtins
from enum import Enum

from sqlalchemy import select
from sqlalchemy.orm import Session

from recordsdesk.domain.barcodes import location_barcode, person_barcode, validate_location_code
from recordsdesk.domain.errors import Conflict, InvalidInput, NotFound
from recordsdesk.services.actors import Actor, Permission
from recordsdesk.services.dto import LocationInfo
from recordsdesk.storage.models import Location
from recordsdesk.storage.unit_of_work import Database


class LocationKind(Enum):
    """The kinds of place a chart can be."""

    CLINIC = "clinic"
    WARD = "ward"
    DEPARTMENT = "department"
    PERSON = "person"
    FILE_ROOM = "file_room"
    OFFSITE = "offsite"

    @classmethod
    def parse(cls, text: str) -> LocationKind:
        """The kind named ``text`` (dashes and spaces allowed), or InvalidInput."""
        try:
            return cls(text.strip().lower().replace("-", "_").replace(" ", "_"))
        except ValueError:
            choices = ", ".join(k.value for k in cls)
            raise InvalidInput(f"Unknown location kind '{text}': choose {choices}.") from None


DEFAULT_LOAN_HOURS = {
    LocationKind.CLINIC: 24,
    LocationKind.WARD: 72,
    LocationKind.DEPARTMENT: 48,
    LocationKind.PERSON: 24,
    LocationKind.FILE_ROOM: None,
    LocationKind.OFFSITE: None,
}


def location_info(location: Location) -> LocationInfo:
    """The plain form of a location row."""
    barcode = (
        person_barcode(location.code)
        if location.kind == LocationKind.PERSON.value
        else location_barcode(location.code)
    )
    return LocationInfo(
        location.id,
        location.code,
        location.name,
        location.kind,
        location.loan_hours,
        barcode,
        location.active,
        location.needs_review,
    )


def find_location(session: Session, code: str) -> Location:
    """The active location with ``code``, or NotFound."""
    location = session.scalar(select(Location).where(Location.code == code.strip().upper()))
    if location is None:
        raise NotFound(f"No location with code '{code.strip().upper()}'.")
    if not location.active:
        raise InvalidInput(f"Location {location.code} ({location.name}) is closed.")
    return location


class LocationService:
    """Adding and listing the places charts go."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def add(
        self, actor: Actor, code: str, name: str, kind: str, loan_hours: int | None = None
    ) -> LocationInfo:
        """Add a location; its loan period defaults by kind."""
        actor.require(Permission.MANAGE_LOCATIONS)
        clean_code = validate_location_code(code)
        parsed_kind = LocationKind.parse(kind)
        if not name.strip():
            raise InvalidInput("A location needs a name.")
        if loan_hours is not None and not 0 < loan_hours <= 24 * 365:
            raise InvalidInput(f"A loan period of {loan_hours} hours is out of range (1 to 8760).")
        hours = loan_hours if loan_hours is not None else DEFAULT_LOAN_HOURS[parsed_kind]
        with self._db.writing() as uow:
            if uow.session.scalar(select(Location.id).where(Location.code == clean_code)):
                raise Conflict(f"Location {clean_code} exists already.")
            location = Location(
                code=clean_code,
                name=name.strip(),
                kind=parsed_kind.value,
                loan_hours=hours,
                active=True,
                needs_review=False,
            )
            uow.session.add(location)
            uow.commit()
            return location_info(location)

    def list(self, actor: Actor, include_closed: bool = False) -> builtins.list[LocationInfo]:
        """Every location, by code, for a signed-in user allowed to look at charts."""
        actor.require(Permission.VIEW_CHARTS)
        with self._db.reading() as uow:
            query = select(Location).order_by(Location.code)
            if not include_closed:
                query = query.where(Location.active.is_(True))
            return [location_info(loc) for loc in uow.session.scalars(query)]

    def listing(self, actor: Actor, include_closed: bool = False) -> builtins.list[LocationInfo]:
        """``list``, by its earlier name (the command line and the requests desk use it)."""
        return self.list(actor, include_closed)

    def get(self, actor: Actor, code: str) -> LocationInfo:
        """One location by code, or NotFound (for a user allowed to look at charts)."""
        actor.require(Permission.VIEW_CHARTS)
        with self._db.reading() as uow:
            return location_info(find_location(uow.session, code))
