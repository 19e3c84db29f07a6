"""Plan checkpoints, chunk claims and completions: fencing, counting, ordering and the hand-over to assembly."""

import uuid
from datetime import timedelta

import pytest
from repo_helpers import NewJob, Sessions

from jiraex_shared.contracts.counts import ExportCounts
from jiraex_shared.contracts.progress import JobWarning
from jiraex_shared.db.base import utcnow
from jiraex_shared.db.repositories import (
    ChunksNotDone,
    chunk_ids,
    chunk_warnings,
    claim_chunk,
    claim_job,
    complete_chunk,
    fail_chunk,
    get_job,
    job_event_history,
    load_plan_checkpoint,
    part_uris,
    rejected_writes,
    release_chunk,
    renew_chunk_lease,
    request_cancel,
    save_plan_checkpoint,
    set_state,
)
from jiraex_shared.exporters.manifest import ExportWarning
from jiraex_shared.jira import SearchCursor
from jiraex_shared.pipeline.chunks import Chunk, PlanState

COUNTS = ExportCounts(issues_exported=2, comments=3, histories=4, worklogs=1, attachments=2, attachment_bytes=2048)


def _chunks(first: int, count: int) -> list[Chunk]:
    return [Chunk(seq=seq, ids=(f"{seq}0", f"{seq}1")) for seq in range(first, first + count)]


async def _plan(
    sessions: Sessions, job_id: uuid.UUID, epoch: int, chunks: list[Chunk], *, done: bool, pending: tuple[str, ...] = ()
) -> tuple[bool, bool]:
    next_seq = chunks[-1].seq + 1 if chunks else 0
    plan = PlanState(
        cursor=None if done else SearchCursor(next_page_token="tok", start_at=0), pending=pending,
        next_seq=next_seq, enumerated=2 * next_seq + len(pending), expected=2 * next_seq, done=done,
    )
    async with sessions.begin() as session:
        saved = await save_plan_checkpoint(session, job_id, epoch, plan=plan, new_chunks=chunks)
    return saved.accepted, saved.assembly_due


async def _run_chunk(sessions: Sessions, job_id: uuid.UUID, seq: int, **completion: object):  # type: ignore[no-untyped-def]
    async with sessions.begin() as session:
        claim = await claim_chunk(session, job_id, seq, worker="w", lease_seconds=60)
    assert claim is not None
    async with sessions.begin() as session:
        return await complete_chunk(
            session, job_id, seq, claim.epoch, **{"counts": COUNTS, "part_uri": f"parts/{seq}", "sha256": "f" * 64,
                                                  **completion}
        )


async def test_a_checkpoint_stores_the_cursor_and_the_new_chunks(sessions: Sessions, new_job: NewJob) -> None:
    job = await new_job(claimed_by="planner")
    assert await _plan(sessions, job.id, job.epoch, _chunks(0, 2), done=False, pending=("99",)) == (True, False)

    async with sessions() as session:
        plan = await load_plan_checkpoint(session, job.id)
        stored = await get_job(session, job.id)
        assert await chunk_ids(session, job.id, 1) == ("10", "11")
        with pytest.raises(LookupError):
            await chunk_ids(session, job.id, 2)
    assert plan == PlanState(
        cursor=SearchCursor(next_page_token="tok"), pending=("99",), next_seq=2, enumerated=5, expected=4
    )
    assert (stored.state, stored.chunks_total, stored.issues_expected, stored.lease_owner) == (
        "planning", None, 4, "planner"
    )


async def test_no_checkpoint_means_no_plan(sessions: Sessions, new_job: NewJob) -> None:
    job = await new_job()
    async with sessions() as session:
        assert await load_plan_checkpoint(session, job.id) is None


async def test_a_stale_planner_writes_neither_cursor_nor_chunks(sessions: Sessions, new_job: NewJob) -> None:
    job = await new_job(claimed_by="zombie")
    async with sessions.begin() as session:
        takeover = await claim_job(
            session, job.id, worker="w2", lease_seconds=60, from_states=("planning",), now=utcnow() + timedelta(hours=1)
        )
    assert takeover is not None
    before = rejected_writes("save_plan_checkpoint")

    assert await _plan(sessions, job.id, job.epoch, _chunks(0, 3), done=True) == (False, False)

    assert rejected_writes("save_plan_checkpoint") == before + 1
    async with sessions() as session:
        assert await load_plan_checkpoint(session, job.id) is None
        assert await part_uris(session, job.id) == []


