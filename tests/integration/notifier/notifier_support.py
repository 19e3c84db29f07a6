"""Helpers for the notifier tests: a private SMTP server to stop and start, parsed mail, queue inspection."""

import asyncio
import socket
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from typing import Any

import aio_pika
from aiosmtpd.controller import Controller

# The public URL the notifier under test puts in its links.
PUBLIC_URL = "https://exports.example.test"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class RecordingHandler:
    """An aiosmtpd handler keeping every message; RCPT to ``refuse@…`` answers 550 (a permanent refusal)."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:
        if address.startswith("refuse@"):
            return "550 5.1.1 no such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = BytesParser(policy=policy.default).parsebytes(envelope.original_content or envelope.content)
        self.messages.append(message)  # type: ignore[arg-type]
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[EmailMessage]:
        return [message for message in self.messages if message["To"] == address]


class PrivateSmtp:
    """An aiosmtpd server on its own port that a test may take down and bring back (never the shared sink)."""

    def __init__(self) -> None:
        self.port = free_port()
        self.handler = RecordingHandler()
        self._controller: Controller | None = None

    def start(self) -> None:
        self._controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None


def parts(message: EmailMessage) -> tuple[str, str]:
    """The plain-text and HTML bodies of a multipart/alternative mail."""
    assert message.get_content_type() == "multipart/alternative"
    text = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    assert text is not None and html is not None
    return str(text.get_content()), str(html.get_content())


async def queue_depth(channel: aio_pika.abc.AbstractChannel, queue: str) -> int:
    declared = await channel.declare_queue(queue, passive=True)
    return int(declared.declaration_result.message_count or 0)


async def take(channel: aio_pika.abc.AbstractChannel, queue: str) -> aio_pika.abc.AbstractIncomingMessage | None:
    declared = await channel.get_queue(queue, ensure=False)
    return await declared.get(fail=False, no_ack=True)


async def wait_until_empty(channel: aio_pika.abc.AbstractChannel, queue: str, within: float = 10.0) -> None:
    """Poll until ``queue`` has no ready message (an unacked one in a consumer's hands is not counted)."""
    async with asyncio.timeout(within):
        while True:
            if await queue_depth(channel, queue) == 0:
                return
            await asyncio.sleep(0.05)
