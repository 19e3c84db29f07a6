"""Reaper queries: lost publishes, dead workers' leases, and the stuck-work gauges."""

import asyncio
from datetime import timedelta

from repo_helpers import NewJob, Sessions
from sqlalchemy import update

from jiraex_shared.contracts.counts import ExportCounts
from jiraex_shared.db.base import utcnow
from jiraex_shared.db.jobs import Job
from jiraex_shared.db.repositories import (
    abandoned_jobs,
    claim_chunk,
    claim_job,
    complete_chunk,
    expired_chunks,
    note_republished_chunks,
    note_republished_jobs,
    release_job,
    renew_lease,
    save_plan_checkpoint,
    set_state,
    stale_queued_jobs,
    stuck_counts,
    unassembled_jobs,
)
from jiraex_shared.pipeline.chunks import Chunk, PlanState

MINUTE = timedelta(minutes=1)


async def _planned(sessions: Sessions, new_job: NewJob, chunks: int):  # type: ignore[no-untyped-def]
    job = await new_job(claimed_by="planner")
    async with sessions.begin() as session:
        saved = await save_plan_checkpoint(
            session, job.id, job.epoch, plan=PlanState(next_seq=chunks, done=True),
            new_chunks=[Chunk(seq=seq, ids=(str(seq),)) for seq in range(chunks)],
        )
    assert saved.accepted
    return job


async def test_queued_jobs_nobody_claimed_are_found_once_per_threshold(sessions: Sessions, new_job: NewJob) -> None:
    waiting = await new_job()
    await new_job(claimed_by="w")  # claimed: not stale
    later = utcnow() + 5 * MINUTE

    async with sessions() as session:
        assert await stale_queued_jobs(session, 10 * MINUTE) == []
        assert await stale_queued_jobs(session, MINUTE, now=later) == [waiting.id]
    async with sessions.begin() as session:
        await note_republished_jobs(session, [waiting.id], now=later)
    async with sessions() as session:
        assert await stale_queued_jobs(session, MINUTE, now=later + MINUTE / 2) == []
        assert await stale_queued_jobs(session, MINUTE, now=later + 2 * MINUTE) == [waiting.id]


async def test_planning_and_assembling_jobs_without_a_live_lease_are_abandoned(
    sessions: Sessions, new_job: NewJob
) -> None:
    crashed = await new_job(claimed_by="w1")  # lease of 60 s, never renewed
    released = await new_job(claimed_by="w2")
    healthy = await new_job(claimed_by="w3")
    assembling = await _planned(sessions, new_job, 0)
    now = utcnow()
    async with sessions.begin() as session:
        assert await release_job(session, released.id, released.epoch, now=now)
        assert await renew_lease(session, healthy.id, healthy.epoch, 3600, now=now)
        claim = await claim_job(
            session, assembling.id, worker="w4", lease_seconds=60, from_states=("running",), to_state="assembling"
        )
        assert claim is not None
    async with sessions() as session:
        found = await abandoned_jobs(session, MINUTE, now=now + 2 * MINUTE)
        assert await abandoned_jobs(session, MINUTE, now=now) == []

    assert sorted(found) == sorted([(crashed.id, "planning"), (released.id, "planning"), (assembling.id, "assembling")])


async def test_a_running_job_with_every_chunk_done_but_no_assembly_is_found(
    sessions: Sessions, new_job: NewJob
) -> None:
    done = await _planned(sessions, new_job, 1)
    await _planned(sessions, new_job, 1)  # its chunk is still pending: not found
    async with sessions.begin() as session:
        claim = await claim_chunk(session, done.id, 0, worker="w", lease_seconds=60)
        assert claim is not None
        completion = await complete_chunk(
            session, done.id, 0, claim.epoch, counts=ExportCounts(), part_uri="p", sha256="0" * 64
        )
        assert completion is not None
        assert completion.all_done

    async with sessions() as session:
        assert await unassembled_jobs(session, MINUTE, now=utcnow() + 2 * MINUTE) == [done.id]
        assert await unassembled_jobs(session, MINUTE) == []


async def test_chunks_with_expired_leases_of_live_jobs_are_found(sessions: Sessions, new_job: NewJob) -> None:
    job = await _planned(sessions, new_job, 3)
    failed = await _planned(sessions, new_job, 1)
    now = utcnow()
    async with sessions.begin() as session:
        assert await claim_chunk(session, job.id, 0, worker="dead", lease_seconds=30, now=now)
        assert await claim_chunk(session, job.id, 1, worker="alive", lease_seconds=600, now=now)
        assert await claim_chunk(session, failed.id, 0, worker="dead", lease_seconds=30, now=now)
        assert await set_state(session, failed.id, None, "failed", error_kind="internal", error_message="x")
    later = now + MINUTE

    async with sessions() as session:
        assert await expired_chunks(session, now=now) == []
        assert await expired_chunks(session, now=later) == [(job.id, 0)]
        assert sorted(await expired_chunks(session, MINUTE / 2, include_pending=True, now=later)) == sorted(
            [(job.id, 0), (job.id, 2)]
        )
    async with sessions.begin() as session:
        await note_republished_chunks(session, [(job.id, 0), (job.id, 2)], now=later)
    async with sessions() as session:
        assert await expired_chunks(session, MINUTE / 2, include_pending=True, now=later) == []


async def test_stuck_counts_show_expired_leases_and_the_oldest_queued_job(sessions: Sessions, new_job: NewJob) -> None:
    async with sessions() as session:
        assert await stuck_counts(session) == (0, 0, 0, None)
    queued = await new_job()
    await new_job(claimed_by="w")  # planning under a 60 s lease, never renewed
    job = await _planned(sessions, new_job, 2)
    now = utcnow()
    async with sessions.begin() as session:
        assert await claim_chunk(session, job.id, 0, worker="w", lease_seconds=30, now=now)
        assert await claim_chunk(session, job.id, 1, worker="w", lease_seconds=300, now=now)

    async with sessions() as session:
        fresh = await stuck_counts(session, now=now)
        stuck = await stuck_counts(session, now=now + 2 * MINUTE)
    assert fresh[:3] == (0, 0, 1)
    assert stuck[:3] == (1, 1, 1)
    assert stuck.oldest_queued_age_seconds is not None
    expected_age = (now + 2 * MINUTE - queued.created_at).total_seconds()
    assert abs(stuck.oldest_queued_age_seconds - expected_age) < 1e-3


async def test_rows_another_transaction_holds_are_skipped_without_waiting(
    sessions: Sessions, new_job: NewJob, db_url: str
) -> None:
    # A worker frozen inside a transaction keeps its row locks; the reaper must neither wait for it nor fail.
    if not db_url.startswith("postgresql"):
        return  # SQLite has one writer at a time: there is no concurrent row lock to skip
    held, free = await new_job(), await new_job()
    later = utcnow() + 5 * MINUTE
    async with sessions.begin() as frozen:
        await frozen.execute(update(Job).where(Job.id == held.id).values(name="frozen mid-transaction"))
        async with sessions.begin() as session, asyncio.timeout(5):
            assert await stale_queued_jobs(session, MINUTE, now=later) == [free.id]
            await note_republished_jobs(session, [free.id], now=later)