async def test_finishing_the_plan_starts_running_and_releases_the_job(sessions: Sessions, new_job: NewJob) -> None:
    job = await new_job(claimed_by="planner")
    await _plan(sessions, job.id, job.epoch, _chunks(0, 2), done=False)
    assert await _plan(sessions, job.id, job.epoch, _chunks(2, 1), done=True) == (True, False)

    async with sessions() as session:
        stored = await get_job(session, job.id)
    assert (stored.state, stored.chunks_total, stored.chunks_done) == ("running", 3, 0)
    assert (stored.lease_owner, stored.lease_until) == (None, None)
    # Saving again (a planner resumed after it had finished) is refused: the job left "planning".
    assert await _plan(sessions, job.id, job.epoch, [], done=True) == (False, False)


async def test_a_plan_with_no_issues_is_due_for_assembly_at_once(sessions: Sessions, new_job: NewJob) -> None:
    job = await new_job(claimed_by="planner")
    assert await _plan(sessions, job.id, job.epoch, [], done=True) == (True, True)


async def test_completions_sum_counts_and_only_the_last_one_is_all_done(sessions: Sessions, new_job: NewJob) -> None:
    job = await new_job(claimed_by="planner")
    await _plan(sessions, job.id, job.epoch, _chunks(0, 3), done=True)

    results = [await _run_chunk(sessions, job.id, seq, requests=5, rate_limited=1) for seq in (2, 0, 1)]

    assert [(r.all_done, r.chunks_done, r.chunks_total) for r in results] == [
        (False, 1, 3), (False, 2, 3), (True, 3, 3)
    ]
    async with sessions() as session:
        stored = await get_job(session, job.id)
        assert await part_uris(session, job.id) == ["parts/0", "parts/1", "parts/2"]
    assert (stored.issues_exported, stored.comments, stored.histories, stored.worklogs) == (6, 9, 12, 3)
    assert (stored.attachments, stored.attachment_bytes, stored.requests, stored.rate_limited) == (6, 6144, 15, 3)


async def test_planning_that_ends_after_the_last_chunk_reports_the_assembly(
    sessions: Sessions, new_job: NewJob
) -> None:
    job = await new_job(claimed_by="planner")
    await _plan(sessions, job.id, job.epoch, _chunks(0, 2), done=False)
    completions = [await _run_chunk(sessions, job.id, seq) for seq in (0, 1)]

    assert not any(c.all_done for c in completions)
    assert [c.chunks_total for c in completions] == [None, None]
    assert await _plan(sessions, job.id, job.epoch, [], done=True) == (True, True)


async def test_a_zombie_chunk_worker_cannot_complete_after_a_takeover(sessions: Sessions, new_job: NewJob) -> None:
    job = await new_job(claimed_by="planner")
    await _plan(sessions, job.id, job.epoch, _chunks(0, 1), done=True)
    now = utcnow()
    async with sessions.begin() as session:
        zombie = await claim_chunk(session, job.id, 0, worker="w1", lease_seconds=30, now=now)
    async with sessions.begin() as session:
        early = await claim_chunk(session, job.id, 0, worker="w2", lease_seconds=30, now=now + timedelta(seconds=29))
        current = await claim_chunk(session, job.id, 0, worker="w2", lease_seconds=30, now=now + timedelta(seconds=31))
    assert early is None
    assert zombie is not None
    assert current is not None
    assert (current.epoch, current.attempts, current.issue_ids) == (zombie.epoch + 1, 2, ("00", "01"))
    before = rejected_writes()

    async with sessions.begin() as session:
        assert not await renew_chunk_lease(session, job.id, 0, zombie.epoch, 30)
        stale = await complete_chunk(
            session, job.id, 0, zombie.epoch, counts=COUNTS, part_uri="parts/zombie", sha256="0" * 64,
            warnings=[ExportWarning(code="zombie", message="must not be kept")],
        )
        assert not await release_chunk(session, job.id, 0, zombie.epoch)
    assert stale is None
    assert rejected_writes() == before + 3
    async with sessions() as session:
        stored = await get_job(session, job.id)
        assert await chunk_warnings(session, job.id) == []
    assert (stored.chunks_done, stored.issues_exported) == (0, 0)

    async with sessions.begin() as session:
        completion = await complete_chunk(
            session, job.id, 0, current.epoch, counts=COUNTS, part_uri="parts/0", sha256="1" * 64
        )
    assert completion is not None
    assert completion.all_done
    async with sessions.begin() as session:  # a redelivered message for a done chunk is dropped by the claim
        assert await claim_chunk(session, job.id, 0, worker="w3", lease_seconds=30) is None


