"""The embedded worker's gate: one running step per command type, a graceful stop that cancels late steps and
drops deliveries that had not started."""

import asyncio

from jiraex_api.embedded.step_gate import StepGate
from jiraex_shared.bus import InProcessCommandBus
from jiraex_shared.contracts import AssembleExport, ExtractChunk


async def test_one_step_per_command_type_runs_at_a_time() -> None:
    gate, running, peak, release = StepGate(), {"chunk": 0, "assemble": 0}, {"chunk": 0, "assemble": 0}, asyncio.Event()
    started = {"chunk": asyncio.Event(), "assemble": asyncio.Event()}

    def step(kind: str):  # type: ignore[no-untyped-def]
        async def handle(_message: object) -> None:
            started[kind].set()
            running[kind] += 1
            peak[kind] = max(peak[kind], running[kind])
            await release.wait()
            running[kind] -= 1
        return handle

    bus = InProcessCommandBus(gate.wrap({ExtractChunk: step("chunk"), AssembleExport: step("assemble")}))
    for seq in range(3):
        await bus.publish(ExtractChunk(job_id="j", chunk_index=seq))
    await bus.publish(AssembleExport(job_id="j"))
    async with asyncio.timeout(5):
        await asyncio.gather(started["chunk"].wait(), started["assemble"].wait())
    assert gate.running == 2  # one chunk and the assembly; two chunks wait for the slot
    release.set()
    async with asyncio.timeout(5):
        await bus.drain()
    assert peak == {"chunk": 1, "assemble": 1}


async def test_stop_cancels_late_steps_and_drops_waiting_deliveries() -> None:
    gate, started, cancelled = StepGate(), asyncio.Event(), asyncio.Event()

    async def slow_chunk(_message: object) -> None:
        started.set()
        try:
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            cancelled.set()  # where a real step gives its claim back
            raise

    bus = InProcessCommandBus(gate.wrap({ExtractChunk: slow_chunk}))
    await bus.publish(ExtractChunk(job_id="j", chunk_index=0))
    await bus.publish(ExtractChunk(job_id="j", chunk_index=1))
    await started.wait()
    async with asyncio.timeout(5):
        released = await gate.stop(grace=0.05)
        await bus.drain()
    assert (released, cancelled.is_set(), gate.dropped, gate.running) == (1, True, 1, 0)
    assert bus.dead_letters == []


async def test_hurry_ends_the_grace_period_at_once() -> None:
    gate, started = StepGate(), asyncio.Event()

    async def stuck_chunk(_message: object) -> None:
        started.set()
        await asyncio.Event().wait()

    bus = InProcessCommandBus(gate.wrap({ExtractChunk: stuck_chunk}))
    await bus.publish(ExtractChunk(job_id="j", chunk_index=0))
    await started.wait()
    stopping = asyncio.ensure_future(gate.stop(grace=3600))
    gate.hurry.set()  # a second Ctrl-C
    async with asyncio.timeout(5):
        assert await stopping == 1
        await bus.drain()
