"""The fleet as real processes: another system publishes export.requested onto RabbitMQ (per docs/asyncapi.yaml),
two extractor workers share the job's chunks, progress arrives on the Redis stream, files land in S3."""

import signal
from pathlib import Path

import pytest
from fleet_harness import running_fleet
from sqlalchemy import select

from jiraex_jira_sim.config import SimConfig
from jiraex_shared.db.job_chunks import JobChunk
from jiraex_shared.settings import load_settings
from jiraex_shared.storage import open_artifact_store

pytestmark = [pytest.mark.integration, pytest.mark.slow]
SIM = SimConfig(issues=160, seed=21, heavy_every=50, max_attachment_bytes=20_000)


async def test_two_workers_share_an_export_published_by_another_system(
    pg_url: str, redis_url: str, rabbitmq_url: str, s3_bucket: tuple[str, str], tmp_path: Path
) -> None:
    async with running_fleet(pg_url, redis_url, rabbitmq_url, s3_bucket, tmp_path, sim=SIM) as fleet:
        job_id = await fleet.publish_request(
            jql="project in (ALPHA, BRAVO) ORDER BY key ASC", name="e2e", key="e2e-export-1",
            formats=["json", "csv", "html"],
        )
        terminal, events = await fleet.follow(job_id)
        assert terminal["type"] == "job.succeeded", terminal
        assert any(event["type"] == "job.progressed" for event in events)
        job = await fleet.job(job_id)
        assert job.state == "succeeded"
        assert job.chunks_total == job.chunks_done >= 4
        hashes = await fleet.export_hashes(job_id, "e2e")
        assert "issues.json" in hashes
        assert "html/index.html" in hashes
        async with open_artifact_store(load_settings(fleet.env)) as store:
            assert await store.exists(f"jobs/{job_id}/e2e.zip")
        async with fleet.sessions() as session:
            owners = set(await session.scalars(select(JobChunk.lease_owner).where(JobChunk.job_id == job_id)))
        assert len(owners) == 2, f"both workers should have extracted chunks, got {owners}"
        for worker in fleet.workers:
            worker.send_signal(signal.SIGTERM)
        codes = [await worker.wait() for worker in fleet.workers]
        assert codes == [0, 0], fleet.worker_logs()[-3000:]
