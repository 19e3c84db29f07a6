"""The SMTP mailer against aiosmtpd on loopback: STARTTLS with login, implicit TLS, plaintext, and its failures."""

import asyncio
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from smtp_tls_support import server_context, write_self_signed

from jiraex_shared.notify import MailTemporaryError, OutgoingMail, RenderedMail, SmtpConfig, SmtpMailer

pytestmark = pytest.mark.integration

MAIL = OutgoingMail(
    "Jira Issue Extractor <noreply@jx.example>", "someone@adapter.example.test",
    RenderedMail("Subject", "text part\n", "<p>html part</p>"), "<fixed-id@jx.example>",
)


class Inbox:
    def __init__(self) -> None:
        self.envelopes: list[Any] = []
        self.logins: list[tuple[bytes, bytes]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.envelopes.append(envelope)
        return "250 OK"

    def authenticate(self, server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
        assert isinstance(data, LoginPassword)
        self.logins.append((data.login, data.password))
        # handled=False: aiosmtpd then answers the refusal with 535 itself.
        return AuthResult(success=data.password == b"right-password", handled=False)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def certificate(tmp_path: Path) -> tuple[Path, Path]:
    return write_self_signed(tmp_path)


@pytest.fixture
def serve() -> Iterator[Any]:
    controllers: list[Controller] = []

    def start(inbox: Inbox, **kwargs: Any) -> int:
        port = _free_port()
        controller = Controller(inbox, hostname="127.0.0.1", port=port, **kwargs)
        controller.start()
        controllers.append(controller)
        return port

    yield start
    for controller in controllers:
        controller.stop()


def _config(port: int, **overrides: Any) -> SmtpConfig:
    values: dict[str, Any] = {"host": "127.0.0.1", "port": port, "username": "", "password": "", "tls": "none",
                              "timeout_seconds": 5.0} | overrides
    return SmtpConfig(**values)


async def test_starttls_with_login(serve: Any, certificate: tuple[Path, Path]) -> None:
    inbox = Inbox()
    port = serve(inbox, tls_context=server_context(*certificate), require_starttls=True,
                 authenticator=inbox.authenticate, auth_required=True)
    config = _config(
        port, tls="starttls", username="mailer", password="right-password", cert_bundle=str(certificate[0])
    )
    await SmtpMailer(config).send(MAIL)
    assert inbox.logins == [(b"mailer", b"right-password")]
    [envelope] = inbox.envelopes
    assert envelope.mail_from == "noreply@jx.example" and envelope.rcpt_tos == ["someone@adapter.example.test"]
    assert b"Message-ID: <fixed-id@jx.example>" in envelope.content
    assert "right-password" not in repr(config)


async def test_wrong_password_is_retried_not_given_up(serve: Any, certificate: tuple[Path, Path]) -> None:
    inbox = Inbox()
    port = serve(inbox, tls_context=server_context(*certificate), require_starttls=True,
                 authenticator=inbox.authenticate, auth_required=True)
    config = _config(port, tls="starttls", username="mailer", password="wrong", cert_bundle=str(certificate[0]))
    with pytest.raises(MailTemporaryError, match="SMTPAuthenticationError: 535"):
        await SmtpMailer(config).send(MAIL)
    assert inbox.envelopes == []


async def test_an_untrusted_certificate_is_refused(serve: Any, certificate: tuple[Path, Path]) -> None:
    port = serve(Inbox(), tls_context=server_context(*certificate), require_starttls=True)
    with pytest.raises(MailTemporaryError, match=r"CERTIFICATE_VERIFY_FAILED|certificate verify failed"):
        await SmtpMailer(_config(port, tls="starttls")).send(MAIL)


async def test_starttls_required_but_not_offered_never_falls_back_to_plaintext(serve: Any) -> None:
    inbox = Inbox()
    port = serve(inbox)
    with pytest.raises(MailTemporaryError, match="STARTTLS"):
        await SmtpMailer(_config(port, tls="starttls")).send(MAIL)
    assert inbox.envelopes == []


async def test_implicit_tls(serve: Any, certificate: tuple[Path, Path]) -> None:
    inbox = Inbox()
    port = serve(inbox, ssl_context=server_context(*certificate))
    await SmtpMailer(_config(port, tls="tls", cert_bundle=str(certificate[0]))).send(MAIL)
    assert len(inbox.envelopes) == 1


async def test_refused_connection_and_silent_server_are_temporary() -> None:
    with pytest.raises(MailTemporaryError):
        await SmtpMailer(_config(_free_port())).send(MAIL)

    async def never_greet(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.read()  # says nothing: the client must time out on the greeting

    server = await asyncio.start_server(never_greet, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        async with asyncio.timeout(5):
            with pytest.raises(MailTemporaryError, match=r"Timeout|timed out|Timed out"):
                await SmtpMailer(_config(port, timeout_seconds=0.5)).send(MAIL)
    finally:
        server.close()


async def test_a_server_answering_each_step_just_in_time_cannot_hold_a_mail_for_long() -> None:
    async def dawdle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await asyncio.sleep(0.3)
        writer.write(b"220 slow.example ESMTP\r\n")
        await writer.drain()
        while line := await reader.readline():
            await asyncio.sleep(0.3)  # every reply inside the 0.4 s step timeout
            reply = b"250-slow.example\r\n250 8BITMIME\r\n" if line.upper().startswith(b"EHLO") else b"250 OK\r\n"
            writer.write(reply)
            await writer.drain()

    server = await asyncio.start_server(dawdle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        async with asyncio.timeout(5):
            with pytest.raises(MailTemporaryError, match=r"SMTP session took longer than 0\.8 s"):
                await SmtpMailer(_config(port, timeout_seconds=0.4)).send(MAIL)
    finally:
        server.close()
