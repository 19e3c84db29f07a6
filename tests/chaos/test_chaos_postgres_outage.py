"""R6: PostgreSQL (the real server, a private cluster) stopped for 10 s mid-job: the job completes with the reference
data and no worker logs an unhandled exception."""

import asyncio
from pathlib import Path

import pytest
from chaos_runs import FORMATS, JQL, NO_FILES, reference_run, same_files, wait_for_exported
from fleet_harness import running_fleet
from private_postgres import private_postgres

from jiraex_jira_sim.config import SimConfig
from jiraex_jira_sim.faults.settings import FaultSettings, LatencyRule

pytestmark = [pytest.mark.integration, pytest.mark.slow, pytest.mark.timeout(240)]
# Slow Jira answers keep the job extracting well past the outage, so every kind of database write (lease
# renewal, chunk claims, checkpoints, counters, events) meets a dead server.
SIM = SimConfig(issues=400, seed=36, heavy_every=40, max_attachment_bytes=10_000,
                faults=FaultSettings(latency=(LatencyRule(pattern="*", ms=100, jitter_ms=20),)))
ISSUES = 400
OUTAGE_SECONDS = 10
# A lease far longer than the recovery may take: the job must resume because the failed steps gave their claims
# back once the server returned, not because their leases ran out (and nothing here runs the reaper).
LEASE_SECONDS = 90
RECOVERY_SECONDS = 60


async def test_a_job_survives_ten_seconds_without_postgresql(
    redis_url: str, rabbitmq_url: str, s3_bucket: tuple[str, str], tmp_path: Path
) -> None:
    async with (
        private_postgres() as database,
        running_fleet(database.url, redis_url, rabbitmq_url, s3_bucket, tmp_path, sim=SIM, chunk_size=20,
                      lease_seconds=LEASE_SECONDS) as fleet,
    ):
        reference, _ = await reference_run(fleet)
        job_id = await fleet.publish_request(jql=JQL, name="run", key="postgres-outage", formats=FORMATS,
                                             include=NO_FILES)
        await wait_for_exported(fleet, job_id, ISSUES // 4)
        await database.stop()
        await asyncio.sleep(OUTAGE_SECONDS)
        await database.start()
        exported_after_outage = (await fleet.job(job_id)).issues_exported
        terminal, _ = await fleet.follow(job_id, within=RECOVERY_SECONDS)
        job = await fleet.job(job_id)
        logs = fleet.worker_logs()
        alive = [worker.returncode is None for worker in fleet.workers]
    assert exported_after_outage < ISSUES, "the outage came too late to interrupt the job"
    assert alive == [True, True], (alive, logs[-3000:])
    assert terminal["type"] == "job.succeeded", (terminal, logs[-4000:])
    assert job.state == "succeeded", (job.state, job.error_message)
    assert job.issues_exported == ISSUES
    await same_files(fleet, reference, job_id)
    # The outage was seen (and retried) by the workers, and nothing escaped as an unhandled exception.
    assert "step_failed_will_retry" in logs or "lease_renewal_failed" in logs, logs[-3000:]
    assert "Traceback" not in logs, logs[logs.index("Traceback") - 2000:][:6000]
