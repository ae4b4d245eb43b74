"""TLS to PostgreSQL: verify-full by default for a remote host, against a throwaway server
with a self-signed certificate authority, started and stopped here (not the shared one)."""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from sqlalchemy import text
from sqlalchemy.engine import make_url

from recordsdesk.domain.errors import Unavailable
from recordsdesk.storage import schema
from recordsdesk.storage.engine import build_engine, describe_protection, is_local_host
from recordsdesk.storage.unit_of_work import Database
from tests.security.helpers import run

BIN = Path("/usr/lib/postgresql/15/bin")


@dataclass(frozen=True)
class TlsServer:
    url: str
    ca: Path
    rogue_ca: Path


def _name(common: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common)])


def _authority(common: str) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    key = ec.generate_private_key(ec.SECP256R1())
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(common))
        .issuer_name(_name(common))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    return key, cert


def _server_cert(
    ca_key: ec.EllipticCurvePrivateKey, ca: x509.Certificate, address: str
) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    key = ec.generate_private_key(ec.SECP256R1())
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(address))
        .issuer_name(ca.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address(address))]),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    return key, cert


def _pem(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


def _outward_address() -> str:
    """An address of this machine that is not loopback, so the TLS default applies."""
    for candidate in subprocess.run(
        ["hostname", "-I"], capture_output=True, text=True, check=True
    ).stdout.split():
        address = ipaddress.ip_address(candidate)
        if address.version == 4 and not address.is_loopback:
            return candidate
    pytest.fail("this machine has no IPv4 address other than loopback for the TLS test")


def _free_port(address: str) -> int:
    with socket.socket() as probe:
        probe.bind((address, 0))
        return int(probe.getsockname()[1])


def _as_postgres(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["runuser", "-u", "postgres", "--", *args], capture_output=True, text=True, check=False
    )


@pytest.fixture(scope="module")
def tls_server() -> Iterator[TlsServer]:
    address = _outward_address()
    port = _free_port(address)
    root = Path(tempfile.mkdtemp(prefix="rd-tls-", dir="/var/tmp"))
    data = root / "data"
    ca_key, ca = _authority("RecordsDesk Test CA")
    _, rogue = _authority("Someone Else's CA")
    server_key, server = _server_cert(ca_key, ca, address)
    (root / "ca.crt").write_bytes(_pem(ca))
    (root / "rogue.crt").write_bytes(_pem(rogue))
    shutil.chown(root, "postgres")
    initdb = _as_postgres(str(BIN / "initdb"), "-D", str(data), "-U", "app", "-A", "trust")
    assert initdb.returncode == 0, initdb.stderr
    (data / "server.crt").write_bytes(_pem(server))
    (data / "server.key").write_bytes(
        server_key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    os.chmod(data / "server.key", 0o600)
    # TLS or nothing from the network; the socket in the data folder for setting up.
    (data / "pg_hba.conf").write_text("local all all trust\nhostssl all all 0.0.0.0/0 trust\n")
    for name in ("server.crt", "server.key", "pg_hba.conf"):
        shutil.chown(data / name, "postgres")
    options = (
        f"-c listen_addresses={address} -p {port} -k {data} -c fsync=off -c ssl=on "
        "-c ssl_cert_file=server.crt -c ssl_key_file=server.key"
    )
    started = _as_postgres(
        str(BIN / "pg_ctl"), "-D", str(data), "-l", str(root / "log"), "-w", "start", "-o", options
    )
    assert started.returncode == 0, started.stderr + (root / "log").read_text()
    try:
        made = _as_postgres(
            str(BIN / "createdb"), "-h", str(data), "-p", str(port), "-U", "app", "records"
        )
        assert made.returncode == 0, made.stderr
        yield TlsServer(
            f"postgresql://app@{address}:{port}/records", root / "ca.crt", root / "rogue.crt"
        )
    finally:
        _as_postgres(str(BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop")
        shutil.rmtree(root, ignore_errors=True)


def test_a_remote_host_gets_verify_full_and_a_verified_link(
    tls_server: TlsServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PGSSLMODE", raising=False)
    monkeypatch.setenv("PGSSLROOTCERT", str(tls_server.ca))
    engine = build_engine(tls_server.url)
    try:
        assert engine.url.query["sslmode"] == "verify-full"
        assert Database(engine).protection == "TLS, server certificate verified"
        with engine.connect() as conn:
            assert conn.execute(
                text("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
            ).scalar()
        schema.upgrade(engine)
    finally:
        engine.dispose()
    # The command line finds the authority the same way (PGSSLROOTCERT, inherited here).
    env_url = tls_server.url
    added = run(
        env_url,
        "user",
        "add",
        "ada",
        "--role",
        "admin",
        "--password-stdin",
        user=None,
        stdin="correct horse battery\n",
    )
    assert added.returncode == 0, added.stderr
    assert run(env_url, "audit", "verify").returncode == 0


def test_a_server_the_ca_did_not_sign_is_refused_in_one_line(
    tls_server: TlsServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PGSSLMODE", raising=False)
    monkeypatch.setenv("PGSSLROOTCERT", str(tls_server.rogue_ca))
    engine = build_engine(tls_server.url)
    try:
        with pytest.raises(Unavailable, match="cannot be reached") as refused:
            schema.current_revision(engine)
        assert "\n" not in str(refused.value)
    finally:
        engine.dispose()
    done = run(tls_server.url, "location", "list")
    assert done.returncode == 1 and "certificate" in done.stderr
    assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1


def test_cleartext_is_what_the_url_must_ask_for_and_the_server_refuses(
    tls_server: TlsServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PGSSLMODE", raising=False)
    plain = make_url(tls_server.url).update_query_dict({"sslmode": "disable"})
    assert describe_protection(plain) == "NOT ENCRYPTED"
    engine = build_engine(plain.render_as_string(hide_password=False))
    try:
        assert engine.url.query["sslmode"] == "disable"
        with pytest.raises(Unavailable, match=r"no encryption|pg_hba"):
            schema.current_revision(engine)
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    ("host", "local"),
    [
        (None, True),
        ("/var/run/postgresql", True),
        ("localhost", True),
        ("127.0.0.1", True),
        ("::1", True),
        ("db.example.org", False),
        ("10.0.0.5", False),
    ],
)
def test_which_hosts_are_local(host: str | None, local: bool) -> None:
    assert is_local_host(host) is local
    url = "postgresql://desk@/records" if host is None else "postgresql://desk@h/records"
    if host is not None:
        url = make_url(url).set(host=host).render_as_string(hide_password=False)
    engine = build_engine(url)
    try:
        assert ("sslmode" in engine.url.query) is not local
    finally:
        engine.dispose()
