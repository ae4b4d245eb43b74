"""Database failures in the file room's words: one line, the record and why, never SQL or values."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy.exc import DataError, DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm.exc import StaleDataError

from recordsdesk.domain.errors import (
    Conflict,
    InvalidInput,
    PermissionDenied,
    RecordsDeskError,
    Unavailable,
)
from recordsdesk.storage import limits
from recordsdesk.storage.models import Base

# The record a table holds, as a clerk names it.
RECORDS = {
    "patients": "patient",
    "charts": "chart",
    "volumes": "volume",
    "movements": "movement",
    "appointments": "appointment",
    "requests": "chart request",
    "locations": "location",
    "record_types": "record type",
    "users": "user",
    "settings": "site setting",
    "audit_events": "audit entry",
    "history_chain": "history entry",
    "history_site": "history entry",
    "pull_list_prints": "pull list print",
    "shelf_audit_runs": "shelf audit",
    "workstations": "workstation",
    "cli_sessions": "sign-in session",
    "service_tokens": "service token",
    "roi_requests": "release of information request",
    "roi_disclosures": "disclosure",
    "retention_rules": "retention rule",
    "retention_boxes": "retention box",
    "legal_holds": "legal hold",
    "destruction_batches": "destruction batch",
}
# Fields a uniqueness or a reference is about, in the file room's words.
FIELDS = {
    "mrn": "MRN",
    "barcode": "barcode",
    "code": "code",
    "external_id": "appointment number",
    "username": "user name",
    "name": "name",
    "key": "setting",
    "seq": "place in the history chain",
    "patient_id": "patient",
    "volume_id": "volume",
    "chart_id": "chart",
    "location_id": "location",
    "to_location_id": "location",
    "from_location_id": "location",
    "home_location_id": "home location",
    "record_type_id": "record type",
    "user_id": "user",
    "appointment_id": "appointment",
    "request_id": "chart request",
}

_STATEMENT_TABLE = re.compile(r"^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+\"?(\w+)", re.I)
_SQLITE_COLUMNS = re.compile(r"constraint failed: ([\w.]+(?:, [\w.]+)*)", re.I)
_PG_CONSTRAINT = re.compile(r"^(?:uq|ix|fk|ck|pk)_(\w+)$")
_LOCKED = ("database is locked", "lock timeout", "could not obtain lock", "deadlock")
# A link lost mid-work (a refused connect is "cannot be reached", below).
_LOST = ("terminating connection", "closed database", "connection is closed", "connection is lost")


@dataclass(frozen=True)
class _Where:
    record: str
    field: str
    table: str = ""


def _first_line(exc: DBAPIError) -> str:
    """The driver's message without the statement or its parameters: its first line only."""
    text = str(exc.orig) if exc.orig is not None else type(exc).__name__
    return text.strip().splitlines()[0] if text.strip() else "no answer"


def _sqlstate(exc: DBAPIError) -> str:
    return str(getattr(exc.orig, "sqlstate", None) or getattr(exc.orig, "pgcode", None) or "")


def _where(exc: DBAPIError, message: str) -> _Where:
    """The kind of record and the field the failure is about, from names the database gives
    (its table and constraint names), never from the values."""
    table = column = ""
    diag = getattr(exc.orig, "diag", None)
    if diag is not None:
        table = str(getattr(diag, "table_name", None) or "")
        column = str(getattr(diag, "column_name", None) or "")
        constraint = str(getattr(diag, "constraint_name", None) or "")
        named = _PG_CONSTRAINT.match(constraint)
        if named and table and not column:
            rest = named.group(1)
            rest = rest[len(table) + 1 :] if rest.startswith(table + "_") else rest
            column = next((f for f in FIELDS if rest == f or rest.startswith(f + "_")), "")
    found = _SQLITE_COLUMNS.search(message)
    if found and not table:
        first = found.group(1).split(", ")[0]
        if "." in first:
            table, column = first.split(".", 1)
    if not table and exc.statement:
        statement = _STATEMENT_TABLE.match(exc.statement)
        if statement:
            table = statement.group(1)
    record = RECORDS.get(table, table.rstrip("s").replace("_", " ") if table else "record")
    return _Where(record, FIELDS.get(column, column.replace("_", " ")), table)


