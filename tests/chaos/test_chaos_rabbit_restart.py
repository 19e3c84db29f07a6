"""R4: RabbitMQ stopped and restarted while exports are being requested: every request whose publish was confirmed
ends `succeeded`, exactly once; publishes during the outage fail clearly and are retried by the requester."""

import asyncio
import json
from collections import Counter
from contextlib import suppress
from pathlib import Path

import aio_pika
import pytest
from fleet_harness import Fleet, running_fleet
from private_rabbitmq import private_rabbitmq
from sqlalchemy import func, select

from jiraex_jira_sim.config import SimConfig
from jiraex_jira_sim.faults.settings import FaultSettings, LatencyRule
from jiraex_shared.db.job_events import JobEvent
from jiraex_shared.db.jobs import Job

pytestmark = [pytest.mark.integration, pytest.mark.slow, pytest.mark.timeout(240)]
# Small exports (3 chunks each) with some Jira latency, so jobs are planning, extracting and assembling
# when the broker goes away.
SIM = SimConfig(issues=60, seed=41, heavy_every=100_000, max_attachment_bytes=10_000,
                faults=FaultSettings(latency=(LatencyRule(pattern="*", ms=150, jitter_ms=30),)))
JQL = "created >= -5200w ORDER BY key ASC"
REQUESTS = 12
STOP_AFTER = 5  # accepted requests before the broker is stopped
OUTAGE_SECONDS = 8
FINAL_STATES = {"succeeded", "succeeded_with_warnings", "failed", "cancelled"}


async def publish_once(url: str, body: dict) -> None:
    """One confirmed, persistent, mandatory publish on a fresh connection; raises unless the broker confirmed it."""
    connection = await asyncio.wait_for(aio_pika.connect(url), timeout=5)
    try:
        channel = await connection.channel(publisher_confirms=True, on_return_raises=True)
        exchange = await channel.get_exchange("jiraex.commands", ensure=True)  # the workers declare it
        message = aio_pika.Message(json.dumps(body).encode(), content_type="application/json",
                                   delivery_mode=aio_pika.DeliveryMode.PERSISTENT)
        await asyncio.wait_for(exchange.publish(message, routing_key="export.requested", mandatory=True), timeout=5)
    finally:
        with suppress(Exception):  # closing a connection the broker already dropped
            await asyncio.wait_for(connection.close(), timeout=2)


class Requester:
    """Requests exports one after another; a request whose publish is not confirmed is retried with the same key."""

    def __init__(self, fleet: Fleet, url: str) -> None:
        self.fleet, self.url = fleet, url
        self.accepted: list[str] = []
        self.failures: Counter[str] = Counter()
        self.enough_accepted = asyncio.Event()

    async def run(self) -> None:
        for number in range(REQUESTS):
            key = f"r4-{number}"
            while True:
                # A retry is a new message (new message_id) with the same idempotency key, as a client would send.
                body = self.fleet.export_request(jql=JQL, name="run", key=key, formats=["json", "csv"],
                                                 include={"attachments": False})
                try:
                    await publish_once(self.url, body)
                    break
                except Exception as error:  # refused, reset, nacked, channel closed, timed out: not accepted
                    self.failures[type(error).__name__] += 1
                    await asyncio.sleep(0.3)
            self.accepted.append(key)
            if len(self.accepted) == STOP_AFTER:
                self.enough_accepted.set()
            await asyncio.sleep(0.4)


async def outcomes(fleet: Fleet, keys: list[str], *, within: float) -> dict[str, Job]:
    """Each key's job once every one of them is final (or the time is up)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while True:
        async with fleet.sessions() as session:
            jobs = {job.idempotency_key: job for job in await session.scalars(select(Job))}
        if (all(k in jobs and jobs[k].state in FINAL_STATES for k in keys)) or loop.time() > deadline:
            return jobs
        await asyncio.sleep(0.5)


async def unfinished(fleet: Fleet) -> int:
    async with fleet.sessions() as session:
        return await session.scalar(select(func.count()).select_from(Job).where(Job.state.not_in(FINAL_STATES)))


async def test_every_confirmed_request_succeeds_once_across_a_broker_restart(
    pg_url: str, redis_url: str, s3_bucket: tuple[str, str], tmp_path: Path
) -> None:
    async with (
        private_rabbitmq(tmp_path / "rabbitmq") as broker,
        running_fleet(pg_url, redis_url, broker.url, s3_bucket, tmp_path, sim=SIM, chunk_size=20) as fleet,
    ):
        requester = Requester(fleet, broker.url)
        requesting = asyncio.create_task(requester.run())
        try:
            async with asyncio.timeout(60):
                await requester.enough_accepted.wait()
            await broker.stop()
            unfinished_at_stop = await unfinished(fleet)
            await asyncio.sleep(OUTAGE_SECONDS)
            await broker.start()
            async with asyncio.timeout(90):
                await requesting
        finally:
            requesting.cancel()
            with suppress(asyncio.CancelledError):
                await requesting
        jobs = await outcomes(fleet, requester.accepted, within=120)
        async with fleet.sessions() as session:
            terminal_events = Counter({job_id: count for job_id, count in await session.execute(
                select(JobEvent.job_id, func.count()).where(JobEvent.type.like("job.succeeded%"))
                .group_by(JobEvent.job_id)
            )})
        logs = fleet.worker_logs()
        (tmp_path / "requests.json").write_text(json.dumps({"failures": requester.failures,
                                                            "unfinished_at_stop": unfinished_at_stop}))
        alive = [worker.returncode is None for worker in fleet.workers]
    assert requester.accepted == [f"r4-{n}" for n in range(REQUESTS)]
    assert sum(requester.failures.values()) > 0, "no publish failed: the outage did not happen while requesting"
    assert unfinished_at_stop > 0, "every job had finished when the broker stopped"
    assert alive == [True, True], (alive, logs[-3000:])  # the workers rode out the outage and reconnected
    # One job per accepted request, and no job created for anything else.
    assert sorted(jobs) == sorted(requester.accepted)
    states = {key: (job.state, job.error_message) for key, job in jobs.items()}
    assert all(job.state == "succeeded" for job in jobs.values()), (states, logs[-4000:])
    # None ran twice: each job reached its outcome exactly once.
    assert {str(job.id): terminal_events[job.id] for job in jobs.values()} == {str(job.id): 1 for job in jobs.values()}
    assert all(job.issues_exported == SIM.issues for job in jobs.values())
    for job in jobs.values():
        assert len(await fleet.export_hashes(job.id, "run")) > 0
