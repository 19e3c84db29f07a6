"""Helpers for the worker transport tests: inspect queues, publish raw bytes, record job-step calls."""

import asyncio
from typing import Any

import aio_pika
from aio_pika.abc import AbstractChannel, AbstractIncomingMessage

from jiraex_shared.contracts import AssembleExport, ExportRequested, ExtractChunk


class Inspector:
    """Reads queues and publishes raw bytes the way another system would, bypassing our code."""

    def __init__(self, channel: AbstractChannel) -> None:
        self.channel = channel
        self._inboxes: dict[str, asyncio.Queue[AbstractIncomingMessage]] = {}

    async def next_message(self, queue: str, *, within: float = 10.0) -> AbstractIncomingMessage:
        """The next message of ``queue`` (consumed and acked), waiting up to ``within`` seconds."""
        if queue not in self._inboxes:
            inbox: asyncio.Queue[AbstractIncomingMessage] = asyncio.Queue()
            declared = await self.channel.get_queue(queue, ensure=False)
            await declared.consume(inbox.put, no_ack=True)
            self._inboxes[queue] = inbox
        async with asyncio.timeout(within):
            return await self._inboxes[queue].get()

    async def is_empty(self, queue: str) -> bool:
        """Whether ``queue`` has no ready message (one taken to look is put back)."""
        declared = await self.channel.get_queue(queue, ensure=False)
        message = await declared.get(fail=False, no_ack=False)
        if message is None:
            return True
        await message.nack(requeue=True)
        return False

    async def publish_raw(self, body: bytes, routing_key: str, exchange: str = "jiraex.commands") -> None:
        target = await self.channel.get_exchange(exchange, ensure=False)
        await target.publish(
            aio_pika.Message(body, content_type="application/json", delivery_mode=aio_pika.DeliveryMode.PERSISTENT),
            routing_key=routing_key,
            mandatory=True,
        )


class RecordingSteps:
    """Job steps that record each call and fail with the next queued error, if any."""

    def __init__(self, *errors: BaseException, repeat_last: bool = False) -> None:
        self.calls: list[tuple[str, Any]] = []
        self._errors = list(errors)
        self._repeat_last = repeat_last
        self._changed = asyncio.Condition()

    async def wait_for_calls(self, count: int, *, within: float = 10.0) -> None:
        async with asyncio.timeout(within), self._changed:
            await self._changed.wait_for(lambda: len(self.calls) >= count)

    async def _record(self, step: str, message: Any) -> None:
        async with self._changed:
            self.calls.append((step, message))
            self._changed.notify_all()
        if self._errors:
            error = self._errors[0] if self._repeat_last and len(self._errors) == 1 else self._errors.pop(0)
            raise error

    async def on_export_requested(self, message: ExportRequested) -> None:
        await self._record("requested", message)

    async def on_extract_chunk(self, message: ExtractChunk) -> None:
        await self._record("chunk", message)

    async def on_assemble(self, message: AssembleExport) -> None:
        await self._record("assemble", message)
