"""R8: poison messages. An invalid body goes to the dead-letter queue at once with the reason attached, and a
job whose JQL Jira rejects fails after one attempt with Jira's own words; neither holds up other work."""

import asyncio
import json
import uuid
from datetime import UTC, datetime
from pathlib import Path

import aio_pika
import pytest
from chaos_runs import NO_FILES
from fleet_harness import running_fleet

from jiraex_jira_sim.config import SimConfig

pytestmark = [pytest.mark.integration, pytest.mark.slow]
SIM = SimConfig(issues=60, seed=38, heavy_every=100_000, max_attachment_bytes=10_000)
GOOD_JQL = "created >= -5200w ORDER BY key ASC"
DEAD_LETTERS = "jiraex.dead-letters"
ERROR_HEADER = "x-jiraex-error"


async def publish_raw(rabbitmq_url: str, body: bytes) -> None:
    """Publish bytes to `jiraex.commands`/`export.requested` as another system would, waiting for the topology."""
    connection = await aio_pika.connect_robust(rabbitmq_url)
    try:
        async with asyncio.timeout(60):
            while True:  # the workers declare the exchange when they start
                channel = await connection.channel(publisher_confirms=True, on_return_raises=True)
                try:
                    exchange = await channel.get_exchange("jiraex.commands", ensure=True)
                    await exchange.publish(
                        aio_pika.Message(body, content_type="application/json",
                                         delivery_mode=aio_pika.DeliveryMode.PERSISTENT),
                        routing_key="export.requested", mandatory=True,
                    )
                    return
                except (aio_pika.exceptions.ChannelClosed, aio_pika.exceptions.DeliveryError):
                    await asyncio.sleep(0.5)
    finally:
        await connection.close()


async def dead_letters(rabbitmq_url: str, count: int, *, within: float) -> list[aio_pika.abc.AbstractIncomingMessage]:
    """Take `count` messages off the dead-letter queue, failing if they are not all there within `within` s."""
    connection = await aio_pika.connect_robust(rabbitmq_url)
    taken: list[aio_pika.abc.AbstractIncomingMessage] = []
    try:
        async with asyncio.timeout(within):
            while True:  # declared by the worker right after the exchanges it publishes to
                channel = await connection.channel()
                try:
                    queue = await channel.get_queue(DEAD_LETTERS, ensure=True)
                    break
                except aio_pika.exceptions.ChannelClosed:
                    await asyncio.sleep(0.2)
            while len(taken) < count:
                message = await queue.get(no_ack=True, fail=False)
                if message is None:
                    await asyncio.sleep(0.1)
                else:
                    taken.append(message)
    finally:
        await connection.close()
    return taken


def unknown_type_body() -> bytes:
    return json.dumps({
        "type": "export.exploded", "message_id": uuid.uuid4().hex, "schema_version": 1,
        "occurred_at": datetime.now(UTC).isoformat(),
    }).encode()


async def test_invalid_bodies_are_dead_lettered_at_once_and_the_worker_goes_on(
    pg_url: str, redis_url: str, rabbitmq_url: str, s3_bucket: tuple[str, str], tmp_path: Path
) -> None:
    bad_json, unknown_type = b'{"type": "export.requested", "jql": ', unknown_type_body()
    async with running_fleet(pg_url, redis_url, rabbitmq_url, s3_bucket, tmp_path, sim=SIM, workers=1) as fleet:
        await publish_raw(rabbitmq_url, bad_json)
        await publish_raw(rabbitmq_url, unknown_type)
        # "At once": no requeue-with-backoff cycle (which would take ~30 s to reach the delivery limit).
        dead = await dead_letters(rabbitmq_url, 2, within=10)
        job_id = await fleet.publish_request(jql=GOOD_JQL, name="run", key="after-poison", formats=["json"],
                                             include=NO_FILES)
        terminal, _ = await fleet.follow(job_id, within=120)
        logs = fleet.worker_logs()
    by_body = {bytes(message.body): message for message in dead}
    assert set(by_body) == {bad_json, unknown_type}
    for message in dead:
        reason = message.headers.get(ERROR_HEADER)
        assert isinstance(reason, str | bytes), message.headers
        assert len(reason) > 0
        assert message.headers.get("x-jiraex-queue") == "jiraex.export-requests", message.headers
    unknown_reason = by_body[unknown_type].headers[ERROR_HEADER]
    unknown_reason = unknown_reason.decode() if isinstance(unknown_reason, bytes) else unknown_reason
    assert "export.exploded" in unknown_reason, unknown_reason
    assert logs.count("invalid_message_dead_lettered") == 2, logs[-3000:]
    assert terminal["type"] == "job.succeeded", (terminal, logs[-3000:])
    assert (await fleet.job(job_id)).issues_exported == 60


async def test_rejected_jql_fails_after_one_attempt_while_a_valid_job_succeeds(
    pg_url: str, redis_url: str, rabbitmq_url: str, s3_bucket: tuple[str, str], tmp_path: Path
) -> None:
    async with running_fleet(pg_url, redis_url, rabbitmq_url, s3_bucket, tmp_path, sim=SIM) as fleet:
        bad, good = await asyncio.gather(
            fleet.publish_request(jql="project = NOPE", name="run", key="bad-jql", formats=["json"],
                                  include=NO_FILES),
            fleet.publish_request(jql=GOOD_JQL, name="run", key="good-jql", formats=["json", "csv"],
                                  include=NO_FILES),
        )
        (bad_terminal, _), (good_terminal, _) = await asyncio.gather(
            fleet.follow(bad, within=120), fleet.follow(good, within=120)
        )
        # A requeue would come back within a few seconds: give it the chance to show up as a second attempt.
        await asyncio.sleep(3)
        bad_job, good_job = await fleet.job(bad), await fleet.job(good)
        logs = fleet.worker_logs()
    jira_says = "The value 'NOPE' does not exist for the field 'project'."
    assert bad_terminal["type"] == "job.failed", (bad_terminal, logs[-3000:])
    assert jira_says in bad_terminal["error_message"], bad_terminal
    assert bad_job.state == "failed"
    assert bad_job.error_message is not None
    assert jira_says in bad_job.error_message
    assert bad_job.attempts == 1
    assert "step_failed_will_retry" not in logs, logs[-3000:]
    assert good_terminal["type"] == "job.succeeded", (good_terminal, logs[-3000:])
    assert good_job.state == "succeeded"
    assert good_job.issues_exported == 60
