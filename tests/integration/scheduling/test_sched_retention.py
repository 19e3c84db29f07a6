"""The retention sweeper on PostgreSQL and S3 (moto): expired exports lose their files and rows, with an audit entry."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sched_helpers import SPEC, scheduler_world
from sqlalchemy import select

from jiraex_shared.db.audit import AuditEntry
from jiraex_shared.db.files import File
from jiraex_shared.db.jobs import Job
from jiraex_shared.db.repositories import create_job, record_file
from jiraex_shared.pipeline.spec import ExportSpec
from jiraex_shared.scheduling import sweep_expired_exports
from jiraex_shared.settings import load_settings
from jiraex_shared.storage import job_key, open_artifact_store

pytestmark = pytest.mark.integration

NOW = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)


async def test_exports_past_retention_are_deleted_from_storage_and_database(
    pg_url: str, s3_bucket: tuple[str, str], tmp_path: Path
) -> None:
    endpoint, bucket = s3_bucket
    env = {"JIRA_EXTRACTOR_S3_ENDPOINT_URL": endpoint, "JIRA_EXTRACTOR_S3_BUCKET": bucket,
           "JIRA_EXTRACTOR_S3_ACCESS_KEY_ID": "test", "JIRA_EXTRACTOR_S3_SECRET_ACCESS_KEY": "test",
           "JIRA_EXTRACTOR_EXPORT_RETENTION_DAYS": "30"}
    async with open_artifact_store(load_settings(env)) as store, \
            scheduler_world(pg_url, tmp_path, now=NOW, env=env, store=store) as world:
        ages = {"old": 31, "recent": 29, "running": 90}
        jobs = {}
        async with world.sessions.begin() as session:
            for name, days in ages.items():
                job, _ = await create_job(session, spec=ExportSpec(**SPEC), connection_id=world.connection_id,
                                          name=name, owner_id=world.owner_id)
                job.state = "running" if name == "running" else "succeeded"
                job.finished_at = None if name == "running" else NOW - timedelta(days=days)
                jobs[name] = job.id
        for name, job_id in jobs.items():
            stored = await store.put_bytes(job_key(job_id, name, "issues.json"), b"[]")
            await store.put_bytes(f"work/{job_id}/parts/00000000.ndjson", b"{}")
            async with world.sessions.begin() as session:
                await record_file(session, job_id, path="issues.json", size=2, content_type="application/json",
                                  sha256="0" * 64, uri=stored.uri)

        assert await sweep_expired_exports(world.deps) == 1
        assert await sweep_expired_exports(world.deps) == 0  # nothing left to do, nothing done twice

        assert [item.key async for item in store.list(f"jobs/{jobs['old']}/")] == []
        assert [item.key async for item in store.list(f"work/{jobs['old']}/")] == []
        for kept in ("recent", "running"):
            assert [item.key async for item in store.list(f"jobs/{jobs[kept]}/")] != []
        async with world.sessions() as session:
            assert set(await session.scalars(select(Job.name))) == {"recent", "running"}
            assert {row.job_id for row in await session.scalars(select(File))} == {jobs["recent"], jobs["running"]}
            [audit] = (await session.scalars(select(AuditEntry))).all()
        assert (audit.action, audit.target_type, audit.target_id, audit.actor_id) == (
            "export.expired", "job", str(jobs["old"]), None)
        assert audit.details["retention_days"] == 30 and audit.details["objects_deleted"] == 1
        assert audit.details["name"] == "old" and audit.details["owner_id"] == str(world.owner_id)


async def test_retention_is_off_by_default(pg_url: str, tmp_path: Path) -> None:
    async with scheduler_world(pg_url, tmp_path, now=NOW) as world:
        async with world.sessions.begin() as session:
            job, _ = await create_job(session, spec=ExportSpec(**SPEC), connection_id=world.connection_id, name="x")
            job.state, job.finished_at = "succeeded", NOW - timedelta(days=3650)
        assert await sweep_expired_exports(world.deps) == 0
        assert len(await world.jobs()) == 1