async def test_warnings_come_back_in_chunk_order_whatever_the_completion_order(
    sessions: Sessions, new_job: NewJob
) -> None:
    job = await new_job(claimed_by="planner")
    await _plan(sessions, job.id, job.epoch, _chunks(0, 3), done=True)
    first = ExportWarning(code="attachment_failed", message="403", issue_key="A-1", item_id="10001")
    second = ExportWarning(code="issue_vanished", message="gone", item_id="777")
    third = ExportWarning(code="comments_truncated", message="cut", issue_key="A-9")

    await _run_chunk(sessions, job.id, 2, warnings=[third])
    await _run_chunk(sessions, job.id, 1)
    await _run_chunk(sessions, job.id, 0, warnings=[first, second])

    async with sessions() as session:
        assert await chunk_warnings(session, job.id) == [first, second, third]
        history = await job_event_history(session, job.id)
    assert all(isinstance(stored.event, JobWarning) for stored in history)
    assert [(stored.event.code, stored.event.issue_key) for stored in history] == [  # type: ignore[union-attr]
        ("comments_truncated", "A-9"), ("attachment_failed", "A-1"), ("issue_vanished", None)
    ]


async def test_a_released_chunk_is_claimable_again_at_once(sessions: Sessions, new_job: NewJob) -> None:
    job = await new_job(claimed_by="planner")
    await _plan(sessions, job.id, job.epoch, _chunks(0, 1), done=True)
    async with sessions.begin() as session:
        first = await claim_chunk(session, job.id, 0, worker="w1", lease_seconds=600)
        assert first is not None
        assert await release_chunk(session, job.id, 0, first.epoch)
    async with sessions.begin() as session:
        again = await claim_chunk(session, job.id, 0, worker="w2", lease_seconds=600)
    assert again is not None
    assert again.epoch == first.epoch + 1


async def test_chunks_of_finished_jobs_are_not_claimed_and_cancel_is_reported(
    sessions: Sessions, new_job: NewJob
) -> None:
    cancelled = await new_job(claimed_by="planner")
    await _plan(sessions, cancelled.id, cancelled.epoch, _chunks(0, 2), done=True)
    async with sessions.begin() as session:
        assert await request_cancel(session, cancelled.id)
        claim = await claim_chunk(session, cancelled.id, 0, worker="w", lease_seconds=60)
        assert claim is not None
        assert claim.cancel_requested
        assert await set_state(session, cancelled.id, None, "cancelled")
    async with sessions.begin() as session:
        assert await claim_chunk(session, cancelled.id, 1, worker="w", lease_seconds=60) is None
        completion = await complete_chunk(
            session, cancelled.id, 0, claim.epoch, counts=COUNTS, part_uri="parts/0", sha256="2" * 64
        )
    assert completion is not None
    assert (completion.all_done, completion.cancel_requested) == (False, True)


async def test_a_cancel_request_prevents_the_assembly(sessions: Sessions, new_job: NewJob) -> None:
    job = await new_job(claimed_by="planner")
    await _plan(sessions, job.id, job.epoch, _chunks(0, 1), done=True)
    async with sessions.begin() as session:
        claim = await claim_chunk(session, job.id, 0, worker="w", lease_seconds=60)
        assert claim is not None
        assert await request_cancel(session, job.id)
        completion = await complete_chunk(session, job.id, 0, claim.epoch, counts=COUNTS, part_uri="p", sha256="3" * 64)
    assert completion is not None
    assert (completion.all_done, completion.chunks_done, completion.chunks_total) == (False, 1, 1)


async def test_a_failed_chunk_is_recorded_and_parts_are_incomplete(sessions: Sessions, new_job: NewJob) -> None:
    job = await new_job(claimed_by="planner")
    await _plan(sessions, job.id, job.epoch, _chunks(0, 2), done=True)
    await _run_chunk(sessions, job.id, 0)
    async with sessions.begin() as session:
        claim = await claim_chunk(session, job.id, 1, worker="w", lease_seconds=60)
        assert claim is not None
        assert await fail_chunk(session, job.id, 1, claim.epoch, error_kind="jira_forbidden", error_message="403")
    async with sessions.begin() as session:
        assert await claim_chunk(session, job.id, 1, worker="w", lease_seconds=60) is None

    async with sessions() as session:
        with pytest.raises(ChunksNotDone):
            await part_uris(session, job.id)
        assert await part_uris(session, job.id, require_all=False) == ["parts/0"]
