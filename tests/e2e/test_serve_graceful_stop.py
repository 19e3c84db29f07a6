"""`jiraex serve` stopped by SIGTERM in the middle of an export: it exits 0 within the grace period, every claim is
given back, and the next start resumes the job to success with files matching the manifest."""

import json
from pathlib import Path

import pytest
from serve_harness import ServeData, running_serve, serve_env
from sqlalchemy import select

from jiraex_jira_sim.config import SimConfig
from jiraex_jira_sim.runner import run_simulator
from jiraex_shared.db.job_chunks import JobChunk
from jiraex_shared.pipeline.spec import ExportSpec

pytestmark = [pytest.mark.integration, pytest.mark.slow]
SIM = SimConfig(issues=120, seed=11, heavy_every=40, max_attachment_bytes=5_000, email="sim@example.com",
                token="sim-token")
GRACE_SECONDS = 1.0


async def test_sigterm_mid_export_releases_the_claims_and_the_restart_finishes_the_job(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    # A short grace period, so the stop has to cancel steps still running and they must give their claims back.
    env = serve_env(JIRA_EXTRACTOR_WORKER_GRACE_SECONDS=str(GRACE_SECONDS))
    async with run_simulator(SIM) as sim:
        sim.set_faults(latency=[{"pattern": "*", "ms": 600}])
        data = ServeData.of(data_dir, env)
        async with running_serve(data_dir, env) as served:
            connection_id = await data.demo_connection(sim, SIM.email, SIM.token)
            spec = ExportSpec(jql="project is not EMPTY ORDER BY key ASC", formats=("json", "csv"), name="slow")
            job_id = await data.queue_export(connection_id, spec)
            await data.wait_for(job_id, {"running"}, within=60)
            assert await served.stop(within=GRACE_SECONDS + 15) == 0
        stopped = [json.loads(line) for line in served.log.read_text().splitlines() if line.startswith("{")]
        worker_stop = next(entry for entry in stopped if entry["event"] == "embedded_worker_stopped")
        assert worker_stop["released_steps"] >= 1

        job = await data.job(job_id)
        assert job.state == "running" and job.lease_owner is None
        async with data.sessions() as sessions, sessions() as session:
            chunks = (await session.scalars(select(JobChunk).where(JobChunk.job_id == job_id))).all()
        assert chunks and not [chunk.seq for chunk in chunks if chunk.lease_owner is not None]
        assert any(chunk.state != "done" for chunk in chunks)

        sim.set_faults(latency=[])
        async with running_serve(data_dir, env) as again:
            job = await data.wait_for(job_id, {"succeeded", "failed", "cancelled"})
            assert (job.state, job.error_message, job.issues_exported) == ("succeeded", None, SIM.issues)
            assert {"issues.json", "csv/issues.csv"} <= set(data.export_hashes(job_id, "slow"))
            assert await again.stop() == 0
