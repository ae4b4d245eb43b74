"""The rule of the history chain: each entry's MAC covers its content and the MAC before it."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable, Iterator, Sequence
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

_SEPARATORS = (",", ":")
# The string encoder json.dumps uses with ensure_ascii (the C one where there is one).
_quote = json.encoder.encode_basestring_ascii
_OPENING = "[" + json.dumps(FORMAT)


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


def _json(value: object) -> str:
    """One value as ``json.dumps`` writes it inside the message's list (ASCII, compact)."""
    kind = type(value)
    if kind is str:
        return _quote(value)  # type: ignore[arg-type]
    if kind is int:
        return int.__repr__(value)
    if value is None:
        return "null"
    if kind is datetime or kind is date:
        return _quote(_plain(value))  # type: ignore[arg-type]
    return json.dumps(_plain(value), ensure_ascii=True, separators=_SEPARATORS)


def message(seq: int, key_id: int, previous: str, source: str, values: Sequence[object]) -> bytes:
    """The exact bytes an entry's MAC is taken over: the JSON list
    ``[FORMAT, seq, key_id, previous, source, *values]``, compact and ASCII.

    Written item by item with the encoder ``json.dumps`` itself uses for strings, so the
    bytes are the same as ``json.dumps`` of the whole list (tests/domain hold them to it),
    at a fraction of the cost: a retirement list seals tens of thousands of entries.
    """
    items = ",".join([_OPENING, _json(seq), _json(key_id), _quote(previous), _quote(source)])
    if values:
        return f"{items},{','.join(map(_json, values))}]".encode("ascii")
    return f"{items}]".encode("ascii")


def entry_mac(
    key: bytes, seq: int, key_id: int, previous: str, source: str, values: Sequence[object]
) -> str:
    """HMAC-SHA-256 of one entry under the site key, as hex."""
    return hmac.digest(key, message(seq, key_id, previous, source, values), "sha256").hex()


def entry_macs(
    key: bytes,
    key_id: int,
    seq: int,
    previous: str,
    entries: Iterable[tuple[str, Sequence[object]]],
) -> Iterator[str]:
    """The MACs of ``entries`` (source and values) sealed one after another after entry
    ``seq`` whose MAC is ``previous``: each exactly ``entry_mac`` of its place.

    Entries written together share most of their values (a list's audit entries differ by
    id and MRN alone): a value that is the very object of the entry before is not written
    out again (values are immutable, so the same object is the same text).
    """
    texts: list[str] = []
    last: Sequence[object] = ()
    key_text = _json(key_id)
    for source, values in entries:
        seq += 1
        if len(values) == len(last):
            texts = [
                text if value is before else _json(value)
                for value, before, text in zip(values, last, texts, strict=True)
            ]
        else:
            texts = [_json(value) for value in values]
        last = values
        body = f"{_OPENING},{_json(seq)},{key_text},{_quote(previous)},{_quote(source)}"
        if texts:
            body = f"{body},{','.join(texts)}"
        previous = hmac.digest(key, f"{body}]".encode("ascii"), "sha256").hex()
        yield previous


def same_mac(a: str, b: str) -> bool:
    """Compare two MACs in constant time."""
    return hmac.compare_digest(a.encode("ascii", "replace"), b.encode("ascii", "replace"))


def checkpoint_mac(key: bytes, fields: Sequence[object]) -> str:
    """The signature of a checkpoint written outside the database."""
    body = json.dumps(["recordsdesk-checkpoint-1", *fields], separators=(",", ":"))
    return hmac.digest(key, body.encode("utf-8"), "sha256").hex()
