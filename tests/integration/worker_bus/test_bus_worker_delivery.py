"""The worker's subscribers against a real RabbitMQ: ack, dead-letter with the reason, bounded retries."""

from collections.abc import Callable
from typing import Any

import pytest
from worker_bus_support import Inspector, RecordingSteps

from jiraex_shared.bus import ERROR_HEADER
from jiraex_shared.contracts import DELIVERY_LIMIT, AssembleExport, ExportRequested, ExtractChunk, encode
from jiraex_shared.jira import JiraRetryableError

pytestmark = pytest.mark.integration

RunWorker = Callable[..., Any]
DEAD_LETTERS = "jiraex.dead-letters"


async def test_each_command_reaches_its_step_and_is_acked(run_worker: RunWorker, inspector: Inspector) -> None:
    steps = RecordingSteps()
    request = ExportRequested(connection_id="c-1", jql="project = A", formats=["json"], idempotency_key="k-1")
    chunk = ExtractChunk(job_id="j-1", chunk_index=4)
    assemble = AssembleExport(job_id="j-1")
    async with run_worker(steps) as transport:
        for message in (request, chunk, assemble):
            await transport.bus.publish(message)
        await steps.wait_for_calls(3)
    # The app has stopped and closed its channels: an unacked message would be back in its queue now.
    assert sorted(steps.calls, key=lambda call: call[0]) == [
        ("assemble", assemble), ("chunk", chunk), ("requested", request)
    ]
    for queue in ("jiraex.export-requests", "jiraex.export-chunks", "jiraex.export-assembly", DEAD_LETTERS):
        assert await inspector.is_empty(queue), queue


@pytest.mark.parametrize(
    ("body", "expected_error"),
    [
        (b'{"type": "export.chunk", "job_id": ', "malformed command"),
        (b'{"type": "export.explode", "job_id": "j-1"}', "unknown command type 'export.explode'; expected one of"),
        (b'{"type": "export.chunk", "job_id": "j-1", "chunk_index": "four"}', "invalid export.chunk message"),
    ],
    ids=["bad-json", "unknown-type", "wrong-field-type"],
)
async def test_an_invalid_body_is_dead_lettered_at_once_and_consuming_goes_on(
    run_worker: RunWorker, inspector: Inspector, body: bytes, expected_error: str
) -> None:
    steps = RecordingSteps()
    valid = ExtractChunk(job_id="j-2", chunk_index=1)
    async with run_worker(steps) as transport:
        await inspector.publish_raw(body, routing_key="export.chunk")
        await transport.bus.publish(valid)
        await steps.wait_for_calls(1)
        dead = await inspector.next_message(DEAD_LETTERS)
    assert steps.calls == [("chunk", valid)]
    assert bytes(dead.body) == body
    assert dead.routing_key == "export.chunk"
    assert expected_error in str(dead.headers[ERROR_HEADER])
    assert dead.headers["x-jiraex-queue"] == "jiraex.export-chunks"
    assert "x-delivery-count" not in dead.headers  # delivered once: never requeued
    assert await inspector.is_empty("jiraex.export-chunks")


async def test_a_retryable_failure_is_retried_until_the_delivery_limit_then_dead_lettered(
    run_worker: RunWorker, inspector: Inspector
) -> None:
    steps = RecordingSteps(JiraRetryableError("Service Unavailable", status=503), repeat_last=True)
    chunk = ExtractChunk(job_id="j-3", chunk_index=0)
    async with run_worker(steps) as transport:
        await transport.bus.publish(chunk)
        dead = await inspector.next_message(DEAD_LETTERS, within=20)
    # A quorum queue delivers a message delivery-limit + 1 times before dead-lettering it (RabbitMQ 3.10).
    assert len(steps.calls) == DELIVERY_LIMIT + 1
    assert dead.headers["x-first-death-reason"] == "delivery_limit"
    assert dead.headers["x-first-death-queue"] == "jiraex.export-chunks"
    assert bytes(dead.body) == encode(chunk)


async def test_a_transient_failure_then_success_is_acked(run_worker: RunWorker, inspector: Inspector) -> None:
    steps = RecordingSteps(ConnectionResetError("Redis connection reset"))
    async with run_worker(steps) as transport:
        await transport.bus.publish(AssembleExport(job_id="j-4"))
        await steps.wait_for_calls(2)
    assert len(steps.calls) == 2
    assert await inspector.is_empty("jiraex.export-assembly")
    assert await inspector.is_empty(DEAD_LETTERS)


async def test_an_unexpected_failure_is_dead_lettered_once_with_its_text(
    run_worker: RunWorker, inspector: Inspector
) -> None:
    steps = RecordingSteps(RuntimeError("assembly exploded"))
    assemble = AssembleExport(job_id="j-5")
    async with run_worker(steps) as transport:
        await transport.bus.publish(assemble)
        dead = await inspector.next_message(DEAD_LETTERS)
    assert len(steps.calls) == 1
    assert dead.headers[ERROR_HEADER] == "RuntimeError: assembly exploded"
    assert dead.message_id == assemble.message_id
    assert bytes(dead.body) == encode(assemble)
