"""Backup files: the seal that says this site made them, and optional passphrase encryption."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from recordsdesk.domain.errors import InvalidInput
from recordsdesk.storage.site_key import SiteKeyRing

MAGIC = b"RDBACKUP-AESGCM-1\n"
_CHUNK = 1 << 20
_SCRYPT_N_LOG2, _SCRYPT_R, _SCRYPT_P = 15, 8, 1
_SEAL_FORMAT = "recordsdesk-backup-seal-1"


def seal_path(path: Path) -> Path:
    """The seal written beside a backup."""
    return path.with_name(path.name + ".seal")


def sha256_file(path: Path) -> str:
    """The SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(_CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass(frozen=True)
class Seal:
    """What the seal of a backup vouches for: the database's bytes, made at this site."""

    site: str
    sha256: str
    size: int
    key_id: int


def _seal_mac(key: bytes, site: str, sha256: str, size: int, key_id: int) -> str:
    body = json.dumps([_SEAL_FORMAT, site, sha256, size, key_id], separators=(",", ":"))
    return hmac.digest(key, body.encode("utf-8"), "sha256").hex()


def seal_bytes(ring: SiteKeyRing, sha256: str, size: int) -> bytes:
    """A seal for a database file of ``size`` bytes hashing to ``sha256``."""
    mac = _seal_mac(ring.key, ring.site, sha256, size, ring.current)
    seal = {
        "format": _SEAL_FORMAT,
        "site": ring.site,
        "sha256": sha256,
        "size": size,
        "key_id": ring.current,
        "mac": mac,
    }
    return (json.dumps(seal, indent=2) + "\n").encode("utf-8")


def read_seal(backup: Path, ring: SiteKeyRing) -> Seal:
    """The backup's seal, checked against this site's keys; InvalidInput when it is not good."""
    path = seal_path(backup)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        seal = Seal(str(data["site"]), str(data["sha256"]), int(data["size"]), int(data["key_id"]))
        mac = str(data["mac"])
    except FileNotFoundError:
        raise InvalidInput(
            f"{backup} has no seal ({path.name}): only backups this site made are restored."
        ) from None
    except (OSError, ValueError, KeyError, TypeError):
        raise InvalidInput(f"The seal {path} cannot be read.") from None
    key = ring.keys.get(seal.key_id)
    if key is None or not hmac.compare_digest(
        _seal_mac(key, seal.site, seal.sha256, seal.size, seal.key_id), mac
    ):
        raise InvalidInput(
            f"The seal of {backup} was not made with this site's key: it is from another site "
            "or was forged."
        )
    return seal


def is_encrypted(path: Path) -> bool:
    """Whether ``path`` is a passphrase-encrypted backup."""
    try:
        with path.open("rb") as stream:
            return stream.read(len(MAGIC)) == MAGIC
    except OSError:
        return False


def _key(passphrase: str, salt: bytes, n_log2: int, r: int, p: int) -> bytes:
    if not passphrase:
        raise InvalidInput("The backup passphrase is empty.")
    return Scrypt(salt=salt, length=32, n=1 << n_log2, r=r, p=p).derive(passphrase.encode("utf-8"))


def _nonce(prefix: bytes, counter: int) -> bytes:
    return prefix + struct.pack(">I", counter)


def _aad(header: bytes, counter: int, final: bool) -> bytes:
    return header + struct.pack(">I?", counter, final)


def _chunks(stream: BinaryIO) -> Iterator[tuple[bytes, bool]]:
    current = stream.read(_CHUNK)
    while True:
        following = stream.read(_CHUNK)
        yield current, not following
        if not following:
            return
        current = following


def encrypt_file(source: Path, target_fd: int, passphrase: str) -> None:
    """Write ``source`` encrypted (AES-256-GCM in chunks, scrypt key) to an open file."""
    salt, prefix = os.urandom(16), os.urandom(8)
    header = MAGIC + salt + bytes((_SCRYPT_N_LOG2, _SCRYPT_R, _SCRYPT_P)) + prefix
    aead = AESGCM(_key(passphrase, salt, _SCRYPT_N_LOG2, _SCRYPT_R, _SCRYPT_P))
    with source.open("rb") as reader, os.fdopen(target_fd, "wb", closefd=False) as writer:
        writer.write(header)
        for counter, (plain, final) in enumerate(_chunks(reader)):
            sealed = aead.encrypt(_nonce(prefix, counter), plain, _aad(header, counter, final))
            writer.write(struct.pack(">I", len(sealed)) + sealed)
        writer.flush()
        os.fsync(writer.fileno())


def decrypt_file(source: Path, target: Path, passphrase: str) -> None:
    """Decrypt a backup into ``target``; InvalidInput for a wrong passphrase or a cut file."""
    wrong = f"{source} cannot be decrypted: wrong passphrase, or the file was changed."
    with source.open("rb") as reader, target.open("wb") as writer:
        header = reader.read(len(MAGIC) + 16 + 3 + 8)
        if len(header) < len(MAGIC) + 27 or not header.startswith(MAGIC):
            raise InvalidInput(f"{source} is not an encrypted RecordsDesk backup.")
        salt = header[len(MAGIC) : len(MAGIC) + 16]
        n_log2, r, p = header[len(MAGIC) + 16 : len(MAGIC) + 19]
        if not (10 <= n_log2 <= 22 and 1 <= r <= 32 and 1 <= p <= 16):
            raise InvalidInput(wrong)
        prefix = header[-8:]
        aead = AESGCM(_key(passphrase, salt, n_log2, r, p))
        counter = 0
        while True:
            size_bytes = reader.read(4)
            if len(size_bytes) < 4:
                raise InvalidInput(f"{source} is cut short: its end is missing.")
            (size,) = struct.unpack(">I", size_bytes)
            sealed = reader.read(size)
            if len(sealed) < size or size > _CHUNK + 16:
                raise InvalidInput(f"{source} is cut short: its end is missing.")
            for final in (False, True):
                try:
                    plain = aead.decrypt(
                        _nonce(prefix, counter), sealed, _aad(header, counter, final)
                    )
                except InvalidTag:
                    continue
                break
            else:
                raise InvalidInput(wrong)
            writer.write(plain)
            counter += 1
            if final:
                if reader.read(1):
                    raise InvalidInput(f"{source} has data after its end: it was changed.")
                return
