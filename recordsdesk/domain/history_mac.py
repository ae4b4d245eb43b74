"""The rule of the history chain: each entry's MAC covers its content and the MAC before it."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Sequence
from datetime import UTC, date, datetime

# Changing anything here makes every stored MAC wrong: bump the tag and keep the old rule.
FORMAT = "recordsdesk-history-1"
MOVEMENT = "movement"
AUDIT = "audit"
SOURCES = (MOVEMENT, AUDIT)

# The fields each source contributes, in the order they are written into the message.
MOVEMENT_FIELDS = (
    "id",
    "volume_id",
    "kind",
    "from_location_id",
    "to_location_id",
    "user_id",
    "workstation",
    "at",
    "due_at",
    "note",
)
AUDIT_FIELDS = ("id", "at", "username", "workstation", "action", "mrn", "detail", "outcome")
FIELDS = {MOVEMENT: MOVEMENT_FIELDS, AUDIT: AUDIT_FIELDS}


def genesis(site: str) -> str:
    """What the first entry of a site's chain links to: binds the chain to its site."""
    return hashlib.sha256(f"{FORMAT}:genesis:{site}".encode()).hexdigest()


def _plain(value: object) -> object:
    if isinstance(value, datetime):
        moment = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
        return moment.astimezone(UTC).isoformat(timespec="microseconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value


def message(seq: int, key_id: int, previous: str, source: str, values: Sequence[object]) -> bytes:
    """The exact bytes an entry's MAC is taken over."""
    body = [FORMAT, seq, key_id, previous, source, *(_plain(v) for v in values)]
    return json.dumps(body, ensure_ascii=True, separators=(",", ":")).encode("ascii")


def entry_mac(
    key: bytes, seq: int, key_id: int, previous: str, source: str, values: Sequence[object]
) -> str:
    """HMAC-SHA-256 of one entry under the site key, as hex."""
    return hmac.digest(key, message(seq, key_id, previous, source, values), "sha256").hex()


def same_mac(a: str, b: str) -> bool:
    """Compare two MACs in constant time."""
    return hmac.compare_digest(a.encode("ascii", "replace"), b.encode("ascii", "replace"))


def checkpoint_mac(key: bytes, fields: Sequence[object]) -> str:
    """The signature of a checkpoint written outside the database."""
    body = json.dumps(["recordsdesk-checkpoint-1", *fields], separators=(",", ":"))
    return hmac.digest(key, body.encode("utf-8"), "sha256").hex()
