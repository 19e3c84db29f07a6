"""set_state, the cancel flag, durable job events and output files."""

import asyncio
import uuid
from datetime import timedelta

import pytest
from repo_helpers import NewJob, Sessions

from jiraex_shared.contracts.counts import ExportCounts
from jiraex_shared.contracts.events import JobFailed
from jiraex_shared.contracts.progress import JobStateChanged, JobWarning
from jiraex_shared.db.base import utcnow
from jiraex_shared.db.repositories import (
    InvalidTransition,
    add_job_event,
    claim_job,
    get_job,
    is_cancel_requested,
    job_event_history,
    job_files,
    record_file,
    rejected_writes,
    request_cancel,
    set_state,
)


async def _state(sessions: Sessions, job_id: uuid.UUID) -> str:
    async with sessions() as session:
        return (await get_job(session, job_id)).state


async def test_a_job_walks_the_whole_path_and_then_never_changes(sessions: Sessions, new_job: NewJob) -> None:
    job = await new_job(claimed_by="planner")
    receipt = {"complete": True, "files": 5}
    finished = utcnow()
    async with sessions.begin() as session:
        assert await set_state(session, job.id, job.epoch, "running")
        assert await set_state(session, job.id, job.epoch, "assembling")
        assert await set_state(
            session, job.id, job.epoch, "succeeded", receipt=receipt,
            counters=ExportCounts(issues_expected=3, issues_exported=3, comments=7), now=finished,
        )
    async with sessions.begin() as session:
        assert not await set_state(session, job.id, None, "failed", error_kind="internal", error_message="late")
        assert not await set_state(session, job.id, None, "cancelled")

    async with sessions() as session:
        stored = await get_job(session, job.id)
    assert (stored.state, stored.receipt, stored.finished_at) == ("succeeded", receipt, finished)
    assert (stored.issues_expected, stored.issues_exported, stored.comments) == (3, 3, 7)
    assert (stored.lease_owner, stored.lease_until, stored.error_message) == (None, None, None)


async def test_moves_the_state_machine_forbids_are_refused(sessions: Sessions, new_job: NewJob) -> None:
    job = await new_job()
    async with sessions.begin() as session:
        assert not await set_state(session, job.id, None, "running")  # queued may not skip planning
        assert not await set_state(session, job.id, None, "succeeded")
        with pytest.raises(InvalidTransition):
            await set_state(session, job.id, None, "queued")
    assert await _state(sessions, job.id) == "queued"


async def test_a_stale_epoch_cannot_move_the_job_and_is_counted(sessions: Sessions, new_job: NewJob) -> None:
    job = await new_job(claimed_by="zombie")
    async with sessions.begin() as session:
        takeover = await claim_job(
            session, job.id, worker="w2", lease_seconds=60, from_states=("planning",), now=utcnow() + timedelta(hours=1)
        )
    assert takeover is not None
    before = rejected_writes("set_state")

    async with sessions.begin() as session:
        assert not await set_state(session, job.id, job.epoch, "failed", error_kind="internal", error_message="x")
        assert await set_state(session, job.id, takeover.epoch, "running")

    assert rejected_writes("set_state") == before + 1
    assert await _state(sessions, job.id) == "running"


async def test_a_failure_records_its_reason(sessions: Sessions, new_job: NewJob) -> None:
    job = await new_job(claimed_by="w")
    async with sessions.begin() as session:
        assert await set_state(
            session, job.id, job.epoch, "failed",
            error_kind="jira_bad_request", error_message="Field 'x' does not exist",
        )
    async with sessions() as session:
        stored = await get_job(session, job.id)
    assert (stored.state, stored.error_kind, stored.error_message) == (
        "failed", "jira_bad_request", "Field 'x' does not exist"
    )
    assert stored.finished_at is not None


async def test_of_a_racing_cancel_and_failure_exactly_one_wins(sessions: Sessions, new_job: NewJob) -> None:
    for _ in range(3):
        job = await new_job(claimed_by="w")

        async def move(state: str, job_id: uuid.UUID = job.id) -> bool:
            async with sessions.begin() as session:
                return await set_state(session, job_id, None, state, error_kind="internal", error_message=state)

        outcomes = await asyncio.gather(*(move(state) for state in ["cancelled", "failed"] * 3))
        assert sum(outcomes) == 1
        assert await _state(sessions, job.id) in {"cancelled", "failed"}


async def test_unknown_counters_are_refused(sessions: Sessions, new_job: NewJob) -> None:
    job = await new_job(claimed_by="w")
    async with sessions.begin() as session:
        with pytest.raises(ValueError, match="epoch"):
            await set_state(session, job.id, job.epoch, "running", counters={"epoch": 99})


async def test_cancel_sets_the_flag_on_live_jobs_only(sessions: Sessions, new_job: NewJob) -> None:
    live = await new_job(claimed_by="w")
    done = await new_job()
    async with sessions.begin() as session:
        assert await set_state(session, done.id, None, "failed", error_kind="internal", error_message="x")
    async with sessions.begin() as session:
        assert await request_cancel(session, live.id)
        assert await request_cancel(session, live.id)  # asking twice is fine
        assert not await request_cancel(session, done.id)
        assert not await request_cancel(session, uuid.uuid4())

    async with sessions() as session:
        assert await is_cancel_requested(session, live.id)
        assert not await is_cancel_requested(session, done.id)
        assert (await get_job(session, done.id)).cancel_requested is False
        assert await is_cancel_requested(session, uuid.uuid4())  # a deleted job: nothing left to work for


async def test_job_events_round_trip_in_order_with_their_stream_ids(sessions: Sessions, new_job: NewJob) -> None:
    job = await new_job()
    job_id = str(job.id)
    events = [
        JobStateChanged(job_id=job_id, state="planning", previous_state="queued"),
        JobWarning(job_id=job_id, code="attachment_failed", message="403", issue_key="ACME-1"),
        JobFailed(job_id=job_id, export_name="export", error_message="boom", error_kind="internal"),
    ]
    async with sessions.begin() as session:
        for number, event in enumerate(events):
            await add_job_event(session, job.id, event, stream_id=f"1700000000000-{number}")

    async with sessions() as session:
        history = await job_event_history(session, job.id)
        later = await job_event_history(session, job.id, after_id=history[0].id)
    assert [stored.event for stored in history] == events
    assert [stored.stream_id for stored in history] == [f"1700000000000-{n}" for n in range(3)]
    assert [stored.event for stored in later] == events[1:]


async def test_recording_a_file_twice_keeps_one_row_with_the_latest_digest(sessions: Sessions, new_job: NewJob) -> None:
    job = await new_job()
    common = {"content_type": "application/json", "uri": f"minio:jobs/{job.id}/export/issues.json"}
    async with sessions.begin() as session:
        await record_file(session, job.id, path="export/issues.json", size=10, sha256="a" * 64, **common)
        await record_file(session, job.id, path="export/fields.json", size=3, sha256="c" * 64, **common)
    async with sessions.begin() as session:
        await record_file(session, job.id, path="export/issues.json", size=12, sha256="b" * 64, **common)

    async with sessions() as session:
        files = await job_files(session, job.id)
    assert [(f.path, f.size, f.sha256) for f in files] == [
        ("export/fields.json", 3, "c" * 64),
        ("export/issues.json", 12, "b" * 64),
    ]
