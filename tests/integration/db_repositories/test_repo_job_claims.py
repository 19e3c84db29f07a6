"""claim_job / renew_lease / release_job: one holder at a time, epochs that fence out a worker that lost its lease."""

import asyncio
from datetime import timedelta

import pytest
from repo_helpers import NewJob, Sessions

from jiraex_shared.db.base import utcnow
from jiraex_shared.db.repositories import (
    claim_job,
    get_job,
    rejected_writes,
    release_job,
    renew_lease,
    request_cancel,
    set_state,
)


async def test_a_claim_bumps_the_epoch_takes_the_lease_and_can_move_the_state(
    sessions: Sessions, new_job: NewJob
) -> None:
    job = await new_job()
    now = utcnow()
    async with sessions.begin() as session:
        claim = await claim_job(session, job.id, worker="w1", lease_seconds=30, to_state="planning", now=now)

    assert claim is not None
    assert (claim.epoch, claim.state, claim.cancel_requested) == (1, "planning", False)
    assert claim.lease_until == now + timedelta(seconds=30)
    async with sessions() as session:
        stored = await get_job(session, job.id)
    assert (stored.epoch, stored.state, stored.lease_owner, stored.attempts) == (1, "planning", "w1", 1)
    assert stored.lease_until == claim.lease_until
    assert stored.started_at == now


async def test_a_held_lease_refuses_other_claimants_until_it_expires(sessions: Sessions, new_job: NewJob) -> None:
    job = await new_job()
    now = utcnow()
    async with sessions.begin() as session:
        first = await claim_job(session, job.id, worker="w1", lease_seconds=60, to_state="planning", now=now)
    async with sessions.begin() as session:
        duplicate = await claim_job(session, job.id, worker="w2", lease_seconds=60, now=now + timedelta(seconds=59))
    async with sessions.begin() as session:
        takeover = await claim_job(session, job.id, worker="w2", lease_seconds=60, now=now + timedelta(seconds=61))

    assert first is not None
    assert duplicate is None
    assert takeover is not None
    assert takeover.epoch == first.epoch + 1
    async with sessions() as session:
        stored = await get_job(session, job.id)
    assert (stored.lease_owner, stored.attempts, stored.started_at) == ("w2", 2, now)


async def test_the_stale_epoch_can_no_longer_renew_or_release_and_is_counted(
    sessions: Sessions, new_job: NewJob
) -> None:
    job = await new_job()
    now = utcnow()
    async with sessions.begin() as session:
        zombie = await claim_job(session, job.id, worker="w1", lease_seconds=10, to_state="planning", now=now)
    async with sessions.begin() as session:
        current = await claim_job(session, job.id, worker="w2", lease_seconds=10, now=now + timedelta(seconds=11))
    assert zombie is not None
    assert current is not None
    before = rejected_writes()

    async with sessions.begin() as session:
        assert not await renew_lease(session, job.id, zombie.epoch, 10, now=now + timedelta(seconds=12))
        assert not await release_job(session, job.id, zombie.epoch)
        assert await renew_lease(session, job.id, current.epoch, 10, now=now + timedelta(seconds=12))

    assert rejected_writes() - before == 2
    assert rejected_writes("renew_job_lease") >= 1
    async with sessions() as session:
        stored = await get_job(session, job.id)
    assert (stored.lease_owner, stored.lease_until) == ("w2", now + timedelta(seconds=22))


async def test_release_lets_the_next_worker_claim_at_once(sessions: Sessions, new_job: NewJob) -> None:
    job = await new_job()
    async with sessions.begin() as session:
        claim = await claim_job(session, job.id, worker="w1", lease_seconds=600, to_state="planning")
        assert claim is not None
        assert await release_job(session, job.id, claim.epoch)
    async with sessions.begin() as session:
        again = await claim_job(session, job.id, worker="w2", lease_seconds=600, from_states=("planning",))

    assert again is not None
    assert again.epoch == claim.epoch + 1


async def test_finished_jobs_and_jobs_past_the_claimed_states_are_not_claimed(
    sessions: Sessions, new_job: NewJob
) -> None:
    finished = await new_job()
    planning = await new_job(claimed_by="w0")
    async with sessions.begin() as session:
        assert await set_state(session, finished.id, None, "failed", error_kind="internal", error_message="boom")
        assert await release_job(session, planning.id, planning.epoch)

    async with sessions.begin() as session:
        assert await claim_job(session, finished.id, worker="w1", lease_seconds=60) is None
        assert await claim_job(session, planning.id, worker="w1", lease_seconds=60, from_states=("queued",)) is None


async def test_a_cancel_request_is_reported_by_the_claim(sessions: Sessions, new_job: NewJob) -> None:
    job = await new_job()
    async with sessions.begin() as session:
        assert await request_cancel(session, job.id)
    async with sessions.begin() as session:
        claim = await claim_job(session, job.id, worker="w1", lease_seconds=60, to_state="planning")

    assert claim is not None
    assert claim.cancel_requested


async def test_a_lease_must_have_a_positive_length(sessions: Sessions, new_job: NewJob) -> None:
    job = await new_job()
    async with sessions.begin() as session:
        with pytest.raises(ValueError, match="positive"):
            await claim_job(session, job.id, worker="w", lease_seconds=0)


async def test_of_many_concurrent_claimants_exactly_one_gets_the_job(sessions: Sessions, new_job: NewJob) -> None:
    job = await new_job()

    async def claim(worker: str) -> int | None:
        async with sessions.begin() as session:
            claimed = await claim_job(session, job.id, worker=worker, lease_seconds=60, to_state="planning")
            await asyncio.sleep(0.02)  # hold the row so the others really wait for it
            return None if claimed is None else claimed.epoch

    epochs = await asyncio.wait_for(asyncio.gather(*(claim(f"w{n}") for n in range(8))), timeout=30)

    assert [epoch for epoch in epochs if epoch is not None] == [1]
    async with sessions() as session:
        stored = await get_job(session, job.id)
    assert (stored.epoch, stored.attempts) == (1, 1)
