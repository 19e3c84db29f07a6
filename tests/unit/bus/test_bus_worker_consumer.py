"""The worker's per-delivery logic with a recorded delivery: decode, log context, step, settle."""

import asyncio
from collections.abc import Mapping
from typing import Any

import pytest
import structlog

from jiraex_extractor_worker.consumer import CommandConsumer
from jiraex_extractor_worker.queues import CONSUMED_QUEUES, ConsumedQueue
from jiraex_extractor_worker.shutdown import InFlight
from jiraex_shared.contracts import AssembleExport, ExportRequested, ExtractChunk, encode
from jiraex_shared.jira import JiraRetryableError

REQUESTS, CHUNKS, ASSEMBLY = CONSUMED_QUEUES


class RecordedDelivery:
    def __init__(self, body: bytes, *, delivery_count: int = 0) -> None:
        self.body = body
        self.headers: Mapping[str, Any] = {}
        self.delivery_count = delivery_count
        self.settled: list[tuple[str, ...]] = []

    async def ack(self) -> None:
        self.settled.append(("ack",))

    async def requeue(self) -> None:
        self.settled.append(("requeue",))

    async def dead_letter(self, reason: str) -> None:
        self.settled.append(("dead_letter", reason))


class Steps:
    def __init__(self, error: BaseException | None = None) -> None:
        self.error = error
        self.calls: list[tuple[str, Any, dict[str, Any]]] = []

    async def _record(self, step: str, message: Any) -> None:
        self.calls.append((step, message, structlog.contextvars.get_contextvars()))
        if self.error is not None:
            raise self.error

    async def on_export_requested(self, message: ExportRequested) -> None:
        await self._record("requested", message)

    async def on_extract_chunk(self, message: ExtractChunk) -> None:
        await self._record("chunk", message)

    async def on_assemble(self, message: AssembleExport) -> None:
        await self._record("assemble", message)


def consumer_for(steps: Steps, pauses: list[int] | None = None) -> CommandConsumer:
    def backoff(previous: int) -> float:
        if pauses is not None:
            pauses.append(previous)
        return 0.0

    return CommandConsumer(steps, InFlight(), backoff=backoff)


async def deliver(consumer: CommandConsumer, body: bytes, queue: ConsumedQueue, **kwargs: Any) -> RecordedDelivery:
    delivery = RecordedDelivery(body, **kwargs)
    async with asyncio.timeout(5):
        await consumer.deliver(delivery, queue)
    return delivery


@pytest.mark.parametrize(
    ("message", "queue", "step"),
    [
        (ExportRequested(connection_id="c-1", jql="project = A", formats=["csv"], job_id="j-1"), REQUESTS, "requested"),
        (ExtractChunk(job_id="j-1", chunk_index=3), CHUNKS, "chunk"),
        (AssembleExport(job_id="j-1"), ASSEMBLY, "assemble"),
    ],
)
async def test_a_valid_command_runs_its_step_in_log_context_and_is_acked(
    message: Any, queue: ConsumedQueue, step: str
) -> None:
    steps = Steps()
    delivery = await deliver(consumer_for(steps), encode(message), queue)
    [(called, received, context)] = steps.calls
    assert (called, received) == (step, message)
    assert context["job_id"] == "j-1"
    assert context["message_id"] == message.message_id
    assert delivery.settled == [("ack",)]


async def test_a_request_without_job_id_binds_only_the_message_id() -> None:
    steps = Steps()
    message = ExportRequested(connection_id="c-1", jql="project = A", formats=["json"], idempotency_key="k-1")
    await deliver(consumer_for(steps), encode(message), REQUESTS)
    [(_, _, context)] = steps.calls
    assert context["message_id"] == message.message_id
    assert "job_id" not in context


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (b"{not json", "malformed command"),
        (b'{"type": "export.teleport", "job_id": "j-1"}', "unknown command type 'export.teleport'"),
        (b'{"type": "export.chunk", "job_id": "j-1", "chunk_index": "three"}', "invalid export.chunk message"),
        (b'{"type": "export.chunk", "job_id": "j-1", "chunk_index": -1}', "invalid export.chunk message"),
    ],
)
async def test_an_invalid_body_is_dead_lettered_with_the_contract_error(body: bytes, expected: str) -> None:
    steps = Steps()
    delivery = await deliver(consumer_for(steps), body, CHUNKS)
    assert steps.calls == []
    [(outcome, reason)] = delivery.settled
    assert outcome == "dead_letter"
    assert expected in reason


