"""Connecting to the vetted address keeps TLS honest: SNI, Host and certificate checks use the URL's host name."""

import asyncio
import datetime
import ipaddress
import ssl
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from jiraex_shared.connections import EgressPolicy, create_guarded_http_client

pytestmark = pytest.mark.integration

SITE = "jira.pinned.test"
ADDRESS = "127.0.0.2"


def self_signed(tmp_path: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, SITE)])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5)).not_valid_after(now + datetime.timedelta(hours=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(SITE)]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = tmp_path / "site.pem", tmp_path / "site.key"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ))
    return cert_path, key_path


class SiteResolver:
    """Both names point at the TLS server; only one of them is on its certificate."""

    async def resolve(self, host: str, port: int) -> list:
        return [ipaddress.ip_address(ADDRESS)]


@asynccontextmanager
async def tls_site(cert: Path, key: Path) -> AsyncIterator[tuple[int, list[str], list[str]]]:
    server_names: list[str] = []
    hosts: list[str] = []
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    context.sni_callback = lambda _socket, name, _context: server_names.append(name)  # type: ignore[assignment,misc]

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while (line := await asyncio.wait_for(reader.readline(), 5)) not in (b"\r\n", b""):
                if line.lower().startswith(b"host:"):
                    hosts.append(line.split(b":", 1)[1].strip().decode())
            body = b'{"ok": true}'
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n"
                         b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
            await writer.drain()
        except (TimeoutError, ConnectionError, ssl.SSLError):
            pass
        finally:
            writer.close()

    server = await asyncio.start_server(handle, ADDRESS, 0, ssl=context)
    try:
        yield server.sockets[0].getsockname()[1], server_names, hosts
    finally:
        server.close()
        await server.wait_closed()


async def test_sni_host_and_certificate_use_the_name_while_the_socket_uses_the_vetted_address(tmp_path: Path) -> None:
    cert, key = self_signed(tmp_path)
    trust = ssl.create_default_context(cafile=str(cert))
    policy = EgressPolicy.from_entries([SITE, "other.pinned.test"])
    async with (
        tls_site(cert, key) as (port, server_names, hosts),
        create_guarded_http_client(policy, resolver=SiteResolver(), ssl_context=trust) as http,
    ):
        response = await http.get(f"https://{SITE}:{port}/rest/api/2/serverInfo")
        assert response.json() == {"ok": True}
        # Same address, a name the certificate does not carry: verification fails on the name.
        with pytest.raises(httpx.ConnectError, match=r"CERTIFICATE_VERIFY_FAILED|hostname"):
            await http.get(f"https://other.pinned.test:{port}/")
    assert server_names[0] == SITE
    assert hosts == [f"{SITE}:{port}"]
