"""The worker's three steps end to end on one process: request → plan → chunks → assembly → files and events."""

import asyncio
import hashlib
import json
from pathlib import Path

import msgspec
import pytest
from job_harness import running_worker
from sqlalchemy import select

from jiraex_jira_sim.config import SimConfig
from jiraex_jira_sim.runner import run_simulator
from jiraex_shared.contracts import ExportRequested, JobFailed, JobSucceeded
from jiraex_shared.db.files import File
from jiraex_shared.db.jobs import Job
from jiraex_shared.storage import job_key

SIM = SimConfig(issues=90, seed=4, heavy_every=30, max_attachment_bytes=30_000)
JQL = "project = ALPHA ORDER BY key ASC"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.integration)])
def database_url(request: pytest.FixtureRequest) -> str:
    return request.getfixturevalue("sqlite_url" if request.param == "sqlite" else "pg_url")


async def settle(worker) -> None:  # type: ignore[no-untyped-def]
    async with asyncio.timeout(120):
        await worker.bus.drain()
    assert worker.bus.dead_letters == []


async def test_an_external_request_runs_once_to_completion(database_url: str, tmp_path: Path) -> None:
    async with run_simulator(SIM) as sim, running_worker(database_url, sim, tmp_path) as worker:
        request = ExportRequested(
            connection_id=str(worker.connection_id), jql=JQL, formats=("ndjson", "csv", "html"), archive=True,
            name="alpha", idempotency_key="ext-1", requested_by=str(worker.owner_id),
        )
        await worker.deps.bus.publish(request)
        await settle(worker)
        # The same request again: once redelivered as is, once re-sent by its producer under a new message id.
        await worker.deps.bus.publish(request)
        await worker.deps.bus.publish(msgspec.structs.replace(request, message_id="resent-by-producer"))
        await settle(worker)
        async with worker.deps.sessions() as session:
            jobs = (await session.scalars(select(Job))).all()
            files = {f.path: f for f in (await session.scalars(select(File))).all()}
        assert len(jobs) == 1, "the same idempotency key runs once"
        job = jobs[0]
        assert job.state == "succeeded"
        assert job.chunks_total == job.chunks_done > 1
        assert [type(event) for event in worker.outcomes] == [JobSucceeded]
        manifest = json.loads(await _read(worker, job_key(job.id, "alpha", "manifest.json")))
        assert manifest["complete"] is True
        assert manifest["counts"]["issues_exported"] == manifest["counts"]["issues_expected"] > 0
        for listed in manifest["files"]:
            stored = await _read(worker, job_key(job.id, "alpha", listed["path"]))
            assert hashlib.sha256(stored).hexdigest() == listed["sha256"], listed["path"]
            assert files[listed["path"]].sha256 == listed["sha256"]
        assert "alpha.zip" in files
        events = [event for _, event in await worker.deps.events.read_after(str(job.id), None)]
        tags = [type(event).__name__ for event in events]
        assert tags[0] == "JobStateChanged"
        assert tags[-1] == "JobSucceeded"
        assert "JobFileStored" in tags
        progressed = [e.counts.issues_exported for e in events if type(e).__name__ == "JobProgressed"]
        assert progressed[-1] == max(progressed) == manifest["counts"]["issues_exported"]
        assert [item async for item in worker.deps.store.list(f"work/{job.id}/")] == []


async def test_jira_rejecting_the_query_fails_the_job_with_its_message(database_url: str, tmp_path: Path) -> None:
    async with run_simulator(SIM) as sim, running_worker(database_url, sim, tmp_path) as worker:
        await worker.deps.bus.publish(ExportRequested(
            connection_id=str(worker.connection_id), jql="project = NOPE", formats=("json",),
        ))
        await settle(worker)
        async with worker.deps.sessions() as session:
            job = (await session.scalars(select(Job))).one()
    assert job.state == "failed"
    assert job.error_kind == "jira_bad_request"
    assert "The value 'NOPE' does not exist for the field 'project'." in (job.error_message or "")
    assert isinstance(worker.outcomes[0], JobFailed)


async def test_an_unknown_connection_is_refused_without_a_job(database_url: str, tmp_path: Path) -> None:
    async with run_simulator(SIM) as sim, running_worker(database_url, sim, tmp_path) as worker:
        await worker.deps.bus.publish(ExportRequested(connection_id="not-a-uuid", jql=JQL, formats=("json",)))
        await settle(worker)
        async with worker.deps.sessions() as session:
            assert (await session.scalars(select(Job))).all() == []


async def _read(worker, key: str) -> bytes:  # type: ignore[no-untyped-def]
    return b"".join([chunk async for chunk in worker.deps.store.open_read(key)])


async def test_a_cancelled_job_stops_and_leaves_no_files(sqlite_url: str, tmp_path: Path) -> None:
    from jiraex_shared.contracts import JobCancelled
    from jiraex_shared.db.repositories import request_cancel

    async with (
        run_simulator(SimConfig(issues=300, seed=8, max_attachment_bytes=5_000)) as sim,
        running_worker(sqlite_url, sim, tmp_path, chunk_size=10) as worker,
    ):
        await worker.deps.bus.publish(ExportRequested(
            connection_id=str(worker.connection_id), jql="created >= -5200w ORDER BY key", formats=("json",),
            idempotency_key="to-cancel",
        ))
        async with asyncio.timeout(60):
            while True:
                async with worker.deps.sessions() as session:
                    job = await session.scalar(select(Job))
                if job is not None and job.chunks_done >= 2:
                    break
                await asyncio.sleep(0.01)
        async with worker.deps.sessions() as session, session.begin():
            assert await request_cancel(session, job.id)
        await settle(worker)
        async with worker.deps.sessions() as session:
            job = await session.scalar(select(Job))
        assert job.state == "cancelled"
        assert job.chunks_done < 30, "the remaining chunks were not extracted"
        assert [type(event) for event in worker.outcomes] == [JobCancelled]
        assert [item async for item in worker.deps.store.list(f"jobs/{job.id}/")] == []
        assert [item async for item in worker.deps.store.list(f"work/{job.id}/")] == []
