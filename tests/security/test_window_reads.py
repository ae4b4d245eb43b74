"""Whatever the window calls, the services check who asks: every use case the window is handed
takes the acting user first, except a short list that reads no patient, setting or location."""

from __future__ import annotations

import ast
import dataclasses
import inspect
from functools import cached_property
from pathlib import Path

import recordsdesk.ui
from recordsdesk.services.desk import Services
from recordsdesk.services.release.desk import build_release_services
from recordsdesk.services.requests_desk.desk import build_requests_desk
from recordsdesk.services.retention.wiring import build_retention

# The methods that take no acting user, and why that is safe.
NO_ACTOR = {
    "users.count": "whether anyone can sign in yet (the sign-in dialog)",
    "users.actor": "composition only (the first-run wizard's new administrator; scripts)",
    "users.sign_in": "the password is the check",
    "users.locked_until": "the lockout of a name, for an administrator's tools",
    "sessions.open_for": "composition only (an installer, a test rig)",
    "sessions.idle_minutes": "how long a session lasts: a number, for the sign-in line",
    "sessions.is_open": "the ticket's secret is the check",
    "sessions.resume": "the ticket's secret is the check",
    "sessions.end": "the ticket's secret is the check",
    "sessions.refuse": "records a refusal",
    "tokens.authenticate": "the token is the check",
    "workstations.resolve": "this machine's registered name",
    "circulation.read": "reads a scan's framing and kind, no record",
    "documents.stocks": "the label stocks this version knows",
    "documents.default_printer": "this workstation's printer",
    "documents.printer_for": "which queue a document goes to: its own, or this workstation's",
    "audit.count": "how many audit entries there are",
    "audit.verify": "whether the chain holds; names no patient",
    "backup.check": "a backup file's own seal, before a restore",
    "backup.needs_passphrase": "whether a backup file is encrypted",
}


# The same for the pages' own desks (release of information, retention, requests).
DESKS_NO_ACTOR = {
    "retention.rules.examples": "the example rules this version ships",
    "retention.candidates.today": "the date",
    "release.requests.today": "the date",
    "release.site.fee_schedule": "the site's copy fees (no patient)",
    "release.site.policy_days": "the site's answer time (no patient)",
    "release.site.record_types": "the record types a request may name",
    "release.output.default_printer": "this workstation's printer",
    "release.output.printer_for": "which queue a document goes to: its own, or this workstation's",
    "release.output.stocks": "the label stocks this version knows",
}


def _service_names() -> list[str]:
    """The use cases a page reaches through the Services it is built with (its database,
    audit trail and refusal recorder are the composition's tools, not use cases)."""
    built = [
        name for name, member in inspect.getmembers(Services) if isinstance(member, cached_property)
    ]
    return [*built, "audit"]


def test_every_use_case_the_window_is_handed_takes_the_acting_user_first(
    services: Services,
) -> None:
    unchecked = []
    for name in _service_names():
        service = getattr(services, name)
        for method, function in inspect.getmembers(type(service), inspect.isfunction):
            if method.startswith("_"):
                continue
            parameters = list(inspect.signature(function).parameters)[1:]
            if parameters[:1] != ["actor"] and f"{name}.{method}" not in NO_ACTOR:
                unchecked.append(f"{name}.{method}{tuple(parameters)}")
    assert unchecked == []
    assert {"locations", "site", "registry", "history", "audit"} <= set(_service_names())


def test_every_use_case_of_the_pages_desks_takes_the_acting_user_first(
    services: Services,
) -> None:
    desks = {
        "retention": build_retention(services.db, services.clock, services.trail),
        "release": build_release_services(services),
        "requests": build_requests_desk(services),
    }
    unchecked, seen = [], 0
    for label, desk in desks.items():
        for field in dataclasses.fields(desk):  # type: ignore[arg-type]
            service = getattr(desk, field.name)
            if field.name == "db":
                continue
            for method, function in inspect.getmembers(type(service), inspect.isfunction):
                if method.startswith("_"):
                    continue
                seen += 1
                parameters = list(inspect.signature(function).parameters)[1:]
                name = f"{label}.{field.name}.{method}"
                if parameters[:1] != ["actor"] and name not in DESKS_NO_ACTOR:
                    unchecked.append(f"{name}{tuple(parameters)}")
    assert unchecked == []
    assert seen > 40


def _receiver(node: ast.expr) -> str:
    """``users`` for ``self._services.users`` or ``self._users``."""
    if isinstance(node, ast.Attribute):
        return node.attr.lstrip("_")
    return node.id.lstrip("_") if isinstance(node, ast.Name) else ""


def test_the_window_calls_no_read_that_skips_the_acting_user() -> None:
    """The window's own code calls none of the use cases that take no acting user but those
    it needs to sign in, read a scan, and list label stocks and printers."""
    allowed_in_window = {
        "users.count",
        "users.sign_in",
        "circulation.read",
        "documents.stocks",
        "documents.default_printer",
        "documents.printer_for",
    }
    allowed_in_window |= {"requests.today", "candidates.today", "rules.examples", "output.stocks"}
    desks = {".".join(name.split(".")[1:]) for name in DESKS_NO_ACTOR}
    skipping = (set(NO_ACTOR) | desks) - allowed_in_window
    found = []
    for path in Path(recordsdesk.ui.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                called = f"{_receiver(node.func.value)}.{node.func.attr}"
                if called in skipping:
                    found.append(f"{path.name}:{node.lineno} {called}()")
    assert found == []
    assert "users.sign_in" in NO_ACTOR and "sessions.open_for" in skipping
