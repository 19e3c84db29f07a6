"""Exactly one export.assemble per job: chunk completions from many sessions racing the end of planning."""

import asyncio
import random
import uuid

import pytest
from repo_helpers import NewJob, Sessions

from jiraex_shared.contracts.counts import ExportCounts
from jiraex_shared.db.repositories import claim_chunk, complete_chunk, get_job, save_plan_checkpoint
from jiraex_shared.pipeline.chunks import Chunk, PlanState

WORKERS = 8
CHUNKS = 40
SEED = 20261124


async def _save(sessions: Sessions, job_id: uuid.UUID, epoch: int, seqs: range, *, done: bool, hold: float) -> bool:
    plan = PlanState(next_seq=seqs.stop, enumerated=seqs.stop, done=done)
    async with sessions.begin() as session:
        saved = await save_plan_checkpoint(
            session, job_id, epoch, plan=plan, new_chunks=[Chunk(seq=seq, ids=(str(seq),)) for seq in seqs]
        )
        await asyncio.sleep(hold)  # keep the job row locked while completions pile up behind it
    assert saved.accepted
    return saved.assembly_due


async def _race(sessions: Sessions, job_id: uuid.UUID, epoch: int, *, late: int, rng: random.Random) -> list[bool]:
    """Complete CHUNKS chunks from WORKERS sessions while the planner saves its last checkpoint; all signals."""
    early = CHUNKS - late
    await _save(sessions, job_id, epoch, range(early), done=False, hold=0)
    queue: asyncio.Queue[int | None] = asyncio.Queue()
    for seq in range(early):
        queue.put_nowait(seq)
    signals: list[bool] = []
    # The planner finishes when a random number of chunks near the end are done: before, among or after
    # the last completions, so every interleaving of "last chunk" and "plan done" gets its turn.
    threshold = rng.randint(max(0, early - 3), early)
    reached = asyncio.Event()

    async def worker(name: str) -> None:
        while (seq := await queue.get()) is not None:
            async with sessions.begin() as session:
                claim = await claim_chunk(session, job_id, seq, worker=name, lease_seconds=60)
            assert claim is not None
            async with sessions.begin() as session:
                completion = await complete_chunk(
                    session, job_id, seq, claim.epoch, counts=ExportCounts(issues_exported=1),
                    part_uri=f"parts/{seq}", sha256="0" * 64,
                )
                await asyncio.sleep(rng.uniform(0, 0.003))
            assert completion is not None
            signals.append(completion.all_done)
            if len(signals) >= threshold:
                reached.set()
            queue.task_done()

    async def planner() -> None:
        if threshold:
            await reached.wait()
        due = await _save(sessions, job_id, epoch, range(early, CHUNKS), done=True, hold=rng.uniform(0, 0.01))
        signals.append(due)
        for seq in range(early, CHUNKS):  # publish after commit
            queue.put_nowait(seq)

    workers = [asyncio.create_task(worker(f"w{n}")) for n in range(WORKERS)]
    await planner()
    await queue.join()
    for _ in workers:
        queue.put_nowait(None)
    await asyncio.gather(*workers)
    return signals


@pytest.mark.parametrize("late", [0, 8])
async def test_exactly_one_caller_learns_that_the_job_is_complete(
    sessions: Sessions, new_job: NewJob, late: int
) -> None:
    rng = random.Random(SEED + late)
    for _ in range(4):
        job = await new_job(claimed_by="planner")

        signals = await asyncio.wait_for(_race(sessions, job.id, job.epoch, late=late, rng=rng), timeout=60)

        assert len(signals) == CHUNKS + 1
        assert signals.count(True) == 1
        async with sessions() as session:
            stored = await get_job(session, job.id)
        assert (stored.state, stored.chunks_done, stored.chunks_total, stored.issues_exported) == (
            "running", CHUNKS, CHUNKS, CHUNKS
        )


async def _two_chunk_job_with_one_left(sessions: Sessions, new_job: NewJob):  # type: ignore[no-untyped-def]
    """A planning job with chunks 0 and 1 saved, chunk 0 done and chunk 1 claimed: (job, claim of chunk 1)."""
    job = await new_job(claimed_by="planner")
    await _save(sessions, job.id, job.epoch, range(2), done=False, hold=0)
    claims = []
    for seq in range(2):
        async with sessions.begin() as session:
            claims.append(await claim_chunk(session, job.id, seq, worker="w", lease_seconds=60))
    async with sessions.begin() as session:
        first = await complete_chunk(
            session, job.id, 0, claims[0].epoch, counts=ExportCounts(), part_uri="p0", sha256="0" * 64
        )
    assert first is not None
    return job, claims[1]


async def test_a_completion_waiting_behind_the_final_checkpoint_is_the_one_that_sees_the_end(
    sessions: Sessions, new_job: NewJob
) -> None:
    job, last = await _two_chunk_job_with_one_left(sessions, new_job)

    async def complete_last() -> bool:
        async with sessions.begin() as session:
            completion = await complete_chunk(
                session, job.id, 1, last.epoch, counts=ExportCounts(), part_uri="p1", sha256="1" * 64
            )
        assert completion is not None
        return completion.all_done

    async with sessions.begin() as planner:
        saved = await save_plan_checkpoint(planner, job.id, job.epoch, plan=PlanState(next_seq=2, done=True))
        completing = asyncio.create_task(complete_last())
        await asyncio.sleep(0.3)
        assert not completing.done()  # it waits for the job row (PostgreSQL) or the write lock (SQLite)

    assert (saved.accepted, saved.assembly_due) == (True, False)
    assert await asyncio.wait_for(completing, timeout=30) is True


async def test_a_final_checkpoint_waiting_behind_the_last_completion_is_the_one_that_sees_the_end(
    sessions: Sessions, new_job: NewJob
) -> None:
    job, last = await _two_chunk_job_with_one_left(sessions, new_job)

    async def finish_planning() -> bool:
        async with sessions.begin() as session:
            saved = await save_plan_checkpoint(session, job.id, job.epoch, plan=PlanState(next_seq=2, done=True))
        assert saved.accepted
        return saved.assembly_due

    async with sessions.begin() as worker:
        completion = await complete_chunk(
            worker, job.id, 1, last.epoch, counts=ExportCounts(), part_uri="p1", sha256="1" * 64
        )
        finishing = asyncio.create_task(finish_planning())
        await asyncio.sleep(0.3)
        assert not finishing.done()

    assert completion is not None
    assert (completion.all_done, completion.chunks_done, completion.chunks_total) == (False, 2, None)
    assert await asyncio.wait_for(finishing, timeout=30) is True