def _references(table: str) -> str:
    """What rows of ``table`` refer to, when the database does not say which (SQLite)."""
    known = Base.metadata.tables.get(table)
    if known is None:
        return ""
    names = {
        FIELDS.get(fk.parent.name, fk.parent.name.replace("_", " ")) for fk in known.foreign_keys
    }
    return " or ".join(sorted(names))


def _failed_statement(exc: BaseException) -> str:
    """The statement a driver refused before sending it (SQLite's integer overflow), found in
    the traceback: only its table is used."""
    tb = exc.__traceback__
    statement = ""
    while tb is not None:
        found = tb.tb_frame.f_locals.get("statement")
        if isinstance(found, str):
            statement = found
        tb = tb.tb_next
    return statement


def _refusal(record: str | None, where: _Where, reason: str) -> str:
    if record:
        return f"{record} was not saved: {reason}"
    if where.record == "record":
        return f"Not saved: {reason}"
    return f"The {where.record} was not saved: {reason}"


def translate_database_error(
    exc: BaseException, record: str | None = None
) -> RecordsDeskError | None:
    """The clerk-fit error for a database failure, or None when it is not one we can name.

    One line naming the record (``record``, e.g. "Message 12 of siu.hl7", else the kind of
    record from the table) and the problem; never the SQL, never its parameters (they hold
    names, MRNs and dates of birth).
    """
    if isinstance(exc, StaleDataError):
        return Conflict("This chart was changed at another desk just now: scan it again.")
    if isinstance(exc, OverflowError) and "sqlite" in str(exc).lower():
        # SQLite's driver refuses an integer over 64 bits before the database sees it.
        statement = _STATEMENT_TABLE.match(_failed_statement(exc))
        table = statement.group(1) if statement else ""
        where = _Where(RECORDS.get(table, "record"), "")
        return InvalidInput(_refusal(record, where, "a number or date is out of range."))
    if not isinstance(exc, DBAPIError):
        return None
    text = _first_line(exc)
    lowered = text.lower()
    state = _sqlstate(exc)
    if "append-only" in lowered:
        return PermissionDenied("History is append-only: the database refused to change it.")
    if "permission denied" in lowered or "must be owner" in lowered:
        return PermissionDenied("The database refused: this connection's role may not do that.")
    where = _where(exc, text)
    field = f" {where.field}" if where.field else ""
    if isinstance(exc, IntegrityError):
        if "foreign key" in lowered:
            if "delete" in lowered or "still referenced" in lowered:
                reason = f"other records still refer to this {where.record}."
            else:
                field_names = where.field or _references(where.table)
                named = f"the {field_names}" if field_names else "a record"
                reason = f"{named} it refers to does not exist (any more)."
            return Conflict(_refusal(record, where, reason))
        if "not null" in lowered or "null value" in lowered:
            return InvalidInput(_refusal(record, where, f"the{field or ' value'} is missing."))
        if "check constraint" in lowered or state == "23514":
            return InvalidInput(_refusal(record, where, "a value is outside what is allowed."))
        return Conflict(
            _refusal(record, where, f"another {where.record} already has this{field or ' key'}.")
        )
    if isinstance(exc, DataError):
        return InvalidInput(_refusal(record, where, limits.describe_data_error(lowered)))
    if state in ("55P03", "40P01", "40001") or any(s in lowered for s in _LOCKED):
        return Conflict(
            _refusal(
                record,
                where,
                "another desk is busy with the same records; nothing of it was kept: try again.",
            )
        )
    if (
        exc.connection_invalidated
        or state in ("57P01", "57P02", "57P03")
        or any(s in lowered for s in _LOST)
    ):
        return Unavailable(
            (f"{record}: " if record else "")
            + "the link to the database was lost; nothing of this was kept: try again "
            "when the database is back."
        )
    if state in ("42P01", "42703") or "no such table" in lowered or "no such column" in lowered:
        return Unavailable(
            "This database's tables are not the ones this RecordsDesk expects: an administrator "
            "runs 'recordsdesk db upgrade' (or this desk needs the newer RecordsDesk)."
        )
    if isinstance(exc, OperationalError):
        if "not a database" in lowered or "malformed" in lowered:
            return Unavailable("The database file is not a database, or it is damaged.")
        if state == "57014" or "statement timeout" in lowered:
            return Conflict(_refusal(record, where, "the database took too long: try again."))
        return Unavailable(f"The database cannot be reached ({text}).")
    return Unavailable(
        (f"{record}: " if record else "")
        + f"the database refused the request ({type(exc.orig).__name__})."
    )
