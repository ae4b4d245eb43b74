"""Secrets handed out once and kept only as a hash: session secrets and service tokens."""

from __future__ import annotations

import hashlib
import hmac
import secrets

TOKEN_PREFIX = "rdt_"
SESSION_PREFIX = "rds_"


def new_secret(prefix: str) -> str:
    """A fresh secret of 256 random bits, with a prefix that says what it is."""
    return prefix + secrets.token_urlsafe(32)


def digest(secret: str) -> str:
    """The hash kept in the database (the secrets are random: no slow hash is needed)."""
    return hashlib.sha256(secret.encode("utf-8", "replace")).hexdigest()


def same(left: str, right: str) -> bool:
    """Compare two hashes in constant time."""
    return hmac.compare_digest(left.encode(), right.encode())