async def test_a_valid_command_on_the_wrong_queue_is_dead_lettered() -> None:
    steps = Steps()
    delivery = await deliver(consumer_for(steps), encode(AssembleExport(job_id="j-1")), CHUNKS)
    assert steps.calls == []
    assert delivery.settled == [
        ("dead_letter", "export.assemble message on queue jiraex.export-chunks, which only carries export.chunk")
    ]


async def test_a_retryable_failure_pauses_then_requeues() -> None:
    steps = Steps(JiraRetryableError("Service Unavailable", status=503, where="GET /rest/api/3/issue"))
    pauses: list[int] = []
    delivery = await deliver(consumer_for(steps, pauses), encode(ExtractChunk(job_id="j", chunk_index=0)), CHUNKS,
                             delivery_count=2)
    assert len(steps.calls) == 1
    assert pauses == [2]
    assert delivery.settled == [("requeue",)]


async def test_a_lost_database_connection_is_requeued() -> None:
    steps = Steps(ConnectionRefusedError("connect call failed ('127.0.0.1', 5432)"))
    delivery = await deliver(consumer_for(steps), encode(AssembleExport(job_id="j")), ASSEMBLY)
    assert delivery.settled == [("requeue",)]


async def test_an_unexpected_failure_is_dead_lettered_with_its_type_and_text() -> None:
    steps = Steps(RuntimeError("assembly exploded"))
    delivery = await deliver(consumer_for(steps), encode(AssembleExport(job_id="j")), ASSEMBLY)
    assert delivery.settled == [("dead_letter", "RuntimeError: assembly exploded")]


async def test_a_failing_settle_does_not_escape() -> None:
    class BrokenChannel(RecordedDelivery):
        async def ack(self) -> None:
            raise ConnectionResetError("channel closed")

    delivery = BrokenChannel(encode(AssembleExport(job_id="j")))
    await consumer_for(Steps()).deliver(delivery, ASSEMBLY)
    assert delivery.settled == []


async def test_a_step_released_by_shutdown_is_requeued() -> None:
    started = asyncio.Event()

    class Forever(Steps):
        async def on_extract_chunk(self, message: ExtractChunk) -> None:
            started.set()
            await asyncio.sleep(3600)

    inflight = InFlight()
    consumer = CommandConsumer(Forever(), inflight)
    delivery = RecordedDelivery(encode(ExtractChunk(job_id="j", chunk_index=1)))
    handler = asyncio.create_task(consumer.deliver(delivery, CHUNKS))
    async with asyncio.timeout(5):
        await started.wait()
        assert await inflight.release_after(0.05) == 1
        await handler
    assert delivery.settled == [("requeue",)]


async def test_shutdown_cuts_the_pause_before_a_requeue_short() -> None:
    inflight = InFlight()
    steps = Steps(JiraRetryableError("Service Unavailable", status=503))
    pausing = asyncio.Event()

    def long_pause(_: int) -> float:
        pausing.set()
        return 3600.0

    consumer = CommandConsumer(steps, inflight, backoff=long_pause)
    delivery = RecordedDelivery(encode(ExtractChunk(job_id="j", chunk_index=1)))
    handler = asyncio.create_task(consumer.deliver(delivery, CHUNKS))
    async with asyncio.timeout(5):
        await pausing.wait()
        assert inflight.running == 1
        assert await inflight.release_after(0.05) == 1
        await handler
    assert delivery.settled == [("requeue",)]
