"""The embedded mode's bus: routing by type, decoded copies, bounded retries, dead letters, drain."""

import asyncio
from typing import Any

import pytest

from jiraex_shared.bus import InProcessCommandBus, UnroutableMessage, job_step_handlers
from jiraex_shared.contracts import (
    DELIVERY_LIMIT,
    AssembleExport,
    ExportRequested,
    ExtractChunk,
    JobProgressed,
    JobSucceeded,
)
from jiraex_shared.jira import JiraBadRequest, JiraRetryableError


def no_pause(_: int) -> float:
    return 0.0


def request(**overrides: Any) -> ExportRequested:
    return ExportRequested(connection_id="c-1", jql="project = ABC", formats=["json"], job_id="j-1", **overrides)


async def settled(bus: InProcessCommandBus) -> None:
    async with asyncio.timeout(5):
        await bus.drain()


class Recorder:
    def __init__(self, failures: list[BaseException] | None = None) -> None:
        self.received: list[Any] = []
        self.failures = list(failures or [])

    async def __call__(self, message: Any) -> None:
        self.received.append(message)
        if self.failures:
            raise self.failures.pop(0)


async def test_the_registered_handler_receives_an_equal_decoded_copy() -> None:
    recorder = Recorder()
    bus = InProcessCommandBus({ExportRequested: recorder})
    sent = request(fields=["summary", "status"])
    await bus.publish(sent)
    await settled(bus)
    assert recorder.received == [sent]
    assert recorder.received[0] is not sent
    assert bus.dead_letters == []


async def test_publish_returns_before_the_handler_runs() -> None:
    started = asyncio.Event()
    release = asyncio.Event()

    async def slow(_: ExtractChunk) -> None:
        started.set()
        await release.wait()

    bus = InProcessCommandBus({ExtractChunk: slow})
    await bus.publish(ExtractChunk(job_id="j-1", chunk_index=0))
    assert bus.pending == 1
    async with asyncio.timeout(5):
        await started.wait()
    release.set()
    await settled(bus)
    assert bus.pending == 0


async def test_a_type_without_handler_is_unroutable() -> None:
    bus = InProcessCommandBus({ExportRequested: Recorder()})
    with pytest.raises(UnroutableMessage, match=r"export\.assemble") as raised:
        await bus.publish(AssembleExport(job_id="j-1"))
    assert raised.value.routing_key == "export.assemble"


async def test_a_progress_event_is_not_a_broker_message() -> None:
    bus = InProcessCommandBus()
    with pytest.raises(KeyError):
        await bus.publish(JobProgressed(job_id="j-1", phase="extracting"))
    with pytest.raises(KeyError):
        bus.register(JobProgressed, Recorder())


async def test_events_are_delivered_like_commands() -> None:
    recorder = Recorder()
    bus = InProcessCommandBus({JobSucceeded: recorder})
    await bus.publish(JobSucceeded(job_id="j-1", export_name="weekly"))
    await settled(bus)
    assert [event.job_id for event in recorder.received] == ["j-1"]


async def test_a_transient_failure_is_retried_until_it_succeeds() -> None:
    recorder = Recorder([JiraRetryableError("503", status=503), ConnectionResetError("reset")])
    pauses: list[int] = []

    def backoff(previous: int) -> float:
        pauses.append(previous)
        return 0.0

    bus = InProcessCommandBus({ExtractChunk: recorder}, backoff=backoff)
    await bus.publish(ExtractChunk(job_id="j-1", chunk_index=2))
    await settled(bus)
    assert len(recorder.received) == 3
    assert pauses == [0, 1]
    assert bus.dead_letters == []


async def test_transient_failures_stop_at_the_delivery_limit() -> None:
    recorder = Recorder([JiraRetryableError("503", status=503)] * 100)
    bus = InProcessCommandBus({ExtractChunk: recorder}, backoff=no_pause)
    chunk = ExtractChunk(job_id="j-1", chunk_index=4)
    await bus.publish(chunk)
    await settled(bus)
    assert len(recorder.received) == DELIVERY_LIMIT + 1
    [dead] = bus.dead_letters
    assert dead.message == chunk
    assert dead.deliveries == DELIVERY_LIMIT + 1
    assert dead.reason.startswith("delivery limit reached: JiraRetryableError")


async def test_any_other_failure_is_dead_lettered_at_once() -> None:
    recorder = Recorder([JiraBadRequest("Field 'nope' does not exist", status=400)])
    bus = InProcessCommandBus({ExportRequested: recorder}, backoff=no_pause)
    await bus.publish(request())
    await settled(bus)
    assert len(recorder.received) == 1
    [dead] = bus.dead_letters
    assert dead.deliveries == 1
    assert dead.reason == "JiraBadRequest: Jira answered HTTP 400: Field 'nope' does not exist"


async def test_drain_waits_for_messages_published_by_handlers() -> None:
    assembled: list[str] = []
    bus = InProcessCommandBus(backoff=no_pause)

    async def plan(message: ExportRequested) -> None:
        for index in range(3):
            await bus.publish(ExtractChunk(job_id=str(message.job_id), chunk_index=index))

    async def extract(message: ExtractChunk) -> None:
        await asyncio.sleep(0.01 * message.chunk_index)
        if message.chunk_index == 2:
            await bus.publish(AssembleExport(job_id=message.job_id))

    async def assemble(message: AssembleExport) -> None:
        assembled.append(message.job_id)

    bus.register(ExportRequested, plan)
    bus.register(ExtractChunk, extract)
    bus.register(AssembleExport, assemble)
    await bus.publish(request())
    await settled(bus)
    assert assembled == ["j-1"]


async def test_aclose_cancels_running_deliveries() -> None:
    cancelled = asyncio.Event()

    async def forever(_: ExtractChunk) -> None:
        try:
            await asyncio.sleep(3600)
        except asyncio.CancelledError:
            cancelled.set()
            raise

    bus = InProcessCommandBus({ExtractChunk: forever})
    await bus.publish(ExtractChunk(job_id="j-1", chunk_index=0))
    await asyncio.sleep(0)
    async with asyncio.timeout(5):
        await bus.aclose()
    assert cancelled.is_set()
    assert bus.pending == 0


async def test_job_step_handlers_route_each_command_to_its_step() -> None:
    calls: list[tuple[str, str]] = []

    class Steps:
        async def on_export_requested(self, message: ExportRequested) -> None:
            calls.append(("requested", message.connection_id))

        async def on_extract_chunk(self, message: ExtractChunk) -> None:
            calls.append(("chunk", str(message.chunk_index)))

        async def on_assemble(self, message: AssembleExport) -> None:
            calls.append(("assemble", message.job_id))

    bus = InProcessCommandBus(job_step_handlers(Steps()))
    await bus.publish(request())
    await bus.publish(ExtractChunk(job_id="j-1", chunk_index=7))
    await bus.publish(AssembleExport(job_id="j-9"))
    await settled(bus)
    assert sorted(calls) == [("assemble", "j-9"), ("chunk", "7"), ("requested", "c-1")]
